import { UPLOAD_RULES, type AllowedFileType, type UploadPurpose } from "#content-schemas/materials";
import { formatBytes } from "~/i18n/format";

export const UPLOAD_PURPOSE_LABELS: Record<UploadPurpose, string> = {
  video: "video",
  audio: "âm thanh",
  document: "tài liệu",
  slides: "bài trình chiếu",
  ebook: "sách điện tử",
  simulation: "mô phỏng H5P",
  image: "hình ảnh",
  lecture_image: "ảnh trong bài giảng",
};

/** Names for what people most often upload by mistake, so the refusal says what the file really is. */
const KNOWN_CONTENT: Record<string, string> = {
  "application/x-msdownload": "chương trình Windows (.exe)",
  "application/x-elf": "chương trình Linux",
  "application/x-mach-binary": "chương trình macOS",
  "application/x-sh": "tập lệnh shell",
  "application/zip": "tệp nén ZIP",
  "application/x-rar-compressed": "tệp nén RAR",
  "application/vnd.rar": "tệp nén RAR",
  "application/x-7z-compressed": "tệp nén 7z",
  "application/msword": "tài liệu Word cũ (.doc)",
  "application/vnd.ms-powerpoint": "bài trình chiếu PowerPoint cũ (.ppt)",
  "application/x-cfb": "tệp Office cũ (.doc/.ppt/.xls)",
};

export type FileCheck = { ok: true; type: AllowedFileType } | { ok: false; reason: string };

const allowedList = (purpose: UploadPurpose) =>
  [...new Set(UPLOAD_RULES[purpose].types.map((type) => type.extension.toUpperCase()))].join(", ");

/** Checked before any byte is sent: the declared size against the limit for this kind of upload. */
export function checkDeclaredSize(purpose: UploadPurpose, fileName: string, size: number): FileCheck | { ok: true } {
  const { maxBytes } = UPLOAD_RULES[purpose];
  if (size <= maxBytes) return { ok: true };
  return {
    ok: false,
    reason: `Tệp «${fileName}» nặng ${formatBytes(size, "vi")}, vượt giới hạn ${formatBytes(maxBytes, "vi")} cho ${UPLOAD_PURPOSE_LABELS[purpose]}.`,
  };
}

/**
 * Checked after the bytes are stored: the real size, and the type sniffed from the content
 * (never the file name) against the types this kind of upload accepts.
 */
export function checkStoredFile(
  purpose: UploadPurpose,
  file: { fileName: string; size: number; sniffedMimeType: string | undefined },
): FileCheck {
  const declared = checkDeclaredSize(purpose, file.fileName, file.size);
  if (!declared.ok) return declared;
  const type = UPLOAD_RULES[purpose].types.find((allowed) => allowed.mimeType === file.sniffedMimeType);
  if (type) return { ok: true, type };
  const what = file.sniffedMimeType
    ? (KNOWN_CONTENT[file.sniffedMimeType] ?? `tệp loại ${file.sniffedMimeType}`)
    : "không nhận ra được loại nội dung";
  return {
    ok: false,
    reason: `Tệp «${file.fileName}» bị từ chối: nội dung thật là ${what}, không phải ${UPLOAD_PURPOSE_LABELS[purpose]} (chấp nhận ${allowedList(purpose)}).`,
  };
}
