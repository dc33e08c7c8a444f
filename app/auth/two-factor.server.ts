import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateTOTP, verifyTOTPWithGracePeriod } from "@oslojs/otp";
import { Types } from "mongoose";
import { renderSVG } from "uqr";
import type { Role } from "#content-schemas/roles";
import { User } from "#models/user";
import { getEnv } from "~/config/env.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { seal, unseal } from "~/utils/secret-box.server";
import type { Actor } from "./session.server";

const PURPOSE = "totp-key";
const ISSUER = "Kho Học Liệu";
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side, for phones whose clocks drift a little. */
const GRACE_SECONDS = 30;

const ADMIN_ROLES: readonly Role[] = ["system_admin", "org_admin"];

/** Administrators must use two-factor sign-in (unless the deployment turned the rule off); other staff may. */
export function mustUseTwoFactor(roles: readonly Role[]): boolean {
  return getEnv().REQUIRE_ADMIN_TWO_FACTOR && roles.some((role) => ADMIN_ROLES.includes(role));
}

export const isStaff = (roles: readonly Role[]) => roles.some((role) => role !== "student");

function keyOf(sealed: string): Uint8Array {
  return decodeBase32IgnorePadding(unseal(PURPOSE, sealed));
}

/** Accepts a 6-digit code once: the same code cannot be used again within its window. */
async function acceptCode(
  userId: Types.ObjectId,
  sealedKey: string,
  code: string,
  lastCode: string | null | undefined,
  lastAt: Date | null | undefined,
) {
  const clean = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(clean) || !verifyTOTPWithGracePeriod(keyOf(sealedKey), PERIOD_SECONDS, DIGITS, clean, GRACE_SECONDS))
    return false;
  const replay = lastCode === clean && lastAt && Date.now() - lastAt.getTime() < (PERIOD_SECONDS + 2 * GRACE_SECONDS) * 1000;
  if (replay) return false;
  const claimed = await User.updateOne(
    { _id: userId, $or: [{ totpLastCode: { $ne: clean } }, { totpLastCodeAt: lastAt ?? null }] },
    { $set: { totpLastCode: clean, totpLastCodeAt: new Date() } },
  );
  return claimed.modifiedCount === 1;
}

/** The key being set up (created on first visit), as a QR code and as text for typing in. */
export async function enrolment(actor: Actor) {
  const user = await User.findById(new Types.ObjectId(actor.id), { totpPendingSecret: 1, totpEnabledAt: 1 }).lean();
  if (!user) throw new Response("Not Found", { status: 404 });
  if (user.totpEnabledAt) return { enabled: true as const, enabledAt: user.totpEnabledAt };
  let sealed = user.totpPendingSecret;
  if (!sealed) {
    sealed = seal(PURPOSE, encodeBase32UpperCaseNoPadding(randomBytes(20)));
    await User.updateOne({ _id: user._id }, { $set: { totpPendingSecret: sealed } });
  }
  const key = keyOf(sealed);
  const uri = createTOTPKeyURI(ISSUER, actor.username, key, PERIOD_SECONDS, DIGITS);
  return {
    enabled: false as const,
    qrSvg: renderSVG(uri, { border: 2 }),
    manualKey: encodeBase32UpperCaseNoPadding(key)
      .replace(/(.{4})/g, "$1 ")
      .trim(),
  };
}

export async function confirmEnrolment(actor: Actor, code: string, ipAddress: string): Promise<boolean> {
  const user = await User.findById(new Types.ObjectId(actor.id)).lean();
  if (!user?.totpPendingSecret) return false;
  if (!(await acceptCode(user._id, user.totpPendingSecret, code, user.totpLastCode, user.totpLastCodeAt))) return false;
  await User.updateOne(
    { _id: user._id },
    { $set: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date() } },
  );
  await recordAuditEvent({
    action: "auth.two_factor_enabled",
    actorId: user._id,
    actorLabel: user.username,
    organisationPath: user.organisationPath,
    ipAddress,
  });
  return true;
}

export type DisableResult = "disabled" | "required" | "wrong_code";

export async function disableTwoFactor(actor: Actor, code: string, ipAddress: string): Promise<DisableResult> {
  if (mustUseTwoFactor(actor.roles.map((binding) => binding.role))) return "required";
  const user = await User.findById(new Types.ObjectId(actor.id)).lean();
  if (!user?.totpSecret || !(await acceptCode(user._id, user.totpSecret, code, user.totpLastCode, user.totpLastCodeAt)))
    return "wrong_code";
  await User.updateOne({ _id: user._id }, { $set: { totpSecret: null, totpEnabledAt: null } });
  await recordAuditEvent({
    action: "auth.two_factor_disabled",
    actorId: user._id,
    actorLabel: user.username,
    organisationPath: user.organisationPath,
    ipAddress,
  });
  return "disabled";
}

/** Checks the second step of a sign-in. */
export async function verifySignInCode(userId: string, code: string): Promise<boolean> {
  const user = await User.findById(new Types.ObjectId(userId), { totpSecret: 1, totpLastCode: 1, totpLastCodeAt: 1 }).lean();
  if (!user?.totpSecret) return false;
  return acceptCode(user._id, user.totpSecret, code, user.totpLastCode, user.totpLastCodeAt);
}

// The half-signed-in state between password and code: a sealed, five-minute cookie naming the person.
const PENDING_PURPOSE = "two-factor-pending";
const PENDING_COOKIE = "khl_2fa";
const PENDING_SECONDS = 300;

export function pendingSignInCookie(userId: string, redirectTo: string): string {
  const value = seal(PENDING_PURPOSE, JSON.stringify({ userId, redirectTo, expiresAt: Date.now() + PENDING_SECONDS * 1000 }));
  const secure = getEnv().APP_URL.startsWith("https://") ? "; Secure" : "";
  return `${PENDING_COOKIE}=${value}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=${PENDING_SECONDS}${secure}`;
}

export function clearPendingSignInCookie(): string {
  return `${PENDING_COOKIE}=; Path=/login; HttpOnly; SameSite=Lax; Max-Age=0`;
}

export function pendingSignIn(request: Request): { userId: string; redirectTo: string } | null {
  const raw = (request.headers.get("cookie") ?? "").split(/;\s*/).find((part) => part.startsWith(`${PENDING_COOKIE}=`));
  if (!raw) return null;
  try {
    const pending = JSON.parse(unseal(PENDING_PURPOSE, raw.slice(PENDING_COOKIE.length + 1))) as {
      userId: string;
      redirectTo: string;
      expiresAt: number;
    };
    return pending.expiresAt > Date.now() ? pending : null;
  } catch {
    return null;
  }
}

/** Turns two-factor sign-in on with a given key (base32): for demo accounts and test fixtures only. */
export async function setTwoFactorKey(userId: Types.ObjectId | string, base32Key: string) {
  await User.updateOne(
    { _id: new Types.ObjectId(String(userId)) },
    { $set: { totpSecret: seal(PURPOSE, base32Key.toUpperCase()), totpPendingSecret: null, totpEnabledAt: new Date() } },
  );
}

/** The current code for a key, for demo accounts (`npm run demo:otp`) and tests. */
export function currentCode(base32Key: string): string {
  return generateTOTP(decodeBase32IgnorePadding(base32Key.toUpperCase()), PERIOD_SECONDS, DIGITS);
}
