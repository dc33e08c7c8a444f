import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { abortUpload } from "~/domain/materials/uploads.server";
import { apiHandler, methodNotAllowed, problem } from "~/utils/api.server";

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "DELETE") return methodNotAllowed(request, ["DELETE"]);
  const actor = await requireApiActor(request);
  const result = await abortUpload(actor, params.uploadId ?? "");
  return result.ok ? new Response(null, { status: 204 }) : problem(result.status, result.reason);
});
