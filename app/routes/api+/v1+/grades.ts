import type { ActionFunctionArgs } from "@remix-run/node";
import { gradeEssaySchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { gradeEssay } from "~/domain/assessments/results.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** A teacher's marks and comment for one essay answer. */
export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await gradeEssay(actor, await parseJsonBody(request, gradeEssaySchema)));
});
