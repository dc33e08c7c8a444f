import type { Types } from "mongoose";
import type { Role } from "#content-schemas/roles";
import { Organisation } from "#models/organisation";
import { User } from "#models/user";
import { hashPassword } from "~/auth/password.server";
import { connectDatabase } from "~/services/db.server";

export interface UserInput {
  username: string;
  fullName: string;
  email?: string;
  organisationCode: string;
  roles: readonly { role: Role; organisationCode: string }[];
  /** Used only when the account is created; an existing person's password is never overwritten. */
  initialPassword: string;
  mustChangePassword?: boolean;
}

async function organisationPath(code: string): Promise<{ id: Types.ObjectId; path: Types.ObjectId[] }> {
  const organisation = await Organisation.findOne({ code }, { _id: 1, ancestorIds: 1 }).lean();
  if (!organisation) throw new Error(`Không có đơn vị mã ${code}.`);
  return { id: organisation._id, path: [...organisation.ancestorIds, organisation._id] };
}

/** Creates or updates a person by username, with role bindings scoped to organisations given by code. */
export async function upsertUser(input: UserInput): Promise<Types.ObjectId> {
  await connectDatabase();
  const home = await organisationPath(input.organisationCode);
  const roles = await Promise.all(
    input.roles.map(async ({ role, organisationCode }) => {
      const scope = await organisationPath(organisationCode);
      return { role, organisationId: scope.id, organisationPath: scope.path };
    }),
  );
  const existing = await User.findOne({ username: input.username.toLowerCase() }, { _id: 1 }).lean();
  const fields = {
    fullName: input.fullName,
    email: input.email?.toLowerCase(),
    organisationId: home.id,
    organisationPath: home.path,
    roles,
  };
  if (existing) {
    await User.updateOne({ _id: existing._id }, { $set: fields });
    return existing._id;
  }
  const created = await User.create({
    ...fields,
    username: input.username,
    passwordHash: await hashPassword(input.initialPassword),
    mustChangePassword: input.mustChangePassword ?? true,
  });
  return created._id;
}
