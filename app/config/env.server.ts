import { z } from "zod";

const booleanFromString = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

/**
 * Every setting the web and worker processes read, validated once at start.
 * Documented in .env.example and README; `npm run up` fills in the embedded services.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z.url().default("http://127.0.0.1:3000"),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, "phải bắt đầu bằng mongodb:// hoặc mongodb+srv://"),
  MEILI_URL: z.url(),
  MEILI_MASTER_KEY: z.string().min(16, "cần ít nhất 16 ký tự").optional(),
  SEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/, "chỉ gồm chữ thường, số và _")
    .default(""),
  S3_ENDPOINT: z.url().optional(),
  /** Storage address browsers reach (uploads and media go straight there); defaults to S3_ENDPOINT. */
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(3),
  S3_SECRET_ACCESS_KEY: z.string().min(8),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "tên bucket S3 không hợp lệ")
    .default("kho-hoc-lieu"),
  S3_FORCE_PATH_STYLE: booleanFromString.default(true),
  SESSION_SECRET: z.string().min(32, "cần ít nhất 32 ký tự ngẫu nhiên"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Administrators must sign in with a one-time code as well (turn off only for a closed demo). */
  REQUIRE_ADMIN_TWO_FACTOR: booleanFromString.default(true),
  /** Behind a reverse proxy (nginx), trust X-Forwarded-For for the client address. */
  TRUST_PROXY: booleanFromString.default(false),
  /**
   * A quiz's answer saves accept a session this web process checked within this many seconds (one database
   * check per student per interval instead of two reads per save); 0 checks every save.
   */
  SESSION_RECHECK_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
  /**
   * How long the web server keeps an idle connection open. Browsers on the quiz page save every few seconds: Node's
   * 5 s made most saves open a new connection, and a client sending on a connection just closed got a reset. Behind a
   * proxy, keep it above the proxy's own idle timeout (nginx's `keepalive_timeout`, a load balancer's 60 s).
   */
  HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(1).max(600).default(65),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
});

export type Env = z.infer<typeof envSchema>;

const SECRET_KEYS = ["MONGODB_URI", "MEILI_MASTER_KEY", "S3_SECRET_ACCESS_KEY", "SESSION_SECRET"] as const;

export class InvalidConfigurationError extends Error {
  override name = "InvalidConfigurationError";
}

/** Parses the given variables; the message names each wrong variable but never echoes a secret's value. */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join(".");
    const message = issue.code === "invalid_type" && source[key] === undefined ? "chưa được đặt" : issue.message;
    return `  - ${key}: ${message}`;
  });
  throw new InvalidConfigurationError(`Cấu hình không hợp lệ (xem .env.example):\n${problems.join("\n")}`);
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The configuration with secrets masked, safe to log. */
export function describeEnv(env: Env): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...env };
  for (const key of SECRET_KEYS) {
    if (copy[key] !== undefined) copy[key] = "••••";
  }
  return copy;
}
