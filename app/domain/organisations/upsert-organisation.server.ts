import type { Types } from "mongoose";
import { organisationCodeSchema, type ORGANISATION_TYPES, type SCHOOL_LEVELS } from "#content-schemas/organisation";
import { Organisation } from "#models/organisation";
import { connectDatabase } from "~/services/db.server";

export interface OrganisationInput {
  code: string;
  name: string;
  type: (typeof ORGANISATION_TYPES)[number];
  schoolLevel?: (typeof SCHOOL_LEVELS)[number];
  parentCode?: string;
}

const PARENT_TYPE: Record<OrganisationInput["type"], OrganisationInput["type"] | undefined> = {
  national: undefined,
  province: "national",
  district: "province",
  school: "district",
};

/**
 * Creates or updates one node of the organisation tree by its official code, keeping the
 * ancestor path that makes "everything under X" a single indexed query.
 */
export async function upsertOrganisation(input: OrganisationInput): Promise<Types.ObjectId> {
  await connectDatabase();
  const code = organisationCodeSchema.parse(input.code);
  let parent: { _id: Types.ObjectId; ancestorIds: Types.ObjectId[]; type: string } | null = null;
  if (input.parentCode) {
    parent = await Organisation.findOne({ code: input.parentCode }, { _id: 1, ancestorIds: 1, type: 1 }).lean();
    if (!parent) throw new Error(`Không có đơn vị cấp trên mã ${input.parentCode}.`);
  }
  if ((parent?.type ?? undefined) !== PARENT_TYPE[input.type]) {
    throw new Error(`Đơn vị loại ${input.type} phải thuộc một đơn vị loại ${PARENT_TYPE[input.type] ?? "(không có)"}.`);
  }
  const organisation = await Organisation.findOneAndUpdate(
    { code },
    {
      $set: {
        name: input.name,
        type: input.type,
        schoolLevel: input.schoolLevel,
        parentId: parent?._id ?? null,
        ancestorIds: parent ? [...parent.ancestorIds, parent._id] : [],
      },
    },
    // No projection: FerretDB does not implement findAndModify with "fields" (docs/mongodb-compatibility.md).
    { upsert: true, returnDocument: "after" },
  ).lean();
  return organisation._id;
}
