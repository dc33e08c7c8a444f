import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { getImport } from "~/domain/questions/import-export.server";
import { apiHandler, notFoundProblem, jsonResponse } from "~/utils/api.server";

/** What a question file held, as read for import (the caller's own imports only). */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const found = await getImport(actor, params.importId ?? "");
  if (!found) return notFoundProblem(request);
  return jsonResponse(found, { headers: { "Cache-Control": "no-store" } });
});
