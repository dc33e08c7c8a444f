import type { ActionFunctionArgs } from "@remix-run/node";
import { addAssessmentItemSchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { addItem } from "~/domain/assessments/assessments.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await addItem(actor, params.assessmentId ?? "", await parseJsonBody(request, addAssessmentItemSchema)), 201);
});
