import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

/** One answer or completion reported by the H5P player for a person on a material version. */
const h5pResultSchema = new Schema({
  materialId: { type: Schema.Types.ObjectId, ref: "Material", required: true },
  version: { type: Number, required: true },
  userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
  organisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
  verb: { type: String, enum: ["answered", "completed"], required: true },
  scoreRaw: { type: Number, default: null },
  scoreMax: { type: Number, default: null },
  success: { type: Boolean, default: null },
  completion: { type: Boolean, default: null },
  at: { type: Date, required: true, default: () => new Date() },
});

h5pResultSchema.index({ materialId: 1, userId: 1, at: -1 });

export type H5pResultDoc = InferSchemaType<typeof h5pResultSchema> & { _id: Types.ObjectId };

export const H5pResult = defineModel("H5pResult", h5pResultSchema);
