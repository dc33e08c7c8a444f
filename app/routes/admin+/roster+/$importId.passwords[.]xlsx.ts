import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { PASSWORD_SHEET_PURPOSE, type InitialPassword } from "~/domain/roster/apply-roster-import.server";
import { loadRosterImport } from "~/domain/roster/load-roster-import.server";
import { passwordSheet } from "~/domain/roster/roster-workbooks.server";
import { download, XLSX_TYPE } from "~/utils/download.server";
import { unseal } from "~/utils/secret-box.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const rosterImport = await loadRosterImport(actor, params.importId);
  if (!rosterImport.encryptedPasswords) throw new Response("Not Found", { status: 404 });
  const passwords = JSON.parse(unseal(PASSWORD_SHEET_PURPOSE, rosterImport.encryptedPasswords)) as InitialPassword[];
  const title = `Mật khẩu ban đầu — ${rosterImport.fileName} — năm học ${rosterImport.schoolYear}`;
  return download(await passwordSheet(passwords, title), `mat-khau-ban-dau-${rosterImport.schoolYear}.xlsx`, XLSX_TYPE);
}
