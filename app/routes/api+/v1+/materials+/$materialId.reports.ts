import type { ActionFunctionArgs } from "@remix-run/node";
import { reportInputSchema } from "#content-schemas/sharing";
import { requireApiActor } from "~/auth/session.server";
import { reportProblem } from "~/domain/sharing/reports.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** "Report a problem": sent back to the material's reviewers. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await reportProblem(actor, params.materialId ?? "", await parseJsonBody(request, reportInputSchema)), 201);
});
