import { topicSchema } from "#content-schemas/curriculum";
import { outcomesFromLines } from "~/domain/curriculum/topics.server";
import { parseValues } from "~/utils/form.server";

export function parseTopicForm(formData: FormData) {
  return parseValues(
    {
      subjectCode: formData.get("subjectCode"),
      grade: formData.get("grade"),
      order: formData.get("order"),
      name: formData.get("name"),
      outcomes: outcomesFromLines(String(formData.get("outcomes") ?? "")),
    },
    topicSchema,
  );
}
