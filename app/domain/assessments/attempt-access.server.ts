import { Types } from "mongoose";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";

/** The attempt if this person may read it (its student, the test's author, administrators above the school). */
export async function readableAttempt(actor: Actor, attemptId: string, action: "read" | "update" = "read") {
  if (!Types.ObjectId.isValid(attemptId)) return null;
  const attempt = await Attempt.findById(attemptId).lean<AttemptDoc>();
  if (!attempt) return null;
  const allowed = defineAbilityFor(actor).can(action, {
    __caslSubjectType__: "Attempt",
    studentId: String(attempt.studentId),
    teacherId: String(attempt.teacherId),
    organisationPath: attempt.organisationPath.map(String),
  } as never);
  return allowed ? attempt : null;
}

/** The student's own attempt (only the student answers it). */
export async function ownAttempt(actor: Actor, attemptId: string) {
  const attempt = await readableAttempt(actor, attemptId);
  return attempt && String(attempt.studentId) === actor.id ? attempt : null;
}
