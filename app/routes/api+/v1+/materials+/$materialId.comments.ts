import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { commentInputSchema } from "#content-schemas/sharing";
import { requireApiActor } from "~/auth/session.server";
import { addComment, commentsOn } from "~/domain/sharing/feedback.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return respond(await commentsOn(actor, params.materialId ?? ""), 200, (items) => ({ items }));
});

export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
  const actor = await requireApiActor(request);
  const { body } = await parseJsonBody(request, commentInputSchema);
  return respond(await addComment(actor, params.materialId ?? "", body), 201);
});
