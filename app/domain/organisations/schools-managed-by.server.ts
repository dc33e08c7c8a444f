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

/** Schools the person administers (people, classes, rosters): their own school, or every school under their office. */
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

/** The administered school with this id (or the first one when none is asked for); 403 otherwise. */
export async function requireManagedSchool(
  actor: Actor,
  schoolId?: string | null,
): Promise<ManagedSchool & { all: ManagedSchool[] }> {
  const all = await schoolsManagedBy(actor);
  const school = schoolId ? all.find((candidate) => String(candidate.id) === schoolId) : all[0];
  if (!school) throw new Response("Not allowed", { status: 403 });
  return { ...school, all };
}
