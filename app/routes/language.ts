import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LANGUAGES } from "~/i18n/config";
import { languageCookie } from "~/i18n/language.server";
import { safeRedirectPath } from "~/utils/redirect";

const changeLanguageSchema = z.object({
  language: z.enum(LANGUAGES),
  redirectTo: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const parsed = changeLanguageSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Ngôn ngữ không được hỗ trợ.", { status: 400 });
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.language) },
  });
}

export function loader() {
  return redirect("/");
}
