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
