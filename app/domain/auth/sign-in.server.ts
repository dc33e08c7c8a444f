import { Types } from "mongoose";
import { User } from "#models/user";
import { verifySignInCode } from "~/auth/two-factor.server";
import { decoyHash, verifyPassword } from "~/auth/password.server";
import { ACCOUNT_RULE, ADDRESS_RULE, clearFailures, lockedFor, recordFailure } from "~/auth/throttle.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { connectDatabase } from "~/services/db.server";

export type SignInResult =
  | { ok: true; userId: string; mustChangePassword: boolean; needsSecondFactor: boolean }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

/**
 * Checks a username-or-email and password. Unknown accounts and wrong passwords look the same
 * (same message, same argon2 cost); failures count per address and per account, and every outcome
 * is written to the audit log.
 */
export async function signIn({
  login,
  password,
  ipAddress,
  now = new Date(),
}: {
  login: string;
  password: string;
  ipAddress: string;
  now?: Date;
}): Promise<SignInResult> {
  await connectDatabase();
  const normalised = login.trim().toLowerCase();
  const addressKey = `ip:${ipAddress}`;

  const addressLock = await lockedFor(addressKey, now);
  if (addressLock > 0) {
    await recordAuditEvent({
      action: "auth.sign_in_throttled",
      actorLabel: normalised,
      ipAddress,
      details: { scope: "address" },
    });
    return { ok: false, reason: "throttled", retryAfterMs: addressLock };
  }

  const user = await User.findOne({ $or: [{ username: normalised }, { email: normalised }], disabledAt: null }).lean();
  const accountKey = `account:${user ? String(user._id) : normalised}`;
  const accountLock = await lockedFor(accountKey, now);
  if (accountLock > 0) {
    await recordAuditEvent({
      action: "auth.sign_in_throttled",
      actorId: user?._id,
      actorLabel: normalised,
      organisationPath: user?.organisationPath,
      ipAddress,
      details: { scope: "account" },
    });
    return { ok: false, reason: "throttled", retryAfterMs: accountLock };
  }

  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !valid) {
    await Promise.all([recordFailure(addressKey, ADDRESS_RULE, now), recordFailure(accountKey, ACCOUNT_RULE, now)]);
    await recordAuditEvent({
      action: "auth.sign_in_failed",
      actorId: user?._id,
      actorLabel: normalised,
      organisationPath: user?.organisationPath,
      ipAddress,
    });
    return { ok: false, reason: "invalid" };
  }

  // With two-factor sign-in the password only opens the second step; failures stay counted until the code is right.
  const needsSecondFactor = Boolean(user.totpEnabledAt);
  if (!needsSecondFactor) await completeSignIn(user, ipAddress, accountKey);
  return { ok: true, userId: String(user._id), mustChangePassword: user.mustChangePassword, needsSecondFactor };
}

async function completeSignIn(
  user: { _id: Types.ObjectId; username: string; organisationPath: Types.ObjectId[] },
  ipAddress: string,
  accountKey: string,
  secondFactor = false,
) {
  await clearFailures(accountKey);
  await User.updateOne({ _id: user._id }, { $set: { lastSignInAt: new Date() } });
  await recordAuditEvent({
    action: "auth.sign_in",
    actorId: user._id,
    actorLabel: user.username,
    organisationPath: user.organisationPath,
    ipAddress,
    details: { secondFactor },
  });
}

/** The second step for people with two-factor sign-in: the one-time code, throttled like passwords. */
export async function completeSecondFactor({
  userId,
  code,
  ipAddress,
  now = new Date(),
}: {
  userId: string;
  code: string;
  ipAddress: string;
  now?: Date;
}): Promise<SignInResult> {
  await connectDatabase();
  const user = await User.findOne({ _id: new Types.ObjectId(userId), disabledAt: null }).lean();
  if (!user) return { ok: false, reason: "invalid" };
  const accountKey = `account:${userId}`;
  const lock = await lockedFor(accountKey, now);
  if (lock > 0) return { ok: false, reason: "throttled", retryAfterMs: lock };
  if (!(await verifySignInCode(userId, code))) {
    await recordFailure(accountKey, ACCOUNT_RULE, now);
    await recordAuditEvent({
      action: "auth.sign_in_failed",
      actorId: user._id,
      actorLabel: user.username,
      organisationPath: user.organisationPath,
      ipAddress,
      details: { secondFactor: true },
    });
    return { ok: false, reason: "invalid" };
  }
  await completeSignIn(user, ipAddress, accountKey, true);
  return { ok: true, userId, mustChangePassword: user.mustChangePassword, needsSecondFactor: false };
}
