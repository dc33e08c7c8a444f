import { accessibleBy } from "@casl/mongoose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AuditEvent } from "#models/audit-event";
import { Session } from "#models/session";
import { User } from "#models/user";
import { hashSessionToken, revokeSessionById, signOut, signOutEverywhere, signOutOtherSessions } from "~/auth/lucia.server";
import { defineAbilityFor } from "~/auth/policy.server";
import { CLIENT_ADDRESS_HEADER } from "~/auth/request.server";
import { createSession, optionalActor } from "~/auth/session.server";
import { changePassword } from "~/domain/auth/change-password.server";
import { signIn } from "~/domain/auth/sign-in.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { upsertUser } from "~/domain/people/upsert-user.server";

const PASSWORD = "mat-khau-dung-1";

beforeAll(async () => {
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-T", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-T", name: "Phòng", type: "district", parentCode: "SGD-T" });
  await upsertOrganisation({ code: "TRUONG-A", name: "Trường A", type: "school", parentCode: "PGD-T" });
  await upsertOrganisation({ code: "TRUONG-B", name: "Trường B", type: "school", parentCode: "PGD-T" });
  const school = (code: string) => ({ organisationCode: code, initialPassword: PASSWORD, mustChangePassword: false });
  await upsertUser({
    ...school("TRUONG-A"),
    username: "gv.a",
    fullName: "Giáo viên A",
    email: "gv.a@example.edu.vn",
    roles: [{ role: "teacher", organisationCode: "TRUONG-A" }],
  });
  await upsertUser({
    ...school("TRUONG-A"),
    username: "admin.a",
    fullName: "Quản trị A",
    roles: [{ role: "org_admin", organisationCode: "TRUONG-A" }],
  });
  await upsertUser({
    ...school("TRUONG-B"),
    username: "gv.b",
    fullName: "Giáo viên B",
    roles: [{ role: "teacher", organisationCode: "TRUONG-B" }],
  });
  await upsertUser({
    ...school("TRUONG-A"),
    username: "hs.a",
    fullName: "Học sinh A",
    roles: [{ role: "student", organisationCode: "TRUONG-A" }],
  });
});

const browserRequest = (cookie = "", ip = "10.0.0.1") =>
  new Request("http://127.0.0.1:3000/", { headers: { cookie, "user-agent": "Chromium test", [CLIENT_ADDRESS_HEADER]: ip } });

const tokenOf = (setCookie: string) => /khl_session=([^;]+)/.exec(setCookie)?.[1] ?? "";

