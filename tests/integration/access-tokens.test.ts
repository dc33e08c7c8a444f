import { beforeAll, describe, expect, it, vi } from "vitest";
import { AccessToken } from "#models/access-token";
import { Types } from "mongoose";
import { createAccessToken, rekeyAccessTokens, revokeAccessToken, tokenRecordKey } from "~/auth/access-tokens.server";
import { optionalActor, requireApiActor, type Actor } from "~/auth/session.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { upsertUser } from "~/domain/people/upsert-user.server";

let actor: Actor;

beforeAll(async () => {
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-T", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-T", name: "Phòng", type: "district", parentCode: "SGD-T" });
  await upsertOrganisation({ code: "TRUONG-T", name: "Trường", type: "school", parentCode: "PGD-T" });
  const id = await upsertUser({
    username: "gv.api",
    fullName: "GV API",
    organisationCode: "TRUONG-T",
    roles: [{ role: "teacher", organisationCode: "TRUONG-T" }],
    initialPassword: "p".repeat(12),
    mustChangePassword: false,
  });
  actor = {
    id: String(id),
    username: "gv.api",
    fullName: "GV API",
    email: null,
    organisationId: "",
    organisationPath: [],
    roles: [],
    mustChangePassword: false,
    twoFactorEnabled: false,
    sessionId: "",
  };
});

const apiRequest = (token: string, method = "GET") =>
  new Request("http://127.0.0.1:3000/api/v1/me", { method, headers: { authorization: `Bearer ${token}` } });

async function statusOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as Response).status;
  }
}

describe("personal access tokens", () => {
  it("authenticate API calls, are stored hashed, and never count as a browser session", async () => {
    const token = await createAccessToken(actor, { name: "Phần mềm quản lý trường", scopes: ["read"], lifetimeDays: 30 }, "x");
    expect(token).toMatch(/^khl_[a-z2-7]{40}$/);
    expect(await AccessToken.findOne({ tokenHash: token }).lean()).toBeNull();
    // Keyed by the hash, so each call finds it through the `_id` index, even on the embedded database.
    const { _id, tokenHash } = tokenRecordKey(token);
    expect(await AccessToken.findById(_id).lean()).toMatchObject({ tokenHash, name: "Phần mềm quản lý trường" });
    expect(await requireApiActor(apiRequest(token))).toMatchObject({ username: "gv.api" });
    expect(await optionalActor(apiRequest(token))).toBeNull();
    expect((await AccessToken.findOne({ name: "Phần mềm quản lý trường" }).lean())?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("need the write scope to change data", async () => {
    const readOnly = await createAccessToken(actor, { name: "Chỉ đọc", scopes: ["read"], lifetimeDays: 30 }, "x");
    const readWrite = await createAccessToken(actor, { name: "Đọc ghi", scopes: ["read", "write"], lifetimeDays: 30 }, "x");
    expect(await statusOf(requireApiActor(apiRequest(readOnly, "POST")))).toBe(403);
    expect(await statusOf(requireApiActor(apiRequest(readWrite, "POST")))).toBe(200);
  });

  it("stop working when revoked or expired, and a forged token gets 401", async () => {
    const token = await createAccessToken(actor, { name: "Thu hồi", scopes: ["read"], lifetimeDays: 30 }, "x");
    const record = await AccessToken.findOne({ name: "Thu hồi" }).lean();
    expect(await revokeAccessToken({ ...actor, id: "0".repeat(24) }, String(record!._id), "x")).toBe(false);
    expect(await revokeAccessToken(actor, String(record!._id), "x")).toBe(true);
    expect(await statusOf(requireApiActor(apiRequest(token)))).toBe(401);

    const expiring = await createAccessToken(actor, { name: "Hết hạn", scopes: ["read"], lifetimeDays: 30 }, "x");
    await AccessToken.updateOne({ name: "Hết hạn" }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await statusOf(requireApiActor(apiRequest(expiring)))).toBe(401);
    expect(await statusOf(requireApiActor(apiRequest("khl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")))).toBe(401);
  });
});

describe("a quiz app's answer saves with a token", () => {
  it("reuse this process's check of the token for a while, and a token revoked here stops at once", async () => {
    const token = await createAccessToken(actor, { name: "Ứng dụng làm bài", scopes: ["read", "write"], lifetimeDays: 30 }, "x");
    const lookups = vi.spyOn(AccessToken, "findOne");
    try {
      for (let save = 0; save < 3; save++)
        expect(await requireApiActor(apiRequest(token, "PUT"), "recent")).toMatchObject({ username: "gv.api" });
      expect(lookups).toHaveBeenCalledTimes(1);
      // Any other request checks the token again.
      await requireApiActor(apiRequest(token, "PUT"));
      expect(lookups).toHaveBeenCalledTimes(2);
    } finally {
      lookups.mockRestore();
    }
    expect(await revokeAccessToken(actor, String(tokenRecordKey(token)._id), "x")).toBe(true);
    expect(await statusOf(requireApiActor(apiRequest(token, "PUT"), "recent"))).toBe(401);
  });
});

describe("tokens made before records were keyed by their hash", () => {
  it("are moved to their key at worker start, revoked ones staying revoked, a move cut short finished", async () => {
    const made = async (name: string) => {
      const token = await createAccessToken(actor, { name, scopes: ["read"], lifetimeDays: 30 }, "x");
      const record = (await AccessToken.findById(tokenRecordKey(token)._id).lean())!;
      return { token, record };
    };
    // As an older version stored them: under an id of their own.
    const old = await made("Trước khi đổi khoá");
    const revoked = await made("Đã thu hồi");
    const cutShort = await made("Đang chuyển dở");
    await AccessToken.deleteMany({ _id: { $in: [old.record._id, revoked.record._id, cutShort.record._id] } });
    await AccessToken.insertMany([
      { ...old.record, _id: new Types.ObjectId() },
      { ...revoked.record, _id: new Types.ObjectId(), revokedAt: new Date() },
      // A worker stopped after marking it as moving.
      { ...cutShort.record, _id: new Types.ObjectId(), tokenHash: `moving:${cutShort.record.tokenHash}` },
    ]);
    // A worker stopped after writing the record under its key; the owner then revoked the old one, still listed.
    const revokedMeanwhile = await made("Thu hồi giữa chừng");
    await AccessToken.create({
      ...revokedMeanwhile.record,
      _id: new Types.ObjectId(),
      tokenHash: `moving:${revokedMeanwhile.record.tokenHash}`,
      revokedAt: new Date(),
    });
    expect(await statusOf(requireApiActor(apiRequest(old.token)))).toBe(401);
    const before = await AccessToken.countDocuments();

    expect(await rekeyAccessTokens()).toBe(4);
    expect(await statusOf(requireApiActor(apiRequest(revokedMeanwhile.token)))).toBe(401);
    expect(await statusOf(requireApiActor(apiRequest(old.token)))).toBe(200);
    expect(await statusOf(requireApiActor(apiRequest(cutShort.token)))).toBe(200);
    expect(await statusOf(requireApiActor(apiRequest(revoked.token)))).toBe(401);
    expect(await AccessToken.findById(tokenRecordKey(revoked.token)._id).lean()).toMatchObject({ revokedAt: expect.any(Date) });
    expect(await AccessToken.countDocuments()).toBe(before - 1);
    expect(await rekeyAccessTokens()).toBe(0);
  });
});
