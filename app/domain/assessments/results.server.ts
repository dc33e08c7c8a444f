import { Types } from "mongoose";
import type { AssessmentPurpose, GradeEssayInput, RoundingPolicy } from "#content-schemas/assessments";
import { questionBodySchema, type QuestionBody, type QuestionResponse } from "#content-schemas/questions";
import { Assessment, type AssessmentDoc } from "#models/assessment";
import { AssessmentAssignment, type AssessmentAssignmentDoc } from "#models/assessment-assignment";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { Organisation } from "#models/organisation";
import { Question } from "#models/question";
import { QuestionUsage } from "#models/question-usage";
import { SchoolClass } from "#models/school-class";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { findAssessment, itemBody, itemSummaries } from "./assessments.server";
import { rescoreAttempt } from "./attempts.server";
import { forgetAssessment } from "./delivery.server";
import { analyseTest, type AnalysedAttempt, type ItemDefinition } from "./item-analysis";
import { classResultsWorkbook } from "./results-workbook.server";

/**
 * What teachers do after students submit: the class's results and item analysis, essay grading, correcting a key
 * (every submitted attempt is scored again and the correction is audited), and the item statistics written back to
 * the question bank.
 */

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy bài kiểm tra." } as const;

/** The assignment with its test, if this person may read the test (its author, administrators above the school). */
export async function readableAssignment(actor: Actor, assignmentId: string, action: "read" | "update" = "read") {
  if (!Types.ObjectId.isValid(assignmentId)) return null;
  const assignment = await AssessmentAssignment.findById(assignmentId).lean<AssessmentAssignmentDoc>();
  if (!assignment) return null;
  const assessment = await findAssessment(actor, String(assignment.assessmentId), action);
  return assessment ? { assignment, assessment } : null;
}

/** The attempt that counts for each student: the latest submitted one (or, before any, the one in progress). */
function countingAttempts(attempts: AttemptDoc[]) {
  const byStudent = new Map<string, AttemptDoc>();
  const rank = (attempt: AttemptDoc) => (attempt.status === "in_progress" ? 0 : 1_000) + attempt.attemptNumber;
  for (const attempt of attempts) {
    const current = byStudent.get(String(attempt.studentId));
    if (!current || rank(attempt) > rank(current)) byStudent.set(String(attempt.studentId), attempt);
  }
  return byStudent;
}

function chosenOptions(response: QuestionResponse | undefined): string[] | undefined {
  if (response?.type === "single_choice") return response.optionId ? [response.optionId] : [];
  if (response?.type === "multiple_response") return response.optionIds;
  return undefined;
}

function itemDefinitions(assessment: AssessmentDoc): ItemDefinition[] {
  return itemSummaries(assessment).map((summary) => {
    const body = itemBody(assessment.items.find((item) => item.key === summary.key)!);
    const options =
      body.type === "single_choice"
        ? body.options.map((option, index) => ({
            id: option.id,
            label: String.fromCharCode(65 + index),
            correct: option.id === body.correctOptionId,
          }))
        : body.type === "multiple_response"
          ? body.options.map((option, index) => ({
              id: option.id,
              label: String.fromCharCode(65 + index),
              correct: option.correct,
            }))
          : undefined;
    return { key: summary.key, max: summary.points, ...(options ? { options } : {}) };
  });
}

function analysedAttempt(attempt: AttemptDoc): AnalysedAttempt {
  const scores = (attempt.itemScores ?? {}) as Record<string, { earned: number; max: number; status: string }>;
  const responses = (attempt.responses ?? {}) as Record<string, { response: QuestionResponse }>;
  return {
    attemptId: String(attempt._id),
    total: attempt.score ?? 0,
    items: Object.fromEntries(
      Object.entries(scores).map(([key, score]) => {
        const chosen = chosenOptions(responses[key]?.response);
        return [
          key,
          { earned: score.earned, max: score.max, unanswered: score.status === "unanswered", ...(chosen ? { chosen } : {}) },
        ];
      }),
    ),
  };
}

type RowStatus = "not_started" | "in_progress" | "submitted" | "auto_submitted" | "graded" | "waiting_for_grading";

