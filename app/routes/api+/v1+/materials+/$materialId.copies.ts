import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { copyToMySchool } from "~/domain/sharing/copy.server";
import { apiHandler, methodNotAllowed, respond } from "~/utils/api.server";

/** "Copy to my school": a new draft in the caller's school, crediting the source. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await copyToMySchool(actor, params.materialId ?? ""), 201);
});
