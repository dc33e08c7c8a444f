import { z } from "zod";
import { gradeSchema } from "./curriculum";

/** Personal codes (mã giáo viên, mã định danh học sinh) become sign-in names, so they are unique nationally. */
export const personCodeSchema = z
  .string({ error: "Thiếu mã." })
  .trim()
  .regex(/^[A-Za-z0-9._-]{3,32}$/, "Mã gồm 3–32 chữ cái không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.");

const fullNameSchema = z.string({ error: "Thiếu họ và tên." }).trim().min(2, "Thiếu họ và tên.").max(100, "Họ và tên quá dài.");

/** Accepts a spreadsheet date or "dd/mm/yyyy" text; yields "yyyy-mm-dd". */
export const birthDateSchema = z.union([z.date(), z.string()], { error: "Thiếu ngày sinh." }).transform((value, context) => {
  let day: number, month: number, year: number;
  if (value instanceof Date) {
    [day, month, year] = [value.getUTCDate(), value.getUTCMonth() + 1, value.getUTCFullYear()];
  } else {
    const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(value);
    if (!match) {
      context.addIssue({
        code: "custom",
        message: `Ngày sinh "${value}" không hợp lệ; dùng dạng ngày/tháng/năm, ví dụ 05/09/2012.`,
      });
      return z.NEVER;
    }
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1930 || date > new Date()) {
    context.addIssue({
      code: "custom",
      message: `Ngày sinh ${day}/${month}/${year} không tồn tại hoặc nằm ngoài khoảng hợp lệ.`,
    });
    return z.NEVER;
  }
  return date.toISOString().slice(0, 10);
});

export const classNameSchema = z
  .string({ error: "Thiếu tên lớp." })
  .trim()
  .min(1, "Thiếu tên lớp.")
  .max(20, "Tên lớp có tối đa 20 ký tự.")
  .transform((name) => name.toUpperCase());

export const schoolYearSchema = z
  .string()
  .regex(/^(\d{4})-(\d{4})$/, "Năm học có dạng 2026-2027.")
  .refine((value) => Number(value.slice(5)) === Number(value.slice(0, 4)) + 1, "Năm học có dạng 2026-2027.");

export const classRowSchema = z.object({
  name: classNameSchema,
  grade: gradeSchema,
  homeroomTeacherCode: personCodeSchema.optional(),
});

export const teacherRowSchema = z.object({
  code: personCodeSchema,
  fullName: fullNameSchema,
  email: z.email("Email không hợp lệ.").optional(),
  dateOfBirth: birthDateSchema.optional(),
});

export const studentRowSchema = z.object({
  code: personCodeSchema,
  fullName: fullNameSchema,
  dateOfBirth: birthDateSchema,
  className: classNameSchema,
});

export const ROSTER_KINDS = ["classes", "teachers", "students"] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];

/** Sheet names and column headings of the Vietnamese template, per kind: the one place they are spelled. */
export const ROSTER_LAYOUT = {
  classes: { sheet: "Lớp", columns: { name: "Tên lớp", grade: "Khối", homeroomTeacherCode: "Mã GV chủ nhiệm" } },
  teachers: {
    sheet: "Giáo viên",
    columns: { code: "Mã giáo viên", fullName: "Họ và tên", email: "Email", dateOfBirth: "Ngày sinh" },
  },
  students: {
    sheet: "Học sinh",
    columns: { code: "Mã học sinh", fullName: "Họ và tên", dateOfBirth: "Ngày sinh", className: "Lớp" },
  },
} as const satisfies Record<RosterKind, { sheet: string; columns: Record<string, string> }>;

export const ROSTER_ROW_SCHEMAS = { classes: classRowSchema, teachers: teacherRowSchema, students: studentRowSchema } as const;

export type ClassRow = z.infer<typeof classRowSchema>;
export type TeacherRow = z.infer<typeof teacherRowSchema>;
export type StudentRow = z.infer<typeof studentRowSchema>;

export const ROSTER_MAX_FILE_BYTES = 5 * 1024 * 1024;
export const ROSTER_MAX_ROWS = 5_000;
