import { isFileKind } from "#content-schemas/materials";
import type { ReviewDecision } from "#content-schemas/review";
import { Material, type MaterialDoc, type MaterialVersionDoc } from "#models/material";
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

export { groupsFor, participantFor, reviewHistory } from "~/domain/review/review-engine.server";

/** Announced on every review step of a material; notifications and search subscribe to it. */
export const REVIEW_TOPIC = "material.review";

/** Materials in the review workflow: an uploaded kind needs its file before it can be submitted. */
export const MATERIAL_REVIEW: ReviewKind<MaterialDoc, MaterialVersionDoc> = {
  model: Material as unknown as ReviewKind<MaterialDoc, MaterialVersionDoc>["model"],
  topic: REVIEW_TOPIC,
  idKey: "materialId",
  noun: "học liệu",
  versionsOf: (material) => material.versions,
  submitProblem: (material, version) =>
    isFileKind(material.kind) && !version.file ? "Hãy tải tệp lên trước khi gửi duyệt." : null,
  liveFields: (version) => ({
    title: version.title,
    summary: version.summary ?? "",
    subjectCode: version.subjectCode,
    grades: version.grades,
    topicIds: version.topicIds,
    licence: version.licence,
  }),
};

export const reviewStep = (actor: Actor, materialId: string, step: ReviewStepInput) =>
  reviewItemStep(MATERIAL_REVIEW, actor, materialId, step);
export const nominate = (actor: Actor, materialId: string) => nominateItem(MATERIAL_REVIEW, actor, materialId);
export const decideNomination = (actor: Actor, materialId: string, decision: ReviewDecision) =>
  decideItemNomination(MATERIAL_REVIEW, actor, materialId, decision);
export const reviewSummary = (actor: Actor, material: MaterialDoc) => itemReviewSummary(actor, material);

/** Everything the review screen needs about one material, or null when this person has nothing to review on it. */
export async function reviewScreen(actor: Actor, materialId: string) {
  const screen = await itemReviewScreen(MATERIAL_REVIEW, actor, materialId);
  return screen && { ...screen, material: screen.item };
}
