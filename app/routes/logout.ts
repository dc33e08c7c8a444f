import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/auth/lucia.server";
import { blankSessionCookie, requireActor } from "~/auth/session.server";
import { clientAddress } from "~/auth/request.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await signOut(actor.sessionId);
  await recordAuditEvent({
    action: "auth.sign_out",
    actorId: actor.id,
    actorLabel: actor.username,
    organisationPath: actor.organisationPath,
    ipAddress: clientAddress(request),
  });
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export const loader = () => redirect("/");
