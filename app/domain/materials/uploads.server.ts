import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Types } from "mongoose";
import { MAX_UPLOAD_PARTS, UPLOAD_PART_BYTES, type CreateUpload, type UploadPurpose } from "#content-schemas/materials";
import { Material } from "#models/material";
import { Upload, type UploadDoc } from "#models/upload";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import {
  abortMultipartUpload,
  completeMultipartUpload,
  deleteObject,
  downloadToFile,
  headObject,
  listUploadedParts,
  PRESIGN_TTL_SECONDS,
  presignUploadPart,
  readObjectStart,
  safeObjectName,
  startMultipartUpload,
} from "~/services/storage.server";
import { checkH5pPackageFile } from "./h5p-package.server";
import { svgHasScript, sniffStoredType } from "./sniff.server";
import { checkDeclaredSize, checkStoredFile } from "./upload-rules";

export type UploadResult<T> = { ok: true; value: T } | { ok: false; status: 403 | 404 | 409 | 422; reason: string };

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy tệp đang tải lên." } as const;

export function uploadView(upload: UploadDoc) {
  return {
    id: String(upload._id),
    key: upload.key,
    purpose: upload.purpose as UploadPurpose,
    fileName: upload.fileName,
    size: upload.size ?? upload.declaredSize,
    state: upload.state,
    partSize: UPLOAD_PART_BYTES,
    mimeType: upload.mimeType ?? null,
  };
}
export type UploadView = ReturnType<typeof uploadView>;

/**
 * Starts a direct-to-storage multipart upload. Only people who may author materials in their
 * school upload, and the declared size is checked before any byte is sent.
 */
export async function createUpload(actor: Actor, input: CreateUpload): Promise<UploadResult<UploadView>> {
  const ability = defineAbilityFor(actor);
  const owner = actor.roles.find(
    (binding) =>
      (binding.role === "teacher" || binding.role === "group_leader") && binding.organisationId === actor.organisationId,
  );
  if (!owner || !ability.can("create", "Material")) {
    return { ok: false, status: 403, reason: "Chỉ giáo viên của trường mới tải học liệu lên." };
  }
  const size = checkDeclaredSize(input.purpose, input.fileName, input.size);
  if (!size.ok) return { ok: false, status: 422, reason: size.reason };
  if (Math.ceil(input.size / UPLOAD_PART_BYTES) > MAX_UPLOAD_PARTS) {
    return { ok: false, status: 422, reason: "Tệp quá lớn để tải lên." };
  }
  const id = new Types.ObjectId();
  const key = `orgs/${actor.organisationId}/uploads/${String(id)}/${safeObjectName(input.fileName)}`;
  const s3UploadId = await startMultipartUpload(key, "application/octet-stream");
  const upload = await Upload.create({
    _id: id,
    organisationId: actor.organisationId,
    createdBy: actor.id,
    purpose: input.purpose,
    fileName: input.fileName,
    declaredSize: input.size,
    key,
    s3UploadId,
  });
  return { ok: true, value: uploadView(upload.toObject()) };
}

async function ownUpload(actor: Actor, uploadId: string) {
  if (!Types.ObjectId.isValid(uploadId)) return null;
  return Upload.findOne({ _id: uploadId, createdBy: actor.id }).lean<UploadDoc>();
}

/** A presigned PUT for one part; parts go straight from the browser to storage. */
export async function signUploadPart(
  actor: Actor,
  uploadId: string,
  partNumber: number,
): Promise<UploadResult<{ url: string; expiresAt: string }>> {
  const upload = await ownUpload(actor, uploadId);
  if (!upload) return NOT_FOUND;
  if (upload.state !== "uploading") return { ok: false, status: 409, reason: "Tệp này đã tải lên xong hoặc đã bị hủy." };
  const maxPart = Math.max(1, Math.ceil(upload.declaredSize / UPLOAD_PART_BYTES));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > maxPart) {
    return { ok: false, status: 422, reason: `Số thứ tự phần phải từ 1 đến ${maxPart}.` };
  }
  const url = await presignUploadPart(upload.key, upload.s3UploadId, partNumber);
  return { ok: true, value: { url, expiresAt: new Date(Date.now() + PRESIGN_TTL_SECONDS * 1000).toISOString() } };
}

/** Parts storage already holds: a resumed upload sends only the rest. */
export async function uploadedParts(actor: Actor, uploadId: string) {
  const upload = await ownUpload(actor, uploadId);
  if (!upload) return NOT_FOUND;
  if (upload.state !== "uploading") return { ok: true as const, value: [] };
  return { ok: true as const, value: await listUploadedParts(upload.key, upload.s3UploadId) };
}