/** One class's results: a row per student of the class (also those who did not take it), and the item analysis. */
export async function classResults(actor: Actor, assignmentId: string) {
  const readable = await readableAssignment(actor, assignmentId);
  if (!readable) return null;
  const { assignment, assessment } = readable;
  const [schoolClass, attempts] = await Promise.all([
    SchoolClass.findById(assignment.classId, { name: 1, schoolYear: 1, studentIds: 1 }).lean(),
    Attempt.find({ assignmentId: assignment._id }).lean<AttemptDoc[]>(),
  ]);
  const students = await User.find({ _id: { $in: schoolClass?.studentIds ?? [] } }, { username: 1, fullName: 1 }).lean();
  const counting = countingAttempts(attempts);
  const rows = students.map((student) => {
    const attempt = counting.get(String(student._id));
    const waiting = Boolean(attempt && attempt.status !== "in_progress" && attempt.pendingGrading > 0);
    const status: RowStatus = !attempt ? "not_started" : waiting ? "waiting_for_grading" : (attempt.status as RowStatus);
    const finished = attempt && attempt.status !== "in_progress" && !waiting;
    return {
      studentId: String(student._id),
      studentCode: student.username,
      fullName: student.fullName,
      attemptId: attempt ? String(attempt._id) : null,
      status,
      versionCode: attempt?.versionCode ?? null,
      score: finished ? (attempt.score ?? null) : null,
      roundedScore: finished ? (attempt.roundedScore ?? null) : null,
      submittedAt: attempt?.submittedAt ?? null,
      durationSeconds:
        attempt?.submittedAt != null
          ? Math.max(0, Math.round((attempt.submittedAt.getTime() - attempt.startedAt.getTime()) / 1000))
          : null,
      integrityEvents: attempt?.events.length ?? 0,
      pendingGrading: attempt?.pendingGrading ?? 0,
    };
  });
  rows.sort((a, b) => vietnameseNameOrder(a.fullName, b.fullName));
  const graded = [...counting.values()].filter((attempt) => attempt.status !== "in_progress" && attempt.pendingGrading === 0);
  const analysis = analyseTest(itemDefinitions(assessment), graded.map(analysedAttempt));
  return {
    assignment,
    assessment,
    className: schoolClass?.name ?? "",
    schoolYear: schoolClass?.schoolYear ?? "",
    rows,
    analysis,
    items: itemSummaries(assessment),
  };
}

/** Class lists sort by given name (the last word), then by the whole name, in Vietnamese order. */
export function vietnameseNameOrder(a: string, b: string) {
  const given = (name: string) => name.trim().split(/\s+/).at(-1) ?? "";
  return given(a).localeCompare(given(b), "vi") || a.localeCompare(b, "vi");
}

/**
 * Writes the class's item statistics to the question bank: one usage record per question and assignment (written
 * again, never added twice), and each question's figures recomputed from all of its records, weighted by attempts.
 */
export async function recordItemStatistics(actor: Actor, assignmentId: string) {
  // Writing to the bank is the test author's act; administrators only read results.
  if (!(await readableAssignment(actor, assignmentId, "update"))) return null;
  const results = await classResults(actor, assignmentId);
  if (!results) return null;
  const { assessment, analysis, assignment } = results;
  const byKey = new Map(assessment.items.map((item) => [item.key, item]));
  for (const item of analysis.items) {
    const questionId = byKey.get(item.key)?.questionId;
    if (!questionId) continue;
    await QuestionUsage.updateOne(
      { _id: `${String(questionId)}:${String(assignment._id)}` },
      {
        $set: {
          questionId,
          assignmentId: assignment._id,
          attempts: item.responses,
          facility: item.facility,
          discrimination: item.discrimination,
          pointBiserial: item.pointBiserial,
        },
      },
      { upsert: true },
    );
    const usages = await QuestionUsage.find({ questionId }).lean();
    const measured = usages.filter((usage) => usage.attempts > 0);
    const attempts = measured.reduce((sum, usage) => sum + usage.attempts, 0);
    const weighted = (field: "facility" | "discrimination") => {
      const known = measured.filter((usage) => typeof usage[field] === "number");
      const weight = known.reduce((sum, usage) => sum + usage.attempts, 0);
      return weight ? known.reduce((sum, usage) => sum + (usage[field] as number) * usage.attempts, 0) / weight : null;
    };
    await Question.updateOne(
      { _id: questionId },
      {
        $set: {
          "stats.attempts": attempts,
          "stats.usageCount": usages.length,
          "stats.facility": weighted("facility"),
          "stats.discrimination": weighted("discrimination"),
          "stats.updatedAt": new Date(),
        },
      },
    );
  }
  return { questions: analysis.items.length };
}

