import { Types } from "mongoose";
import { ClassUse } from "#models/class-use";
import { SchoolClass } from "#models/school-class";
import type { Actor } from "~/auth/session.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { isOpenOn, schoolDay } from "./school-day";

/** The student's classes of this school year. */
export async function classesOfStudent(actor: Actor) {
  if (!actor.roles.some((binding) => binding.role === "student")) return [];
  return SchoolClass.find(
    { studentIds: new Types.ObjectId(actor.id), schoolYear: currentSchoolYear() },
    { name: 1, schoolYear: 1, grade: 1 },
  ).lean();
}

/**
 * The version a student may open because a teacher gave the material to one of their classes and it
 * is open today; null otherwise. Students never reach materials any other way (domain.md).
 */
export async function classAssignedVersion(actor: Actor, materialId: Types.ObjectId): Promise<number | null> {
  const classes = await classesOfStudent(actor);
  if (classes.length === 0) return null;
  const uses = await ClassUse.find(
    { materialId, classId: { $in: classes.map((schoolClass) => schoolClass._id) } },
    { version: 1, opensOn: 1, closesOn: 1 },
  ).lean();
  const today = schoolDay();
  return uses.find((use) => isOpenOn(today, use))?.version ?? null;
}
