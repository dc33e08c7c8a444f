import type { ActionFunctionArgs } from "@remix-run/node";
import { bulkQuestionActionSchema } from "#content-schemas/questions";
import { requireApiActor } from "~/auth/session.server";
import { bulkQuestionAction } from "~/domain/questions/questions.server";
import { apiHandler, methodNotAllowed, parseJsonBody, jsonResponse } from "~/utils/api.server";

/** Metadata of many questions at once, or deletion of drafts: only the caller's editable ones change. */
export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  const result = await bulkQuestionAction(actor, await parseJsonBody(request, bulkQuestionActionSchema));
  return jsonResponse(result, { headers: { "Cache-Control": "no-store" } });
});
