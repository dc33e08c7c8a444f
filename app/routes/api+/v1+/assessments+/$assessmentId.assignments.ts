import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { assignAssessmentSchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { assignAssessment, assignmentsOf } from "~/domain/assessments/assignments.server";
import { apiHandler, methodNotAllowed, notFoundProblem, parseJsonBody, respond, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const assignments = await assignmentsOf(actor, params.assessmentId ?? "");
  if (!assignments) return notFoundProblem(request);
  return jsonResponse({ items: assignments }, { headers: { "Cache-Control": "no-store" } });
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
  const actor = await requireApiActor(request);
  return respond(
    await assignAssessment(actor, params.assessmentId ?? "", await parseJsonBody(request, assignAssessmentSchema)),
    201,
  );
});
