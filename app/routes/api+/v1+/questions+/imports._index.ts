import type { ActionFunctionArgs } from "@remix-run/node";
import { importFormatSchema, MAX_IMPORT_BYTES } from "#content-schemas/question-import";
import { requireApiActor } from "~/auth/session.server";
import { readQuestionFile } from "~/domain/questions/import-export.server";
import { apiHandler, methodNotAllowed, problem, respond } from "~/utils/api.server";
import { readSmallUpload } from "~/utils/upload.server";

/**
 * Reads a question file (multipart: `file`, `format` = docx | moodle_xml | gift | qti) and returns every item
 * found with its source text and problems. Nothing is imported until `POST …/imports/{id}/confirm`.
 */
export const action = apiHandler(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  const actor = await requireApiActor(request);
  const upload = await readSmallUpload(request, MAX_IMPORT_BYTES);
  if ("refused" in upload) return problem(upload.status, upload.refused);
  const file = upload.formData.get("file");
  const format = importFormatSchema.safeParse(upload.formData.get("format"));
  if (!(file instanceof File) || file.size === 0) return problem(400, "Hãy chọn tệp câu hỏi.");
  if (!format.success) return problem(400, "Hãy chọn định dạng tệp: Word, Moodle XML, GIFT hoặc QTI.");
  const data = new Uint8Array(await file.arrayBuffer());
  return respond(await readQuestionFile(actor, { format: format.data, fileName: file.name, data }), 201);
});