/** Deep checks that need the whole file, done from a temporary copy on disk (never in memory). */
async function deepCheck(upload: UploadDoc, mimeType: string): Promise<string | null> {
  if (upload.purpose === "simulation") {
    const dir = await mkdtemp(path.join(tmpdir(), "khl-h5p-"));
    try {
      const file = path.join(dir, "package.h5p");
      await downloadToFile(upload.key, file);
      const check = await checkH5pPackageFile(file);
      return check.ok ? null : `Gói H5P «${upload.fileName}» bị từ chối: ${check.problems.join(" ")}`;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (mimeType === "image/svg+xml") {
    const svg = new TextDecoder().decode(await readObjectStart(upload.key, upload.size ?? upload.declaredSize));
    if (svgHasScript(svg))
      return `Ảnh SVG «${upload.fileName}» chứa mã lệnh (script) nên bị từ chối; hãy xuất lại ảnh không có script.`;
  }
  return null;
}

/**
 * Finishes an upload and verifies what was stored: real size, type sniffed from the bytes and,
 * for H5P packages and SVG images, their content. A refused file is deleted at once, so nothing
 * half-stored remains. Completing twice returns the first outcome.
 */
export async function completeUpload(
  actor: Actor,
  uploadId: string,
  parts: { partNumber: number; etag: string }[],
): Promise<UploadResult<UploadView>> {
  const upload = await ownUpload(actor, uploadId);
  if (!upload) return NOT_FOUND;
  if (upload.state === "completed" || upload.state === "attached") return { ok: true, value: uploadView(upload) };
  if (upload.state === "rejected") return { ok: false, status: 422, reason: upload.rejectedReason ?? "Tệp bị từ chối." };
  if (upload.state !== "uploading") return { ok: false, status: 409, reason: "Tệp này đã bị hủy." };

  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  await completeMultipartUpload(upload.key, upload.s3UploadId, sorted);
  const stored = await headObject(upload.key);
  if (!stored) return { ok: false, status: 409, reason: "Kho lưu trữ chưa nhận đủ tệp; hãy thử tải lại." };

  const sniffed = await sniffStoredType(upload.key);
  const check = checkStoredFile(upload.purpose as UploadPurpose, {
    fileName: upload.fileName,
    size: stored.size,
    sniffedMimeType: sniffed,
  });
  const reason = check.ok ? await deepCheck({ ...upload, size: stored.size }, check.type.mimeType) : check.reason;
  if (!check.ok || reason) {
    await deleteObject(upload.key);
    const rejectedReason = reason ?? "Tệp bị từ chối.";
    await Upload.updateOne({ _id: upload._id, state: "uploading" }, { state: "rejected", rejectedReason, size: stored.size });
    return { ok: false, status: 422, reason: rejectedReason };
  }
  // Lecture images are referenced from lecture bodies by address, so they count as attached at once.
  const state = upload.purpose === "lecture_image" ? "attached" : "completed";
  const completed = await Upload.findOneAndUpdate(
    { _id: upload._id, state: "uploading" },
    {
      state,
      size: stored.size,
      mimeType: check.type.mimeType,
      extension: check.type.extension,
      completedAt: new Date(),
    },
    { returnDocument: "after" },
  ).lean<UploadDoc>();
  return completed ? { ok: true, value: uploadView(completed) } : { ok: false, status: 409, reason: "Tệp này đã bị hủy." };
}

/** Cancels an unfinished upload and removes whatever storage holds of it. */
export async function abortUpload(actor: Actor, uploadId: string): Promise<UploadResult<null>> {
  const upload = await ownUpload(actor, uploadId);
  if (!upload) return NOT_FOUND;
  if (upload.state === "attached") return { ok: false, status: 409, reason: "Tệp đã gắn vào học liệu, không hủy được." };
  await discardUpload(upload);
  await Upload.updateOne({ _id: upload._id, state: { $ne: "attached" } }, { state: "aborted" });
  return { ok: true, value: null };
}

async function discardUpload(upload: UploadDoc) {
  await abortMultipartUpload(upload.key, upload.s3UploadId);
  await deleteObject(upload.key);
}

/** A completed upload of the author's, ready to become a material's file. */
export async function completedUploadFor(actor: Actor, uploadId: string, purpose: UploadPurpose) {
  const upload = await ownUpload(actor, uploadId);
  if (!upload || upload.purpose !== purpose) return null;
  return upload.state === "completed" ? upload : null;
}

export async function markUploadAttached(uploadId: Types.ObjectId, materialId: Types.ObjectId) {
  await Upload.updateOne({ _id: uploadId }, { state: "attached", attachedTo: materialId });
}

/**
 * Removes uploads nobody finished or used within `olderThanMs`, with their stored bytes. An upload
 * a material refers to is kept and marked attached, whatever its record says.
 */
export async function sweepAbandonedUploads(olderThanMs = 24 * 60 * 60_000): Promise<number> {
  const stale = await Upload.find({
    state: { $in: ["uploading", "completed", "rejected", "aborted"] },
    updatedAt: { $lt: new Date(Date.now() - olderThanMs) },
  })
    .limit(500)
    .lean<UploadDoc[]>();
  let removed = 0;
  for (const upload of stale) {
    const owner = await Material.findOne({ "versions.file.uploadId": upload._id }, { _id: 1 }).lean();
    if (owner) {
      await markUploadAttached(upload._id, owner._id);
      continue;
    }
    await discardUpload(upload);
    await Upload.deleteOne({ _id: upload._id, state: upload.state });
    removed += 1;
  }
  return removed;
}

/** The stored image behind a lecture's `/media/<id>` address. */
export async function lectureImageKey(uploadId: string): Promise<string | null> {
  if (!Types.ObjectId.isValid(uploadId)) return null;
  const upload = await Upload.findOne({ _id: uploadId, purpose: "lecture_image", state: "attached" }, { key: 1 }).lean();
  return upload?.key ?? null;
}
