import type { ActionFunctionArgs } from "@remix-run/node";
import { h5pResultSchema } from "#content-schemas/materials";
import { requireApiActor } from "~/auth/session.server";
import { recordH5pResult } from "~/domain/materials/h5p-results.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** Scores and completions reported by the H5P player (xAPI "answered" / "completed"). */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await recordH5pResult(actor, params.materialId ?? "", await parseJsonBody(request, h5pResultSchema)), 201);
});
