import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { assessmentView, deleteAssessment, findAssessment } from "~/domain/assessments/assessments.server";
import { assignmentsOf } from "~/domain/assessments/assignments.server";
import { apiHandler, methodNotAllowed, notFoundProblem, respond, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const assessment = await findAssessment(actor, params.assessmentId ?? "");
  if (!assessment) return notFoundProblem(request);
  const assignments = (await assignmentsOf(actor, String(assessment._id))) ?? [];
  return jsonResponse({ ...assessmentView(assessment), assignments }, { headers: { "Cache-Control": "no-store" } });
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(request, ["GET", "DELETE"]);
  const actor = await requireApiActor(request);
  const deleted = await deleteAssessment(actor, params.assessmentId ?? "");
  return deleted.ok ? new Response(null, { status: 204 }) : respond(deleted);
});
