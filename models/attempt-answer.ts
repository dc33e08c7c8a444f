import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

/**
 * One answer of an attempt in progress, keyed `<attemptId>:<itemKey>`. Saves of a whole grade at once each write one
 * small document by `_id` instead of rewriting the attempt with all its answers (the cost of a write grows with the
 * document, and an attempt's writes would queue behind each other). Closing seals every item's document (an item never
 * answered gets an empty sealed one), then copies the answers into the attempt, which is the record from then on;
 * the sealed documents are removed once the deadline is long past (docs/assessment.md › Delivery).
 */
const attemptAnswerSchema = new Schema(
  {
    _id: { type: String, required: true },
    attemptId: { type: Schema.Types.ObjectId, ref: "Attempt", required: true },
    itemKey: { type: String, required: true },
    /** Absent only on the empty sealed document of an item never answered. */
    response: { type: Schema.Types.Mixed },
    /** The client's sequence number for this item: a save with a lower or equal one never replaces this. */
    seq: { type: Number, required: true },
    /** The server's clock when the save arrived: answers saved at or after the deadline do not count. */
    savedAt: { type: Date, required: true },
    deviceId: { type: String, default: "" },
    /** Set when the attempt closes: no save writes this document any more. */
    sealed: { type: Boolean },
  },
  { versionKey: false, minimize: false },
);

export type AttemptAnswerDoc = InferSchemaType<typeof attemptAnswerSchema>;

export const attemptAnswerId = (attemptId: Types.ObjectId | string, itemKey: string) => `${String(attemptId)}:${itemKey}`;

export const AttemptAnswer = defineModel("AttemptAnswer", attemptAnswerSchema);
