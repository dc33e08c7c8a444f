import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

/** A subject group (tổ chuyên môn) of a school, e.g. "Tổ Toán – Tin". */
const subjectGroupSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    name: { type: String, required: true, trim: true },
    subjectCodes: { type: [String], default: [] },
    leaderId: { type: Schema.Types.ObjectId, ref: "User", default: null },
    memberIds: { type: [Schema.Types.ObjectId], ref: "User", default: [] },
  },
  { timestamps: true },
);

subjectGroupSchema.index({ schoolId: 1, name: 1 }, { unique: true });
subjectGroupSchema.index({ memberIds: 1 });

export type SubjectGroupDoc = InferSchemaType<typeof subjectGroupSchema> & { _id: Types.ObjectId };

export const SubjectGroup = defineModel("SubjectGroup", subjectGroupSchema);
