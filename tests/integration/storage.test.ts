import { createHash, randomBytes } from "node:crypto";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bucket,
  completeMultipartUpload,
  ensureBucket,
  getStorageClient,
  objectKey,
  presignGet,
  presignPut,
  presignUploadPart,
  startMultipartUpload,
} from "~/services/storage.server";

const MIB = 1024 * 1024;
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

beforeAll(async () => {
  await ensureBucket();
  await ensureBucket(); // idempotent
});

describe("object storage (real S3 server)", () => {
  it("uploads through a presigned PUT and downloads through a presigned GET", async () => {
    const key = objectKey({
      organisationId: "org1",
      collection: "materials",
      itemId: "m1",
      version: 1,
      fileName: "Bài giảng: số phức?.pdf",
    });
    expect(key).toBe("orgs/org1/materials/m1/v1/Bài giảng_ số phức_.pdf");
    const body = new TextEncoder().encode("%PDF-1.7 bài giảng mẫu");

    const put = await fetch(await presignPut(key, "application/pdf", body.byteLength), {
      method: "PUT",
      body,
      headers: { "Content-Type": "application/pdf" },
    });
    expect(put.status).toBe(200);

    const get = await fetch(await presignGet(key, "Bài giảng.pdf"));
    expect(get.status).toBe(200);
    expect(get.headers.get("content-disposition")).toContain("filename*=UTF-8''B%C3%A0i%20gi%E1%BA%A3ng.pdf");
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(body);
  });

  it("assembles a 3-part multipart upload sent straight to storage through presigned part URLs", async () => {
    const key = objectKey({
      organisationId: "org1",
      collection: "materials",
      itemId: "video",
      version: 2,
      fileName: "video.mp4",
    });
    const parts = [randomBytes(5 * MIB), randomBytes(5 * MIB), randomBytes(MIB)];
    const uploadId = await startMultipartUpload(key, "video/mp4");

    const uploaded = [];
    for (const [index, part] of parts.entries()) {
      const response = await fetch(await presignUploadPart(key, uploadId, index + 1), { method: "PUT", body: part });
      expect(response.status).toBe(200);
      uploaded.push({ partNumber: index + 1, etag: response.headers.get("etag") ?? "" });
    }
    await completeMultipartUpload(key, uploadId, uploaded);

    const download = await fetch(await presignGet(key));
    const received = new Uint8Array(await download.arrayBuffer());
    expect(received.byteLength).toBe(11 * MIB);
    expect(sha256(received)).toBe(sha256(Buffer.concat(parts)));

    const ranged = await fetch(await presignGet(key), { headers: { Range: "bytes=0-9" } });
    expect(ranged.status).toBe(206);
    expect(new Uint8Array(await ranged.arrayBuffer())).toEqual(new Uint8Array(parts[0]!.subarray(0, 10)));
  });

  it("rejects a tampered or expired presigned URL", async () => {
    const key = "orgs/org1/private.txt";
    await fetch(await presignPut(key, "text/plain", 2), { method: "PUT", body: "ok", headers: { "Content-Type": "text/plain" } });

    const tampered = (await presignGet(key)).replace("private.txt", "other.txt");
    expect((await fetch(tampered)).status).toBe(403);

    const shortLived = await getSignedUrl(getStorageClient(), new GetObjectCommand({ Bucket: bucket(), Key: key }), {
      expiresIn: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await fetch(shortLived)).status).toBe(403);
  });
});
