import type { ActionFunctionArgs } from "@remix-run/node";
import { correctKeySchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { correctKey } from "~/domain/assessments/results.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** Corrects an item's answer key; every submitted attempt is scored again and the correction is audited. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(request, ["PUT"]);
  const actor = await requireApiActor(request);
  const { body, reason } = await parseJsonBody(request, correctKeySchema);
  return respond(await correctKey(actor, params.assessmentId ?? "", params.itemKey ?? "", body, reason));
});
