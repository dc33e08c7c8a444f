import { beforeAll, describe, expect, it } from "vitest";
import { AuditEvent } from "#models/audit-event";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { setTwoFactorKey } from "~/auth/two-factor.server";
import { signIn } from "~/domain/auth/sign-in.server";
import { createPerson, resetPassword, updatePerson } from "~/domain/people/person-record.server";
import { organisationByCode, upsertUser, type OrganisationRef } from "~/domain/people/upsert-user.server";

let admin: Actor;
let school: OrganisationRef;

beforeAll(async () => {
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-P", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-P", name: "Phòng", type: "district", parentCode: "SGD-P" });
  await upsertOrganisation({ code: "TRUONG-P", name: "Trường", type: "school", parentCode: "PGD-P" });
  school = await organisationByCode("TRUONG-P");
  const id = await upsertUser({
    username: "admin.p",
    fullName: "Quản trị",
    organisationCode: "TRUONG-P",
    roles: [{ role: "org_admin", organisationCode: "TRUONG-P" }],
    initialPassword: "a".repeat(12),
  });
  const path = school.path.map(String);
  admin = {
    id: String(id),
    username: "admin.p",
    fullName: "Quản trị",
    email: null,
    organisationId: String(school.id),
    organisationPath: path,
    roles: [{ role: "org_admin", organisationId: String(school.id), organisationPath: path }],
    mustChangePassword: false,
    twoFactorEnabled: true,
    sessionId: "",
  };
});

describe("adding and editing people by hand", () => {
  it("creates a person with a first password, refuses a code in use, and edits details and roles", async () => {
    const created = await createPerson(
      admin,
      school,
      { schoolId: String(school.id), code: "GV900", fullName: "Đặng Thu Thảo", roles: ["teacher"] },
      "x",
    );
    expect(created).toMatchObject({ ok: true, password: expect.stringMatching(/^[a-z2-9]{10}$/) });
    expect(
      await createPerson(
        admin,
        school,
        { schoolId: String(school.id), code: "gv900", fullName: "Trùng", roles: ["teacher"] },
        "x",
      ),
    ).toEqual({
      ok: false,
      errors: { code: "Mã gv900 đã được dùng." },
    });
    const id = created.ok ? created.id : "";
    await updatePerson(
      admin,
      id,
      { fullName: "Đặng Thu Thảo (Toán)", email: "thao@example.edu.vn", roles: ["teacher", "org_admin"] },
      "x",
    );
    const saved = await User.findById(id).lean();
    expect(saved).toMatchObject({ fullName: "Đặng Thu Thảo (Toán)", email: "thao@example.edu.vn", mustChangePassword: true });
    expect(saved?.roles.map((binding) => binding.role).sort()).toEqual(["org_admin", "teacher"]);
    expect(await AuditEvent.countDocuments({ action: "user.roles_changed", subjectUserId: saved!._id })).toBe(2);
  });

  it("a password reset also clears the two-factor key, so a person who lost their phone can enrol again", async () => {
    const created = await createPerson(
      admin,
      school,
      { schoolId: String(school.id), code: "GV901", fullName: "Mất điện thoại", roles: ["teacher"] },
      "x",
    );
    const id = created.ok ? created.id : "";
    await setTwoFactorKey(id, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    const temporary = await resetPassword(admin, id, "x");
    expect(await signIn({ login: "gv901", password: temporary, ipAddress: "10.3.3.3" })).toMatchObject({
      ok: true,
      needsSecondFactor: false,
      mustChangePassword: true,
    });
  });
});
