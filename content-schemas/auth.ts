import { z } from "zod";
import { roleSchema } from "./roles";

/** Limits shared by forms, API and the database layer. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Tên đăng nhập có ít nhất 3 ký tự.")
  .max(64, "Tên đăng nhập có tối đa 64 ký tự.");

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Mật khẩu có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`)
  .max(PASSWORD_MAX_LENGTH, `Mật khẩu có tối đa ${PASSWORD_MAX_LENGTH} ký tự.`);

export const signInSchema = z.object({
  login: z.string().trim().min(1, "Nhập tên đăng nhập hoặc email."),
  password: z.string().min(1, "Nhập mật khẩu.").max(PASSWORD_MAX_LENGTH),
  redirectTo: z.string().optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Nhập mật khẩu hiện tại."),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "Mật khẩu nhập lại không khớp.",
  })
  .refine((value) => value.newPassword !== value.currentPassword, {
    path: ["newPassword"],
    message: "Mật khẩu mới phải khác mật khẩu hiện tại.",
  });

/** read: GET requests of the API; write: requests that change data. */
export const TOKEN_SCOPES = ["read", "write"] as const;
export const TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Đặt tên để nhận ra mã (ví dụ: Phần mềm quản lý trường).").max(80, "Tên có tối đa 80 ký tự."),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, "Chọn ít nhất một quyền."),
  lifetimeDays: z.coerce
    .number()
    .refine((days) => (TOKEN_LIFETIMES_DAYS as readonly number[]).includes(days), "Thời hạn không hợp lệ."),
});

export const meSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    organisationId: z.string(),
    mustChangePassword: z.boolean(),
    roles: z.array(z.object({ role: roleSchema, organisationId: z.string() })),
  })
  .meta({ id: "Me", description: "Người dùng đang đăng nhập." });

export type Me = z.infer<typeof meSchema>;
