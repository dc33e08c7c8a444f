import { beforeAll, describe, expect, it } from "vitest";
import { isSameOriginMutation } from "./request.server";

beforeAll(() => {
  Object.assign(process.env, {
    APP_URL: "https://hoclieu.example.edu.vn",
    MONGODB_URI: "mongodb://127.0.0.1/x",
    MEILI_URL: "http://127.0.0.1:7700",
    S3_ACCESS_KEY_ID: "key",
    S3_SECRET_ACCESS_KEY: "secret-key",
    SESSION_SECRET: "s".repeat(32),
  });
});

const post = (headers: Record<string, string>) => new Request("http://127.0.0.1:3000/logout", { method: "POST", headers });

describe("isSameOriginMutation (CSRF)", () => {
  it("accepts reads from anywhere", () => {
    expect(isSameOriginMutation(new Request("http://127.0.0.1:3000/", { headers: { origin: "https://evil.example" } }))).toBe(
      true,
    );
  });

  it("accepts a form posted from the site's own pages", () => {
    expect(isSameOriginMutation(post({ origin: "https://hoclieu.example.edu.vn" }))).toBe(true);
    expect(isSameOriginMutation(post({ origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(isSameOriginMutation(post({ referer: "https://hoclieu.example.edu.vn/account" }))).toBe(true);
  });

  it("rejects a post from another site, or with no origin at all", () => {
    expect(isSameOriginMutation(post({ origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginMutation(post({ origin: "null" }))).toBe(false);
    expect(isSameOriginMutation(post({}))).toBe(false);
  });
});
