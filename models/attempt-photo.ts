import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

/**
 * A photo of an essay written on paper, sent during an attempt for one item. The essay's response lists the photos
 * the student kept (`photoUploadIds`); a save may only list photos recorded here for the same attempt and item.
 */
const attemptPhotoSchema = new Schema(
  {
    attemptId: { type: Schema.Types.ObjectId, ref: "Attempt", required: true },
    itemKey: { type: String, required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    key: { type: String, required: true },
    mimeType: { type: String, required: true },
    size: { type: Number, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

attemptPhotoSchema.index({ attemptId: 1, itemKey: 1 });

export type AttemptPhotoDoc = InferSchemaType<typeof attemptPhotoSchema> & { _id: Types.ObjectId };

export const AttemptPhoto = defineModel("AttemptPhoto", attemptPhotoSchema);
