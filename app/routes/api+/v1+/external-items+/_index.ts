import type { LoaderFunctionArgs } from "@remix-run/node";
import { listExternalItemsQuerySchema } from "#content-schemas/external-items";
import { requireApiActor } from "~/auth/session.server";
import { listExternalItems } from "~/domain/interop/external-items.server";
import { apiHandler, parseQuery, respond } from "~/utils/api.server";

/** Learning materials harvested from other repositories (OAI-PMH), filtered and paged; read-only. */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return respond(await listExternalItems(actor, parseQuery(request, listExternalItemsQuerySchema)));
});
