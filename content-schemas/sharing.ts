import { z } from "zod";
import { objectIdSchema } from "./common";
import { gradeSchema, subjectCodeSchema } from "./curriculum";
import { licenceSchema, materialKindSchema, SCOPES } from "./materials";

/** Scopes a published item can have in the shared repository (drafts are private). */
export const SHARED_SCOPES = SCOPES.filter((scope) => scope !== "private");
/** "relevance" ranks by the words searched (newest first without words, and when search is unavailable). */
export const REPOSITORY_SORTS = ["relevance", "newest", "most_used", "top_rated"] as const;

export const repositoryQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    subject: subjectCodeSchema.optional(),
    grade: gradeSchema.optional(),
    topic: objectIdSchema.optional(),
    kind: materialKindSchema.optional(),
    scope: z.enum(SHARED_SCOPES).optional(),
    sort: z.enum(REPOSITORY_SORTS).default("relevance"),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .meta({ id: "RepositoryQuery" });
export type RepositoryQuery = z.infer<typeof repositoryQuerySchema>;

const facetSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const repositoryItemSchema = z
  .object({
    id: z.string(),
    kind: materialKindSchema,
    title: z.string(),
    summary: z.string(),
    subjectCode: z.string(),
    grades: z.array(z.number().int()),
    licence: licenceSchema,
    scope: z.enum(SHARED_SCOPES),
    owner: z.object({ id: z.string(), name: z.string() }),
    uses: z.number().int(),
    rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
    publishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "RepositoryItem" });

export const repositoryPageSchema = z
  .object({
    items: z.array(repositoryItemSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    degraded: z.boolean().meta({
      description:
        "true khi máy tìm kiếm tạm ngừng: kết quả lấy thẳng từ cơ sở dữ liệu, chỉ tìm theo tiêu đề, không đánh dấu từ khớp.",
    }),
    highlights: z
      .record(z.string(), z.object({ title: z.string(), summary: z.string() }))
      .meta({ description: "Theo id học liệu: tiêu đề và mô tả với từ khớp nằm giữa \u0001 và \u0002." }),
    facets: z
      .object({ subject: facetSchema, grade: facetSchema, topic: facetSchema, kind: facetSchema, scope: facetSchema })
      .meta({
        description:
          "Số học liệu theo từng giá trị, tính trên những gì người gọi được xem, với mọi bộ lọc khác đang chọn (trừ chính bộ lọc đó).",
      }),
  })
  .meta({ id: "RepositoryPage" });

const optionalDate = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z.iso.date({ message: "Ngày không hợp lệ (yyyy-mm-dd)." }).optional(),
);

export const classUseInputSchema = z
  .object({
    classId: objectIdSchema.meta({ description: "Lớp người gọi dạy (chủ nhiệm hoặc bộ môn) trong năm học hiện tại." }),
    opensOn: optionalDate.meta({ description: "Ngày học sinh bắt đầu thấy học liệu; bỏ trống: ngay." }),
    closesOn: optionalDate.meta({ description: "Ngày cuối học sinh còn thấy học liệu; bỏ trống: không hạn." }),
    note: z.string().trim().max(500, "Lời dặn có tối đa 500 ký tự.").default(""),
  })
  .refine((input) => !input.opensOn || !input.closesOn || input.opensOn <= input.closesOn, {
    message: "Ngày kết thúc phải sau ngày bắt đầu.",
    path: ["closesOn"],
  })
  .meta({ id: "ClassUseInput" });
export type ClassUseInput = z.infer<typeof classUseInputSchema>;

export const classUseSchema = z
  .object({
    id: z.string(),
    materialId: z.string(),
    version: z.number().int().meta({ description: "Phiên bản đã duyệt được ghim cho lớp." }),
    class: z.object({ id: z.string(), name: z.string(), schoolYear: z.string() }),
    title: z.string(),
    note: z.string(),
    opensOn: z.iso.date().nullable(),
    closesOn: z.iso.date().nullable(),
    assignedBy: z.object({ id: z.string(), fullName: z.string() }),
  })
  .meta({ id: "ClassUse" });

export const ratingInputSchema = z
  .object({ stars: z.coerce.number().int("Chọn từ 1 đến 5 sao.").min(1, "Chọn từ 1 đến 5 sao.").max(5, "Chọn từ 1 đến 5 sao.") })
  .meta({ id: "RatingInput" });

export const commentInputSchema = z
  .object({
    body: z.string().trim().min(1, "Hãy viết nhận xét.").max(2000, "Nhận xét có tối đa 2.000 ký tự."),
  })
  .meta({ id: "CommentInput" });

export const commentSchema = z
  .object({
    id: z.string(),
    body: z.string(),
    author: z.object({ id: z.string(), fullName: z.string(), school: z.string() }),
    createdAt: z.iso.datetime(),
    mine: z.boolean(),
  })
  .meta({ id: "MaterialComment" });

export const REPORT_REASONS = ["content_error", "curriculum_mismatch", "copyright", "broken", "inappropriate", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const reportInputSchema = z
  .object({
    reason: z.enum(REPORT_REASONS, { message: "Chọn loại vấn đề." }),
    message: z.string().trim().min(10, "Hãy mô tả vấn đề (ít nhất 10 ký tự).").max(2000, "Mô tả có tối đa 2.000 ký tự."),
  })
  .meta({ id: "ReportInput" });
export type ReportInput = z.infer<typeof reportInputSchema>;

export const resolveReportSchema = z
  .object({
    reportId: objectIdSchema,
    resolution: z.string().trim().min(3, "Hãy ghi cách đã xử lý.").max(2000, "Nội dung có tối đa 2.000 ký tự."),
  })
  .meta({ id: "ResolveReport" });

export const copyResultSchema = z
  .object({ id: z.string().meta({ description: "Học liệu mới (bản nháp của trường người gọi)." }) })
  .meta({ id: "CopyResult" });
