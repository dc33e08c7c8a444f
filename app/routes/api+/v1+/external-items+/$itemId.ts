import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { externalItem } from "~/domain/interop/external-items.server";
import { apiHandler, respond } from "~/utils/api.server";

/** One harvested item of another repository; its `url` opens it at the source. */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  return respond(await externalItem(actor, params.itemId ?? ""));
});
