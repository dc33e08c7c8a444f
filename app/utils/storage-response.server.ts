import { Readable } from "node:stream";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { readObjectStream } from "~/services/storage.server";

/**
 * Streams a stored object through the app (for content that must be same-origin), passing Range
 * requests through; the body is never held in memory.
 */
export async function storageResponse(key: string, request: Request, options: { cacheControl: string }): Promise<Response> {
  try {
    const object = await readObjectStream(key, request.headers.get("range") ?? undefined);
    if (!object.body) return new Response(null, { status: 204 });
    const headers = new Headers({
      "Content-Type": object.contentType ?? "application/octet-stream",
      "Cache-Control": options.cacheControl,
      "Accept-Ranges": "bytes",
      "X-Content-Type-Options": "nosniff",
    });
    if (object.size !== undefined) headers.set("Content-Length", String(object.size));
    if (object.etag) headers.set("ETag", object.etag);
    if (object.contentRange) headers.set("Content-Range", object.contentRange);
    return new Response(Readable.toWeb(object.body) as ReadableStream, { status: object.contentRange ? 206 : 200, headers });
  } catch (error) {
    if (error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)) {
      return new Response("Không tìm thấy tệp.", { status: 404 });
    }
    throw error;
  }
}
