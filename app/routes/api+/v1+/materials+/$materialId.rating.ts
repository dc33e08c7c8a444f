import type { ActionFunctionArgs } from "@remix-run/node";
import { ratingInputSchema } from "#content-schemas/sharing";
import { requireApiActor } from "~/auth/session.server";
import { rateMaterial } from "~/domain/sharing/feedback.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** The caller's rating (1–5), replacing an earlier one. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "PUT") return methodNotAllowed(request, ["PUT"]);
  const actor = await requireApiActor(request);
  const { stars } = await parseJsonBody(request, ratingInputSchema);
  return respond(await rateMaterial(actor, params.materialId ?? "", stars));
});
