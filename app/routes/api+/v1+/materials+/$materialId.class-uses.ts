import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { classUseInputSchema } from "#content-schemas/sharing";
import { requireApiActor } from "~/auth/session.server";
import { classUsesOfMaterial, giveToClass } from "~/domain/sharing/class-use.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** The caller's classes this material is given to. */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return respond(await classUsesOfMaterial(actor, params.materialId ?? ""), 200, (items) => ({ items }));
});

/** "Use in my class": gives the live version to one of the caller's classes. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["GET", "POST"]);
  const actor = await requireApiActor(request);
  return respond(await giveToClass(actor, params.materialId ?? "", await parseJsonBody(request, classUseInputSchema)), 201);
});
