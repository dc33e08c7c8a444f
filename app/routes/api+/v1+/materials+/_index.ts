import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createMaterialSchema, listMaterialsQuerySchema } from "#content-schemas/materials";
import { requireApiActor } from "~/auth/session.server";
import { createMaterial, listMyMaterials } from "~/domain/materials/materials.server";
import { apiHandler, methodNotAllowed, parseJsonBody, parseQuery, respond, jsonResponse } from "~/utils/api.server";

/** The caller's own materials, filtered and paged. */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const query = parseQuery(request, listMaterialsQuerySchema);
  return jsonResponse(await listMyMaterials(actor, query), { headers: { "Cache-Control": "no-store" } });
});

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
  const actor = await requireApiActor(request);
  return respond(await createMaterial(actor, await parseJsonBody(request, createMaterialSchema)), 201);
});
