import type { Role } from "#content-schemas/roles";
import { REVIEW_CRITERIA } from "#content-schemas/review";
import type { Actor } from "~/auth/session.server";
import { organisationByCode, upsertUser } from "~/domain/people/upsert-user.server";

/** A person with one role at one organisation, stored in the database, as domain functions see them once signed in. */
export async function testActor(username: string, organisationCode: string, role: Role, fullName = username): Promise<Actor> {
  const organisation = await organisationByCode(organisationCode);
  const id = await upsertUser({
    username,
    fullName,
    organisationCode,
    roles: [{ role, organisationCode }],
    initialPassword: "a".repeat(12),
    mustChangePassword: false,
  });
  const organisationPath = organisation.path.map(String);
  return {
    id: String(id),
    username,
    fullName,
    email: null,
    organisationId: String(organisation.id),
    organisationPath,
    roles: [{ role, organisationId: String(organisation.id), organisationPath }],
    mustChangePassword: false,
    twoFactorEnabled: false,
    sessionId: "",
  };
}

/** A review decision passing or failing every criterion. */
export const verdicts = (pass: boolean) =>
  REVIEW_CRITERIA.map((criterion) => ({ criterion, pass, comment: pass ? "" : "Cần sửa." }));
export const APPROVE = { decision: "approve" as const, criteria: verdicts(true), message: "Đạt." };
