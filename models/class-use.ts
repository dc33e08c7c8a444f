import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

/**
 * A material a teacher gives to one class ("use in my class"): the approved version is pinned, so a
 * later edit of the material never changes what the class was given. Students of the class see it
 * between the optional opening and closing days.
 */
const classUseSchema = new Schema(
  {
    classId: { type: Schema.Types.ObjectId, ref: "SchoolClass", required: true },
    /** The class's school and its ancestors, for scoped queries. */
    organisationPath: { type: [Schema.Types.ObjectId], required: true },
    materialId: { type: Schema.Types.ObjectId, ref: "Material", required: true },
    version: { type: Number, required: true },
    title: { type: String, required: true },
    note: { type: String, default: "" },
    /** Calendar days (yyyy-mm-dd, Vietnam time): school days, not instants. */
    opensOn: { type: String, default: null },
    closesOn: { type: String, default: null },
    assignedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { timestamps: true },
);

classUseSchema.index({ classId: 1, materialId: 1 }, { unique: true });
classUseSchema.index({ materialId: 1 });

export type ClassUseDoc = InferSchemaType<typeof classUseSchema> & { _id: Types.ObjectId };

export const ClassUse = defineModel("ClassUse", classUseSchema);
