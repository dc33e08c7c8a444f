import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { getEnv } from "~/config/env.server";

let client: S3Client | undefined;

export function getStorageClient(): S3Client {
  const env = getEnv();
  client ??= new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
    maxAttempts: 2,
  });
  return client;
}

export const bucket = () => getEnv().S3_BUCKET;

/** How long a presigned URL stays valid; uploads of large files sign each part separately. */
export const PRESIGN_TTL_SECONDS = 15 * 60;

export async function ensureBucket(): Promise<void> {
  const s3 = getStorageClient();
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket() }));
  } catch (error) {
    if (!(error instanceof S3ServiceException) || error.$metadata.httpStatusCode !== 404) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucket() }));
  }
}

export async function pingStorage(): Promise<void> {
  await getStorageClient().send(new HeadBucketCommand({ Bucket: bucket() }));
}

/** Deterministic object keys: one folder per owning organisation and item, one per version. */
export function objectKey(parts: {
  organisationId: string;
  collection: string;
  itemId: string;
  version: number;
  fileName: string;
}) {
  const safeName = Array.from(parts.fileName.normalize("NFC"), (char) =>
    char.charCodeAt(0) < 32 || '/\\?%*:|"<>'.includes(char) ? "_" : char,
  )
    .join("")
    .slice(0, 180);
  return `orgs/${parts.organisationId}/${parts.collection}/${parts.itemId}/v${parts.version}/${safeName}`;
}

export function presignPut(key: string, contentType: string, contentLength: number) {
  return getSignedUrl(
    getStorageClient(),
    new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: contentLength }),
    { expiresIn: PRESIGN_TTL_SECONDS },
  );
}

export function presignGet(key: string, downloadName?: string) {
  return getSignedUrl(
    getStorageClient(),
    new GetObjectCommand({
      Bucket: bucket(),
      Key: key,
      ResponseContentDisposition: downloadName ? `attachment; filename*=UTF-8''${encodeURIComponent(downloadName)}` : undefined,
    }),
    { expiresIn: PRESIGN_TTL_SECONDS },
  );
}

export async function startMultipartUpload(key: string, contentType: string): Promise<string> {
  const result = await getStorageClient().send(
    new CreateMultipartUploadCommand({ Bucket: bucket(), Key: key, ContentType: contentType }),
  );
  if (!result.UploadId) throw new Error("storage returned no UploadId");
  return result.UploadId;
}

export function presignUploadPart(key: string, uploadId: string, partNumber: number) {
  return getSignedUrl(
    getStorageClient(),
    new UploadPartCommand({ Bucket: bucket(), Key: key, UploadId: uploadId, PartNumber: partNumber }),
    { expiresIn: PRESIGN_TTL_SECONDS },
  );
}

export async function completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]) {
  await getStorageClient().send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket(),
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
    }),
  );
}
