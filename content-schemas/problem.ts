import { z } from "zod";

/** RFC 9457 problem details: every API error has this shape, with a Vietnamese `detail`. */
export const problemSchema = z
  .object({
    type: z.string().meta({ example: "https://kho-hoc-lieu.vn/problems/not-found" }),
    title: z.string().meta({ example: "Not Found" }),
    status: z.number().int().min(400).max(599),
    detail: z.string().meta({ example: "Không tìm thấy tài nguyên bạn yêu cầu." }),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Lỗi theo từng trường khi dữ liệu gửi lên không hợp lệ." }),
  })
  .meta({ id: "Problem" });

export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
