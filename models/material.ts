import { Schema, type InferSchemaType, type Types } from "mongoose";
import { GRADES } from "#content-schemas/curriculum";
import {
  DEFAULT_LICENCE,
  DERIVED_ROLES,
  LICENCES,
  MATERIAL_KINDS,
  MATERIAL_LANGUAGES,
  PROCESSING_STATES,
  REVIEW_STATUSES,
  SCOPES,
} from "#content-schemas/materials";
import { defineModel } from "./define";
import { outboxPlugin, type WithOutbox } from "./outbox";
import { assignmentSchema, nominationSchema, reviewSchema, trailEntrySchema } from "./review-parts";

const fileSchema = new Schema(
  {
    uploadId: { type: Schema.Types.ObjectId, ref: "Upload", required: true },
    key: { type: String, required: true },
    name: { type: String, required: true },
    size: { type: Number, required: true },
    mimeType: { type: String, required: true },
    extension: { type: String, required: true },
    sha256: { type: String, default: null },
    duplicateOf: { type: Schema.Types.ObjectId, ref: "Material", default: null },
  },
  { _id: false },
);

const derivedFileSchema = new Schema(
  {
    role: { type: String, enum: DERIVED_ROLES, required: true },
    key: { type: String, required: true },
    mimeType: { type: String, required: true },
    size: { type: Number, default: 0 },
    page: { type: Number, default: undefined },
  },
  { _id: false },
);

const processingSchema = new Schema(
  {
    state: { type: String, enum: PROCESSING_STATES, required: true, default: "none" },
    error: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    updatedAt: { type: Date, default: null },
    /** Facts found while processing: media duration, page count, H5P main library. */
    durationSeconds: { type: Number, default: null },
    pageCount: { type: Number, default: null },
  },
  { _id: false },
);

/** One version of a material: its metadata, content and derived files, as reviewed together. */
const versionSchema = new Schema(
  {
    number: { type: Number, required: true },
    status: { type: String, enum: REVIEW_STATUSES, required: true, default: "draft" },
    title: { type: String, required: true },
    summary: { type: String, default: "" },
    subjectCode: { type: String, required: true },
    grades: { type: [Number], enum: GRADES as readonly number[], default: [] },
    topicIds: { type: [Schema.Types.ObjectId], ref: "Topic", default: [] },
    language: { type: String, enum: MATERIAL_LANGUAGES, default: "vi" },
    licence: { type: String, enum: LICENCES, default: DEFAULT_LICENCE },
    authors: { type: [String], default: [] },
    /** Lecture body: the tiptap document, validated by content-schemas/lecture.ts before it is stored. */
    body: { type: Schema.Types.Mixed, default: null },
    url: { type: String, default: null },
    file: { type: fileSchema, default: null },
    derived: { type: [derivedFileSchema], default: [] },
    processing: { type: processingSchema, default: () => ({}) },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    createdAt: { type: Date, required: true, default: () => new Date() },
    updatedAt: { type: Date, required: true, default: () => new Date() },
  },
  { _id: false, minimize: false },
);

/**
 * A learning material (học liệu). Versions live inside the document so that a change and the
 * event announcing it are one atomic update; `versions[n - 1]` is version n. The listing fields
 * at the top mirror the latest version and are written in the same update.
 */
const materialSchema = new Schema(
  {
    kind: { type: String, enum: MATERIAL_KINDS, required: true },
    ownerOrganisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    /** The owner school and its ancestors, for scoped queries. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    scope: { type: String, enum: SCOPES, required: true, default: "private" },
    latestVersion: { type: Number, required: true, default: 1 },
    liveVersion: { type: Number, default: null },
    versions: { type: [versionSchema], default: [] },
    title: { type: String, required: true },
    subjectCode: { type: String, required: true },
    grades: { type: [Number], default: [] },
    status: { type: String, enum: REVIEW_STATUSES, required: true, default: "draft" },
    processingState: { type: String, enum: PROCESSING_STATES, required: true, default: "none" },
    counters: {
      views: { type: Number, default: 0 },
      downloads: { type: Number, default: 0 },
      uses: { type: Number, default: 0 },
      copies: { type: Number, default: 0 },
    },
    /**
     * What the shared repository lists and filters on: the live (approved) version's metadata, written by the
     * update that approves it; the listing fields above follow the latest version, which may be a new draft.
     */
    live: {
      type: new Schema(
        {
          title: { type: String, required: true },
          summary: { type: String, default: "" },
          subjectCode: { type: String, required: true },
          grades: { type: [Number], default: [] },
          topicIds: { type: [Schema.Types.ObjectId], default: [] },
          licence: { type: String, enum: LICENCES, required: true },
          publishedAt: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    /** Teachers' ratings, kept as a running sum so listings sort by average without a join. */
    rating: {
      count: { type: Number, default: 0 },
      sum: { type: Number, default: 0 },
      /** sum / count, kept for sorting (a stored field: FerretDB cannot sort on a computed one). */
      average: { type: Number, default: 0 },
    },
    /** Problems reported by users and not yet handled by the item's reviewers. */
    openReports: { type: Number, default: 0 },
    /** Set on a copy made with "copy to my school": where it came from, for attribution. */
    derivedFrom: {
      type: new Schema(
        {
          materialId: { type: Schema.Types.ObjectId, ref: "Material", required: true },
          version: { type: Number, required: true },
          title: { type: String, required: true },
          ownerOrganisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
          ownerName: { type: String, required: true },
          authors: { type: [String], default: [] },
          licence: { type: String, enum: LICENCES, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    /** The subject group's current reviewer of the submitted version. */
    assignment: { type: assignmentSchema, default: null },
    /** A request to widen the scope to the next level, reviewed by that office's subject specialists. */
    nomination: { type: nominationSchema, default: null },
    reviews: { type: [reviewSchema], default: [] },
    trail: { type: [trailEntrySchema], default: [] },
    deletedAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false },
);

materialSchema.plugin(outboxPlugin);
materialSchema.index({ createdBy: 1, deletedAt: 1, updatedAt: -1 });
materialSchema.index({ organisationPath: 1, scope: 1 });
materialSchema.index({ ownerOrganisationId: 1, "versions.file.sha256": 1 });
materialSchema.index({ ownerOrganisationId: 1, subjectCode: 1, status: 1 });
materialSchema.index({ "assignment.reviewerId": 1, status: 1 });
// OAI-PMH lists public items in datestamp order (docs/interoperability.md).
materialSchema.index({ scope: 1, updatedAt: 1, _id: 1 });
materialSchema.index({ organisationPath: 1, "nomination.status": 1, "nomination.level": 1 });
materialSchema.index({ scope: 1, "live.subjectCode": 1, "live.grades": 1 });
materialSchema.index({ scope: 1, "live.publishedAt": -1 });

export type MaterialDoc = InferSchemaType<typeof materialSchema> & { _id: Types.ObjectId } & WithOutbox;
export type MaterialVersionDoc = MaterialDoc["versions"][number];

export const Material = defineModel("Material", materialSchema);
