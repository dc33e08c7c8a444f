import { isValidObjectId, Types } from "mongoose";
import type { SaveClassInput } from "#content-schemas/classes";
import { SchoolClass } from "#models/school-class";
import { Subject } from "#models/subject";
import { User } from "#models/user";
import type { OrganisationRef } from "~/domain/people/upsert-user.server";

export type SaveClassResult = { ok: true; classId: string } | { ok: false; errors: Record<string, string> };

/**
 * Creates a class, or updates one by id, after checking that every teacher teaches at that school,
 * every subject is taught in the class's grade and no other class of the year has the same name.
 */
export async function saveClass(school: OrganisationRef, input: SaveClassInput, classId?: string): Promise<SaveClassResult> {
  const teacherIds = [
    ...new Set(
      [input.homeroomTeacherId, ...input.subjectTeachers.map((entry) => entry.teacherId)].filter((id): id is string =>
        Boolean(id),
      ),
    ),
  ];
  const [teachers, subjects, clash] = await Promise.all([
    User.find(
      { _id: { $in: teacherIds.map((id) => new Types.ObjectId(id)) }, organisationId: school.id, "roles.role": "teacher" },
      { _id: 1 },
    ).lean(),
    Subject.find(
      { code: { $in: input.subjectTeachers.map((entry) => entry.subjectCode) }, grades: input.grade },
      { code: 1 },
    ).lean(),
    SchoolClass.findOne({ schoolId: school.id, schoolYear: input.schoolYear, name: input.name }, { _id: 1 }).lean(),
  ]);
  const errors: Record<string, string> = {};
  if (teachers.length !== teacherIds.length) errors.subjectTeachers = "Có giáo viên không thuộc trường này.";
  if (subjects.length !== input.subjectTeachers.length) errors.subjectTeachers = `Có môn không được dạy ở khối ${input.grade}.`;
  if (clash && String(clash._id) !== classId) errors.name = `Năm học ${input.schoolYear} đã có lớp ${input.name}.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const fields = {
    schoolId: school.id,
    organisationPath: school.path,
    schoolYear: input.schoolYear,
    name: input.name,
    grade: input.grade,
    homeroomTeacherId: input.homeroomTeacherId ? new Types.ObjectId(input.homeroomTeacherId) : null,
    subjectTeachers: input.subjectTeachers.map((entry) => ({
      subjectCode: entry.subjectCode,
      teacherId: new Types.ObjectId(entry.teacherId),
    })),
  };
  if (classId) {
    if (!isValidObjectId(classId)) return { ok: false, errors: { form: "Không tìm thấy lớp." } };
    const updated = await SchoolClass.updateOne({ _id: new Types.ObjectId(classId), schoolId: school.id }, { $set: fields });
    return updated.matchedCount === 1 ? { ok: true, classId } : { ok: false, errors: { form: "Không tìm thấy lớp." } };
  }
  const created = await SchoolClass.create(fields);
  return { ok: true, classId: String(created._id) };
}

/** Puts a student in one class of a school year, taking them out of any other class of that year. */
export async function enrolStudent(school: OrganisationRef, schoolYear: string, className: string, studentId: Types.ObjectId) {
  await SchoolClass.updateMany(
    { schoolId: school.id, schoolYear, name: { $ne: className }, studentIds: studentId },
    { $pull: { studentIds: studentId } },
  );
  await SchoolClass.updateOne({ schoolId: school.id, schoolYear, name: className }, { $addToSet: { studentIds: studentId } });
}
