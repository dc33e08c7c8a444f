import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { exportPersonalData } from "~/domain/people/person-record.server";
import { download, XLSX_TYPE } from "~/utils/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const format = new URL(request.url).searchParams.get("format");
  if (format !== "json" && format !== "xlsx") throw new Response("Not Found", { status: 404 });
  const actor = await requireActor(request);
  const exported = await exportPersonalData(actor, params.userId, clientAddress(request));
  const fileName = `du-lieu-ca-nhan-${exported.json.person.username}.${format}`;
  return format === "json"
    ? download(new TextEncoder().encode(JSON.stringify(exported.json, null, 2)), fileName, "application/json; charset=utf-8")
    : download(exported.xlsx, fileName, XLSX_TYPE);
}
