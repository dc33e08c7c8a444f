import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { materialVersions } from "~/domain/materials/materials.server";
import { apiHandler, notFoundProblem, jsonResponse } from "~/utils/api.server";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const versions = await materialVersions(actor, params.materialId ?? "");
  if (!versions) return notFoundProblem(request);
  return jsonResponse({ items: versions.items }, { headers: { "Cache-Control": "no-store" } });
});
