import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { submitAttempt } from "~/domain/assessments/attempts.server";
import { apiHandler, methodNotAllowed, respond } from "~/utils/api.server";

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await submitAttempt(actor, params.attemptId ?? ""));
});
