import { saveSubjectGroupSchema } from "#content-schemas/subject-groups";
import { parseValues } from "~/utils/form.server";

export function parseGroupForm(formData: FormData) {
  return parseValues(
    {
      schoolId: formData.get("schoolId"),
      name: formData.get("name"),
      subjectCodes: formData.getAll("subjectCodes"),
      leaderId: formData.get("leaderId") || undefined,
      memberIds: formData.getAll("memberIds"),
    },
    saveSubjectGroupSchema,
  );
}
