import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { downloadUrl } from "~/domain/materials/materials.server";

/** Counts the download and sends the browser to a short-lived storage address for the original file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const version = Number(new URL(request.url).searchParams.get("version")) || undefined;
  const result = await downloadUrl(actor, params.materialId ?? "", version);
  if (!result.ok) throw new Response(result.reason, { status: result.status });
  return redirect(result.value);
}
