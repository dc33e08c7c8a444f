import { saveClassSchema, type SaveClassInput } from "#content-schemas/classes";
import { parseValues, type Parsed } from "~/utils/form.server";

/** The class form posts parallel lists subjectCode[] / teacherId[]; half-filled rows are reported, empty ones ignored. */
export function parseClassForm(formData: FormData): Parsed<SaveClassInput> {
  const subjects = formData.getAll("subjectCode").map(String);
  const teachers = formData.getAll("teacherId").map(String);
  const incomplete = subjects.findIndex((subject, index) => Boolean(subject) !== Boolean(teachers[index]));
  if (incomplete >= 0) return { errors: { subjectTeachers: `Dòng ${incomplete + 1}: chọn cả môn và giáo viên.` } };
  return parseValues(
    {
      schoolId: formData.get("schoolId"),
      schoolYear: formData.get("schoolYear"),
      name: formData.get("name"),
      grade: formData.get("grade"),
      homeroomTeacherId: formData.get("homeroomTeacherId") || undefined,
      subjectTeachers: subjects
        .map((subjectCode, index) => ({ subjectCode, teacherId: teachers[index] }))
        .filter((entry) => entry.subjectCode),
    },
    saveClassSchema,
  );
}
