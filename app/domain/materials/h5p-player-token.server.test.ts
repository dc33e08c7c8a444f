import { createHmac, hkdfSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { seal } from "~/utils/secret-box.server";
import { issueH5pPlayerToken, readH5pPlayerToken } from "./h5p-player-token.server";

const SECRET = "s".repeat(32);

beforeAll(() => {
  Object.assign(process.env, {
    APP_URL: "https://hoclieu.example.edu.vn",
    MONGODB_URI: "mongodb://127.0.0.1/x",
    MEILI_URL: "http://127.0.0.1:7700",
    S3_ACCESS_KEY_ID: "key",
    S3_SECRET_ACCESS_KEY: "secret-key",
    SESSION_SECRET: SECRET,
  });
});

const GRANT = {
  materialId: "6650a1b2c3d4e5f601234567",
  version: 3,
  h5pPrefix: "orgs/6650a1b2c3d4e5f6aaaaaaaa/materials/6650a1b2c3d4e5f601234567/v3/h5p",
  userId: "6650a1b2c3d4e5f6bbbbbbbb",
};
const NOW = Date.UTC(2025, 8, 5, 10, 20);
const HOUR = 60 * 60 * 1000;

/** Signs a payload the way the module does, with the key of any purpose. */
function forge(payload: unknown, purpose = "h5p-player-token") {
  const key = Buffer.from(hkdfSync("sha256", SECRET, "kho-hoc-lieu", purpose, 32));
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

describe("H5P player tokens", () => {
  it("round-trips the grant and is safe in a URL path segment", () => {
    const token = issueH5pPlayerToken(GRANT, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThan(300);
    expect(readH5pPlayerToken(token, NOW)).toEqual(GRANT);
  });

  it("drops a trailing slash of the prefix", () => {
    const token = issueH5pPlayerToken({ ...GRANT, h5pPrefix: `${GRANT.h5pPrefix}/` }, NOW);
    expect(readH5pPlayerToken(token, NOW)?.h5pPrefix).toBe(GRANT.h5pPrefix);
  });

  it("is the same for the same grant within an hour, so player URLs stay cacheable", () => {
    const first = issueH5pPlayerToken(GRANT, NOW);
    expect(issueH5pPlayerToken(GRANT, NOW + 30 * 60 * 1000)).toBe(first);
    expect(issueH5pPlayerToken(GRANT, NOW + HOUR)).not.toBe(first);
    expect(issueH5pPlayerToken({ ...GRANT, userId: "someone-else" }, NOW)).not.toBe(first);
  });

  it("expires between 6 and 7 hours after it is issued", () => {
    const token = issueH5pPlayerToken(GRANT, NOW);
    expect(readH5pPlayerToken(token, NOW + 6 * HOUR)).toEqual(GRANT);
    expect(readH5pPlayerToken(token, NOW + 7 * HOUR)).toBeNull();
    // Issued at the very end of an hour: still at least 6 hours.
    const late = Date.UTC(2025, 8, 5, 10, 59, 59);
    expect(readH5pPlayerToken(issueH5pPlayerToken(GRANT, late), late + 6 * HOUR)).toEqual(GRANT);
  });

  it("rejects tampered tokens", () => {
    const token = issueH5pPlayerToken(GRANT, NOW);
    const [body = "", signature = ""] = token.split(".");
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
    const otherPrefix = Buffer.from(JSON.stringify({ ...payload, p: "orgs/other/materials/x/v1/h5p" })).toString("base64url");
    const longer = Buffer.from(JSON.stringify({ ...payload, e: Number(payload.e) + 3600 * 24 * 365 })).toString("base64url");
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === "A" ? "B" : "A"}${signature.at(-1)}`;
    for (const bad of [
      `${otherPrefix}.${signature}`,
      `${longer}.${signature}`,
      `${body}.${flipped}`,
      `${body}.${signature}!`,
      `${body}.${signature}.x`,
      `${body}.`,
      body,
      "",
      "x".repeat(5000),
    ]) {
      expect(readH5pPlayerToken(bad, NOW), bad).toBeNull();
    }
  });

  it("rejects values signed or sealed for another purpose, or with the wrong shape", () => {
    const payload = { m: GRANT.materialId, v: GRANT.version, p: GRANT.h5pPrefix, u: GRANT.userId, e: NOW / 1000 + 3600 };
    // The forging helper itself is right: with this module's purpose it makes a valid token.
    expect(readH5pPlayerToken(forge(payload), NOW)).toEqual(GRANT);
    expect(readH5pPlayerToken(forge(payload, "download-token"), NOW)).toBeNull();
    expect(readH5pPlayerToken(seal("h5p-player-token", JSON.stringify(payload)), NOW)).toBeNull();
    expect(readH5pPlayerToken(forge({ ...payload, v: "3" }), NOW)).toBeNull();
    expect(readH5pPlayerToken(forge({ ...payload, p: "" }), NOW)).toBeNull();
    expect(readH5pPlayerToken(forge([payload]), NOW)).toBeNull();
  });
});
