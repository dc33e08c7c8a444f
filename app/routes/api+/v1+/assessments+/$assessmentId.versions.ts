import type { ActionFunctionArgs } from "@remix-run/node";
import { generateVersionsSchema } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { generateVersions } from "~/domain/assessments/assessments.server";
import { apiHandler, methodNotAllowed, parseJsonBody, problem, respond } from "~/utils/api.server";

/** Draws the blueprint's items (when needed) and builds the versions; 422 lists the cells the bank cannot fill. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  const { result, unfillable } = await generateVersions(
    actor,
    params.assessmentId ?? "",
    await parseJsonBody(request, generateVersionsSchema),
  );
  if (!result.ok && unfillable.length) {
    const errors = unfillable.map((cell) => ({
      path: `cells.${cell.topicId}.${cell.format}.${cell.level}`,
      message: `Cần ${cell.needed} câu, ngân hàng có ${cell.available} câu phù hợp.`,
    }));
    return problem(result.status, result.reason, { errors });
  }
  return respond(result);
});
