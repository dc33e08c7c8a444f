import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { getEnv } from "~/config/env.server";

let client: S3Client | undefined;
let presignClient: S3Client | undefined;

function storageClient(endpoint: string | undefined) {
  const env = getEnv();
  return new S3Client({
    endpoint,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
    maxAttempts: 2,
  });
}

export function getStorageClient(): S3Client {
  client ??= storageClient(getEnv().S3_ENDPOINT);
  return client;
}

/** Presigned addresses are opened by browsers, which may reach storage by another address than the server does. */
function getPresignClient(): S3Client {
  const env = getEnv();
  if (!env.S3_PUBLIC_ENDPOINT) return getStorageClient();
  presignClient ??= storageClient(env.S3_PUBLIC_ENDPOINT);
  return presignClient;
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

/** A file name made safe as the last segment of an object key (no separators or control characters). */
export function safeObjectName(fileName: string) {
  return Array.from(fileName.normalize("NFC"), (char) => (char.charCodeAt(0) < 32 || '/\\?%*:|"<>'.includes(char) ? "_" : char))
    .join("")
    .slice(0, 180);
}

/** Deterministic object keys: one folder per owning organisation and item, one per version. */
export function objectKey(parts: {
  organisationId: string;
  collection: string;
  itemId: string;
  version: number;
  fileName: string;
}) {
  return `orgs/${parts.organisationId}/${parts.collection}/${parts.itemId}/v${parts.version}/${safeObjectName(parts.fileName)}`;
}

export function presignPut(key: string, contentType: string, contentLength: number) {
  return getSignedUrl(
    getPresignClient(),
    new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: contentLength }),
    { expiresIn: PRESIGN_TTL_SECONDS },
  );
}

export function presignGet(key: string, downloadName?: string) {
  return getSignedUrl(
    getPresignClient(),
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
    getPresignClient(),
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

export async function abortMultipartUpload(key: string, uploadId: string) {
  try {
    await getStorageClient().send(new AbortMultipartUploadCommand({ Bucket: bucket(), Key: key, UploadId: uploadId }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Parts already stored for an unfinished multipart upload — what a resumed upload skips. */
export async function listUploadedParts(key: string, uploadId: string) {
  const parts: { partNumber: number; etag: string; size: number }[] = [];
  let marker: string | undefined;
  do {
    const page = await getStorageClient().send(
      new ListPartsCommand({ Bucket: bucket(), Key: key, UploadId: uploadId, PartNumberMarker: marker }),
    );
    for (const part of page.Parts ?? []) {
      if (part.PartNumber && part.ETag) parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size ?? 0 });
    }
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  return parts;
}

function isNotFound(error: unknown) {
  return error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchUpload");
}

/** Size and type of a stored object, or null when it does not exist. */
export async function headObject(key: string): Promise<{ size: number; contentType?: string } | null> {
  try {
    const head = await getStorageClient().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { size: head.ContentLength ?? 0, contentType: head.ContentType };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The first bytes of an object (for sniffing its real type) without reading the rest. */
export async function readObjectStart(key: string, length: number): Promise<Uint8Array> {
  const result = await getStorageClient().send(
    new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=0-${length - 1}` }),
  );
  return result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
}

/** Streams an object; `range` is an HTTP Range header value passed through (video seeking). */
export async function readObjectStream(key: string, range?: string) {
  const result = await getStorageClient().send(new GetObjectCommand({ Bucket: bucket(), Key: key, Range: range }));
  return {
    body: result.Body as Readable | undefined,
    size: result.ContentLength,
    contentType: result.ContentType,
    contentRange: result.ContentRange,
    etag: result.ETag,
  };
}

/** Copies an object to a local file by streaming: memory use does not grow with the object size. */
export async function downloadToFile(key: string, file: string): Promise<void> {
  const { body } = await readObjectStream(key);
  if (!body) throw new Error(`storage object ${key} has no body`);
  await pipeline(body, createWriteStream(file));
}

export async function putObject(key: string, body: Uint8Array | Readable | string, contentType: string, contentLength?: number) {
  await getStorageClient().send(
    new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType, ContentLength: contentLength }),
  );
}

/** A server-side copy inside the bucket (single request: objects up to 5 GB, above every upload limit). */
export async function copyObject(sourceKey: string, targetKey: string) {
  await getStorageClient().send(
    new CopyObjectCommand({
      Bucket: bucket(),
      Key: targetKey,
      CopySource: `${bucket()}/${sourceKey.split("/").map(encodeURIComponent).join("/")}`,
    }),
  );
}

export async function deleteObject(key: string) {
  await getStorageClient().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
}

/** Removes every object under a prefix (a derived-files folder, an extracted H5P package). */
export async function deletePrefix(prefix: string): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await getStorageClient().send(
      new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix, ContinuationToken: token }),
    );
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
    if (keys.length > 0) {
      await getStorageClient().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: keys, Quiet: true } }));
      deleted += keys.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}

export async function listKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await getStorageClient().send(
      new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
