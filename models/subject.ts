import { Schema, type InferSchemaType } from "mongoose";
import { GRADES } from "#content-schemas/curriculum";
import { defineModel } from "./define";

const subjectSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    nameEn: { type: String, required: true },
    grades: { type: [Number], enum: GRADES as readonly number[], required: true },
    /** Position in the catalogue (the order of the 2018 curriculum document). */
    order: { type: Number, required: true },
  },
  { timestamps: true },
);

subjectSchema.index({ code: 1 }, { unique: true });
subjectSchema.index({ grades: 1 });

export type SubjectDoc = InferSchemaType<typeof subjectSchema>;

export const Subject = defineModel("Subject", subjectSchema);
