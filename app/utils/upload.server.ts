import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/**
 * Reads a small multipart form (spreadsheets: rosters, catalogues) in memory, refusing any file over
 * `maxBytes` with a Vietnamese message. Large media never come this way: they go straight to storage.
 */
export async function readSmallUpload(
  request: Request,
  maxBytes: number,
): Promise<{ formData: FormData } | { tooLarge: string }> {
  try {
    return {
      formData: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes })),
    };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { tooLarge: `Tệp lớn hơn ${Math.round(maxBytes / (1024 * 1024))} MB.` };
    throw error;
  }
}
