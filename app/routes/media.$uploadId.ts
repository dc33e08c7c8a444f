import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { lectureImageKey } from "~/domain/materials/uploads.server";
import { presignGet } from "~/services/storage.server";

/** An image placed in a lecture: a short-lived storage address for signed-in readers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireActor(request);
  const key = await lectureImageKey(params.uploadId ?? "");
  if (!key) throw new Response("Không tìm thấy ảnh.", { status: 404 });
  return redirect(await presignGet(key), { headers: { "Cache-Control": "private, max-age=600" } });
}
