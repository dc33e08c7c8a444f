import { unstable_parseMultipartFormData } from "@remix-run/node";

/** As Remix's parser checks it (the media type case-sensitively): what passes here is what it can read. */
const isMultipartForm = (request: Request) =>
  /^multipart\/form-data\s*;\s*boundary=/.test(request.headers.get("Content-Type") ?? "");

/** A text field of a multipart form longer than this is dropped (the longest answer field takes 50,000 characters). */
const MAX_TEXT_FIELD_BYTES = 1024 * 1024;
/** What a form carries besides its files. */
const FORM_FIELDS_ALLOWANCE_BYTES = 1024 * 1024;

class FormTooLarge extends Error {}

/**
 * Reads a multipart form into memory with every part within its limit (files `maxFileBytes`, text fields 1 MB) and
 * all of them within `maxTotalBytes`, however many parts a crafted body has. A part over a limit is either read to
 * its end and dropped — its name listed in `oversized` — or ends the reading (`FormTooLarge`).
 */
async function readParts(
  request: Request,
  limits: { maxFileBytes: number; maxTotalBytes: number; overLimit: "drop" | "refuse" },
): Promise<{ formData: FormData; oversized: string[] }> {
  const oversized: string[] = [];
  let kept = 0;
  const formData = await unstable_parseMultipartFormData(request, async ({ name, filename, contentType, data }) => {
    const limit = Math.min(filename === undefined ? MAX_TEXT_FIELD_BYTES : limits.maxFileBytes, limits.maxTotalBytes - kept);
    const chunks: Uint8Array[] = [];
    let size = 0;
    // A dropped part is still read to its end: the parser needs it consumed to reach the next one.
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit && limits.overLimit === "refuse") throw new FormTooLarge();
      if (size <= limit) chunks.push(chunk);
    }
    if (size > limit) {
      oversized.push(name);
      return null;
    }
    kept += size;
    const bytes = Buffer.concat(chunks);
    if (filename === undefined) return bytes.toString("utf8");
    return size === 0 ? null : new File([new Uint8Array(bytes)], filename, { type: contentType });
  });
  return { formData, oversized };
}

/**
 * Reads a form that may carry small files (the quiz page's plain form post with essay photos). A file — or a text
 * field — over its limit, or past `maxTotalBytes` for the whole form, is left out and its field name listed, so
 * everything else the form carries (answers typed meanwhile) is still read; empty file fields are left out. A form
 * without files (URL-encoded) is read as it is.
 */
export async function readFormWithSmallFiles(
  request: Request,
  limits: { maxFileBytes: number; maxTotalBytes: number },
): Promise<{ formData: FormData; oversized: string[] }> {
  if (!isMultipartForm(request)) return { formData: await request.formData(), oversized: [] };
  return readParts(request, { ...limits, overLimit: "drop" });
}

const tooLarge = (maxBytes: number) => ({
  refused: `Tệp lớn hơn ${Math.round(maxBytes / (1024 * 1024))} MB.`,
  status: 413 as const,
});

/**
 * Reads a small multipart form (spreadsheets: rosters, catalogues; question files; essay photos) in memory: one file
 * of at most `maxBytes` and a few fields. A larger file or body — and a body that is not a multipart form — is refused
 * with a Vietnamese message and its HTTP status. Large media never come this way: they go straight to storage.
 */
export async function readSmallUpload(
  request: Request,
  maxBytes: number,
): Promise<{ formData: FormData } | { refused: string; status: 413 | 415 }> {
  if (!isMultipartForm(request)) return { refused: "Hãy gửi tệp trong một biểu mẫu multipart/form-data.", status: 415 };
  const maxTotalBytes = maxBytes + FORM_FIELDS_ALLOWANCE_BYTES;
  // A body declared larger is refused before any of it is read.
  if (Number(request.headers.get("Content-Length") ?? 0) > maxTotalBytes) return tooLarge(maxBytes);
  try {
    const { formData } = await readParts(request, { maxFileBytes: maxBytes, maxTotalBytes, overLimit: "refuse" });
    return { formData };
  } catch (error) {
    if (error instanceof FormTooLarge) return tooLarge(maxBytes);
    throw error;
  }
}
