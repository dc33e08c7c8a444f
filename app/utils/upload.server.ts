import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

const isMultipartForm = (request: Request) =>
  /^multipart\/form-data\s*;\s*boundary=/i.test(request.headers.get("Content-Type") ?? "");

/** A text field of a multipart form longer than this is dropped (the longest answer field takes 50,000 characters). */
const MAX_TEXT_FIELD_BYTES = 1024 * 1024;

/**
 * Reads a form that may carry small files (the quiz page's plain form post with essay photos). A file — or a text
 * field — over its limit is left out and its field name listed, so everything else the form carries (answers typed
 * meanwhile) is still read; empty file fields are left out. A form without files (URL-encoded) is read as it is.
 */
export async function readFormWithSmallFiles(
  request: Request,
  maxFileBytes: number,
): Promise<{ formData: FormData; oversized: string[] }> {
  if (!isMultipartForm(request)) return { formData: await request.formData(), oversized: [] };
  const oversized: string[] = [];
  const formData = await unstable_parseMultipartFormData(request, async ({ name, filename, contentType, data }) => {
    const limit = filename === undefined ? MAX_TEXT_FIELD_BYTES : maxFileBytes;
    const chunks: Uint8Array[] = [];
    let size = 0;
    // The part is read to its end either way: the parser needs it consumed to reach the next one.
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    }
    if (size > limit) {
      oversized.push(name);
      return null;
    }
    const bytes = Buffer.concat(chunks);
    if (filename === undefined) return bytes.toString("utf8");
    return size === 0 ? null : new File([new Uint8Array(bytes)], filename, { type: contentType });
  });
  return { formData, oversized };
}

const FORM_FIELDS_ALLOWANCE_BYTES = 1024 * 1024;
const tooLarge = (maxBytes: number) => ({
  refused: `Tệp lớn hơn ${Math.round(maxBytes / (1024 * 1024))} MB.`,
  status: 413 as const,
});

/**
 * Reads a small multipart form (spreadsheets: rosters, catalogues; question files; essay photos) in memory, refusing
 * any file over `maxBytes` — and a body that is not a multipart form — with a Vietnamese message and its HTTP status.
 * Large media never come this way: they go straight to storage.
 */
export async function readSmallUpload(
  request: Request,
  maxBytes: number,
): Promise<{ formData: FormData } | { refused: string; status: 413 | 415 }> {
  if (!isMultipartForm(request)) return { refused: "Hãy gửi tệp trong một biểu mẫu multipart/form-data.", status: 415 };
  // A form is its file plus a few fields: a body declared much larger is refused before any of it is read.
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes + FORM_FIELDS_ALLOWANCE_BYTES) return tooLarge(maxBytes);
  try {
    return {
      formData: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes })),
    };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge(maxBytes);
    throw error;
  }
}
