import { subject } from "@casl/ability";
import { accessibleBy } from "@casl/mongoose";
import { isValidObjectId, Types } from "mongoose";
import { type ORGANISATION_TYPES, type SCHOOL_LEVELS } from "#content-schemas/organisation";
import { Organisation } from "#models/organisation";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { isDuplicateKeyError } from "~/services/db.server";

const CHILD_TYPE = { national: "province", province: "district", district: "school", school: undefined } as const;

const asSubject = (organisation: { _id: Types.ObjectId; ancestorIds: Types.ObjectId[] }) =>
  subject("Organisation", { _id: String(organisation._id), ancestorIds: organisation.ancestorIds.map(String) });

/** Every organisation the person may see, in tree order, with what they may do to each. */
export async function organisationTree(actor: Actor) {
  const ability = defineAbilityFor(actor);
  if (!ability.can("read", "Organisation")) return [];
  const organisations = await Organisation.find(accessibleBy(ability, "read").ofType("Organisation")).lean();
  const byParent = new Map<string, typeof organisations>();
  for (const organisation of organisations) {
    const key = String(organisation.parentId ?? "root");
    byParent.set(key, [...(byParent.get(key) ?? []), organisation]);
  }
  const visible = new Set(organisations.map((organisation) => String(organisation._id)));
  const roots = organisations.filter((organisation) => !organisation.parentId || !visible.has(String(organisation.parentId)));
  const rows: {
    id: string;
    code: string;
    name: string;
    type: (typeof ORGANISATION_TYPES)[number];
    depth: number;
    canEdit: boolean;
    canAddChild: boolean;
  }[] = [];
  const visit = (organisation: (typeof organisations)[number], depth: number) => {
    const type = organisation.type as (typeof ORGANISATION_TYPES)[number];
    rows.push({
      id: String(organisation._id),
      code: organisation.code,
      name: organisation.name,
      type,
      depth,
      canEdit: ability.can("update", asSubject(organisation)),
      canAddChild:
        CHILD_TYPE[type] !== undefined &&
        ability.can(
          "create",
          subject("Organisation", { _id: "", ancestorIds: [...organisation.ancestorIds, organisation._id].map(String) }),
        ),
    });
    for (const child of (byParent.get(String(organisation._id)) ?? []).sort((a, b) => a.name.localeCompare(b.name, "vi")))
      visit(child, depth + 1);
  };
  for (const root of roots.sort((a, b) => a.name.localeCompare(b.name, "vi"))) visit(root, 0);
  return rows;
}

/** The organisation, if the person may edit it (or, with `asParent`, create units under it). */
export async function requireEditableOrganisation(
  actor: Actor,
  organisationId: string | null | undefined,
  { asParent = false } = {},
) {
  if (!organisationId || !isValidObjectId(organisationId)) throw new Response("Not Found", { status: 404 });
  const organisation = await Organisation.findById(organisationId).lean();
  if (!organisation) throw new Response("Not Found", { status: 404 });
  const ability = defineAbilityFor(actor);
  const allowed = asParent
    ? ability.can(
        "create",
        subject("Organisation", { _id: "", ancestorIds: [...organisation.ancestorIds, organisation._id].map(String) }),
      )
    : ability.can("update", asSubject(organisation));
  if (!allowed) throw new Response("Not allowed", { status: 403 });
  return {
    id: String(organisation._id),
    code: organisation.code,
    name: organisation.name,
    type: organisation.type as (typeof ORGANISATION_TYPES)[number],
    schoolLevel: (organisation.schoolLevel ?? "") as (typeof SCHOOL_LEVELS)[number] | "",
    childType: CHILD_TYPE[organisation.type as (typeof ORGANISATION_TYPES)[number]],
  };
}

export async function renameOrganisation(
  organisationId: string,
  input: { name: string; schoolLevel?: (typeof SCHOOL_LEVELS)[number] },
) {
  await Organisation.updateOne(
    { _id: new Types.ObjectId(organisationId) },
    { $set: { name: input.name, schoolLevel: input.schoolLevel } },
  );
}

export type CreateOrganisationResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

/** Adds a unit under `parent`; its level follows the parent's and its code must be new. */
export async function createOrganisation(
  parentId: string,
  input: { code: string; name: string; schoolLevel?: (typeof SCHOOL_LEVELS)[number] },
): Promise<CreateOrganisationResult> {
  const parent = await Organisation.findById(parentId, { type: 1, ancestorIds: 1 }).lean();
  const type = parent ? CHILD_TYPE[parent.type as (typeof ORGANISATION_TYPES)[number]] : undefined;
  if (!parent || !type) return { ok: false, errors: { parentId: "Không thể tạo đơn vị dưới một trường." } };
  if (type === "school" && !input.schoolLevel) return { ok: false, errors: { schoolLevel: "Chọn cấp học của trường." } };
  try {
    const created = await Organisation.create({
      code: input.code,
      name: input.name,
      type,
      schoolLevel: type === "school" ? input.schoolLevel : undefined,
      parentId: parent._id,
      ancestorIds: [...parent.ancestorIds, parent._id],
    });
    return { ok: true, id: String(created._id) };
  } catch (error) {
    if (isDuplicateKeyError(error)) return { ok: false, errors: { code: `Mã ${input.code} đã được dùng cho một đơn vị khác.` } };
    throw error;
  }
}
