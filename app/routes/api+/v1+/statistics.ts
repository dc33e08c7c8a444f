import type { LoaderFunctionArgs } from "@remix-run/node";
import { repositoryStatisticsQuerySchema } from "#content-schemas/statistics";
import { requireApiActor } from "~/auth/session.server";
import { repositoryStatistics } from "~/domain/statistics/repository-statistics.server";
import { apiHandler, parseQuery, problem, jsonResponse } from "~/utils/api.server";

/** The domain refuses with plain responses (403, 404) shared with the pages; API clients get them as problems. */
async function refusalAsProblem(refusal: unknown, request: Request): Promise<never> {
  if (refusal instanceof Response && (refusal.status === 403 || refusal.status === 404)) {
    throw problem(refusal.status, await refusal.text(), { instance: new URL(request.url).pathname });
  }
  throw refusal;
}

/** Repository statistics of the caller's organisation, or of a unit under it (`organisationId`). */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const query = parseQuery(request, repositoryStatisticsQuerySchema);
  const statistics = await repositoryStatistics(actor, query).catch((refusal: unknown) => refusalAsProblem(refusal, request));
  return jsonResponse(statistics, { headers: { "Cache-Control": "no-store" } });
});
