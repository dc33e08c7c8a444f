import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { updateMaterialSchema } from "#content-schemas/materials";
import { requireApiActor } from "~/auth/session.server";
import { countView, materialForViewer, updateMaterial } from "~/domain/materials/materials.server";
import {
  apiHandler,
  methodNotAllowed,
  notFoundProblem,
  parseJsonBody,
  parseQuery,
  respond,
  jsonResponse,
} from "~/utils/api.server";

const versionQuerySchema = z.object({ version: z.coerce.number().int().min(1).optional() });

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const { version } = parseQuery(request, versionQuerySchema);
  const material = await materialForViewer(actor, params.materialId ?? "", version);
  if (!material) return notFoundProblem(request);
  await countView(material.id);
  return jsonResponse(material, { headers: { "Cache-Control": "no-store" } });
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "PATCH") return methodNotAllowed(request, ["GET", "PATCH"]);
  const actor = await requireApiActor(request);
  return respond(await updateMaterial(actor, params.materialId ?? "", await parseJsonBody(request, updateMaterialSchema)));
});
