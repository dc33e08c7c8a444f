import { expect } from "vitest";
import type { UploadPurpose } from "#content-schemas/materials";
import type { Actor } from "~/auth/session.server";
import { completeUpload, createUpload, signUploadPart } from "~/domain/materials/uploads.server";

/** What a browser does: open an upload, PUT each part to its presigned address, complete. */
export async function upload(
  actor: Actor,
  purpose: UploadPurpose,
  fileName: string,
  bytes: Uint8Array,
  declaredSize = bytes.length,
) {
  const started = await createUpload(actor, { purpose, fileName, size: declaredSize });
  if (!started.ok) return started;
  const parts = [];
  // A client that lies about the size sends everything as part 1.
  const partSize = declaredSize < bytes.length ? bytes.length : started.value.partSize;
  for (let offset = 0, partNumber = 1; offset < bytes.length; offset += partSize, partNumber++) {
    const signed = await signUploadPart(actor, started.value.id, partNumber);
    if (!signed.ok) throw new Error(signed.reason);
    const response = await fetch(signed.value.url, {
      method: "PUT",
      body: new Blob([bytes.subarray(offset, offset + partSize) as Uint8Array<ArrayBuffer>]),
    });
    expect(response.ok).toBe(true);
    parts.push({ partNumber, etag: response.headers.get("etag")! });
  }
  const completed = await completeUpload(actor, started.value.id, parts);
  return completed.ok ? completed : { ...completed, key: started.value.key, id: started.value.id };
}
