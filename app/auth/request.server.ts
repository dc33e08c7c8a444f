import { getEnv } from "~/config/env.server";

/** Set by the web server (scripts/serve.ts) on every request, overwriting whatever the client sent. */
export const CLIENT_ADDRESS_HEADER = "x-khl-client-address";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The client's address as the web server saw it (behind a proxy only when TRUST_PROXY is on). */
export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}

/**
 * CSRF protection for cookie-authenticated mutations: a state-changing request must come from a page
 * of this site (Origin, or Referer when a browser omits Origin). SameSite=Lax cookies are the second layer.
 */
export function isSameOriginMutation(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  if (!source) return false;
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return false;
  }
  return sourceHost === new URL(getEnv().APP_URL).host || sourceHost === new URL(request.url).host;
}
