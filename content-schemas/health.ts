import { z } from "zod";

export const serviceStateSchema = z.enum(["up", "down"]).meta({ id: "ServiceState" });

export const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: serviceStateSchema,
    search: serviceStateSchema,
    storage: serviceStateSchema,
    version: z.string().meta({ example: "0.1.0" }),
  })
  .meta({ id: "Health", description: "Trạng thái ứng dụng và các dịch vụ nền (cơ sở dữ liệu, tìm kiếm, lưu trữ tệp)." });

export type ServiceState = z.infer<typeof serviceStateSchema>;
export type Health = z.infer<typeof healthSchema>;
