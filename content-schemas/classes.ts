import { z } from "zod";
import { gradeSchema, subjectCodeSchema } from "./curriculum";
import { classNameSchema, schoolYearSchema } from "./roster";

import { objectIdSchema } from "./common";

export const subjectTeacherSchema = z.object({ subjectCode: subjectCodeSchema, teacherId: objectIdSchema });

/** A class as an administrator saves it from the form or the API. */
export const saveClassSchema = z
  .object({
    schoolId: objectIdSchema,
    schoolYear: schoolYearSchema,
    name: classNameSchema,
    grade: gradeSchema,
    homeroomTeacherId: objectIdSchema.optional(),
    subjectTeachers: z.array(subjectTeacherSchema).max(30),
  })
  .refine((value) => new Set(value.subjectTeachers.map((entry) => entry.subjectCode)).size === value.subjectTeachers.length, {
    path: ["subjectTeachers"],
    message: "Mỗi môn chỉ có một giáo viên dạy trong một lớp.",
  });

export type SaveClassInput = z.infer<typeof saveClassSchema>;
