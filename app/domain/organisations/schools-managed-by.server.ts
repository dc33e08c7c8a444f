import { subject } from "@casl/ability";
import { accessibleBy } from "@casl/mongoose";
import { Organisation } from "#models/organisation";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import type { OrganisationRef } from "~/domain/people/upsert-user.server";

export interface ManagedSchool extends OrganisationRef {
  code: string;
  name: string;
}

/** Schools whose rosters the person may import: their own school, or every school under their office. */
export async function schoolsManagedBy(actor: Actor): Promise<ManagedSchool[]> {
  const ability = defineAbilityFor(actor);
  if (!ability.can("read", "Organisation")) return [];
  const schools = await Organisation.find({ $and: [accessibleBy(ability, "read").ofType("Organisation"), { type: "school" }] })
    .sort({ name: 1 })
    .lean();
  return schools
    .map((school) => ({ id: school._id, path: [...school.ancestorIds, school._id], code: school.code, name: school.name }))
    .filter((school) => ability.can("create", subject("RosterImport", { organisationPath: school.path.map(String) })));
}
