import { Schema } from "mongoose";
import { defineModel } from "./define";

/**
 * One mark per attempt not yet fully closed, with when the worker's sweep must look at it: the attempt's deadline, or
 * the moment a submit began closing it. The sweep reads these few marks instead of querying `attempts`, which grows
 * with every test ever taken (on the embedded database a query on a field other than `_id` reads the whole collection).
 * Written before the attempt is created and removed once its answers are collected, so no open attempt lacks one.
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
