import { z } from "zod";
import { MATERIAL_KINDS, REVIEW_STATUSES, SCOPES } from "./materials";
import { organisationTypeSchema } from "./organisation";
import { REVIEW_LEVELS } from "./review";

/** How many contributors the statistics name; the total counts everyone. */
export const TOP_CONTRIBUTORS = 10;

/** A field a GET form left empty arrives as "": it means "not given", like an absent parameter. */
const blankAsAbsent = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const calendarDay = (label: string) =>
  blankAsAbsent(z.iso.date({ message: `${label} không hợp lệ (định dạng yyyy-mm-dd).` })).meta({
    description: `${label}, theo giờ Việt Nam; tính cả ngày này.`,
  });

/**
 * What the statistics are asked for. The organisation id is checked by the domain (an unknown or
 * malformed id is a 404, like any record that does not exist), so it is only bounded here.
 */
export const repositoryStatisticsQuerySchema = z
  .object({
    organisationId: blankAsAbsent(z.string().trim().max(64)).meta({
      description: "Đơn vị (trường, Phòng, Sở, Bộ); mặc định là đơn vị của người gọi.",
    }),
    from: calendarDay("Từ ngày"),
    to: calendarDay("Đến ngày"),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: "«Từ ngày» phải trước hoặc trùng «Đến ngày».",
    path: ["to"],
  })
  .meta({
    id: "RepositoryStatisticsQuery",
    description: "Khoảng ngày chỉ áp dụng cho số lượt thẩm định và thời gian thẩm định; số học liệu là số hiện có.",
  });
export type RepositoryStatisticsQuery = z.infer<typeof repositoryStatisticsQuerySchema>;

const count = z.number().int().min(0);
const hours = z.number().min(0).nullable().meta({ description: "Giờ, làm tròn 0,1; null khi chưa có lượt nào." });

export const reviewTurnaroundSchema = z
  .object({
    level: z.enum(REVIEW_LEVELS),
    decisions: count.meta({ description: "Số quyết định trong khoảng ngày (theo thời điểm quyết định)." }),
    medianHours: hours,
    meanHours: hours,
  })
  .meta({
    id: "ReviewTurnaround",
    description:
      "Cấp trường: từ lúc gửi duyệt đến quyết định duyệt hoặc yêu cầu chỉnh sửa. Cấp Phòng/Sở/toàn quốc: từ lúc đề cử đến quyết định chấp nhận hoặc không.",
  });
export type ReviewTurnaround = z.infer<typeof reviewTurnaroundSchema>;

export const repositoryStatisticsSchema = z
  .object({
    organisation: z.object({ id: z.string(), code: z.string(), name: z.string(), type: organisationTypeSchema }),
    period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    generatedAt: z.iso.datetime(),
    items: z.object({
      total: count,
      published: count.meta({ description: "Học liệu có phiên bản đã duyệt đang dùng." }),
      byKind: z.array(z.object({ kind: z.enum(MATERIAL_KINDS), count })),
      bySubject: z.array(z.object({ subjectCode: z.string(), name: z.string(), nameEn: z.string(), count })),
      byStatus: z
        .array(z.object({ status: z.enum(REVIEW_STATUSES), count }))
        .meta({ description: "Trạng thái của phiên bản mới nhất." }),
      byScope: z.array(z.object({ scope: z.enum(SCOPES), count })).meta({ description: "Phạm vi chia sẻ hiện tại." }),
    }),
    contributors: z.object({
      total: count.meta({ description: "Số người đã tạo ít nhất một học liệu." }),
      top: z
        .array(z.object({ id: z.string(), fullName: z.string(), items: count }))
        .meta({ description: `Tối đa ${TOP_CONTRIBUTORS} người tạo nhiều học liệu nhất.` }),
    }),
    reviews: z.object({
      total: count,
      byLevel: z.array(z.object({ level: z.enum(REVIEW_LEVELS), approved: count, changesRequested: count })).meta({
        description:
          "Quyết định thẩm định trong khoảng ngày; ở cấp Phòng/Sở/toàn quốc, changesRequested là đề cử chưa được chấp nhận.",
      }),
      turnaround: z.array(reviewTurnaroundSchema),
    }),
    reuse: z.object({
      views: count,
      downloads: count,
      classUses: count.meta({ description: "Số lần giáo viên giao học liệu cho lớp." }),
      copies: count.meta({ description: "Số bản sao về trường khác." }),
      reachedScope: z
        .object({ district: count, province: count, national: count })
        .meta({ description: "Số học liệu của đơn vị đang được chia sẻ ở phạm vi này hoặc rộng hơn." }),
    }),
    schools: z
      .array(
        z.object({ id: z.string(), code: z.string(), name: z.string(), items: count, published: count, contributors: count }),
      )
      .meta({ description: "Từng trường trực thuộc (rỗng khi đơn vị là một trường)." }),
  })
  .meta({ id: "RepositoryStatistics", description: "Số liệu kho học liệu của một đơn vị, phục vụ tự đánh giá chuyển đổi số." });
export type RepositoryStatistics = z.infer<typeof repositoryStatisticsSchema>;
