import { Schema } from "mongoose";
import { defineModel } from "./define";

/**
 * A question's figures from one class's attempts at one test (`_id` = "<questionId>:<assignmentId>"): written again,
 * never added twice, so the bank's statistics (stats on Question) are recomputed from these without double counting.
 */
const questionUsageSchema = new Schema(
  {
    _id: { type: String, required: true },
    questionId: { type: Schema.Types.ObjectId, ref: "Question", required: true },
    assignmentId: { type: Schema.Types.ObjectId, ref: "AssessmentAssignment", required: true },
    attempts: { type: Number, required: true },
    facility: { type: Number, default: null },
    discrimination: { type: Number, default: null },
    pointBiserial: { type: Number, default: null },
  },
  { timestamps: true },
);

questionUsageSchema.index({ questionId: 1 });

export const QuestionUsage = defineModel("QuestionUsage", questionUsageSchema);
