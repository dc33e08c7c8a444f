import { richTextPlainText } from "#content-schemas/lecture";
import type { ReviewDecision } from "#content-schemas/review";
import { Question, type QuestionDoc, type QuestionVersionDoc } from "#models/question";
import type { Actor } from "~/auth/session.server";
import {
  decideItemNomination,
  itemReviewScreen,
  itemReviewSummary,
  nominateItem,
  reviewItemStep,
  type ReviewKind,
  type ReviewStepInput,
} from "~/domain/review/review-engine.server";

/** Announced on every review step of a question; notifications subscribe to it. */
export const QUESTION_REVIEW_TOPIC = "question.review";

/**
 * Questions go through the materials' review workflow (same states, guards, criteria and nominations); the
 * approved version's metadata is mirrored into `live` for colleagues' listings.
 */
export const QUESTION_REVIEW: ReviewKind<QuestionDoc, QuestionVersionDoc> = {
  model: Question as unknown as ReviewKind<QuestionDoc, QuestionVersionDoc>["model"],
  topic: QUESTION_REVIEW_TOPIC,
  idKey: "questionId",
  noun: "câu hỏi",
  versionsOf: (question) => question.versions,
  submitProblem: () => null,
  liveFields: (version) => ({
    type: version.type,
    subjectCode: version.subjectCode,
    grade: version.grade,
    topicIds: version.topicIds,
    level: version.level,
    difficulty: version.difficulty ?? 3,
    tags: version.tags,
    stemText: richTextPlainText(version.stem, 2_000),
    licence: version.licence,
  }),
};

export const questionReviewStep = (actor: Actor, questionId: string, step: ReviewStepInput) =>
  reviewItemStep(QUESTION_REVIEW, actor, questionId, step);
export const nominateQuestion = (actor: Actor, questionId: string) => nominateItem(QUESTION_REVIEW, actor, questionId);
export const decideQuestionNomination = (actor: Actor, questionId: string, decision: ReviewDecision) =>
  decideItemNomination(QUESTION_REVIEW, actor, questionId, decision);
export const questionReviewSummary = (actor: Actor, question: QuestionDoc) => itemReviewSummary(actor, question);
export const questionReviewScreen = (actor: Actor, questionId: string) => itemReviewScreen(QUESTION_REVIEW, actor, questionId);
