import { z } from "zod";
import { objectIdSchema } from "./common";
import { gradeSchema, subjectCodeSchema } from "./curriculum";
import { lectureDocSchema } from "./lecture";

export const MATERIAL_KINDS = [
  "lecture",
  "video",
  "audio",
  "document",
  "slides",
  "ebook",
  "simulation",
  "image",
  "link",
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const materialKindSchema = z.enum(MATERIAL_KINDS).meta({
  id: "MaterialKind",
  description:
    "lecture: bài giảng soạn trực tuyến; video; audio; document: PDF/DOCX/ODT; slides: PPTX/ODP/PDF; ebook: PDF/EPUB; simulation: gói H5P; image; link: liên kết ngoài.",
});

/** Kinds whose content is an uploaded file. */
export const FILE_KINDS = ["video", "audio", "document", "slides", "ebook", "simulation", "image"] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const isFileKind = (kind: string): kind is FileKind => (FILE_KINDS as readonly string[]).includes(kind);

/** Images inserted into lectures are uploads too, with their own limits. */
export const UPLOAD_PURPOSES = [...FILE_KINDS, "lecture_image"] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

const MB = 1024 * 1024;

export interface AllowedFileType {
  mimeType: string;
  extension: string;
}

const PDF = { mimeType: "application/pdf", extension: "pdf" };
const DOCX = { mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx" };
const ODT = { mimeType: "application/vnd.oasis.opendocument.text", extension: "odt" };
const PPTX = { mimeType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extension: "pptx" };
const ODP = { mimeType: "application/vnd.oasis.opendocument.presentation", extension: "odp" };
const PNG = { mimeType: "image/png", extension: "png" };
const JPEG = { mimeType: "image/jpeg", extension: "jpg" };
const WEBP = { mimeType: "image/webp", extension: "webp" };
const GIF = { mimeType: "image/gif", extension: "gif" };
const SVG = { mimeType: "image/svg+xml", extension: "svg" };

/**
 * What each upload may contain: types are checked against the bytes (sniffed), never the file
 * name, and the size against the limit — in the browser before sending and on the server after.
 */
export const UPLOAD_RULES: Record<UploadPurpose, { maxBytes: number; types: readonly AllowedFileType[] }> = {
  video: {
    maxBytes: 2048 * MB,
    types: [
      { mimeType: "video/mp4", extension: "mp4" },
      { mimeType: "video/webm", extension: "webm" },
      { mimeType: "video/quicktime", extension: "mov" },
    ],
  },
  audio: {
    maxBytes: 300 * MB,
    types: [
      { mimeType: "audio/mpeg", extension: "mp3" },
      { mimeType: "audio/mp4", extension: "m4a" },
      { mimeType: "audio/x-m4a", extension: "m4a" },
      { mimeType: "audio/ogg", extension: "ogg" },
      { mimeType: "audio/wav", extension: "wav" },
    ],
  },
  document: { maxBytes: 100 * MB, types: [PDF, DOCX, ODT] },
  slides: { maxBytes: 200 * MB, types: [PPTX, ODP, PDF] },
  ebook: { maxBytes: 300 * MB, types: [PDF, { mimeType: "application/epub+zip", extension: "epub" }] },
  simulation: { maxBytes: 300 * MB, types: [{ mimeType: "application/zip", extension: "h5p" }] },
  image: { maxBytes: 20 * MB, types: [PNG, JPEG, WEBP, GIF, SVG] },
  lecture_image: { maxBytes: 10 * MB, types: [PNG, JPEG, WEBP, GIF] },
};

/** File-name extensions offered by the browser's file picker (a convenience; the bytes decide). */
export function acceptedExtensions(purpose: UploadPurpose): string[] {
  return [...new Set(UPLOAD_RULES[purpose].types.map((type) => `.${type.extension}`))].concat(
    purpose === "image" || purpose === "lecture_image" ? [".jpeg"] : [],
  );
}

/** S3 multipart: every part but the last is at least 5 MiB; 10,000 parts at most. */
export const UPLOAD_PART_BYTES = 10 * MB;
export const MAX_UPLOAD_PARTS = 10_000;

export const LICENCES = [
  "CC-BY-4.0",
  "CC-BY-SA-4.0",
  "CC-BY-NC-4.0",
  "CC-BY-NC-SA-4.0",
  "CC-BY-ND-4.0",
  "CC0-1.0",
  "all-rights-reserved",
] as const;
export type Licence = (typeof LICENCES)[number];
export const licenceSchema = z.enum(LICENCES).meta({ id: "Licence", description: "Giấy phép sử dụng; mặc định CC BY 4.0." });
export const DEFAULT_LICENCE: Licence = "CC-BY-4.0";
/** "All rights reserved" items are watched online only; every Creative Commons licence allows downloading. */
export const licenceAllowsDownload = (licence: Licence) => licence !== "all-rights-reserved";
/** "Copy to my school" makes an editable adaptation: not for "all rights reserved" nor NoDerivatives items. */
export const licenceAllowsAdaptation = (licence: Licence) => licence !== "all-rights-reserved" && licence !== "CC-BY-ND-4.0";

export const MATERIAL_LANGUAGES = ["vi", "en", "fr", "zh", "ja", "ko", "ru", "de"] as const;

export const REVIEW_STATUSES = [
  "draft",
  "submitted",
  "in_review",
  "changes_requested",
  "approved",
  "published",
  "archived",
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/** Statuses in which the author may still change a version in place. */
export const EDITABLE_STATUSES: readonly ReviewStatus[] = ["draft", "changes_requested"];

export const SCOPES = ["private", "school", "district", "province", "national"] as const;
export type Scope = (typeof SCOPES)[number];

export const PROCESSING_STATES = ["none", "queued", "running", "done", "failed"] as const;
export type ProcessingState = (typeof PROCESSING_STATES)[number];

export const DERIVED_ROLES = ["thumbnail", "poster", "preview_pdf", "page", "h5p"] as const;
export type DerivedRole = (typeof DERIVED_ROLES)[number];

const listOfStrings = (max: number, itemMax: number, message: string) =>
  z.array(z.string().trim().min(1).max(itemMax, message)).max(max);

/** Descriptive metadata every material carries, whatever its kind. */
export const materialMetadataSchema = z.object({
  title: z.string().trim().min(3, "Tiêu đề cần ít nhất 3 ký tự.").max(200, "Tiêu đề có tối đa 200 ký tự."),
  summary: z.string().trim().max(2000, "Mô tả có tối đa 2.000 ký tự.").default(""),
  subjectCode: subjectCodeSchema,
  grades: z.array(gradeSchema).min(1, "Chọn ít nhất một khối lớp.").max(12),
  topicIds: z.array(objectIdSchema).max(20, "Chọn tối đa 20 chủ đề.").default([]),
  language: z.enum(MATERIAL_LANGUAGES).default("vi"),
  licence: licenceSchema.default(DEFAULT_LICENCE),
  authors: listOfStrings(20, 120, "Tên tác giả có tối đa 120 ký tự.").default([]),
});
export type MaterialMetadata = z.infer<typeof materialMetadataSchema>;

const externalUrlSchema = z
  .url({ protocol: /^https?$/, message: "Nhập địa chỉ bắt đầu bằng http:// hoặc https://." })
  .max(2000, "Địa chỉ quá dài.");

/** What the material contains, by kind: a lecture body, an external address, or an uploaded file. */
export const materialContentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("lecture"), body: lectureDocSchema }),
  z.object({ kind: z.literal("link"), url: externalUrlSchema }),
  z.object({
    kind: z.enum(FILE_KINDS),
    uploadId: objectIdSchema.meta({ description: "Tệp đã tải lên qua /api/v1/uploads (trạng thái completed)." }),
  }),
]);

