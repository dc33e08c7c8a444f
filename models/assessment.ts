import { Schema, type InferSchemaType, type Types } from "mongoose";
import { ASSESSMENT_PURPOSES, ROUNDING_POLICIES } from "#content-schemas/assessments";
import { GRADES } from "#content-schemas/curriculum";
import { COGNITIVE_LEVELS, QUESTION_TYPES } from "#content-schemas/questions";
import { defineModel } from "./define";

/**
 * One item of a test: the question version it was built with, copied in (stem, body, solution), so neither a later
 * edit of the question nor its archiving changes what students answer or how it is scored (domain.md › Versions).
 */
const assessmentItemSchema = new Schema(
  {
    /** Stable within the test ("i1", "i2" …): responses, versions and results refer to items by it. */
    key: { type: String, required: true },
    questionId: { type: Schema.Types.ObjectId, ref: "Question", required: true },
    version: { type: Number, required: true },
    type: { type: String, enum: QUESTION_TYPES, required: true },
    level: { type: String, enum: COGNITIVE_LEVELS, required: true },
    topicIds: { type: [Schema.Types.ObjectId], default: [] },
    points: { type: Number, required: true },
    stem: { type: Schema.Types.Mixed, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    solution: { type: Schema.Types.Mixed, default: null },
  },
  { _id: false, minimize: false },
);

/** A version (mã đề): the item order and, per item, the order its options or statements are shown in. */
const assessmentVersionSchema = new Schema(
  {
    code: { type: Number, required: true },
    itemKeys: { type: [String], required: true },
    /** item key → part ids in display order, for items whose options are shuffled. */
    partOrders: { type: Schema.Types.Mixed, default: {} },
  },
  { _id: false, minimize: false },
);

/** A correction of an item's answer key after students answered, and the regrade it caused. */
const keyCorrectionSchema = new Schema(
  {
    itemKey: { type: String, required: true },
    by: { type: Schema.Types.ObjectId, ref: "User", required: true },
    at: { type: Date, required: true },
    reason: { type: String, default: "" },
    regradedAttempts: { type: Number, default: 0 },
  },
  { _id: false },
);

/** A test (bài kiểm tra): settings, the blueprint it was drawn from (if any), its pinned items and its versions. */
const assessmentSchema = new Schema(
  {
    title: { type: String, required: true, trim: true },
    subjectCode: { type: String, required: true },
    grade: { type: Number, enum: GRADES as readonly number[], required: true },
    purpose: { type: String, enum: ASSESSMENT_PURPOSES, required: true },
    rounding: { type: String, enum: ROUNDING_POLICIES, required: true, default: "none" },
    shuffleItems: { type: Boolean, default: true },
    shuffleOptions: { type: Boolean, default: true },
    ownerOrganisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    /** The owner school and its ancestors, for scoped queries. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    /** Validated by content-schemas/assessments.ts (blueprintSchema); null for a test assembled by hand. */
    blueprint: { type: Schema.Types.Mixed, default: null },
    items: { type: [assessmentItemSchema], default: [] },
    nextItemNumber: { type: Number, default: 1 },
    versions: { type: [assessmentVersionSchema], default: [] },
    /** Set when the test is first assigned: from then on its items and versions only change by key corrections. */
    lockedAt: { type: Date, default: null },
    keyCorrections: { type: [keyCorrectionSchema], default: [] },
    /** Guards concurrent edits: every change of items or versions increments it. */
    revision: { type: Number, default: 0 },
    deletedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);

assessmentSchema.index({ createdBy: 1, deletedAt: 1, updatedAt: -1 });
assessmentSchema.index({ organisationPath: 1, updatedAt: -1 });

export type AssessmentDoc = InferSchemaType<typeof assessmentSchema> & { _id: Types.ObjectId };

export const Assessment = defineModel("Assessment", assessmentSchema);
