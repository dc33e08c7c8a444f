import { z } from "zod";
import { externalItemSchema } from "./external-items";
import { questionSummarySchema } from "./questions";
import { repositoryItemSchema } from "./sharing";

/** Results each section of the search page shows; the area's own page has the rest. */
export const GLOBAL_SEARCH_SECTION_SIZE = 5;

export const globalSearchQuerySchema = z
  .object({
    q: z
      .string({ message: "Hãy nhập từ khóa cần tìm." })
      .trim()
      .min(1, "Hãy nhập từ khóa cần tìm.")
      .max(200, "Từ khóa có tối đa 200 ký tự.")
      .meta({ description: "Từ khóa; có dấu hay không dấu đều được." }),
  })
  .meta({ id: "GlobalSearchQuery" });
export type GlobalSearchQuery = z.infer<typeof globalSearchQuerySchema>;

const degradedSchema = z.boolean().meta({
  description: "true khi máy tìm kiếm tạm ngừng: mục này được tìm thẳng trong cơ sở dữ liệu, có thể thiếu so với bình thường.",
});

/** One area's best matches: the first few and how many there are in all (the area's page lists them). */
const sectionSchema = <Item extends z.ZodType>(item: Item) =>
  z.object({ total: z.number().int(), items: z.array(item), degraded: degradedSchema });

const NOT_FOR_CALLER = "null khi người gọi không được dùng mục này.";

export const globalSearchResultSchema = z
  .object({
    q: z.string(),
    materials: sectionSchema(repositoryItemSchema)
      .extend({
        highlights: z
          .record(z.string(), z.object({ title: z.string(), summary: z.string() }))
          .meta({ description: "Theo id học liệu: tiêu đề và mô tả với từ khớp nằm giữa \u0001 và \u0002." }),
      })
      .nullable()
      .meta({ description: `Kho dùng chung, phù hợp nhất trước (như GET /api/v1/repository?q=); ${NOT_FOR_CALLER}` }),
    questions: sectionSchema(questionSummarySchema)
      .nullable()
      .meta({ description: `Ngân hàng câu hỏi (như GET /api/v1/questions?q=); ${NOT_FOR_CALLER}` }),
    externalItems: sectionSchema(externalItemSchema)
      .nullable()
      .meta({ description: `Học liệu thu thập từ kho khác (như GET /api/v1/external-items?q=); ${NOT_FOR_CALLER}` }),
  })
  .meta({ id: "GlobalSearchResult" });
export type GlobalSearchResult = z.infer<typeof globalSearchResultSchema>;
