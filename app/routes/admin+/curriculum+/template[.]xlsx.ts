import type { LoaderFunctionArgs } from "@remix-run/node";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { topicTemplate } from "~/domain/curriculum/topics.server";
import { download, XLSX_TYPE } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  assertCan(await requireActor(request), "manage", "Curriculum");
  return download(await topicTemplate(), "mau-danh-muc-chu-de.xlsx", XLSX_TYPE);
}
