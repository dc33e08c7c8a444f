import { Material, type MaterialDoc } from "#models/material";
import { Question, type QuestionDoc } from "#models/question";
import type { Actor } from "~/auth/session.server";
import { queueRows, reviewQueueConditions } from "./review-engine.server";

const LISTING_ONLY = { versions: 0, outbox: 0, trail: 0, reviews: 0 } as const;
const QUEUE_ORDER = { "assignment.dueAt": 1, updatedAt: 1 } as const;

/**
 * What waits for this person, materials and questions together: items to assign (group leaders), to review
 * (assigned reviewers), nominations (office specialists), and materials with reported problems (group leaders).
 */
export async function reviewQueue(actor: Actor) {
  const { led, conditions } = await reviewQueueConditions(actor);
  // Problems reported by users come back to the subject group that approved the item.
  const reported = led.map((group) => ({
    ownerOrganisationId: group.schoolId,
    subjectCode: { $in: group.subjectCodes },
    openReports: { $gt: 0 },
  }));
  const [materials, questions] = await Promise.all([
    Material.find({ $or: [...conditions, ...reported], deletedAt: null }, LISTING_ONLY)
      .sort(QUEUE_ORDER)
      .limit(200)
      .lean<MaterialDoc[]>(),
    Question.find({ $or: conditions, deletedAt: null }, LISTING_ONLY).sort(QUEUE_ORDER).limit(200).lean<QuestionDoc[]>(),
  ]);
  const materialRows = (await queueRows(materials, led)).map((row) => ({ ...row, kind: "material" as const }));
  const questionRows = (
    await queueRows(
      questions.map((question) => ({ ...question, title: question.stemText.slice(0, 160), grades: [question.grade] })),
      led,
    )
  ).map((row) => ({ ...row, kind: "question" as const }));
  return [...materialRows, ...questionRows].sort(
    (left, right) => (left.dueAt ?? "9999").localeCompare(right.dueAt ?? "9999") || left.title.localeCompare(right.title, "vi"),
  );
}
