import type { LoaderFunctionArgs } from "@remix-run/node";
import { repositoryQuerySchema } from "#content-schemas/sharing";
import { requireApiActor } from "~/auth/session.server";
import { searchRepository } from "~/domain/search/search-repository.server";
import { apiHandler, parseQuery, jsonResponse } from "~/utils/api.server";

/** The shared repository as the caller may see it: published items with facet counts, searched with Meilisearch. */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const { labels: _labels, ...page } = await searchRepository(actor, parseQuery(request, repositoryQuerySchema));
  return jsonResponse(page, { headers: { "Cache-Control": "no-store" } });
});
