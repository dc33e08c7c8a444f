import { SignInAttempt } from "#models/sign-in-attempt";

export interface ThrottleRule {
  /** Failures allowed within the window before the key is locked. */
  limit: number;
  windowMs: number;
  lockMs: number;
}

const MINUTE = 60_000;

/** An account locks after 5 wrong passwords in 15 minutes, for 15 minutes. */
export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/** One address may fail 20 times in 15 minutes (a classroom shares one address), then waits 15 minutes. */
export const ADDRESS_RULE: ThrottleRule = { limit: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** Milliseconds until the key may try again, or 0 when it is not locked. */
export async function lockedFor(key: string, now = new Date()): Promise<number> {
  const attempt = await SignInAttempt.findOne({ key, lockedUntil: { $gt: now } }, { lockedUntil: 1 }).lean();
  return attempt?.lockedUntil ? attempt.lockedUntil.getTime() - now.getTime() : 0;
}

/**
 * Counts one failure. Each step is a single-document update; two racing failures at a window
 * boundary may count once, which only ever errs towards letting a person try again.
 */
export async function recordFailure(key: string, rule: ThrottleRule, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const expiresAt = new Date(now.getTime() + rule.windowMs + rule.lockMs);
  const counted = await SignInAttempt.findOneAndUpdate(
    { key, windowStartedAt: { $gt: windowStart } },
    { $inc: { failures: 1 }, $set: { expiresAt } },
    { returnDocument: "after" },
  ).lean();
  const failures = counted?.failures ?? 1;
  if (!counted) {
    await SignInAttempt.updateOne(
      { key },
      { $set: { failures: 1, windowStartedAt: now, lockedUntil: null, expiresAt } },
      { upsert: true },
    );
  }
  if (failures >= rule.limit) {
    await SignInAttempt.updateOne({ key }, { $set: { lockedUntil: new Date(now.getTime() + rule.lockMs) } });
  }
}

export async function clearFailures(key: string): Promise<void> {
  await SignInAttempt.deleteOne({ key });
}
