import type { Types } from "mongoose";
import type { Role } from "#content-schemas/roles";
import { Organisation } from "#models/organisation";
import { User } from "#models/user";
import { hashPassword } from "~/auth/password.server";
import { connectDatabase } from "~/services/db.server";

export interface OrganisationRef {
  id: Types.ObjectId;
  /** Ancestors then the organisation itself. */
  path: Types.ObjectId[];
}

export async function organisationByCode(code: string): Promise<OrganisationRef> {
  const organisation = await Organisation.findOne({ code }, { _id: 1, ancestorIds: 1 }).lean();
  if (!organisation) throw new Error(`Không có đơn vị mã ${code}.`);
  return { id: organisation._id, path: [...organisation.ancestorIds, organisation._id] };
}

export interface PersonInput {
  username: string;
  fullName: string;
  email?: string;
  code?: string;
  dateOfBirth?: string;
  home: OrganisationRef;
  roles: readonly { role: Role; scope: OrganisationRef }[];
  /** "set" replaces the role list; "add" keeps roles the person already holds elsewhere (roster imports). */
  rolesMode: "set" | "add";
  /** Used only when the account is created; an existing person's password is never overwritten. */
  initialPassword: string;
  mustChangePassword: boolean;
}

/** Creates or updates one person by username (single-document writes, safe to repeat). */
export async function savePerson(input: PersonInput): Promise<{ id: Types.ObjectId; created: boolean }> {
  await connectDatabase();
  const username = input.username.toLowerCase();
  const bindings = input.roles.map(({ role, scope }) => ({ role, organisationId: scope.id, organisationPath: scope.path }));
  const existing = await User.findOne({ username }, { _id: 1, roles: 1 }).lean();
  const fields = {
    fullName: input.fullName,
    email: input.email?.toLowerCase(),
    code: input.code,
    dateOfBirth: input.dateOfBirth ?? null,
    organisationId: input.home.id,
    organisationPath: input.home.path,
  };
  if (existing) {
    const kept =
      input.rolesMode === "add"
        ? existing.roles.filter(
            (held) =>
              !bindings.some((binding) => binding.role === held.role && binding.organisationId.equals(held.organisationId)),
          )
        : [];
    await User.updateOne({ _id: existing._id }, { $set: { ...fields, roles: [...kept, ...bindings] } });
    return { id: existing._id, created: false };
  }
  const created = await User.create({
    ...fields,
    username,
    roles: bindings,
    passwordHash: await hashPassword(input.initialPassword),
    mustChangePassword: input.mustChangePassword,
  });
  return { id: created._id, created: true };
}

export interface UserInput {
  username: string;
  fullName: string;
  email?: string;
  organisationCode: string;
  roles: readonly { role: Role; organisationCode: string }[];
  initialPassword: string;
  mustChangePassword?: boolean;
}

/** Creates or updates a person with role bindings scoped to organisations given by code (demo data, admin tools). */
export async function upsertUser(input: UserInput): Promise<Types.ObjectId> {
  await connectDatabase();
  const roles = await Promise.all(
    input.roles.map(async ({ role, organisationCode }) => ({ role, scope: await organisationByCode(organisationCode) })),
  );
  const saved = await savePerson({
    ...input,
    home: await organisationByCode(input.organisationCode),
    roles,
    rolesMode: "set",
    mustChangePassword: input.mustChangePassword ?? true,
  });
  return saved.id;
}
