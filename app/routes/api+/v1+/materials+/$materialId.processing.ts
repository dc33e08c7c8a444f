import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { materialForViewer, retryProcessing } from "~/domain/materials/materials.server";
import { apiHandler, methodNotAllowed, notFoundProblem, respond, jsonResponse } from "~/utils/api.server";

/** Processing status of the visible version and its derived files (time-limited addresses). */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const material = await materialForViewer(actor, params.materialId ?? "");
  if (!material) return notFoundProblem(request);
  return jsonResponse(
    { version: material.version.number, processing: material.version.processing, derived: material.derived },
    { headers: { "Cache-Control": "no-store" } },
  );
});

/** Processes the latest version's file again (after a failure, or to rebuild previews). */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
  const actor = await requireApiActor(request);
  return respond(await retryProcessing(actor, params.materialId ?? ""), 202, () => ({ state: "queued" }));
});
