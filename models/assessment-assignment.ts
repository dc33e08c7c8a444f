import { Schema, type InferSchemaType, type Types } from "mongoose";
import { SHOW_RESULTS } from "#content-schemas/assessments";
import { defineModel } from "./define";

/** A test given to one class: when it can be taken, for how long, how often, from where, and what students see after. */
const assessmentAssignmentSchema = new Schema(
  {
    assessmentId: { type: Schema.Types.ObjectId, ref: "Assessment", required: true },
    /** The test's title when assigned, for students' lists. */
    title: { type: String, required: true },
    classId: { type: Schema.Types.ObjectId, ref: "SchoolClass", required: true },
    /** The class's school and its ancestors. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    timeLimitMinutes: { type: Number, required: true },
    maxAttempts: { type: Number, required: true, default: 1 },
    accessCode: { type: String, default: "" },
    allowedIpRanges: { type: [String], default: [] },
    showResults: { type: String, enum: SHOW_RESULTS, required: true },
    accommodations: {
      type: [new Schema({ studentId: { type: Schema.Types.ObjectId, ref: "User" }, extraMinutes: Number }, { _id: false })],
      default: [],
    },
    assignedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { timestamps: true },
);

assessmentAssignmentSchema.index({ classId: 1, opensAt: -1 });
assessmentAssignmentSchema.index({ assessmentId: 1 });

export type AssessmentAssignmentDoc = InferSchemaType<typeof assessmentAssignmentSchema> & { _id: Types.ObjectId };

export const AssessmentAssignment = defineModel("AssessmentAssignment", assessmentAssignmentSchema);
