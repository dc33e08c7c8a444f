import { redirect } from "@remix-run/node";
import type { Types } from "mongoose";
import type { Role } from "#content-schemas/roles";
import type { UserProfile } from "#models/user";
import { getEnv } from "~/config/env.server";
import { connectDatabase } from "~/services/db.server";
import { problem } from "~/utils/api.server";
import { checkToken } from "./access-tokens.server";
import { getLucia, validateSessionCheckedRecently } from "./lucia.server";
import { mustUseTwoFactor } from "./two-factor.server";
import { clientAddress, isSameOriginMutation } from "./request.server";

/** The signed-in person as every permission check sees them; ids are strings. */
export interface Actor {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  organisationId: string;
  organisationPath: string[];
  roles: { role: Role; organisationId: string; organisationPath: string[] }[];
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  sessionId: string;
}

// The cookie lives long; the session's expiry in the database slides with use (Lucia extends it when
// half has passed) and is the only authority, so the cookie never needs re-sending on ordinary requests.
const COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export function sessionCookie(token: string): string {
  const cookie = getLucia().createSessionCookie(token);
  cookie.attributes.maxAge = COOKIE_MAX_AGE_SECONDS;
  return cookie.serialize();
}

export function blankSessionCookie(): string {
  return getLucia().createBlankSessionCookie().serialize();
}

export async function createSession(userId: Types.ObjectId | string, request: Request): Promise<string> {
  const session = await getLucia().createSession(String(userId), {
    userAgent: (request.headers.get("user-agent") ?? "").slice(0, 300),
    ipAddress: clientAddress(request),
    createdAt: new Date(),
  });
  return sessionCookie(session.id);
}

/** The actor for a loaded profile (also used by scripts that act as a person, e.g. seeding demo material). */
export function actorOf(user: UserProfile, sessionId: string): Actor {
  return {
    id: String(user._id),
    username: user.username,
    fullName: user.fullName,
    email: user.email ?? null,
    organisationId: String(user.organisationId),
    organisationPath: user.organisationPath.map(String),
    roles: user.roles.map((binding) => ({
      role: binding.role as Role,
      organisationId: String(binding.organisationId),
      organisationPath: binding.organisationPath.map(String),
    })),
    mustChangePassword: user.mustChangePassword,
    twoFactorEnabled: Boolean(user.totpEnabledAt),
    sessionId,
  };
}

/**
 * How fresh the session check behind a request must be: checked in the database on every request, or (for the
 * quiz's answer saves and integrity events, which only touch the student's own attempt) checked by this process
 * within the last SESSION_RECHECK_SECONDS.
 */
export type SessionCheckFreshness = "every-request" | "recent";

/** The person behind the request's session cookie, or null. Never trusts anything else the client sends. */
export async function optionalActor(request: Request, freshness: SessionCheckFreshness = "every-request"): Promise<Actor | null> {
  const lucia = getLucia();
  const token = lucia.readSessionCookie(request.headers.get("cookie") ?? "");
  if (!token) return null;
  await connectDatabase();
  const { session, user } = await validateSessionCheckedRecently(
    token,
    freshness === "recent" ? getEnv().SESSION_RECHECK_SECONDS : 0,
  );
  if (!session || !user) return null;
  return actorOf(user.profile, session.id);
}

function rejectCrossSiteMutation(request: Request) {
  if (!isSameOriginMutation(request)) {
    throw new Response("Yêu cầu bị từ chối: không đến từ trang của hệ thống (CSRF).", { status: 403 });
  }
}

const PASSWORD_CHANGE_PATH = "/account/password";
const TWO_FACTOR_PATH = "/account/two-factor";

const missingRequiredTwoFactor = (actor: Actor) =>
  !actor.twoFactorEnabled && mustUseTwoFactor(actor.roles.map((binding) => binding.role));

/**
 * For pages and form actions: the signed-in person, else a redirect to /login that returns here.
 * Mutations must come from this site (CSRF); a person who must change their password is sent there first.
 */
export async function requireActor(request: Request): Promise<Actor> {
  rejectCrossSiteMutation(request);
  const actor = await optionalActor(request);
  const url = new URL(request.url);
  if (!actor) {
    throw redirect(`/login?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`);
  }
  if (actor.mustChangePassword && url.pathname !== PASSWORD_CHANGE_PATH) {
    throw redirect(PASSWORD_CHANGE_PATH);
  }
  if (missingRequiredTwoFactor(actor) && url.pathname !== TWO_FACTOR_PATH && url.pathname !== PASSWORD_CHANGE_PATH) {
    throw redirect(TWO_FACTOR_PATH);
  }
  return actor;
}

/**
 * For the JSON API: the person behind a personal access token (Authorization: Bearer khl_…) or a
 * session cookie, else a 401 problem. A token needs the "write" scope for anything but GET.
 */
export async function requireApiActor(request: Request, freshness: SessionCheckFreshness = "every-request"): Promise<Actor> {
  if (request.headers.has("authorization")) {
    const scope = request.method === "GET" || request.method === "HEAD" ? "read" : "write";
    const check = await checkToken(
      request.headers.get("authorization"),
      freshness === "recent" ? getEnv().SESSION_RECHECK_SECONDS : 0,
    );
    if (!check) {
      throw problem(
        401,
        "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
        { instance: new URL(request.url).pathname },
        {
          "WWW-Authenticate": 'Bearer realm="kho-hoc-lieu", error="invalid_token"',
        },
      );
    }
    if (!check.scopes.includes(scope))
      throw problem(403, `Mã truy cập này không có quyền "${scope}".`, { instance: new URL(request.url).pathname });
    return actorOf(check.profile, "");
  }
  const actor = await optionalActor(request, freshness);
  if (!actor) {
    throw problem(
      401,
      "Bạn cần đăng nhập, hoặc gửi mã truy cập cá nhân (Authorization: Bearer …), để dùng API này.",
      { instance: new URL(request.url).pathname },
      {
        "WWW-Authenticate": 'Bearer realm="kho-hoc-lieu"',
      },
    );
  }
  if (!isSameOriginMutation(request)) throw problem(403, "Yêu cầu thay đổi dữ liệu phải đến từ trang của hệ thống.");
  if (missingRequiredTwoFactor(actor)) throw problem(403, "Quản trị viên cần bật xác thực hai bước trước khi dùng hệ thống.");
  return actor;
}

export { rejectCrossSiteMutation };
