import { parseLectureJson } from "#content-schemas/lecture";
import { createMaterialSchema, updateMaterialSchema, type CreateMaterial, type UpdateMaterial } from "#content-schemas/materials";
import { parseValues, type Parsed } from "~/utils/form.server";

/** Authors are typed one per line or separated by commas. */
const splitAuthors = (text: FormDataEntryValue | null) =>
  String(text ?? "")
    .split(/[\n,;]/)
    .map((name) => name.trim())
    .filter(Boolean);

function formValues(formData: FormData) {
  return {
    title: formData.get("title"),
    summary: formData.get("summary") ?? "",
    subjectCode: formData.get("subjectCode"),
    grades: formData.getAll("grades"),
    topicIds: formData.getAll("topicIds"),
    language: formData.get("language") || undefined,
    licence: formData.get("licence") || undefined,
    authors: splitAuthors(formData.get("authors")),
  };
}

/** The lecture editor posts its document as JSON in a hidden field. */
function lectureBody(formData: FormData): Parsed<unknown> | null {
  const text = formData.get("body");
  if (text === null) return null;
  const parsed = parseLectureJson(String(text));
  return parsed.ok ? { data: parsed.doc } : { errors: { body: parsed.message } };
}

export function parseCreateMaterialForm(formData: FormData): Parsed<CreateMaterial> {
  const kind = formData.get("kind");
  const body = kind === "lecture" ? lectureBody(formData) : null;
  if (body?.errors) return body;
  const parsed = parseValues(
    {
      ...formValues(formData),
      kind,
      ...(kind === "lecture" ? { body: body?.data } : {}),
      ...(kind === "link" ? { url: formData.get("url") } : {}),
      ...(kind !== "lecture" && kind !== "link" ? { uploadId: formData.get("uploadId") || undefined } : {}),
    },
    createMaterialSchema,
  );
  if (parsed.errors?.uploadId) parsed.errors.uploadId = "Hãy tải tệp lên và chờ đến khi tải xong.";
  return parsed;
}

export function parseUpdateMaterialForm(formData: FormData, kind: string): Parsed<UpdateMaterial> {
  const body = kind === "lecture" ? lectureBody(formData) : null;
  if (body?.errors) return body;
  return parseValues(
    {
      ...formValues(formData),
      ...(kind === "lecture" ? { body: body?.data } : {}),
      ...(kind === "link" ? { url: formData.get("url") } : {}),
      uploadId: formData.get("uploadId") || undefined,
    },
    updateMaterialSchema,
  );
}
