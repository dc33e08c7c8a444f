import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { uploadedParts } from "~/domain/materials/uploads.server";
import { apiHandler, respond } from "~/utils/api.server";

/** Parts storage already holds, so a resumed upload sends only the rest. */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return respond(await uploadedParts(actor, params.uploadId ?? ""), 200, (items) => ({ items }));
});
