import yauzl, { type Entry } from "yauzl";
import { H5P_LIMITS } from "#content-schemas/h5p";
import { putObject } from "~/services/storage.server";

/** How many entries are uploaded at once: enough to hide request latency, few enough to keep memory flat. */
const CONCURRENCY = 4;

const TEXT = "; charset=utf-8";

/**
 * The type each extracted file is served with. Anything not listed (html, xml, documents) is stored as
 * application/octet-stream so a browser never renders it as a page on the app's origin.
 */
const CONTENT_TYPES: Record<string, string> = {
  json: `application/json${TEXT}`,
  js: `text/javascript${TEXT}`,
  css: `text/css${TEXT}`,
  txt: `text/plain${TEXT}`,
  vtt: `text/vtt${TEXT}`,
  webvtt: `text/vtt${TEXT}`,
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  bmp: "image/bmp",
  svg: "image/svg+xml",
  webp: "image/webp",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  wav: "audio/wav",
  ogg: "audio/ogg",
  mp4: "video/mp4",
  webm: "video/webm",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  eot: "application/vnd.ms-fontobject",
};

/** The Content-Type an extracted H5P file is stored (and later served) with, by its extension. */
export function h5pFileContentType(name: string): string {
  const dot = name.lastIndexOf(".");
  const extension = dot > name.lastIndexOf("/") ? name.slice(dot + 1).toLowerCase() : "";
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

/** Relative, normalised paths only: no "..", ".", empty segments, backslashes, drive letters or control characters. */
function isSafeEntryPath(name: string) {
  if (name.startsWith("/") || name.includes("\\") || /^[a-z]:/i.test(name)) return false;
  if (Array.from(name).some((char) => char.charCodeAt(0) < 32)) return false;
  return name.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/**
 * Unpacks an .h5p on disk into storage at `${keyPrefix}/${path in the package}` (h5p.json, content/…,
 * <Library-major.minor>/…), streaming each file with its known length, a few at a time, so memory stays flat.
 * Directory entries are skipped. Running it again overwrites the same keys; the prefix must belong to this
 * package alone (delete it with deletePrefix before extracting a different package there).
 *
 * Only call it after `checkH5pPackageFile` (h5p-package.server.ts) accepted the file: it still
 * refuses paths leaving the package and the size limits (throwing), but checks nothing else.
 */
export async function extractH5pPackage(zipPath: string, keyPrefix: string): Promise<{ files: number; bytes: number }> {
  const prefix = keyPrefix.replace(/\/+$/, "");
  if (!prefix) throw new Error("extractH5pPackage needs a key prefix");
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, validateEntrySizes: true, autoClose: false });
  const uploads = new Set<Promise<void>>();
  let failure: unknown;
  let files = 0;
  let bytes = 0;

  const upload = async (entry: Entry) => {
    const stream = await zip.openReadStreamPromise(entry);
    try {
      await putObject(`${prefix}/${entry.fileName}`, stream, h5pFileContentType(entry.fileName), entry.uncompressedSize);
    } finally {
      stream.destroy();
    }
  };

  try {
    for await (const entry of zip.eachEntry()) {
      if (failure !== undefined) break;
      const name = entry.fileName;
      if (name.endsWith("/")) continue;
      if (!isSafeEntryPath(name)) throw new Error(`H5P package entry leaves the package: ${JSON.stringify(name)}`);
      files += 1;
      bytes += entry.uncompressedSize;
      if (files > H5P_LIMITS.maxFiles || bytes > H5P_LIMITS.maxUncompressedBytes) {
        throw new Error("H5P package exceeds the file-count or size limits; check it before extracting");
      }
      const task: Promise<void> = upload(entry).then(
        () => void uploads.delete(task),
        (error: unknown) => {
          uploads.delete(task);
          failure ??= error;
        },
      );
      uploads.add(task);
      if (uploads.size >= CONCURRENCY) await Promise.race(uploads);
    }
  } finally {
    // Never leave uploads running behind a thrown error; they hold the zip open until they end.
    await Promise.all(uploads);
    zip.close();
  }
  if (failure !== undefined) throw failure;
  return { files, bytes };
}
