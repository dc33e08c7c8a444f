import type { Readable } from "node:stream";
import yauzl, { type Entry, type Options, type ZipFile } from "yauzl";
import {
  H5P_CONTENT_EXTENSIONS,
  H5P_LIBRARY_EXTENSIONS,
  H5P_LIMITS,
  h5pManifestSchema,
  type H5pManifest,
} from "#content-schemas/h5p";

export type H5pCheck =
  { ok: true; manifest: H5pManifest; files: number; uncompressedBytes: number } | { ok: false; problems: string[] };

const SMALL_FILE_BYTES = 1024 * 1024;
const CONTENT = new Set<string>(H5P_CONTENT_EXTENSIONS);
const LIBRARY = new Set<string>(H5P_LIBRARY_EXTENSIONS);

async function readSmall(zip: ZipFile, entry: Entry): Promise<string> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, readable) => (error ? reject(error) : resolve(readable))),
  );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > SMALL_FILE_BYTES) throw new Error("too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** SVG can carry scripts; an H5P's own content SVGs must not. */
const svgHasScript = (svg: string) => /<script\b|\son[a-z]+\s*=|javascript:/i.test(svg);

/** A fresh object per call: yauzl writes its defaults into the options it is given. */
const zipOptions = (): Options => ({ lazyEntries: true, validateEntrySizes: true, autoClose: false });
const NOT_A_ZIP: H5pCheck = { ok: false, problems: ["Tệp không phải gói H5P hợp lệ: không đọc được tệp nén (.zip)."] };

/** A file-system error (missing file, no permission) is the caller's problem, not a bad package. */
const isSystemError = (error: unknown) => error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";

/**
 * Checks an uploaded .h5p held in memory before anything is stored: a readable zip, no path leaving the
 * package, only the file types H5P allows (scripts only inside libraries), within file-count, size and
 * compression-ratio limits (zip bombs), a valid h5p.json and content/content.json, no scripted SVG.
 * Every problem is reported in Vietnamese. For packages on disk use {@link checkH5pPackageFile}.
 */
export async function checkH5pPackage(bytes: Uint8Array): Promise<H5pCheck> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), zipOptions());
  } catch {
    return NOT_A_ZIP;
  }
  return checkZip(zip);
}

/**
 * The same checks as {@link checkH5pPackage} for a package on disk (a worker's downloaded upload): the zip is
 * read with random access, so memory does not grow with the file size. A missing or unreadable file throws.
 */
export async function checkH5pPackageFile(path: string): Promise<H5pCheck> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, zipOptions());
  } catch (error) {
    if (isSystemError(error)) throw error;
    return NOT_A_ZIP;
  }
  return checkZip(zip);
}

/** The one implementation behind both entry points; always closes the zip. */
async function checkZip(zip: ZipFile): Promise<H5pCheck> {
  const problems = new Set<string>();
  let files = 0;
  let uncompressedBytes = 0;
  let manifestText: string | undefined;
  let hasContent = false;

  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: Entry) => {
        void (async () => {
          const name = entry.fileName;
          if (name.endsWith("/")) return zip.readEntry();
          files += 1;
          uncompressedBytes += entry.uncompressedSize;
          const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
          if (ratio > H5P_LIMITS.maxCompressionRatio && entry.uncompressedSize > SMALL_FILE_BYTES) {
            problems.add(`Gói có dấu hiệu "bom nén": tệp ${name} nở ra gấp ${Math.round(ratio)} lần.`);
          }
          const extension = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
          const [top] = name.split("/");
          const inContent = top === "content";
          const atRoot = !name.includes("/");
          if (atRoot && name !== "h5p.json" && extension !== "txt") problems.add(`Tệp ${name} không được phép ở gốc gói H5P.`);
          else if (!atRoot && !(inContent ? CONTENT : LIBRARY).has(extension))
            problems.add(`Loại tệp .${extension || "(không đuôi)"} không được phép trong gói H5P (${name}).`);
          if (name === "h5p.json") manifestText = await readSmall(zip, entry);
          if (name === "content/content.json") hasContent = true;
          if (inContent && extension === "svg" && svgHasScript(await readSmall(zip, entry)))
            problems.add(`Ảnh SVG ${name} chứa mã lệnh; hãy xuất lại ảnh không có script.`);
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/relative path|absolute path|invalid characters/i.test(message)) {
      return { ok: false, problems: ["Gói H5P chứa đường dẫn nguy hiểm (ví dụ ../ hoặc đường dẫn tuyệt đối); không nhận."] };
    }
    return { ok: false, problems: ["Tệp không phải gói H5P hợp lệ: tệp nén bị hỏng."] };
  } finally {
    zip.close();
  }

  if (files > H5P_LIMITS.maxFiles) problems.add(`Gói có ${files} tệp; tối đa ${H5P_LIMITS.maxFiles}.`);
  if (uncompressedBytes > H5P_LIMITS.maxUncompressedBytes) {
    problems.add(
      `Gói giải nén ra ${Math.round(uncompressedBytes / 1024 / 1024)} MB; tối đa ${H5P_LIMITS.maxUncompressedBytes / 1024 / 1024} MB.`,
    );
  }
  if (!hasContent) problems.add("Thiếu content/content.json: đây không phải gói nội dung H5P.");
  let manifest: H5pManifest | undefined;
  if (manifestText === undefined) problems.add("Thiếu tệp h5p.json ở gốc gói.");
  else {
    try {
      const parsed = h5pManifestSchema.safeParse(JSON.parse(manifestText));
      if (parsed.success) manifest = parsed.data;
      else problems.add("Tệp h5p.json thiếu tiêu đề, thư viện chính hoặc danh sách thư viện phụ thuộc.");
    } catch {
      problems.add("Tệp h5p.json không phải JSON hợp lệ.");
    }
  }
  if (problems.size > 0 || !manifest) return { ok: false, problems: [...problems] };
  return { ok: true, manifest, files, uncompressedBytes };
}