describe("sign-in", () => {
  it("accepts username or email, case-insensitively, and audits it", async () => {
    expect(await signIn({ login: "GV.A", password: PASSWORD, ipAddress: "10.0.0.2" })).toMatchObject({ ok: true });
    expect(await signIn({ login: "gv.a@example.edu.vn", password: PASSWORD, ipAddress: "10.0.0.2" })).toMatchObject({ ok: true });
    expect(await AuditEvent.countDocuments({ action: "auth.sign_in", actorLabel: "gv.a" })).toBe(2);
  });

  it("answers an unknown account exactly like a wrong password", async () => {
    expect(await signIn({ login: "khong.ton.tai", password: "x", ipAddress: "10.0.0.3" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn({ login: "gv.a", password: "sai", ipAddress: "10.0.0.3" })).toEqual({ ok: false, reason: "invalid" });
    expect(await AuditEvent.countDocuments({ action: "auth.sign_in_failed", ipAddress: "10.0.0.3" })).toBe(2);
  });

  it("throttles an address after 20 failures, locks the account, and lets the owner in from elsewhere after the window", async () => {
    const start = new Date();
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const login = attempt < 5 ? "gv.b" : `doan-mo-${attempt}`;
      const result = await signIn({ login, password: "doan-bua", ipAddress: "203.0.113.9", now: start });
      expect(result.ok).toBe(false);
    }
    const fromAttacker = await signIn({ login: "gv.b", password: PASSWORD, ipAddress: "203.0.113.9", now: start });
    expect(fromAttacker).toMatchObject({ ok: false, reason: "throttled" });
    // The account itself locked after 5 failures: the right password from home waits too …
    const tooEarly = await signIn({ login: "gv.b", password: PASSWORD, ipAddress: "198.51.100.7", now: start });
    expect(tooEarly).toMatchObject({ ok: false, reason: "throttled" });
    // … until the 15-minute window has passed.
    const later = new Date(start.getTime() + 16 * 60_000);
    expect(await signIn({ login: "gv.b", password: PASSWORD, ipAddress: "198.51.100.7", now: later })).toMatchObject({
      ok: true,
    });
    expect(
      await AuditEvent.countDocuments({ action: "auth.sign_in_throttled", ipAddress: "203.0.113.9" }),
    ).toBeGreaterThanOrEqual(1);
    expect(await AuditEvent.countDocuments({ action: "auth.sign_in_failed", ipAddress: "203.0.113.9" })).toBe(20);
  });
});

describe("sessions", () => {
  it("stores only a hash of the session token and resolves the person from the cookie", async () => {
    const user = await User.findOne({ username: "gv.a" }).lean();
    const cookie = await createSession(user!._id, browserRequest());
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = tokenOf(cookie);
    expect(await Session.findById(token).lean()).toBeNull();
    expect(await Session.findById(hashSessionToken(token)).lean()).toMatchObject({
      userAgent: "Chromium test",
      ipAddress: "10.0.0.1",
    });

    const actor = await optionalActor(browserRequest(`khl_session=${token}`));
    expect(actor).toMatchObject({ username: "gv.a", roles: [{ role: "teacher" }] });
    expect(await optionalActor(browserRequest("khl_session=forged-token"))).toBeNull();
  });

  it("signs out everywhere", async () => {
    const user = await User.findOne({ username: "gv.a" }).lean();
    const tokens = await Promise.all([1, 2].map(async () => tokenOf(await createSession(user!._id, browserRequest()))));
    await signOutEverywhere(String(user!._id));
    for (const token of tokens) expect(await optionalActor(browserRequest(`khl_session=${token}`))).toBeNull();
  });

  it("changing the password keeps this device signed in and signs out the others", async () => {
    const user = await User.findOne({ username: "hs.a" }).lean();
    const [current, other] = await Promise.all([1, 2].map(async () => tokenOf(await createSession(user!._id, browserRequest()))));
    const wrong = await changePassword({
      userId: String(user!._id),
      currentSessionId: current!,
      currentPassword: "sai",
      newPassword: "mat-khau-moi-123",
      ipAddress: "x",
    });
    expect(wrong).toEqual({ ok: false, field: "currentPassword", message: "Mật khẩu hiện tại không đúng." });

    const changed = await changePassword({
      userId: String(user!._id),
      currentSessionId: current!,
      currentPassword: PASSWORD,
      newPassword: "mat-khau-moi-123",
      ipAddress: "x",
    });
    expect(changed).toEqual({ ok: true });
    expect(await optionalActor(browserRequest(`khl_session=${current}`))).not.toBeNull();
    expect(await optionalActor(browserRequest(`khl_session=${other}`))).toBeNull();
    expect(await signIn({ login: "hs.a", password: "mat-khau-moi-123", ipAddress: "10.0.0.5" })).toMatchObject({ ok: true });
    expect(await AuditEvent.countDocuments({ action: "auth.password_changed", subjectUserId: user!._id })).toBe(1);
  });
});

describe("a quiz save's recently checked session", () => {
  afterEach(() => vi.useRealTimers());

  const signedIn = async (username: string) => {
    const user = await User.findOne({ username }).lean();
    return { userId: String(user!._id), token: tokenOf(await createSession(user!._id, browserRequest())) };
  };
  const asked = (token: string, freshness: "recent" | "every-request") =>
    optionalActor(browserRequest(`khl_session=${token}`), freshness);

  it("is reused within the window, so a session removed by another process still saves until it ends", async () => {
    const { token } = await signedIn("gv.b");
    expect(await asked(token, "recent")).toMatchObject({ username: "gv.b" });
    await Session.deleteOne({ _id: hashSessionToken(token) }); // as another web process signing it out would

    expect(await asked(token, "recent")).toMatchObject({ username: "gv.b" });
    expect(await asked(token, "every-request")).toBeNull();
    expect(await asked(token, "recent")).toBeNull();
  });

  it("is refreshed by every check, so a page or the start spares the first save its reads", async () => {
    const { token } = await signedIn("gv.b");
    expect(await asked(token, "every-request")).toMatchObject({ username: "gv.b" });
    const reads = vi.spyOn(Session, "findById");
    expect(await asked(token, "recent")).toMatchObject({ username: "gv.b" });
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
  });

  it("is checked again once the window has passed", async () => {
    const { token } = await signedIn("gv.b");
    vi.useFakeTimers({ toFake: ["Date"] });
    expect(await asked(token, "recent")).not.toBeNull();
    await Session.deleteOne({ _id: hashSessionToken(token) });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await asked(token, "recent")).toBeNull();
  });

  it("is checked again with the session and the person read together, and refuses an account disabled since", async () => {
    const { token, userId } = await signedIn("gv.b");
    vi.useFakeTimers({ toFake: ["Date"] });
    expect(await asked(token, "recent")).not.toBeNull();
    vi.setSystemTime(Date.now() + 61_000);

    const readSession = Session.findById.bind(Session);
    const personReads = vi.spyOn(User, "findOne");
    let personReadBeforeSessionArrived = false;
    const sessionReads = vi.spyOn(Session, "findById").mockImplementation(((id: string) => ({
      lean: async () => {
        const session = await readSession(id).lean();
        personReadBeforeSessionArrived = personReads.mock.calls.length > 0;
        return session;
      },
    })) as unknown as typeof Session.findById);
    expect(await asked(token, "recent")).toMatchObject({ username: "gv.b" });
    expect(personReadBeforeSessionArrived).toBe(true);
    expect(personReads).toHaveBeenCalledTimes(1);
    sessionReads.mockRestore();
    personReads.mockRestore();

    await User.updateOne({ _id: userId }, { $set: { disabledAt: new Date() } });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(await asked(token, "recent")).toBeNull();
    } finally {
      await User.updateOne({ _id: userId }, { $set: { disabledAt: null } });
    }
  });

  it("is forgotten at once when this process ends the session in any way", async () => {
    const ended: ((session: { userId: string; token: string }, keep: string) => Promise<unknown>)[] = [
      ({ token }) => signOut(token),
      ({ userId }) => signOutEverywhere(userId),
      ({ userId }, keep) => signOutOtherSessions(userId, keep),
      ({ userId, token }) => revokeSessionById(userId, hashSessionToken(token)),
    ];
    for (const end of ended) {
      const session = await signedIn("gv.b");
      const kept = await signedIn("gv.b");
      expect(await asked(session.token, "recent")).not.toBeNull();
      await end(session, kept.token);
      expect(await asked(session.token, "recent")).toBeNull();
    }
  });
});

describe("permission-filtered queries", () => {
  it("a school administrator's query returns only people of that school", async () => {
    const admin = await User.findOne({ username: "admin.a" }).lean();
    const token = tokenOf(await createSession(admin!._id, browserRequest()));
    const actor = await optionalActor(browserRequest(`khl_session=${token}`));
    const visible = await User.find(accessibleBy(defineAbilityFor(actor), "read").ofType("User")).lean();
    expect(visible.map((user) => user.username).sort()).toEqual(["admin.a", "gv.a", "hs.a"]);
  });

  it("a teacher's query returns only their own account", async () => {
    const teacher = await User.findOne({ username: "gv.b" }).lean();
    const token = tokenOf(await createSession(teacher!._id, browserRequest()));
    const actor = await optionalActor(browserRequest(`khl_session=${token}`));
    const visible = await User.find(accessibleBy(defineAbilityFor(actor), "read").ofType("User")).lean();
    expect(visible.map((user) => user.username)).toEqual(["gv.b"]);
  });
});
