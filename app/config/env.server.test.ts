import { describe, expect, it } from "vitest";
import { describeEnv, InvalidConfigurationError, parseEnv } from "./env.server";

const VALID = {
  MONGODB_URI: "mongodb://user:p4ss@127.0.0.1:27017/khl",
  MEILI_URL: "http://127.0.0.1:7700",
  MEILI_MASTER_KEY: "a-master-key-of-32-characters-xx",
  S3_ENDPOINT: "http://127.0.0.1:9000",
  S3_ACCESS_KEY_ID: "khladmin",
  S3_SECRET_ACCESS_KEY: "super-secret-value",
  SESSION_SECRET: "s".repeat(32),
};

describe("parseEnv", () => {
  it("fills defaults and converts types", () => {
    const env = parseEnv({ ...VALID, WORKER_CONCURRENCY: "8", S3_FORCE_PATH_STYLE: "false" });
    expect(env).toMatchObject({
      NODE_ENV: "development",
      S3_BUCKET: "kho-hoc-lieu",
      WORKER_CONCURRENCY: 8,
      S3_FORCE_PATH_STYLE: false,
      HTTP_KEEP_ALIVE_SECONDS: 65,
    });
    expect(parseEnv({ ...VALID, HTTP_KEEP_ALIVE_SECONDS: "120" }).HTTP_KEEP_ALIVE_SECONDS).toBe(120);
    expect(() => parseEnv({ ...VALID, HTTP_KEEP_ALIVE_SECONDS: "0" })).toThrow(/HTTP_KEEP_ALIVE_SECONDS/);
  });

  it("names every missing or wrong variable in Vietnamese", () => {
    const attempt = () => parseEnv({ ...VALID, MONGODB_URI: "postgres://x", SESSION_SECRET: "short", MEILI_URL: undefined });
    expect(attempt).toThrow(InvalidConfigurationError);
    expect(attempt).toThrow(/MONGODB_URI: phải bắt đầu bằng mongodb:\/\//);
    expect(attempt).toThrow(/SESSION_SECRET: cần ít nhất 32 ký tự/);
    expect(attempt).toThrow(/MEILI_URL: chưa được đặt/);
  });

  it("never echoes a secret in its error message", () => {
    try {
      parseEnv({ ...VALID, SESSION_SECRET: "tiny-secret" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain("tiny-secret");
    }
  });

  it("masks secrets when the configuration is logged", () => {
    const described = JSON.stringify(describeEnv(parseEnv(VALID)));
    for (const secret of [VALID.MONGODB_URI, VALID.MEILI_MASTER_KEY, VALID.S3_SECRET_ACCESS_KEY, VALID.SESSION_SECRET]) {
      expect(described).not.toContain(secret);
    }
    expect(described).toContain("http://127.0.0.1:7700");
  });
});
