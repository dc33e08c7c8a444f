import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/auth/session.server";
import { essayPhotoKey } from "~/domain/assessments/attempt-photos.server";
import { presignGet } from "~/services/storage.server";
import { apiHandler, problem } from "~/utils/api.server";

/** A photo of an essay: a short-lived storage address, for whoever may read the attempt. */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireApiActor(request);
  const key = await essayPhotoKey(actor, params.attemptId ?? "", params.photoId ?? "");
  if (!key) return problem(404, "Không tìm thấy ảnh bài làm.");
  return redirect(await presignGet(key), { headers: { "Cache-Control": "private, max-age=600" } });
});
