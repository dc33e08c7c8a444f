import type { LoaderFunctionArgs } from "@remix-run/node";
import { globalSearchQuerySchema } from "#content-schemas/search";
import { requireApiActor } from "~/auth/session.server";
import { GLOBAL_SEARCH_FORBIDDEN, globalSearch, mayUseGlobalSearch } from "~/domain/search/global-search.server";
import { apiHandler, parseQuery, problem, jsonResponse } from "~/utils/api.server";

/** The search page's answer: the best matches in the repository, the bank and harvested items the caller may use. */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  if (!mayUseGlobalSearch(actor)) return problem(403, GLOBAL_SEARCH_FORBIDDEN, { instance: new URL(request.url).pathname });
  const result = await globalSearch(actor, parseQuery(request, globalSearchQuerySchema));
  return jsonResponse(result, { headers: { "Cache-Control": "no-store" } });
});
