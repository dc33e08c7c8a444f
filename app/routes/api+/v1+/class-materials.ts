import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { materialsForStudent } from "~/domain/sharing/class-use.server";
import { apiHandler, jsonResponse } from "~/utils/api.server";

/** A student's class materials open today (empty for anyone without a class). */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return jsonResponse({ items: await materialsForStudent(actor) }, { headers: { "Cache-Control": "no-store" } });
});
