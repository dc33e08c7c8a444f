import { Schema } from "mongoose";
import { defineModel } from "./define";

/**
 * One mark per attempt not yet fully closed, with when the worker's sweep must look at it: the attempt's deadline, the
 * moment a submit began closing it, or — once closed — when its sealed answer copies may go (10 minutes after the
 * deadline). The sweep reads these few marks instead of querying `attempts`, which grows with every test ever taken.
 * Written before the attempt is created and removed with the sealed copies, so no open attempt lacks one.
 */
const openAttemptSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, ref: "Attempt", required: true },
    dueAt: { type: Date, required: true },
  },
  { versionKey: false },
);
openAttemptSchema.index({ dueAt: 1 });

export const OpenAttempt = defineModel("OpenAttempt", openAttemptSchema);
