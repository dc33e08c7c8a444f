import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getEnv } from "~/config/env.server";

/**
 * Capability tokens for the sandboxed H5P player (`/h5p/<token>/play` and `/h5p/<token>/content/*`).
 *
 * The player runs in an opaque-origin sandbox, so its requests carry no session cookie: the token in the
 * URL is what lets them read one extracted package, for a few hours.
 *
 * An HMAC rather than `seal` (AES-GCM): nothing in the payload is secret (ids and a storage prefix the
 * token opens anyway), and an HMAC is deterministic. With the expiry rounded up to the next hour, the
 * same viewer gets the same URLs for an hour, so the browser cache reuses the H5P libraries and a
 * revalidation of the page does not reload (and reset) the player. `seal` uses a random IV, so every
 * page view would get new URLs. The key is derived from SESSION_SECRET for this purpose only, so no
 * other signed or sealed value of the app is accepted here.
 */
const PURPOSE = "h5p-player-token";
const HOUR_SECONDS = 60 * 60;
/** Tokens live between 6 and 7 hours: 6 hours after the start of the next hour. */
const LIFETIME_HOURS = 6;

export interface H5pPlayerGrant {
  materialId: string;
  version: number;
  /** Storage key prefix of the extracted package, without a trailing slash. */
  h5pPrefix: string;
  /** Who the token was issued to (for tracing; the player's requests carry no session). */
  userId: string;
}

const payloadSchema = z.object({
  m: z.string().min(1),
  v: z.number().int().positive(),
  p: z.string().min(1),
  u: z.string().min(1),
  e: z.number().int().positive(),
});

let cachedKey: { secret: string; key: Buffer } | undefined;

function key(): Buffer {
  const secret = getEnv().SESSION_SECRET;
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "kho-hoc-lieu", PURPOSE, 32)) };
  }
  return cachedKey.key;
}

const mac = (payload: string) => createHmac("sha256", key()).update(payload).digest();

/**
 * A URL-safe token (`<base64url JSON>.<base64url HMAC-SHA256>`) granting read access to one extracted
 * H5P package for 6 to 7 hours. Issue it only after checking that the viewer may read the version.
 */
export function issueH5pPlayerToken(grant: H5pPlayerGrant, now: number = Date.now()): string {
  const expires = (Math.floor(now / 1000 / HOUR_SECONDS) + 1 + LIFETIME_HOURS) * HOUR_SECONDS;
  const payload = payloadSchema.parse({
    m: grant.materialId,
    v: grant.version,
    p: grant.h5pPrefix.replace(/\/+$/, ""),
    u: grant.userId,
    e: expires,
  });
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(body).toString("base64url")}`;
}

/** The grant a token carries, or null when it is malformed, forged, altered or expired. */
export function readH5pPlayerToken(token: string, now: number = Date.now()): H5pPlayerGrant | null {
  if (token.length > 2048) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [body = "", signature = ""] = parts;
  // Compared as text: Node's base64url decoder skips stray characters, so decoding would accept variants.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(body).toString("base64url"));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.e * 1000 <= now) return null;
  return { materialId: parsed.data.m, version: parsed.data.v, h5pPrefix: parsed.data.p, userId: parsed.data.u };
}