export const createMaterialSchema = z
  .intersection(materialMetadataSchema, materialContentSchema)
  .meta({ id: "CreateMaterial", description: "Học liệu mới: thông tin mô tả và nội dung theo loại." });
export type CreateMaterial = z.infer<typeof createMaterialSchema>;

/**
 * A change to a material: metadata and, optionally, new content of the same kind. Editing an
 * approved version starts a new draft version; a draft is changed in place.
 */
export const updateMaterialSchema = materialMetadataSchema
  .partial()
  .extend({
    body: lectureDocSchema.optional(),
    url: externalUrlSchema.optional(),
    uploadId: objectIdSchema.optional(),
  })
  .meta({ id: "UpdateMaterial" });
export type UpdateMaterial = z.infer<typeof updateMaterialSchema>;

export const materialFileSchema = z.object({
  name: z.string(),
  size: z.number().int(),
  mimeType: z.string().meta({ description: "Loại tệp nhận biết từ nội dung (không theo tên tệp)." }),
  sha256: z.string().nullable().meta({ description: "Có sau khi xử lý xong." }),
  duplicateOf: z
    .object({ materialId: z.string(), title: z.string() })
    .nullable()
    .meta({ description: "Học liệu khác của trường có cùng nội dung tệp." }),
});

export const derivedFileSchema = z.object({
  role: z.enum(DERIVED_ROLES),
  page: z.number().int().optional(),
  mimeType: z.string(),
  url: z.string().meta({ description: "Địa chỉ tải có thời hạn." }),
});

export const processingSchema = z
  .object({
    state: z.enum(PROCESSING_STATES),
    error: z.string().nullable().meta({ description: "Lý do thất bại (tiếng Việt); tệp gốc vẫn dùng được." }),
    attempts: z.number().int(),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "MaterialProcessing" });

