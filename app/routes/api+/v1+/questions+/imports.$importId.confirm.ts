import type { ActionFunctionArgs } from "@remix-run/node";
import { confirmImportSchema } from "#content-schemas/question-import";
import { requireApiActor } from "~/auth/session.server";
import { confirmImport } from "~/domain/questions/import-export.server";
import { apiHandler, methodNotAllowed, parseJsonBody, respond } from "~/utils/api.server";

/** Imports the items of a read file as draft questions, classified as chosen; once. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  return respond(await confirmImport(actor, params.importId ?? "", await parseJsonBody(request, confirmImportSchema)), 201);
});
