import { randomBytes } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { Types } from "mongoose";
import type { TOKEN_SCOPES } from "#content-schemas/auth";
import { AccessToken } from "#models/access-token";
import { User, USER_PROFILE_FIELDS, type UserProfile } from "#models/user";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { connectDatabase } from "~/services/db.server";
import type { Actor } from "./session.server";

export type TokenScope = (typeof TOKEN_SCOPES)[number];
const TOKEN_PREFIX = "khl_";

/**
 * How a token's record is found: by the SHA-256 of its secret, whose first 12 bytes are also the record's `_id`. The
 * embedded database finds a document by `_id` through its index but reads the whole collection for any other field
 * (docs/mongodb-compatibility.md), and a bearer token is looked up on every API call.
 */
export function tokenRecordKey(token: string) {
  const tokenHash = encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
  return { _id: recordIdOf(tokenHash), tokenHash };
}

const recordIdOf = (tokenHash: string) => new Types.ObjectId(tokenHash.slice(0, 24));

/** Creates a token and returns its secret, the only time it is ever shown. */
export async function createAccessToken(
  actor: Actor,
  input: { name: string; scopes: TokenScope[]; lifetimeDays: number },
  ipAddress: string,
) {
  const token = `${TOKEN_PREFIX}${encodeBase32LowerCaseNoPadding(randomBytes(25))}`;
  await AccessToken.create({
    ...tokenRecordKey(token),
    userId: new Types.ObjectId(actor.id),
    name: input.name,
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    scopes: input.scopes,
    expiresAt: new Date(Date.now() + input.lifetimeDays * 24 * 60 * 60_000),
  });
  await recordAuditEvent({
    action: "auth.token_created",
    actorId: actor.id,
    actorLabel: actor.username,
    organisationPath: actor.organisationPath,
    ipAddress,
    details: { name: input.name, scopes: input.scopes },
  });
  return token;
}

export async function listAccessTokens(userId: string) {
  const tokens = await AccessToken.find({ userId: new Types.ObjectId(userId), revokedAt: null })
    .sort({ createdAt: -1 })
    .lean();
  return tokens.map((token) => ({
    id: String(token._id),
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
    expired: token.expiresAt <= new Date(),
  }));
}

export async function revokeAccessToken(actor: Actor, tokenId: string, ipAddress: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(tokenId)) return false;
  const result = await AccessToken.updateOne(
    { _id: new Types.ObjectId(tokenId), userId: new Types.ObjectId(actor.id), revokedAt: null },
    { $set: { revokedAt: new Date() } },
  );
  recentTokenChecks.delete(tokenId);
  if (result.modifiedCount === 1) {
    await recordAuditEvent({
      action: "auth.token_revoked",
      actorId: actor.id,
      actorLabel: actor.username,
      organisationPath: actor.organisationPath,
      ipAddress,
    });
  }
  return result.modifiedCount === 1;
}

const LAST_USED_PRECISION_MS = 60_000;

export interface TokenCheck {
  /** The token's owner, as a session check gives them. */
  profile: UserProfile;
  scopes: TokenScope[];
}

/** Bounds the memory of remembered checks: one entry per app on a student's phone in a sitting, oldest dropped first. */
const MAX_REMEMBERED_TOKEN_CHECKS = 50_000;
const recentTokenChecks = new Map<string, { checkedAt: number; tokenHash: string; expiresAt: Date; check: TokenCheck }>();

/**
 * The owner and scopes of a valid bearer token; null for an unknown, expired or revoked token or a disabled owner.
 * Like a session's (`validateSessionCheckedRecently`), a check this process made within `maxAgeSeconds` is reused —
 * only for a quiz's answer saves, which touch nothing but the student's own attempt: a token revoked by this process
 * is forgotten at once, one revoked through another process still saves for at most that long. lastUsedAt is written
 * at most once a minute so busy integrations do not write on every call.
 */
export async function checkToken(authorization: string | null, maxAgeSeconds = 0): Promise<TokenCheck | null> {
  const token = /^Bearer\s+(khl_[a-z2-7]+)$/.exec(authorization ?? "")?.[1];
  if (!token) return null;
  const key = tokenRecordKey(token);
  const recordId = String(key._id);
  const now = new Date();
  const remembered = recentTokenChecks.get(recordId);
  if (
    remembered?.tokenHash === key.tokenHash &&
    now.getTime() - remembered.checkedAt < maxAgeSeconds * 1000 &&
    remembered.expiresAt > now
  )
    return remembered.check;
  recentTokenChecks.delete(recordId);

  await connectDatabase();
  const record = await AccessToken.findOne({ ...key, revokedAt: null, expiresAt: { $gt: now } }).lean();
  if (!record) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await AccessToken.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } });
  }
  const profile: UserProfile | null = await User.findOne({ _id: record.userId, disabledAt: null }, USER_PROFILE_FIELDS).lean();
  if (!profile) return null;
  const check = { profile, scopes: record.scopes as TokenScope[] };
  if (recentTokenChecks.size >= MAX_REMEMBERED_TOKEN_CHECKS) {
    const oldest = recentTokenChecks.keys().next().value;
    if (oldest !== undefined) recentTokenChecks.delete(oldest);
  }
  recentTokenChecks.set(recordId, { checkedAt: now.getTime(), tokenHash: key.tokenHash, expiresAt: record.expiresAt, check });
  return check;
}

/** Marks a record being moved to its key: the hash must be free for the new record before the old one goes. */
const MOVING = "moving:";

/**
 * Gives tokens created before records were keyed by their hash the `_id` they would have now (run at worker start;
 * a no-op once done). Crash-safe: a record is first marked as moving (freeing the unique hash), then written under
 * its key, then the old one removed; a run finds marked records and finishes them. A revocation that reaches the old
 * record meanwhile is carried over. Returns how many moved.
 */
export async function rekeyAccessTokens(): Promise<number> {
  const records = await AccessToken.find({}, { _id: 1, tokenHash: 1 }).lean();
  let moved = 0;
  for (const { _id: oldId, tokenHash: storedHash } of records) {
    const tokenHash = storedHash.replace(MOVING, "");
    const _id = recordIdOf(tokenHash);
    if (oldId.equals(_id)) continue;
    // Read as marked: whatever the owner changed before this point comes along.
    const marked = await AccessToken.findOneAndUpdate(
      { _id: oldId },
      { $set: { tokenHash: MOVING + tokenHash } },
      { new: true },
    ).lean();
    if (!marked) continue;
    await AccessToken.collection.updateOne({ _id }, { $setOnInsert: { ...marked, _id, tokenHash } }, { upsert: true });
    const removed = await AccessToken.findOneAndDelete({ _id: oldId }).lean();
    if (removed?.revokedAt) await AccessToken.updateOne({ _id, revokedAt: null }, { $set: { revokedAt: removed.revokedAt } });
    moved++;
  }
  return moved;
}
