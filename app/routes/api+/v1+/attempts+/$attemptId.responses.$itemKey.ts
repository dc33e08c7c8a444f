import type { ActionFunctionArgs } from "@remix-run/node";
import { saveResponseSchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { saveResponse } from "~/domain/assessments/attempts.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(request, ["PUT"]);
  const actor = await requireApiActor(request, "recent");
  const input = await parseJsonBody(request, saveResponseSchema);
  return respond(await saveResponse(actor, params.attemptId ?? "", params.itemKey ?? "", input));
});
