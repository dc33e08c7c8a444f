import { saveSubjectGroupSchema, type SaveSubjectGroupInput } from "#content-schemas/subject-groups";

export function parseGroupForm(formData: FormData): { data: SaveSubjectGroupInput } | { errors: Record<string, string> } {
  const result = saveSubjectGroupSchema.safeParse({
    schoolId: formData.get("schoolId"),
    name: formData.get("name"),
    subjectCodes: formData.getAll("subjectCodes"),
    leaderId: formData.get("leaderId") || undefined,
    memberIds: formData.getAll("memberIds"),
  });
  if (result.success) return { data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { errors };
}
