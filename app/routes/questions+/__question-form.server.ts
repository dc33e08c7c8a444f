import { questionDraftSchema, type QuestionDraft } from "#content-schemas/questions";
import type { QuestionResult } from "~/domain/questions/questions.server";

/** The editor's draft from a posted form: the JSON of its hidden input, checked by the question schema. */
export function readQuestionForm(
  formData: FormData,
): { draft: QuestionDraft; allowDuplicate: boolean } | { errors: Record<string, string> } {
  let value: unknown;
  try {
    value = JSON.parse(String(formData.get("question") ?? ""));
  } catch {
    return { errors: { form: "Không đọc được nội dung câu hỏi. Hãy tải lại trang và thử lại." } };
  }
  const parsed = questionDraftSchema.safeParse(value, { error: () => "Giá trị chưa hợp lệ." });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
    return { errors };
  }
  return { draft: parsed.data, allowDuplicate: formData.get("allowDuplicate") === "on" };
}

/** A refused save as the form shows it; a duplicate stem offers to save anyway. */
export const refusal = (result: Extract<QuestionResult<unknown>, { ok: false }>) =>
  Response.json({ error: result.reason, duplicate: result.status === 409 }, { status: result.status });
