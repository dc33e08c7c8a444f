import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { testsForStudent } from "~/domain/assessments/assignments.server";
import { apiHandler, jsonResponse } from "~/utils/api.server";

/** The tests given to the signed-in student's classes, with their latest attempt. */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return jsonResponse({ items: await testsForStudent(actor) }, { headers: { "Cache-Control": "no-store" } });
});
