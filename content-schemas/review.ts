import { z } from "zod";
import { objectIdSchema } from "./common";

/** What reviewers judge, for materials now and questions later (domain.md, Review workflow). */
export const REVIEW_CRITERIA = [
  "scientific_accuracy",
  "curriculum_fit",
  "pedagogy",
  "language_presentation",
  "licence",
  "technical_quality",
] as const;
export type ReviewCriterion = (typeof REVIEW_CRITERIA)[number];

/** Levels an item is reviewed at: its school's subject group, then each office it is nominated to. */
export const REVIEW_LEVELS = ["school", "district", "province", "national"] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];

export const criterionVerdictSchema = z.object({
  criterion: z.enum(REVIEW_CRITERIA),
  pass: z.boolean(),
  comment: z.string().trim().max(1000, "Nhận xét có tối đa 1.000 ký tự.").default(""),
});

export const reviewDecisionSchema = z
  .object({
    decision: z.enum(["approve", "request_changes"]),
    criteria: z.array(criterionVerdictSchema).length(REVIEW_CRITERIA.length, "Hãy đánh giá đủ 6 tiêu chí."),
    message: z.string().trim().max(2000, "Lời nhắn có tối đa 2.000 ký tự.").default(""),
  })
  .refine((input) => new Set(input.criteria.map((verdict) => verdict.criterion)).size === REVIEW_CRITERIA.length, {
    message: "Hãy đánh giá đủ 6 tiêu chí.",
    path: ["criteria"],
  })
  .refine((input) => input.decision !== "approve" || input.criteria.every((verdict) => verdict.pass), {
    message: "Chỉ duyệt được khi mọi tiêu chí đều đạt.",
    path: ["decision"],
  })
  .refine((input) => input.decision !== "request_changes" || input.message.length > 0 || input.criteria.some((v) => v.comment), {
    message: "Hãy ghi rõ cần sửa gì (lời nhắn hoặc nhận xét theo tiêu chí).",
    path: ["message"],
  })
  .meta({ id: "ReviewDecision" });
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const assignReviewSchema = z
  .object({
    reviewerId: objectIdSchema,
    dueAt: z.iso.date({ message: "Hạn duyệt không hợp lệ." }),
  })
  .meta({ id: "AssignReview" });
