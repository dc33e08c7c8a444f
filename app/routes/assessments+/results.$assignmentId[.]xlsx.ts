import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { classResultsExport } from "~/domain/assessments/results.server";
import { download, XLSX_TYPE } from "~/utils/download.server";

/** One class's results for the e-gradebook (sổ điểm điện tử), with the item analysis on a second sheet. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const exported = await classResultsExport(actor, params.assignmentId ?? "");
  if (!exported) throw new Response("Không tìm thấy kết quả của lớp này.", { status: 404 });
  return download(exported.workbook, exported.fileName, XLSX_TYPE);
}
