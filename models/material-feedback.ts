import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

/** One teacher's rating of one material (1–5); rating again replaces it. */
const materialRatingSchema = new Schema(
  {
    materialId: { type: Schema.Types.ObjectId, ref: "Material", required: true },
    userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    stars: { type: Number, min: 1, max: 5, required: true },
  },
  { timestamps: true },
);
materialRatingSchema.index({ materialId: 1, userId: 1 }, { unique: true });

export type MaterialRatingDoc = InferSchemaType<typeof materialRatingSchema> & { _id: Types.ObjectId };
export const MaterialRating = defineModel("MaterialRating", materialRatingSchema);

/** A teacher's comment on a shared material, shown to everyone who may see the material. */
const materialCommentSchema = new Schema(
  {
    materialId: { type: Schema.Types.ObjectId, ref: "Material", required: true },
    authorId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    /** The author's school at the time, shown beside their name (colleagues elsewhere do not know them). */
    schoolId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    body: { type: String, required: true },
    deletedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
materialCommentSchema.index({ materialId: 1, deletedAt: 1, createdAt: -1 });

export type MaterialCommentDoc = InferSchemaType<typeof materialCommentSchema> & { _id: Types.ObjectId };
export const MaterialComment = defineModel("MaterialComment", materialCommentSchema);
