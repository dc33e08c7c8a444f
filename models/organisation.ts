import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";
import { ORGANISATION_TYPES, SCHOOL_LEVELS } from "#content-schemas/organisation";

const organisationSchema = new Schema(
  {
    /** Official code (mã trường / mã đơn vị), unique across the deployment. */
    code: { type: String, required: true, trim: true },
    name: { type: String, required: true, trim: true },
    type: { type: String, enum: ORGANISATION_TYPES, required: true },
    schoolLevel: { type: String, enum: SCHOOL_LEVELS },
    parentId: { type: Schema.Types.ObjectId, ref: "Organisation", default: null },
    /** Root-first ids of every ancestor, so "everything under district D" is one indexed query. */
    ancestorIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: true },
);

organisationSchema.index({ code: 1 }, { unique: true });
organisationSchema.index({ ancestorIds: 1, type: 1 });

export type OrganisationDoc = InferSchemaType<typeof organisationSchema> & { _id: Types.ObjectId };

export const Organisation = defineModel("Organisation", organisationSchema);
