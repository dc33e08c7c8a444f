import { z } from "zod";

/**
 * Learning materials of other repositories, harvested over OAI-PMH (docs/interoperability.md): a
 * read-only mirror of their Dublin Core, opened at the source.
 */
export const listExternalItemsQuerySchema = z.object({
  /**
   * Words that must all appear in the title, subjects, description, authors or publisher; accents optional («phan so»
   * finds «phân số»), one typo forgiven from 4 letters; best match first.
   */
  q: z.string().trim().max(200).optional(),
  /** A source's base URL, as the `sources` facet gives it. */
  source: z.string().trim().max(2_000).optional(),
  /** One dc:subject value, as the `subjects` facet gives it («Toán», «Lớp 6»). */
  subject: z.string().trim().max(1_000).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListExternalItemsQuery = z.infer<typeof listExternalItemsQuerySchema>;

export const externalItemSchema = z
  .object({
    id: z.string(),
    /** The OAI-PMH base URL it was harvested from. */
    source: z.string(),
    /** The source's host (and port), to tell sources apart at a glance. */
    sourceHost: z.string(),
    /** The record's OAI identifier at the source (oai:…). */
    identifier: z.string(),
    title: z.string(),
    description: z.string(),
    subjects: z.array(z.string()),
    creators: z.array(z.string()),
    publisher: z.string(),
    /** Where to open the item at the source (http or https only); null when the source gives no address. */
    url: z.string().nullable(),
    /** DCMI type (Text, MovingImage…). */
    type: z.string(),
    language: z.string(),
    /** The licence or rights statement as the source wrote it. */
    rights: z.string(),
    /** When the record last changed at the source. */
    datestamp: z.iso.datetime(),
    harvestedAt: z.iso.datetime(),
  })
  .meta({ id: "ExternalItem", description: "Học liệu của kho khác, thu thập qua OAI-PMH; chỉ đọc, mở tại nguồn." });
export type ExternalItem = z.infer<typeof externalItemSchema>;

export const externalItemListSchema = z
  .object({
    items: z.array(externalItemSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Counts for filtering: each facet counts the items matching the other filters. */
    facets: z.object({
      sources: z.array(z.object({ source: z.string(), sourceHost: z.string(), count: z.number().int() })),
      subjects: z.array(z.object({ value: z.string(), count: z.number().int() })),
    }),
    degraded: z.boolean().meta({
      description:
        "true khi tìm theo từ khóa lúc máy tìm kiếm tạm ngừng: từ khóa được tìm trong tên và mô tả ngay trong cơ sở dữ liệu (không sửa lỗi gõ), mới nhất trước.",
    }),
  })
  .meta({ id: "ExternalItemList" });
export type ExternalItemList = z.infer<typeof externalItemListSchema>;
