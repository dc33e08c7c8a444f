import { z } from "zod";

export const GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export const gradeSchema = z.coerce
  .number()
  .int()
  .min(1, "Khối lớp từ 1 đến 12.")
  .max(12, "Khối lớp từ 1 đến 12.")
  .meta({ id: "Grade", description: "Khối lớp 1–12 (Chương trình GDPT 2018)." });

export const subjectCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,23}$/, "Mã môn gồm chữ in hoa, số và dấu gạch dưới.");

export const subjectSchema = z
  .object({
    code: subjectCodeSchema.meta({ example: "TOAN" }),
    name: z.string().min(1).meta({ example: "Toán" }),
    nameEn: z.string().min(1).meta({ example: "Mathematics" }),
    grades: z.array(gradeSchema).min(1),
  })
  .meta({ id: "Subject", description: "Môn học / hoạt động giáo dục của Chương trình GDPT 2018." });

export type Subject = z.infer<typeof subjectSchema>;

export const listSubjectsQuerySchema = z.object({
  grade: gradeSchema.optional(),
});

export const subjectListSchema = z.object({ items: z.array(subjectSchema) }).meta({ id: "SubjectList" });

/** A learning outcome (yêu cầu cần đạt) of a topic. */
export const outcomeSchema = z.object({
  code: z.string().trim().max(32).optional(),
  text: z.string().trim().min(3, "Yêu cầu cần đạt quá ngắn.").max(1000, "Yêu cầu cần đạt quá dài."),
});

/** A topic or chapter (chủ đề / chương) of one subject in one grade, with its learning outcomes. */
export const topicSchema = z
  .object({
    subjectCode: subjectCodeSchema,
    grade: gradeSchema,
    order: z.coerce.number().int().min(1, "Thứ tự từ 1.").max(200, "Thứ tự tối đa 200."),
    name: z.string().trim().min(2, "Nhập tên chủ đề.").max(200, "Tên chủ đề có tối đa 200 ký tự."),
    outcomes: z.array(outcomeSchema).max(50),
  })
  .meta({ id: "Topic", description: "Chủ đề / chương của một môn ở một khối lớp, kèm yêu cầu cần đạt." });

export type Topic = z.infer<typeof topicSchema>;

export const listTopicsQuerySchema = z.object({ subject: subjectCodeSchema, grade: gradeSchema });
export const topicListSchema = z.object({ items: z.array(topicSchema.extend({ id: z.string() })) }).meta({ id: "TopicList" });
