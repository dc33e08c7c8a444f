import type { ActionFunctionArgs } from "@remix-run/node";
import { ESSAY_PHOTO_RULES } from "#content-schemas/assessments";
import { requireApiActor } from "~/auth/session.server";
import { addEssayPhoto } from "~/domain/assessments/attempt-photos.server";
import { apiHandler, methodNotAllowed, problem, respond } from "~/utils/api.server";
import { readSmallUpload } from "~/utils/upload.server";

/** A photo of an essay written on paper (multipart: `photo`), for the student's attempt in progress. */
export const action = apiHandler(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  const upload = await readSmallUpload(request, ESSAY_PHOTO_RULES.maxBytes);
  if ("refused" in upload) return problem(upload.status, upload.refused);
  const photo = upload.formData.get("photo");
  if (!(photo instanceof File)) return problem(400, "Hãy chọn ảnh bài làm (trường `photo`).");
  const data = new Uint8Array(await photo.arrayBuffer());
  return respond(await addEssayPhoto(actor, params.attemptId ?? "", params.itemKey ?? "", data), 201);
});
