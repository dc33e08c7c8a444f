import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Types } from "mongoose";
import type { DerivedRole } from "#content-schemas/materials";
import { Material, type MaterialDoc } from "#models/material";
import { Upload } from "#models/upload";
import { deletePrefix, downloadToFile, objectKey, putObject } from "~/services/storage.server";
import {
  convertToPdf,
  DerivationError,
  extractPosterFrame,
  makeThumbnail,
  probeMedia,
  renderPdfPages,
} from "./derive/media-tools.server";
import { extractH5pPackage } from "./h5p-extract.server";
import { checkH5pPackageFile } from "./h5p-package.server";

/** Preview pages shown for a document or slides; longer files are downloaded for the rest. */
export const PREVIEW_MAX_PAGES = 60;
const PREVIEW_WIDTH_PX = 1280;
/** Unexpected failures (storage or database down) are retried this many times before giving up. */
const MAX_ATTEMPTS = 4;

const OFFICE_TYPES = new Set([
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.presentation",
]);

interface DerivedLocalFile {
  role: DerivedRole;
  file: string;
  mimeType: string;
  page?: number;
}

interface Derivation {
  files: DerivedLocalFile[];
  durationSeconds?: number | null;
  pageCount?: number | null;
  h5p?: boolean;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function pagePreviews(pdf: string, dir: string): Promise<Derivation> {
  const pagesDir = path.join(dir, "pages");
  const { pageCount, pages } = await renderPdfPages(pdf, await mkdirp(pagesDir), {
    maxPages: PREVIEW_MAX_PAGES,
    widthPx: PREVIEW_WIDTH_PX,
  });
  const files: DerivedLocalFile[] = pages.map((file, index) => ({ role: "page", file, mimeType: "image/jpeg", page: index + 1 }));
  if (pages[0]) {
    const thumbnail = path.join(dir, "thumbnail.jpg");
    await makeThumbnail(pages[0], thumbnail);
    files.push({ role: "thumbnail", file: thumbnail, mimeType: "image/jpeg" });
  }
  return { files, pageCount };
}

async function mkdirp(dir: string) {
  await mkdir(dir, { recursive: true });
  return dir;
}

/** What each kind of file turns into; the original is never changed. */
async function derive(original: string, mimeType: string, dir: string): Promise<Derivation> {
  if (mimeType.startsWith("video/")) {
    const media = await probeMedia(original);
    const poster = path.join(dir, "poster.jpg");
    const duration = media.durationSeconds ?? 0;
    await extractPosterFrame(original, poster, Math.min(5, duration * 0.1));
    const thumbnail = path.join(dir, "thumbnail.jpg");
    await makeThumbnail(poster, thumbnail);
    return {
      files: [
        { role: "poster", file: poster, mimeType: "image/jpeg" },
        { role: "thumbnail", file: thumbnail, mimeType: "image/jpeg" },
      ],
      durationSeconds: media.durationSeconds,
    };
  }
  if (mimeType.startsWith("audio/")) return { files: [], durationSeconds: (await probeMedia(original)).durationSeconds };
  if (mimeType === "application/pdf") return pagePreviews(original, dir);
  if (OFFICE_TYPES.has(mimeType)) {
    const pdf = await convertToPdf(original, await mkdirp(path.join(dir, "pdf")));
    const previews = await pagePreviews(pdf, dir);
    return { ...previews, files: [{ role: "preview_pdf", file: pdf, mimeType: "application/pdf" }, ...previews.files] };
  }
  if (mimeType === "application/zip") {
    const check = await checkH5pPackageFile(original);
    if (!check.ok) throw new DerivationError(check.problems.join(" "), `Gói H5P không hợp lệ: ${check.problems.join(" ")}`);
    return { files: [], h5p: true };
  }
  if (mimeType.startsWith("image/") && mimeType !== "image/svg+xml") {
    const thumbnail = path.join(dir, "thumbnail.jpg");
    await makeThumbnail(original, thumbnail);
    return { files: [{ role: "thumbnail", file: thumbnail, mimeType: "image/jpeg" }] };
  }
  return { files: [] };
}

const derivedName = (file: DerivedLocalFile) =>
  file.role === "page" ? `page-${String(file.page).padStart(3, "0")}.jpg` : `${file.role}${path.extname(file.file)}`;

/**
 * Makes the derived files of one material version (thumbnails, poster frame, PDF and page previews,
 * the extracted H5P package) and records its checksum and duplicates. Safe to run again: derived
 * keys are deterministic and the folder is cleared first. An event about a file that has since been
 * replaced is ignored. A file the tools cannot handle is marked failed with a reason the teacher can
 * read, and the original stays usable; unexpected errors are rethrown so the job is retried.
 */
export async function processMaterialFiles(input: { materialId: string; version: number; uploadId: string }): Promise<void> {
  const material = await Material.findOne({ _id: input.materialId, deletedAt: null }).lean<MaterialDoc>();
  const index = input.version - 1;
  const version = material?.versions[index];
  if (!material || !version?.file || String(version.file.uploadId) !== input.uploadId) return;
  const current = { _id: material._id, [`versions.${index}.file.uploadId`]: new Types.ObjectId(input.uploadId) };
  const at = (field: string) => `versions.${index}.${field}`;
  const isLatest = material.latestVersion === input.version;
  const mirror = (state: string) => (isLatest ? { processingState: state } : {});

  const started = await Material.findOneAndUpdate(
    current,
    {
      $set: { [at("processing.state")]: "running", [at("processing.updatedAt")]: new Date(), ...mirror("running") },
      $inc: { [at("processing.attempts")]: 1 },
    },
    // No projection: FerretDB 1.24 does not support one on findAndModify (docs/mongodb-compatibility.md).
    { returnDocument: "after" },
  ).lean<MaterialDoc>();
  const attempts = started?.versions[index]?.processing.attempts ?? 1;
  const dir = await mkdtemp(path.join(tmpdir(), "khl-derive-"));
  const prefix = objectKey({
    organisationId: String(material.ownerOrganisationId),
    collection: "materials",
    itemId: input.materialId,
    version: input.version,
    fileName: "derived",
  });
  try {
    const original = path.join(dir, `original.${version.file.extension || "bin"}`);
    await downloadToFile(version.file.key, original);
    const sha256 = await sha256Of(original);
    const duplicate = await Material.findOne(
      {
        _id: { $ne: material._id },
        ownerOrganisationId: material.ownerOrganisationId,
        deletedAt: null,
        "versions.file.sha256": sha256,
      },
      { _id: 1 },
    ).lean();
    await Material.updateOne(current, {
      $set: { [at("file.sha256")]: sha256, [at("file.duplicateOf")]: duplicate?._id ?? null },
    });

    const derivation = await derive(original, version.file.mimeType, dir);
    await deletePrefix(`${prefix}/`);
    const derived = [];
    for (const file of derivation.files) {
      const key = `${prefix}/${derivedName(file)}`;
      const size = (await stat(file.file)).size;
      await putObject(key, createReadStream(file.file), file.mimeType, size);
      derived.push({ role: file.role, key, mimeType: file.mimeType, size, ...(file.page ? { page: file.page } : {}) });
    }
    if (derivation.h5p) {
      const h5pPrefix = `${prefix}/h5p`;
      const extracted = await extractH5pPackage(original, h5pPrefix);
      derived.push({ role: "h5p", key: h5pPrefix, mimeType: "application/vnd.h5p", size: extracted.bytes });
    }
    await Material.updateOne(current, {
      $set: {
        [at("derived")]: derived,
        [at("processing.state")]: "done",
        [at("processing.error")]: null,
        [at("processing.updatedAt")]: new Date(),
        [at("processing.durationSeconds")]: derivation.durationSeconds ?? null,
        [at("processing.pageCount")]: derivation.pageCount ?? null,
        ...mirror("done"),
      },
    });
  } catch (error) {
    const expected = error instanceof DerivationError;
    const givingUp = expected || attempts >= MAX_ATTEMPTS;
    const reason = expected
      ? error.reason
      : givingUp
        ? "Không xử lý được tệp do lỗi hệ thống. Tệp gốc vẫn dùng được; bấm «Xử lý lại» để thử lần nữa."
        : "Gặp lỗi tạm thời khi xử lý, hệ thống sẽ tự thử lại.";
    await Material.updateOne(current, {
      $set: {
        [at("processing.state")]: givingUp ? "failed" : "queued",
        [at("processing.error")]: reason,
        [at("processing.updatedAt")]: new Date(),
        ...mirror(givingUp ? "failed" : "queued"),
      },
    });
    if (!givingUp) throw error;
    if (!expected) console.error(`processing material ${input.materialId} v${input.version} failed`, error);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Removes the stored files of a deleted material, then the record itself. */
export async function purgeDeletedMaterial(input: { materialId: string }): Promise<void> {
  const material = await Material.findOne({ _id: input.materialId, deletedAt: { $ne: null } }).lean<MaterialDoc>();
  if (!material) return;
  await deletePrefix(`orgs/${String(material.ownerOrganisationId)}/materials/${input.materialId}/`);
  for (const version of material.versions) {
    if (version.file) await deletePrefix(version.file.key);
  }
  await Upload.deleteMany({ attachedTo: material._id });
  await Material.deleteOne({ _id: material._id, deletedAt: { $ne: null } });
}
