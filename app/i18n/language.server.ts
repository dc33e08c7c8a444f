import { createCookie } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_COOKIE, type Language } from "./config";

export const languageCookie = createCookie(LANGUAGE_COOKIE, {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The UI is Vietnamese unless the person chose another language. */
export async function languageOf(request: Request): Promise<Language> {
  const chosen: unknown = await languageCookie.parse(request.headers.get("Cookie"));
  return isLanguage(chosen) ? chosen : DEFAULT_LANGUAGE;
}
