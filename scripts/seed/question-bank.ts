import { COGNITIVE_LEVELS_3, plainRichText, questionDraftSchema, type QuestionType } from "#content-schemas/questions";
import { REVIEW_CRITERIA } from "#content-schemas/review";
import type { Actor } from "~/auth/session.server";
import { createQuestion } from "~/domain/questions/questions.server";
import { questionReviewStep } from "~/domain/questions/review.server";

/**
 * Approved practice questions for a subject and grade — demo data, and the bank the assessment tests and journeys
 * draw from. Their answers follow from the stem so a journey can answer them as a student would:
 * single choice "Giá trị của a + b bằng bao nhiêu?" (the sum), true/false statements about a number (Đ S Đ S),
 * short answer "Nghiệm của phương trình 2x + … = …" (always -1,5), essays with a one-row rubric.
 */

export type SeededFormat = Extract<QuestionType, "single_choice" | "true_false_group" | "short_answer" | "essay">;

export interface SeedQuestionsInput {
  author: Actor;
  /** The subject group's leader, who assigns the review… */
  leader: Actor;
  /** …to this member, who approves. */
  reviewer: Actor;
  subject: string;
  grade: number;
  topicIds: readonly string[];
  /** Questions per topic × level (Biết, Hiểu, Vận dụng) for each format. */
  perTopicAndLevel: Partial<Record<SeededFormat, number>>;
  /** Distinguishes the stems of separate runs in one school (duplicate stems are refused). */
  label: string;
}

const APPROVE = {
  decision: "approve" as const,
  criteria: REVIEW_CRITERIA.map((criterion) => ({ criterion, pass: true, comment: "" })),
  message: "Đạt.",
};

function draftFor(
  format: SeededFormat,
  serial: number,
  input: Pick<SeedQuestionsInput, "subject" | "grade" | "label">,
  topicId: string,
  level: string,
) {
  const a = 3 + (serial % 17);
  const b = 2 + ((serial * 7) % 13);
  const tag = `(${input.label}-${serial})`;
  const metadata = { subject: input.subject, grade: input.grade, topicIds: [topicId], level };
  switch (format) {
    case "single_choice":
      return questionDraftSchema.parse({
        ...metadata,
        stem: plainRichText(`Giá trị của ${a} + ${b} bằng bao nhiêu? ${tag}`),
        body: {
          type: "single_choice",
          options: [a + b, a + b + 1, a + b - 1, a + b + 2].map((value, index) => ({
            id: "ABCD"[index]!,
            content: plainRichText(String(value)),
          })),
          correctOptionId: "A",
        },
      });
    case "true_false_group":
      return questionDraftSchema.parse({
        ...metadata,
        stem: plainRichText(`Xét các mệnh đề sau về số ${a}. ${tag}`),
        body: {
          type: "true_false_group",
          statements: [
            [`${a} + 1 > ${a}`, true],
            [`${a} − 1 > ${a}`, false],
            [`${a} · 2 = ${a * 2}`, true],
            [`${a} · 0 = ${a}`, false],
          ].map(([text, correct], index) => ({ id: "abcd"[index]!, content: plainRichText(String(text)), correct })),
        },
      });
    case "short_answer":
      return questionDraftSchema.parse({
        ...metadata,
        stem: plainRichText(`Nghiệm của phương trình 2x + ${3 + 2 * a} = ${2 * a} là bao nhiêu? ${tag}`),
        body: { type: "short_answer", answer: { kind: "numeric", value: "-1,5", tolerance: 0 } },
      });
    case "essay":
      return questionDraftSchema.parse({
        ...metadata,
        stem: plainRichText(`Trình bày cách tính ${a} × ${b} và nêu kết quả. ${tag}`),
        body: { type: "essay", rubric: [{ criterion: "Cách làm và kết quả đúng", weight: 1 }] },
      });
  }
}

/** The drafts to seed, in order: by format, then topic, then level. */
export function* seededDrafts(input: Omit<SeedQuestionsInput, "leader" | "reviewer">) {
  let serial = 1;
  for (const [format, count] of Object.entries(input.perTopicAndLevel) as [SeededFormat, number][])
    for (const topicId of input.topicIds)
      for (const level of COGNITIVE_LEVELS_3)
        for (let index = 0; index < count; index++) yield draftFor(format, serial++, input, topicId, level);
}

/** Creates and approves the questions (through the subject group's review, as teachers do); returns their ids. */
export async function seedApprovedQuestions(input: SeedQuestionsInput): Promise<string[]> {
  const ids: string[] = [];
  const dueAt = new Date(Date.now() + 7 * 86_400_000);
  for (const draft of seededDrafts(input)) {
    const created = await createQuestion(input.author, draft);
    if (!created.ok) throw new Error(created.reason);
    const id = created.value.id;
    for (const [actor, step] of [
      [input.author, { action: "submit" }],
      [input.leader, { action: "assign", reviewerId: input.reviewer.id, dueAt }],
      [input.reviewer, { action: "decide", decision: APPROVE }],
    ] as const) {
      const result = await questionReviewStep(actor, id, step);
      if (!result.ok) throw new Error(result.reason);
    }
    ids.push(id);
  }
  return ids;
}
