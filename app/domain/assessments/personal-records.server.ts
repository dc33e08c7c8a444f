import type { Types } from "mongoose";
import { essayPhotoPath } from "#content-schemas/assessments";
import type { QuestionResponse } from "#content-schemas/questions";
import { Assessment, type AssessmentDoc } from "#models/assessment";
import { AssessmentAssignment, type AssessmentAssignmentDoc } from "#models/assessment-assignment";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { AttemptPhoto, type AttemptPhotoDoc } from "#models/attempt-photo";
import { SchoolClass } from "#models/school-class";
import { permittedConditions } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { responsesOf, resultVisibleToStudent } from "./attempts.server";
import type { ManualGrade } from "./grading";

/**
 * A student's tests as personal data (Law 91/2025/QH15, data-subject requests; docs/people-and-access.md): every
 * attempt the asker may read, with what was answered, the marks and comments, the photos sent, the address it was
 * started from and what the page logged. Callers decide who may ask about the person (person-record.server.ts).
 */
export interface AttemptRecord {
  test: string;
  className: string;
  attemptNumber: number;
  versionCode: number;
  status: AttemptDoc["status"];
  startedAt: string;
  deadline: string;
  submittedAt: string | null;
  /** The score on the 10-point scale as the test rounds it; null while essays wait for marks. */
  score: number | null;
  startAddress: string;
  deviceId: string;
  answers: { itemKey: string; response: QuestionResponse; savedAt: string; earned: number | null; comment: string }[];
  photos: { id: string; itemKey: string; sentAt: string; size: number; url: string }[];
  events: { type: string; at: string; detail: string }[];
}

export async function studentAttemptRecords(actor: Actor, studentId: Types.ObjectId): Promise<AttemptRecord[]> {
  const attempts = await Attempt.find({ studentId, $and: [permittedConditions(actor, "read", "Attempt")] })
    .sort({ startedAt: 1 })
    .lean<AttemptDoc[]>();
  if (attempts.length === 0) return [];
  const [assessments, assignments, classes, photos] = await Promise.all([
    Assessment.find({ _id: { $in: attempts.map((attempt) => attempt.assessmentId) } }).lean<AssessmentDoc[]>(),
    AssessmentAssignment.find(
      { _id: { $in: attempts.map((attempt) => attempt.assignmentId) } },
      { showResults: 1, closesAt: 1 },
    ).lean<AssessmentAssignmentDoc[]>(),
    SchoolClass.find({ _id: { $in: attempts.map((attempt) => attempt.classId) } }, { name: 1 }).lean(),
    AttemptPhoto.find({ attemptId: { $in: attempts.map((attempt) => attempt._id) } })
      .sort({ createdAt: 1 })
      .lean<(AttemptPhotoDoc & { createdAt: Date })[]>(),
  ]);
  const assessmentById = new Map(assessments.map((assessment) => [String(assessment._id), assessment]));
  const classNameById = new Map(classes.map((schoolClass) => [String(schoolClass._id), schoolClass.name]));
  const assignmentById = new Map(assignments.map((assignment) => [String(assignment._id), assignment]));
  const now = new Date();
  // The student asking for their own data sees marks only when the test's policy shows them the result.
  const marksShown = (attempt: AttemptDoc) => {
    if (String(studentId) !== actor.id) return true;
    const assignment = assignmentById.get(String(attempt.assignmentId));
    return assignment !== undefined && resultVisibleToStudent(assignment, now);
  };

  return Promise.all(
    attempts.map(async (attempt): Promise<AttemptRecord> => {
      const assessment = assessmentById.get(String(attempt.assessmentId));
      const responses = assessment ? await responsesOf(attempt, assessment) : storedResponses(attempt);
      const shown = marksShown(attempt);
      const itemScores = (shown ? (attempt.itemScores ?? {}) : {}) as Record<string, { earned: number } | undefined>;
      const manual = (shown ? (attempt.manualGrades ?? {}) : {}) as Record<string, ManualGrade | undefined>;
      const attemptId = String(attempt._id);
      return {
        test: assessment?.title ?? "",
        className: classNameById.get(String(attempt.classId)) ?? "",
        attemptNumber: attempt.attemptNumber,
        versionCode: attempt.versionCode,
        status: attempt.status,
        startedAt: attempt.startedAt.toISOString(),
        deadline: attempt.deadline.toISOString(),
        submittedAt: attempt.submittedAt?.toISOString() ?? null,
        score: shown && attempt.pendingGrading === 0 ? (attempt.roundedScore ?? null) : null,
        startAddress: attempt.startAddress,
        deviceId: attempt.device?.id ?? "",
        answers: Object.entries(responses).map(([itemKey, stored]) => ({
          itemKey,
          response: stored.response,
          savedAt: stored.savedAt,
          earned: itemScores[itemKey]?.earned ?? null,
          comment: manual[itemKey]?.comment ?? "",
        })),
        photos: photos
          .filter((photo) => String(photo.attemptId) === attemptId)
          .map((photo) => ({
            id: String(photo._id),
            itemKey: photo.itemKey,
            sentAt: photo.createdAt.toISOString(),
            size: photo.size,
            url: essayPhotoPath(attemptId, String(photo._id)),
          })),
        events: attempt.events.map((event) => ({ type: event.type, at: event.at.toISOString(), detail: event.detail })),
      };
    }),
  );
}

/** The answers copied into a submitted attempt, when its test is gone. */
function storedResponses(attempt: AttemptDoc) {
  const stored = (attempt.responses ?? {}) as Record<string, { response: QuestionResponse; savedAt: Date | string }>;
  return Object.fromEntries(
    Object.entries(stored).map(([key, answer]) => [
      key,
      { response: answer.response, savedAt: new Date(answer.savedAt).toISOString() },
    ]),
  );
}