/** The essays of a test waiting for marks (or all essays), attempt by attempt, for the grading queue. */
export async function essayQueue(actor: Actor, assignmentId: string) {
  const readable = await readableAssignment(actor, assignmentId);
  if (!readable) return null;
  const { assignment, assessment } = readable;
  const essayKeys = assessment.items.filter((item) => item.type === "essay").map((item) => item.key);
  const attempts = await Attempt.find({ assignmentId: assignment._id, status: { $ne: "in_progress" } }).lean<AttemptDoc[]>();
  const students = await User.find({ _id: { $in: attempts.map((attempt) => attempt.studentId) } }, { fullName: 1 }).lean();
  const names = new Map(students.map((student) => [String(student._id), student.fullName]));
  const entries = attempts.flatMap((attempt) =>
    essayKeys.map((key) => {
      const response = (attempt.responses as Record<string, { response: QuestionResponse }>)[key]?.response;
      const manual = (attempt.manualGrades as Record<string, { points: number; comment: string }>)[key];
      return {
        attemptId: String(attempt._id),
        studentName: names.get(String(attempt.studentId)) ?? "",
        itemKey: key,
        text: response?.type === "essay" ? response.text : "",
        photoUploadIds: response?.type === "essay" ? response.photoUploadIds : [],
        points: manual?.points ?? null,
        comment: manual?.comment ?? "",
      };
    }),
  );
  entries.sort((a, b) => vietnameseNameOrder(a.studentName, b.studentName) || a.itemKey.localeCompare(b.itemKey));
  const items = assessment.items
    .filter((item) => item.type === "essay")
    .map((item) => ({ key: item.key, points: item.points, stem: item.stem, body: itemBody(item) }));
  return { assignment, assessment, items, entries };
}

/** A teacher's marks for one essay answer; the attempt is scored again (graded once nothing else waits). */
export async function gradeEssay(actor: Actor, input: GradeEssayInput): Promise<DomainResult<{ score: number | null }>> {
  if (!Types.ObjectId.isValid(input.attemptId)) return NOT_FOUND;
  const attempt = await Attempt.findById(input.attemptId).lean<AttemptDoc>();
  if (!attempt || String(attempt.teacherId) !== actor.id) return { ok: false, status: 404, reason: "Không tìm thấy bài làm." };
  if (attempt.status === "in_progress") return { ok: false, status: 409, reason: "Học sinh chưa nộp bài." };
  const assessment = await Assessment.findById(attempt.assessmentId).lean<AssessmentDoc>();
  const item = assessment?.items.find((candidate) => candidate.key === input.itemKey);
  if (!assessment || !item || item.type !== "essay") return { ok: false, status: 404, reason: "Không có câu tự luận này." };
  if (input.points > item.points)
    return { ok: false, status: 422, reason: `Câu này tối đa ${String(item.points).replace(".", ",")} điểm.` };
  await Attempt.updateOne(
    { _id: attempt._id },
    {
      $set: {
        [`manualGrades.${input.itemKey}`]: {
          points: input.points,
          comment: input.comment,
          by: new Types.ObjectId(actor.id),
          at: new Date(),
        },
      },
    },
  );
  await rescoreAttempt(attempt._id, assessment);
  const scored = await Attempt.findById(attempt._id, { score: 1, pendingGrading: 1 }).lean();
  return { ok: true, value: { score: scored && scored.pendingGrading === 0 ? (scored.score ?? null) : null } };
}

/**
 * Corrects the answer key of an item after students answered (a wrong key found in the item analysis): the body
 * must keep its format and parts; every submitted attempt is scored again, and the correction is audited.
 */
