import { z } from "zod";
import { birthDateSchema, personCodeSchema } from "./roster";

/** Roles a school administrator assigns by hand (group leaders follow from subject groups). */
export const ASSIGNABLE_ROLES = ["teacher", "student", "org_admin"] as const;

/** An empty form field means "not given". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const personFields = {
  fullName: z.string().trim().min(2, "Nhập họ và tên.").max(100, "Họ và tên quá dài."),
  email: z.preprocess(blankToUndefined, z.email("Email không hợp lệ.").optional()),
  dateOfBirth: z.preprocess(blankToUndefined, birthDateSchema.optional()),
  roles: z.array(z.enum(ASSIGNABLE_ROLES)).min(1, "Chọn ít nhất một vai trò."),
};

function studentsNeedBirthDate(person: { roles: string[]; dateOfBirth?: string }, context: z.RefinementCtx) {
  if (person.roles.includes("student") && !person.dateOfBirth) {
    context.addIssue({ code: "custom", path: ["dateOfBirth"], message: "Học sinh cần có ngày sinh." });
  }
}

export const createPersonSchema = z
  .object({ schoolId: z.string().regex(/^[a-f0-9]{24}$/), code: personCodeSchema, ...personFields })
  .superRefine(studentsNeedBirthDate);

export const updatePersonSchema = z.object(personFields).superRefine(studentsNeedBirthDate);

export type CreatePersonInput = z.infer<typeof createPersonSchema>;
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;
