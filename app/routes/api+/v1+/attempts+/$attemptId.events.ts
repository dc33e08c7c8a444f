import type { ActionFunctionArgs } from "@remix-run/node";
import { integrityEventsSchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { recordIntegrityEvents } from "~/domain/assessments/attempts.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request, "recent");
  const { events, deviceId } = await parseJsonBody(request, integrityEventsSchema);
  return respond(await recordIntegrityEvents(actor, params.attemptId ?? "", events, deviceId), 201);
});
