import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createAssessmentSchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { createAssessment, listAssessments } from "~/domain/assessments/assessments.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return jsonResponse({ items: await listAssessments(actor) }, { headers: { "Cache-Control": "no-store" } });
});

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
  const actor = await requireApiActor(request);
  return respond(await createAssessment(actor, await parseJsonBody(request, createAssessmentSchema)), 201);
});
