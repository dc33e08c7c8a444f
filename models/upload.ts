import { Schema, type InferSchemaType, type Types } from "mongoose";
import { UPLOAD_PURPOSES, UPLOAD_STATES } from "#content-schemas/materials";
import { defineModel } from "./define";

/**
 * A file on its way into storage: the browser sends its parts straight to S3 with presigned URLs;
 * this record holds what the server needs to resume, verify and finally attach it to a material.
 * Records never attached are swept (with their objects) by a recurring job.
 */
const uploadSchema = new Schema(
  {
    organisationId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    purpose: { type: String, enum: UPLOAD_PURPOSES, required: true },
    fileName: { type: String, required: true },
    declaredSize: { type: Number, required: true },
    key: { type: String, required: true },
    s3UploadId: { type: String, required: true },
    state: { type: String, enum: UPLOAD_STATES, required: true, default: "uploading" },
    size: { type: Number, default: null },
    mimeType: { type: String, default: null },
    extension: { type: String, default: null },
    rejectedReason: { type: String, default: null },
    attachedTo: { type: Schema.Types.ObjectId, ref: "Material", default: null },
    completedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

uploadSchema.index({ createdBy: 1, state: 1 });
uploadSchema.index({ state: 1, updatedAt: 1 });

export type UploadDoc = InferSchemaType<typeof uploadSchema> & { _id: Types.ObjectId };

export const Upload = defineModel("Upload", uploadSchema);
