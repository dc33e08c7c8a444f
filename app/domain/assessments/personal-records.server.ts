import type { Types } from "mongoose";
import { essayPhotoPath } from "#content-schemas/assessments";
import type { QuestionResponse } from "#content-schemas/questions";
import { Assessment, type AssessmentDoc } from "#models/assessment";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { AttemptPhoto, type AttemptPhotoDoc } from "#models/attempt-photo";
import { SchoolClass } from "#models/school-class";
import { responsesOf } from "./attempts.server";
import type { ManualGrade } from "./grading";

/**
 * A student's tests as personal data (Law 91/2025/QH15, data-subject requests; docs/people-and-access.md): every
 * attempt with what was answered, the marks and comments, the photos sent, the address it was started from and what
 * the page logged. Callers decide who may ask (person-record.server.ts).
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

export async function studentAttemptRecords(studentId: Types.ObjectId): Promise<AttemptRecord[]> {
  const attempts = await Attempt.find({ studentId }).sort({ startedAt: 1 }).lean<AttemptDoc[]>();
  if (attempts.length === 0) return [];
  const [assessments, classes, photos] = await Promise.all([
    Assessment.find({ _id: { $in: attempts.map((attempt) => attempt.assessmentId) } }).lean<AssessmentDoc[]>(),
    SchoolClass.find({ _id: { $in: attempts.map((attempt) => attempt.classId) } }, { name: 1 }).lean(),
    AttemptPhoto.find({ attemptId: { $in: attempts.map((attempt) => attempt._id) } })
      .sort({ createdAt: 1 })
      .lean<(AttemptPhotoDoc & { createdAt: Date })[]>(),
  ]);
  const assessmentById = new Map(assessments.map((assessment) => [String(assessment._id), assessment]));
  const classNameById = new Map(classes.map((schoolClass) => [String(schoolClass._id), schoolClass.name]));

  return Promise.all(
    attempts.map(async (attempt): Promise<AttemptRecord> => {
      const assessment = assessmentById.get(String(attempt.assessmentId));
      const responses = assessment ? await responsesOf(attempt, assessment) : {};
      const itemScores = (attempt.itemScores ?? {}) as Record<string, { earned: number } | undefined>;
      const manual = (attempt.manualGrades ?? {}) as Record<string, ManualGrade | undefined>;
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
        score: attempt.pendingGrading > 0 ? null : (attempt.roundedScore ?? null),
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
