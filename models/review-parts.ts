import { Schema } from "mongoose";
import { REVIEW_CRITERIA, REVIEW_LEVELS } from "#content-schemas/review";

/**
 * The parts of a reviewed item (material or question) that the review workflow reads and writes:
 * the same shapes in both models, so the workflow can treat them alike.
 */

const verdictSchema = new Schema(
  { criterion: { type: String, enum: REVIEW_CRITERIA, required: true }, pass: Boolean, comment: { type: String, default: "" } },
  { _id: false },
);

/** A reviewer's decision on one version at one level. */
export const reviewSchema = new Schema(
  {
    version: { type: Number, required: true },
    level: { type: String, enum: REVIEW_LEVELS, required: true },
    reviewerId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    decision: { type: String, enum: ["approve", "request_changes"], required: true },
    criteria: { type: [verdictSchema], default: [] },
    message: { type: String, default: "" },
    at: { type: Date, required: true },
  },
  { _id: false },
);

/** One step of the item's history: who did what, when, at which level. */
export const trailEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    action: { type: String, required: true },
    level: { type: String, enum: REVIEW_LEVELS, required: true },
    version: { type: Number, required: true },
    message: { type: String, default: "" },
  },
  { _id: false },
);

/** The subject group's current reviewer of the submitted version. */
export const assignmentSchema = new Schema(
  {
    reviewerId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    dueAt: { type: Date, required: true },
    assignedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { _id: false },
);

/** A request to widen the scope to the next level, reviewed by that office's subject specialists. */
export const nominationSchema = new Schema(
  {
    level: { type: String, enum: REVIEW_LEVELS, required: true },
    status: { type: String, enum: ["pending", "approved", "declined"], required: true },
    nominatedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    nominatedAt: { type: Date, required: true },
  },
  { _id: false },
);
