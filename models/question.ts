import { Schema, type InferSchemaType, type Types } from "mongoose";
import { GRADES } from "#content-schemas/curriculum";
import { DEFAULT_LICENCE, LICENCES, REVIEW_STATUSES, SCOPES } from "#content-schemas/materials";
import { COGNITIVE_LEVELS, QUESTION_TYPES } from "#content-schemas/questions";
import { defineModel } from "./define";
import { outboxPlugin, type WithOutbox } from "./outbox";
import { assignmentSchema, nominationSchema, reviewSchema, trailEntrySchema } from "./review-parts";

/** One version of a question: its content and metadata, as reviewed together. */
const questionVersionSchema = new Schema(
  {
    number: { type: Number, required: true },
    status: { type: String, enum: REVIEW_STATUSES, required: true, default: "draft" },
    type: { type: String, enum: QUESTION_TYPES, required: true },
    /** Stem, body and solution: validated by content-schemas/questions.ts before they are stored. */
    stem: { type: Schema.Types.Mixed, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    solution: { type: Schema.Types.Mixed, default: null },
    subjectCode: { type: String, required: true },
    grade: { type: Number, enum: GRADES as readonly number[], required: true },
    topicIds: { type: [Schema.Types.ObjectId], ref: "Topic", default: [] },
    outcomes: { type: [String], default: [] },
    level: { type: String, enum: COGNITIVE_LEVELS, required: true },
    difficulty: { type: Number, min: 1, max: 5, default: 3 },
    tags: { type: [String], default: [] },
    source: { type: String, default: "" },
    licence: { type: String, enum: LICENCES, default: DEFAULT_LICENCE },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    createdAt: { type: Date, required: true, default: () => new Date() },
    updatedAt: { type: Date, required: true, default: () => new Date() },
  },
  { _id: false, minimize: false },
);

/**
 * A question of the bank (câu hỏi). Like a material, its versions live inside the document and
 * the listing fields at the top mirror the latest version, written by the same update; the review
 * fields (status, scope, assignment, nomination, reviews, trail) have the materials' shapes.
 */
const questionSchema = new Schema(
  {
    ownerOrganisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    /** The owner school and its ancestors, for scoped queries. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    scope: { type: String, enum: SCOPES, required: true, default: "private" },
    latestVersion: { type: Number, required: true, default: 1 },
    liveVersion: { type: Number, default: null },
    versions: { type: [questionVersionSchema], default: [] },
    status: { type: String, enum: REVIEW_STATUSES, required: true, default: "draft" },
    type: { type: String, enum: QUESTION_TYPES, required: true },
    subjectCode: { type: String, required: true },
    grade: { type: Number, required: true },
    topicIds: { type: [Schema.Types.ObjectId], default: [] },
    level: { type: String, enum: COGNITIVE_LEVELS, required: true },
    difficulty: { type: Number, default: 3 },
    tags: { type: [String], default: [] },
    /** The latest stem as plain text: listings and search show it. */
    stemText: { type: String, default: "" },
    /** Hash of the normalised stem (and type): the same question written twice in one school is found by it. */
    stemKey: { type: String, required: true },
    /**
     * What readers who may not edit list and filter on: the approved version's metadata, written by the update that
     * approves it; the listing fields above follow the latest version, which may be a new draft.
     */
    live: {
      type: new Schema(
        {
          type: { type: String, enum: QUESTION_TYPES, required: true },
          subjectCode: { type: String, required: true },
          grade: { type: Number, required: true },
          topicIds: { type: [Schema.Types.ObjectId], default: [] },
          level: { type: String, enum: COGNITIVE_LEVELS, required: true },
          difficulty: { type: Number, default: 3 },
          tags: { type: [String], default: [] },
          stemText: { type: String, default: "" },
          licence: { type: String, enum: LICENCES, required: true },
          publishedAt: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    /** From real attempts (issue #8 writes them): facility p, discrimination, how often used. */
    stats: {
      attempts: { type: Number, default: 0 },
      usageCount: { type: Number, default: 0 },
      facility: { type: Number, default: null },
      discrimination: { type: Number, default: null },
      updatedAt: { type: Date, default: null },
    },
    /** The file and item it was imported from, when it was imported. */
    importedFrom: {
      type: new Schema(
        {
          importId: { type: Schema.Types.ObjectId, ref: "QuestionImport", required: true },
          label: { type: String, default: "" },
        },
        { _id: false },
      ),
      default: null,
    },
    assignment: { type: assignmentSchema, default: null },
    nomination: { type: nominationSchema, default: null },
    reviews: { type: [reviewSchema], default: [] },
    trail: { type: [trailEntrySchema], default: [] },
    deletedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);

questionSchema.plugin(outboxPlugin);
questionSchema.index({ ownerOrganisationId: 1, stemKey: 1, deletedAt: 1 });
questionSchema.index({ ownerOrganisationId: 1, subjectCode: 1, grade: 1, status: 1 });
questionSchema.index({ organisationPath: 1, scope: 1, subjectCode: 1 });
questionSchema.index({ createdBy: 1, deletedAt: 1, updatedAt: -1 });
questionSchema.index({ "assignment.reviewerId": 1, status: 1 });
questionSchema.index({ organisationPath: 1, "nomination.status": 1, "nomination.level": 1 });
questionSchema.index({ scope: 1, "live.subjectCode": 1, "live.grade": 1 });

export type QuestionDoc = InferSchemaType<typeof questionSchema> & { _id: Types.ObjectId } & WithOutbox;
export type QuestionVersionDoc = QuestionDoc["versions"][number];

export const Question = defineModel("Question", questionSchema);
