import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { signUploadPart } from "~/domain/materials/uploads.server";
import { apiHandler, respond } from "~/utils/api.server";

/** A presigned PUT address for one part; the bytes go from the client straight to storage. */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return respond(await signUploadPart(actor, params.uploadId ?? "", Number(params.partNumber)));
});
