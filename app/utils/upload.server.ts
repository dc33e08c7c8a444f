import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/**
 * Reads a small multipart form (spreadsheets: rosters, catalogues; question files; essay photos) in memory, refusing
 * any file over `maxBytes` — and a body that is not a multipart form — with a Vietnamese message and its HTTP status.
 * Large media never come this way: they go straight to storage.
 */
export async function readSmallUpload(
  request: Request,
  maxBytes: number,
): Promise<{ formData: FormData } | { refused: string; status: 413 | 415 }> {
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(request.headers.get("Content-Type") ?? ""))
    return { refused: "Hãy gửi tệp trong một biểu mẫu multipart/form-data.", status: 415 };
  try {
    return {
      formData: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes })),
    };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return { refused: `Tệp lớn hơn ${Math.round(maxBytes / (1024 * 1024))} MB.`, status: 413 };
    throw error;
  }
}
