import type { LoaderFunctionArgs } from "@remix-run/node";
import { repositoryStatisticsQuerySchema } from "#content-schemas/statistics";
import { requireActor } from "~/auth/session.server";
import { repositoryStatistics } from "~/domain/statistics/repository-statistics.server";
import { statisticsWorkbook } from "~/domain/statistics/statistics-workbook.server";
import { download, XLSX_TYPE } from "~/utils/download.server";

/** The statistics page's figures as an Excel workbook (same query, same permissions). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const query = repositoryStatisticsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new Response("Khoảng ngày không hợp lệ.", { status: 400 });
  const statistics = await repositoryStatistics(actor, query.data);
  const day = statistics.generatedAt.slice(0, 10);
  return download(
    await statisticsWorkbook(statistics),
    `thong-ke-kho-hoc-lieu-${statistics.organisation.code}-${day}.xlsx`,
    XLSX_TYPE,
  );
}
