import type { ActionFunctionArgs } from "@remix-run/node";
import { createUploadSchema } from "#content-schemas/materials";
import { requireApiActor } from "~/auth/session.server";
import { createUpload } from "~/domain/materials/uploads.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await createUpload(actor, await parseJsonBody(request, createUploadSchema)), 201);
});
