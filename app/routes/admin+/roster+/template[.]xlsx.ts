import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { schoolsManagedBy } from "~/domain/organisations/schools-managed-by.server";
import { rosterTemplate } from "~/domain/roster/roster-workbooks.server";
import { download, XLSX_TYPE } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if ((await schoolsManagedBy(actor)).length === 0) throw new Response("Not allowed", { status: 403 });
  return download(await rosterTemplate(), "mau-danh-sach-lop-giao-vien-hoc-sinh.xlsx", XLSX_TYPE);
}
