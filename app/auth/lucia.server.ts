// The only module that knows Lucia. Everything else asks app/auth/session.server.ts,
// so Lucia v3 can later be swapped for Lucia's own session recipe without touching features.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { Types } from "mongoose";
import { Session } from "#models/session";
import { User, USER_PROFILE_FIELDS, type UserProfile } from "#models/user";
import { getEnv } from "~/config/env.server";
import { connectDatabase, deleteInBatches } from "~/services/db.server";

export const SESSION_COOKIE = "khl_session";
/** Idle sessions end after 14 days; an active one is extended whenever half of that has passed. */
export const SESSION_LIFETIME_DAYS = 14;

/** Sessions are stored under the SHA-256 of their token: a leaked collection holds no usable token. */
export const hashSessionToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

function toDatabaseSession(
  session: { _id: string; userId: Types.ObjectId; expiresAt: Date; userAgent?: string; ipAddress?: string; createdAt?: Date },
  id: string,
): DatabaseSession {
  return {
    id,
    userId: String(session.userId),
    expiresAt: session.expiresAt,
    attributes: {
      userAgent: session.userAgent ?? "",
      ipAddress: session.ipAddress ?? "",
      createdAt: session.createdAt ?? new Date(),
    },
  };
}

function activeProfile(userId: Types.ObjectId | string): Promise<UserProfile | null> {
  return User.findOne({ _id: userId, disabledAt: null }, USER_PROFILE_FIELDS).lean<UserProfile>();
}

const mongooseAdapter: Adapter = {
  async getSessionAndUser(token) {
    await connectDatabase();
    const storedId = hashSessionToken(token);
    // Checked before, the session's owner is known: both reads go out together, so a quiz save's periodic re-check
    // waits for one database round trip instead of two. A session never changes owner; compared all the same.
    const knownOwner = recentSessionChecks.get(storedId)?.check.user.id;
    const [session, knownOwnerProfile] = await Promise.all([
      Session.findById(storedId).lean(),
      knownOwner ? activeProfile(knownOwner) : null,
    ]);
    if (!session) return [null, null];
    // The profile comes along with the session check, so a request needs no second read to know who is asking.
    const profile = knownOwner === String(session.userId) ? knownOwnerProfile : await activeProfile(session.userId);
    if (!profile) return [null, null];
    const databaseUser: DatabaseUser = { id: String(profile._id), attributes: { profile } };
    return [toDatabaseSession(session, token), databaseUser];
  },
  async getUserSessions(userId) {
    await connectDatabase();
    const sessions = await Session.find({ userId: new Types.ObjectId(userId) }).lean();
    // The token is not stored; listed sessions carry their hash as id and are revoked by it (revokeSessionById).
    return sessions.map((session) => toDatabaseSession(session, session._id));
  },
  async setSession(session) {
    await connectDatabase();
    await Session.create({
      _id: hashSessionToken(session.id),
      userId: new Types.ObjectId(session.userId),
      expiresAt: session.expiresAt,
      userAgent: session.attributes.userAgent,
      ipAddress: session.attributes.ipAddress,
      createdAt: session.attributes.createdAt,
    });
  },
  async updateSessionExpiration(token, expiresAt) {
    await Session.updateOne({ _id: hashSessionToken(token) }, { $set: { expiresAt } });
  },
  async deleteSession(token) {
    forgetCheckedSession(hashSessionToken(token));
    await Session.deleteOne({ _id: hashSessionToken(token) });
  },
  async deleteUserSessions(userId) {
    forgetCheckedSessionsOf(userId);
    await Session.deleteMany({ userId: new Types.ObjectId(userId) });
  },
  async deleteExpiredSessions() {
    await deleteInBatches(Session.collection, { expiresAt: { $lte: new Date() } });
  },
};

let lucia: Lucia<SessionAttributes, UserAttributes> | undefined;

