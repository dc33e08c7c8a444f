import { topicSchema, type Topic } from "#content-schemas/curriculum";
import { outcomesFromLines } from "~/domain/curriculum/topics.server";

export function parseTopicForm(formData: FormData): { data: Topic } | { errors: Record<string, string> } {
  const result = topicSchema.safeParse({
    subjectCode: formData.get("subjectCode"),
    grade: formData.get("grade"),
    order: formData.get("order"),
    name: formData.get("name"),
    outcomes: outcomesFromLines(String(formData.get("outcomes") ?? "")),
  });
  if (result.success) return { data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { errors };
}