export async function correctKey(
  actor: Actor,
  assessmentId: string,
  itemKey: string,
  body: QuestionBody,
  reason: string,
): Promise<DomainResult<{ regraded: number }>> {
  const assessment = await findAssessment(actor, assessmentId, "update");
  if (!assessment) return NOT_FOUND;
  const item = assessment.items.find((candidate) => candidate.key === itemKey);
  if (!item) return { ok: false, status: 404, reason: "Bài kiểm tra không có câu này." };
  const parsed = questionBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 422, reason: parsed.error.issues[0]?.message ?? "Đáp án không hợp lệ." };
  if (!samePartsAs(itemBody(item), parsed.data))
    return { ok: false, status: 422, reason: "Chỉ sửa được đáp án: dạng câu hỏi và các phương án phải giữ nguyên." };
  const index = assessment.items.indexOf(item);
  const updated = await Assessment.findOneAndUpdate(
    { _id: assessment._id, revision: assessment.revision },
    {
      $set: { [`items.${index}.body`]: parsed.data },
      $inc: { revision: 1 },
      $push: { keyCorrections: { itemKey, by: new Types.ObjectId(actor.id), at: new Date(), reason } },
    },
    { returnDocument: "after" },
  ).lean<AssessmentDoc>();
  if (!updated) return { ok: false, status: 409, reason: "Bài kiểm tra vừa được thay đổi ở nơi khác. Hãy tải lại trang." };
  forgetAssessment(assessment._id);
  const attempts = await Attempt.find({ assessmentId: assessment._id, status: { $ne: "in_progress" } }, { _id: 1 }).lean();
  let regraded = 0;
  for (const attempt of attempts) if (await rescoreAttempt(attempt._id, updated)) regraded++;
  await Assessment.updateOne(
    { _id: assessment._id, "keyCorrections.itemKey": itemKey },
    { $set: { [`keyCorrections.${updated.keyCorrections.length - 1}.regradedAttempts`]: regraded } },
  );
  await recordAuditEvent({
    action: "assessment.key_corrected",
    actorId: new Types.ObjectId(actor.id),
    organisationPath: assessment.organisationPath,
    details: { assessmentId: String(assessment._id), itemKey, reason, regraded, before: item.body, after: parsed.data },
  });
  return { ok: true, value: { regraded } };
}

/** The same format and the same parts (ids), whatever is marked correct. */
function samePartsAs(before: QuestionBody, after: QuestionBody) {
  if (before.type !== after.type) return false;
  const ids = (body: QuestionBody) => {
    switch (body.type) {
      case "single_choice":
      case "multiple_response":
        return body.options.map((option) => option.id);
      case "true_false_group":
        return body.statements.map((statement) => statement.id);
      case "matching":
        return [...body.premises, ...body.responses].map((part) => part.id);
      case "ordering":
        return body.items.map((part) => part.id).sort();
      case "cloze":
        return body.gaps.map((gap) => gap.key);
      default:
        return [];
    }
  };
  return JSON.stringify(ids(before)) === JSON.stringify(ids(after));
}

/** The class's results as the e-gradebook workbook; reading students' marks out of the system is audited. */
export async function classResultsExport(actor: Actor, assignmentId: string) {
  const results = await classResults(actor, assignmentId);
  if (!results) return null;
  const [school, labels] = await Promise.all([
    Organisation.findById(results.assessment.ownerOrganisationId, { name: 1 }).lean(),
    curriculumLabels(),
  ]);
  const numbers = new Map(results.items.map((item) => [item.key, item.number]));
  const workbook = await classResultsWorkbook({
    schoolName: school?.name ?? "",
    className: results.className,
    schoolYear: results.schoolYear,
    title: results.assessment.title,
    subjectName: labels.subjects[results.assessment.subjectCode]?.vi ?? results.assessment.subjectCode,
    purpose: results.assessment.purpose as AssessmentPurpose,
    maxScore: results.items.reduce((sum, item) => sum + item.points, 0),
    rounding: results.assessment.rounding as RoundingPolicy,
    rows: results.rows.map((row) => ({
      studentCode: row.studentCode,
      fullName: row.fullName,
      className: results.className,
      score: row.roundedScore,
      status: row.status,
      submittedAt: row.submittedAt,
      versionCode: row.versionCode,
      durationSeconds: row.durationSeconds,
    })),
    items: results.analysis.items.map((item) => ({
      number: numbers.get(item.key) ?? 0,
      key: item.key,
      facility: item.facility,
      discrimination: item.discrimination,
      flags: item.flags,
    })),
  });
  await recordAuditEvent({
    action: "assessment.results_exported",
    actorId: new Types.ObjectId(actor.id),
    organisationPath: results.assignment.organisationPath,
    details: { assignmentId, students: results.rows.length },
  });
  return { workbook, fileName: `ket-qua-${results.className}-${String(results.assessment._id).slice(-6)}.xlsx` };
}
