import { z } from "zod";

/** Roles a person can hold, each bound to an organisation (see docs/architecture.md). */
export const ROLES = ["system_admin", "org_admin", "reviewer", "group_leader", "teacher", "student"] as const;

export const roleSchema = z.enum(ROLES).meta({
  id: "Role",
  description:
    "system_admin = quản trị hệ thống; org_admin = quản trị đơn vị; reviewer = chuyên viên thẩm định cấp Phòng/Sở; group_leader = tổ trưởng chuyên môn; teacher = giáo viên; student = học sinh.",
});

export type Role = z.infer<typeof roleSchema>;