export const materialVersionSchema = z
  .object({
    number: z.number().int(),
    status: z.enum(REVIEW_STATUSES),
    ...materialMetadataSchema.shape,
    createdBy: z.object({ id: z.string(), fullName: z.string() }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    url: z.string().nullable(),
    file: materialFileSchema.nullable(),
    processing: processingSchema,
  })
  .meta({ id: "MaterialVersion" });

export const materialSchema = z
  .object({
    id: z.string(),
    kind: materialKindSchema,
    ownerOrganisationId: z.string(),
    owner: z.object({ id: z.string(), name: z.string() }).meta({ description: "Trường sở hữu học liệu." }),
    derivedFrom: z
      .object({
        materialId: z.string(),
        version: z.number().int(),
        title: z.string(),
        ownerName: z.string(),
        authors: z.array(z.string()),
        licence: licenceSchema,
      })
      .nullable()
      .meta({ description: "Nguồn của bản sao («Sao chép về trường»): ghi công tác giả và giấy phép gốc." }),
    rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
    scope: z.enum(SCOPES),
    liveVersion: z.number().int().nullable().meta({ description: "Phiên bản đã duyệt đang dùng; null khi chưa có." }),
    latestVersion: z.number().int(),
    counters: z.object({
      views: z.number().int(),
      downloads: z.number().int(),
      uses: z.number().int().meta({ description: "Số lớp đã được giao học liệu này." }),
      copies: z.number().int().meta({ description: "Số bản sao về trường khác." }),
    }),
    version: materialVersionSchema.meta({
      description: "Phiên bản người gọi được xem: mới nhất với tác giả, đã duyệt với người khác.",
    }),
    derived: z.array(derivedFileSchema),
  })
  .meta({ id: "Material" });
export type MaterialView = z.infer<typeof materialSchema>;

export const materialSummarySchema = z
  .object({
    id: z.string(),
    kind: materialKindSchema,
    title: z.string(),
    subjectCode: z.string(),
    grades: z.array(z.number().int()),
    status: z.enum(REVIEW_STATUSES),
    latestVersion: z.number().int(),
    processing: z.enum(PROCESSING_STATES),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "MaterialSummary" });

export const listMaterialsQuerySchema = z.object({
  kind: materialKindSchema.optional(),
  subject: subjectCodeSchema.optional(),
  grade: gradeSchema.optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListMaterialsQuery = z.infer<typeof listMaterialsQuerySchema>;

export const materialListSchema = z
  .object({ items: z.array(materialSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: "MaterialList" });

export const materialVersionListSchema = z
  .object({
    items: z.array(
      z.object({
        number: z.number().int(),
        status: z.enum(REVIEW_STATUSES),
        title: z.string(),
        live: z.boolean(),
        createdBy: z.object({ id: z.string(), fullName: z.string() }),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: "MaterialVersionList" });

export const bulkMaterialActionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("delete"), ids: z.array(objectIdSchema).min(1, "Chọn ít nhất một học liệu.").max(100) }),
  z.object({
    action: z.literal("set_licence"),
    ids: z.array(objectIdSchema).min(1, "Chọn ít nhất một học liệu.").max(100),
    licence: licenceSchema,
  }),
]);

/** An H5P result (xAPI "answered"/"completed") reported by the player. */
export const h5pResultSchema = z
  .object({
    version: z.number().int().min(1),
    verb: z.enum(["answered", "completed"]),
    scoreRaw: z.number().min(0).max(10_000).optional(),
    scoreMax: z.number().min(0).max(10_000).optional(),
    success: z.boolean().optional(),
    completion: z.boolean().optional(),
  })
  .meta({ id: "H5pResult" });

// ---- uploads ----

export const createUploadSchema = z
  .object({
    purpose: z.enum(UPLOAD_PURPOSES),
    fileName: z.string().trim().min(1, "Thiếu tên tệp.").max(255, "Tên tệp quá dài."),
    size: z.number().int().min(1, "Tệp rỗng."),
    contentType: z.string().max(255).optional().meta({ description: "Loại tệp trình duyệt khai báo (chỉ để tham khảo)." }),
  })
  .meta({ id: "CreateUpload" });
export type CreateUpload = z.infer<typeof createUploadSchema>;

export const UPLOAD_STATES = ["uploading", "completed", "attached", "rejected", "aborted"] as const;

export const uploadSchema = z
  .object({
    id: z.string(),
    key: z.string().meta({ description: "Khóa đối tượng trong kho lưu trữ (chỉ để hiển thị)." }),
    purpose: z.enum(UPLOAD_PURPOSES),
    fileName: z.string(),
    size: z.number().int(),
    state: z.enum(UPLOAD_STATES),
    partSize: z.number().int(),
    mimeType: z.string().nullable(),
  })
  .meta({ id: "Upload" });

export const uploadPartUrlSchema = z
  .object({ url: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: "UploadPartUrl", description: "Địa chỉ PUT có chữ ký cho một phần của tệp." });

export const uploadedPartsSchema = z
  .object({ items: z.array(z.object({ partNumber: z.number().int(), etag: z.string(), size: z.number().int() })) })
  .meta({ id: "UploadedParts" });

export const completeUploadSchema = z
  .object({
    parts: z
      .array(z.object({ partNumber: z.number().int().min(1).max(MAX_UPLOAD_PARTS), etag: z.string().min(1).max(200) }))
      .min(1)
      .max(MAX_UPLOAD_PARTS),
  })
  .meta({ id: "CompleteUpload" });
