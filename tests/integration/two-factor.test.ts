import { beforeAll, describe, expect, it } from "vitest";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { confirmEnrolment, currentCode, disableTwoFactor, enrolment, setTwoFactorKey } from "~/auth/two-factor.server";
import { completeSecondFactor, signIn } from "~/domain/auth/sign-in.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { upsertUser } from "~/domain/people/upsert-user.server";

const PASSWORD = "mat-khau-dung-2";
const KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

beforeAll(async () => {
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-2", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-2", name: "Phòng", type: "district", parentCode: "SGD-2" });
  await upsertOrganisation({ code: "TRUONG-2", name: "Trường", type: "school", parentCode: "PGD-2" });
});

async function person(username: string, role: "teacher" | "org_admin"): Promise<Actor> {
  const id = await upsertUser({
    username,
    fullName: username,
    organisationCode: "TRUONG-2",
    roles: [{ role, organisationCode: "TRUONG-2" }],
    initialPassword: PASSWORD,
    mustChangePassword: false,
  });
  const user = await User.findById(id).lean();
  return {
    id: String(id),
    username,
    fullName: username,
    email: null,
    organisationId: String(user!.organisationId),
    organisationPath: user!.organisationPath.map(String),
    roles: user!.roles.map((binding) => ({
      role: binding.role as Actor["roles"][number]["role"],
      organisationId: String(binding.organisationId),
      organisationPath: binding.organisationPath.map(String),
    })),
    mustChangePassword: false,
    twoFactorEnabled: false,
    sessionId: "",
  };
}

describe("two-factor sign-in", () => {
  it("enrols with a code from the shown key, keeps the key sealed, and refuses a replayed code", async () => {
    const teacher = await person("gv.2fa", "teacher");
    const state = await enrolment(teacher);
    expect(state.enabled).toBe(false);
    const key = state.enabled ? "" : state.manualKey.replace(/\s/g, "");
    expect(state.enabled ? "" : state.qrSvg).toContain("<svg");
    expect(await confirmEnrolment(teacher, "000000" === currentCode(key) ? "111111" : "000000", "x")).toBe(false);
    expect(await confirmEnrolment(teacher, currentCode(key), "x")).toBe(true);
    const stored = await User.findById(teacher.id).lean();
    expect(stored?.totpSecret).not.toContain(key);

    const step = await signIn({ login: "gv.2fa", password: PASSWORD, ipAddress: "10.2.2.2" });
    expect(step).toMatchObject({ ok: true, needsSecondFactor: true });
    // The code used to enrol cannot be used again in its window.
    expect(await completeSecondFactor({ userId: teacher.id, code: currentCode(key), ipAddress: "10.2.2.2" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("locks the account after five wrong codes, like wrong passwords", async () => {
    const admin = await person("admin.2fa", "org_admin");
    await setTwoFactorKey(admin.id, KEY);
    const start = new Date();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await completeSecondFactor({ userId: admin.id, code: "12345x", ipAddress: "10.2.2.3", now: start })).ok).toBe(
        false,
      );
    }
    expect(
      await completeSecondFactor({ userId: admin.id, code: currentCode(KEY), ipAddress: "10.2.2.3", now: start }),
    ).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("administrators cannot turn it off; other staff can, with a current code", async () => {
    const admin = await person("admin.2fa.off", "org_admin");
    await setTwoFactorKey(admin.id, KEY);
    expect(await disableTwoFactor(admin, currentCode(KEY), "x")).toBe("required");

    const teacher = await person("gv.2fa.off", "teacher");
    await setTwoFactorKey(teacher.id, KEY);
    expect(await disableTwoFactor(teacher, "999999" === currentCode(KEY) ? "888888" : "999999", "x")).toBe("wrong_code");
    expect(await disableTwoFactor(teacher, currentCode(KEY), "x")).toBe("disabled");
    expect(await signIn({ login: "gv.2fa.off", password: PASSWORD, ipAddress: "10.2.2.4" })).toMatchObject({
      ok: true,
      needsSecondFactor: false,
    });
  });
});
