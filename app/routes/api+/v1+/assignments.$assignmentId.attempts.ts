import type { ActionFunctionArgs } from "@remix-run/node";
import { startAttemptSchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { clientAddress } from "~/auth/request.server";
import { startAttemptWithView } from "~/domain/assessments/attempts.server";
import { apiHandler, methodNotAllowed, parseJsonBody, problem, jsonResponse } from "~/utils/api.server";

/** Starts (or resumes) the student's attempt and answers with it, items included: one round trip at the bell. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  const input = await parseJsonBody(request, startAttemptSchema);
  const started = await startAttemptWithView(actor, params.assignmentId ?? "", { ...input, address: clientAddress(request) });
  if (!started.ok) return problem(started.status, started.reason);
  return jsonResponse(started.value, { status: 201, headers: { "Cache-Control": "no-store" } });
});
