import { Schema, type InferSchemaType, type Types } from "mongoose";
import { REPORT_REASONS } from "#content-schemas/sharing";
import { defineModel } from "./define";

/** A problem a user found in a shared material, sent back to the people who review it. */
const materialReportSchema = new Schema(
  {
    materialId: { type: Schema.Types.ObjectId, ref: "Material", required: true },
    version: { type: Number, required: true },
    reporterId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    reason: { type: String, enum: REPORT_REASONS, required: true },
    message: { type: String, required: true },
    status: { type: String, enum: ["open", "resolved"], required: true, default: "open" },
    resolvedBy: { type: Schema.Types.ObjectId, ref: "User", default: null },
    resolution: { type: String, default: "" },
    resolvedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
materialReportSchema.index({ materialId: 1, status: 1, createdAt: -1 });

export type MaterialReportDoc = InferSchemaType<typeof materialReportSchema> & { _id: Types.ObjectId };
export const MaterialReport = defineModel("MaterialReport", materialReportSchema);