export function getLucia() {
  lucia ??= new Lucia(mongooseAdapter, {
    sessionExpiresIn: new TimeSpan(SESSION_LIFETIME_DAYS, "d"),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      // Secure whenever the site is served over HTTPS; a school LAN on plain HTTP still works.
      attributes: { sameSite: "lax", secure: getEnv().APP_URL.startsWith("https://"), path: "/" },
    },
    getSessionAttributes: (attributes) => attributes,
    getUserAttributes: (attributes) => attributes,
  });
  return lucia;
}

interface SessionAttributes {
  userAgent: string;
  ipAddress: string;
  createdAt: Date;
}

interface UserAttributes {
  profile: UserProfile;
}

declare module "lucia" {
  interface Register {
    Lucia: Lucia<SessionAttributes, UserAttributes>;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: UserAttributes;
  }
}

/** Removes one of a person's sessions by its stored id (the hash), e.g. from the "devices" page. */
export async function revokeSessionById(userId: string, storedId: string) {
  forgetCheckedSession(storedId);
  const result = await Session.deleteOne({ _id: storedId, userId: new Types.ObjectId(userId) });
  return result.deletedCount === 1;
}

/** Ends every session of a person except the given one (after a password change). */
export async function signOutOtherSessions(userId: string, keepToken: string) {
  forgetCheckedSessionsOf(userId);
  await Session.deleteMany({ userId: new Types.ObjectId(userId), _id: { $ne: hashSessionToken(keepToken) } });
}

export async function signOut(token: string) {
  await getLucia().invalidateSession(token);
}

export async function signOutEverywhere(userId: string) {
  await getLucia().invalidateUserSessions(userId);
}

/** A person's signed-in devices, newest first; `current` marks the one making the request. */
export async function listSessions(userId: string, currentToken: string) {
  const currentId = hashSessionToken(currentToken);
  const sessions = await Session.find({ userId: new Types.ObjectId(userId), expiresAt: { $gt: new Date() } })
    .sort({ createdAt: -1 })
    .lean();
  return sessions.map((session) => ({
    id: session._id,
    userAgent: session.userAgent,
    ipAddress: session.ipAddress,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    current: session._id === currentId,
  }));
}

type SessionCheck = Awaited<ReturnType<Lucia["validateSession"]>>;
type ValidSessionCheck = Extract<SessionCheck, { session: object }>;

/** Bounds the memory of remembered checks: one entry per student in a sitting, the oldest dropped first. */
const MAX_REMEMBERED_SESSION_CHECKS = 50_000;
const recentSessionChecks = new Map<string, { checkedAt: number; check: ValidSessionCheck }>();

function forgetCheckedSession(storedId: string) {
  recentSessionChecks.delete(storedId);
}

function forgetCheckedSessionsOf(userId: string) {
  for (const [storedId, remembered] of recentSessionChecks) {
    if (remembered.check.user.id === userId) recentSessionChecks.delete(storedId);
  }
}

/**
 * A session check this process made within `maxAgeSeconds`, else a fresh one; every check is remembered, so the
 * request before (a page, the start of an attempt) spares the next one its reads. Reuse (`maxAgeSeconds` > 0) is only
 * for requests that come every few seconds from the same person and touch nothing but their own data (a quiz's answer
 * saves): there the two reads of a check were half of the database's work. A session ended by this process is
 * forgotten at once; one ended by another process (or a disabled account) is still accepted for at most `maxAgeSeconds`.
 */
export async function validateSessionCheckedRecently(token: string, maxAgeSeconds: number): Promise<SessionCheck> {
  const storedId = hashSessionToken(token);
  const now = Date.now();
  const remembered = recentSessionChecks.get(storedId);
  // No expiry check needed: Lucia extends a session checked with less than half its lifetime (7 days) left.
  if (remembered && now - remembered.checkedAt < maxAgeSeconds * 1000) return remembered.check;
  const check = await getLucia().validateSession(token);
  recentSessionChecks.delete(storedId);
  if (check.session) {
    if (recentSessionChecks.size >= MAX_REMEMBERED_SESSION_CHECKS) {
      const oldest = recentSessionChecks.keys().next().value;
      if (oldest !== undefined) recentSessionChecks.delete(oldest);
    }
    recentSessionChecks.set(storedId, { checkedAt: now, check });
  }
  return check;
}
