import type { ActionFunctionArgs } from "@remix-run/node";
import { completeUploadSchema } from "#content-schemas/materials";
import { requireApiActor } from "~/auth/session.server";
import { completeUpload } from "~/domain/materials/uploads.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** Finishes the upload; the stored bytes are checked (type, size, H5P content) and refused files deleted. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  const { parts } = await parseJsonBody(request, completeUploadSchema);
  return respond(await completeUpload(actor, params.uploadId ?? "", parts));
});
