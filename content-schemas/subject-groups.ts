import { z } from "zod";
import { subjectCodeSchema } from "./curriculum";

import { objectIdSchema } from "./common";

/** A subject group (tổ chuyên môn) as an administrator saves it. */
export const saveSubjectGroupSchema = z
  .object({
    schoolId: objectIdSchema,
    name: z.string().trim().min(2, "Nhập tên tổ, ví dụ: Tổ Toán – Tin.").max(80, "Tên tổ có tối đa 80 ký tự."),
    subjectCodes: z.array(subjectCodeSchema).min(1, "Chọn ít nhất một môn."),
    leaderId: objectIdSchema.optional(),
    memberIds: z.array(objectIdSchema).max(200),
  })
  .transform((group) => ({
    ...group,
    // The leader is always a member.
    memberIds: [...new Set([...group.memberIds, ...(group.leaderId ? [group.leaderId] : [])])],
  }));

export type SaveSubjectGroupInput = z.infer<typeof saveSubjectGroupSchema>;
