import { Schema, type InferSchemaType, type Types } from "mongoose";
import { GRADES } from "#content-schemas/curriculum";
import { defineModel } from "./define";

const subjectTeacherSchema = new Schema(
  {
    subjectCode: { type: String, required: true },
    teacherId: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { _id: false },
);

/** A class (lớp) of one school year, e.g. 10A1 of 2026-2027. */
const schoolClassSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "Organisation", required: true },
    /** The school and its ancestors, for scoped queries. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    schoolYear: { type: String, required: true },
    name: { type: String, required: true, trim: true, uppercase: true },
    grade: { type: Number, enum: GRADES as readonly number[], required: true },
    homeroomTeacherId: { type: Schema.Types.ObjectId, ref: "User", default: null },
    subjectTeachers: { type: [subjectTeacherSchema], default: [] },
    studentIds: { type: [Schema.Types.ObjectId], ref: "User", default: [] },
  },
  { timestamps: true },
);

schoolClassSchema.index({ schoolId: 1, schoolYear: 1, name: 1 }, { unique: true });
schoolClassSchema.index({ studentIds: 1 });
schoolClassSchema.index({ organisationPath: 1 });

export type SchoolClassDoc = InferSchemaType<typeof schoolClassSchema> & { _id: Types.ObjectId };

export const SchoolClass = defineModel("SchoolClass", schoolClassSchema);
