import { Schema, type InferSchemaType, type Types } from "mongoose";
import { ATTEMPT_STATUSES, INTEGRITY_EVENT_TYPES } from "#content-schemas/assessments";
import { defineModel } from "./define";

const integrityEventSchema = new Schema(
  {
    type: { type: String, enum: INTEGRITY_EVENT_TYPES, required: true },
    /** The server's clock. */
    at: { type: Date, required: true },
    clientAt: { type: Date, default: null },
    detail: { type: String, default: "" },
    deviceId: { type: String, default: "" },
  },
  { _id: false },
);

/**
 * One student's attempt at an assigned test. Its `_id` is derived from (assignment, student, attempt number), so
 * pressing Start twice — or 3,000 students at the bell — creates each attempt once, and every save is a guarded
 * update by `_id` (docs/assessment.md). Responses are keyed by item key: `{ response, seq, savedAt }`.
 */
const attemptSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    assignmentId: { type: Schema.Types.ObjectId, ref: "AssessmentAssignment", required: true },
    assessmentId: { type: Schema.Types.ObjectId, ref: "Assessment", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    classId: { type: Schema.Types.ObjectId, ref: "SchoolClass", required: true },
    /** The teacher who owns the test: they read and grade its attempts. */
    teacherId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    attemptNumber: { type: Number, required: true },
    versionCode: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    /** Set by the server from the time limit, the closing time and any extra time; the client clock is never used. */
    deadline: { type: Date, required: true },
    status: { type: String, enum: ATTEMPT_STATUSES, required: true, default: "in_progress" },
    submittedAt: { type: Date, default: null },
    /**
     * The answers, copied in when the attempt is submitted; while it is in progress each answer is saved on its own
     * (models/attempt-answer.ts). Attempts from before that change also held answers here while in progress.
     */
    responses: { type: Schema.Types.Mixed, default: {} },
    /** Closed, answers not yet copied in: set and cleared by the two steps of closing (attempts.server.ts). */
    collecting: { type: Boolean, default: false },
    /** Scores per item key: `{ earned, max, status }`; manual marks for essays: `{ points, comment, by, at }`. */
    itemScores: { type: Schema.Types.Mixed, default: {} },
    manualGrades: { type: Schema.Types.Mixed, default: {} },
    score: { type: Number, default: null },
    roundedScore: { type: Number, default: null },
    /** Essays still waiting for a teacher's marks. */
    pendingGrading: { type: Number, default: 0 },
    events: { type: [integrityEventSchema], default: [] },
    device: {
      id: { type: String, default: "" },
      seenAt: { type: Date, default: null },
    },
    startAddress: { type: String, default: "" },
  },
  { timestamps: true, minimize: false },
);

attemptSchema.index({ assignmentId: 1, studentId: 1, attemptNumber: 1 }, { unique: true });
attemptSchema.index({ studentId: 1, assignmentId: 1 });
attemptSchema.index({ status: 1, deadline: 1 });
attemptSchema.index({ assessmentId: 1, status: 1 });

export type AttemptDoc = InferSchemaType<typeof attemptSchema> & { _id: Types.ObjectId };

export const Attempt = defineModel("Attempt", attemptSchema);
