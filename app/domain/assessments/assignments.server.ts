import { Types } from "mongoose";
import type { AssignAssessmentInput } from "#content-schemas/assessments";
import { AssessmentAssignment, type AssessmentAssignmentDoc } from "#models/assessment-assignment";
import { Attempt } from "#models/attempt";
import { SchoolClass } from "#models/school-class";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { classesOfStudent } from "~/domain/sharing/class-access.server";
import { classesTaughtBy } from "~/domain/sharing/class-use.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { findAssessment, lockAssessment } from "./assessments.server";

/** Gives a test with versions to one of the teacher's classes; from then on its items and versions are fixed. */
export async function assignAssessment(
  actor: Actor,
  assessmentId: string,
  input: AssignAssessmentInput,
): Promise<DomainResult<{ id: string }>> {
  const assessment = await findAssessment(actor, assessmentId, "update");
  if (!assessment) return { ok: false, status: 404, reason: "Không tìm thấy bài kiểm tra." };
  if (assessment.versions.length === 0) return { ok: false, status: 422, reason: "Hãy tạo mã đề trước khi giao bài cho lớp." };
  const taught = (await classesTaughtBy(actor)).find((schoolClass) => schoolClass.id === input.classId);
  if (!taught) return { ok: false, status: 403, reason: "Bạn chỉ giao được bài cho lớp mình dạy trong năm học này." };
  const schoolClass = await SchoolClass.findById(taught.id, { studentIds: 1 }).lean();
  const students = new Set((schoolClass?.studentIds ?? []).map(String));
  if (input.accommodations.some((accommodation) => !students.has(accommodation.studentId)))
    return { ok: false, status: 422, reason: "Chỉ cộng thêm thời gian cho học sinh của lớp được giao." };

  const assignment = await AssessmentAssignment.create({
    assessmentId: assessment._id,
    title: assessment.title,
    classId: new Types.ObjectId(taught.id),
    organisationPath: taught.organisationPath,
    opensAt: new Date(input.opensAt),
    closesAt: new Date(input.closesAt),
    timeLimitMinutes: input.timeLimitMinutes,
    maxAttempts: input.maxAttempts,
    accessCode: input.accessCode,
    allowedIpRanges: input.allowedIpRanges,
    showResults: input.showResults,
    accommodations: input.accommodations.map((accommodation) => ({
      studentId: new Types.ObjectId(accommodation.studentId),
      extraMinutes: accommodation.extraMinutes,
    })),
    assignedBy: new Types.ObjectId(actor.id),
  });
  await lockAssessment(assessment._id);
  return { ok: true, value: { id: String(assignment._id) } };
}

/** The assignments of a test the person may read, with their class and how many students submitted. */
export async function assignmentsOf(actor: Actor, assessmentId: string) {
  const assessment = await findAssessment(actor, assessmentId);
  if (!assessment) return null;
  const assignments = await AssessmentAssignment.find({ assessmentId: assessment._id }).sort({ opensAt: -1 }).lean();
  const classes = await SchoolClass.find(
    { _id: { $in: assignments.map((assignment) => assignment.classId) } },
    { name: 1, studentIds: 1 },
  ).lean();
  const submitted = await Attempt.find(
    { assessmentId: assessment._id, status: { $ne: "in_progress" } },
    { assignmentId: 1, studentId: 1 },
  ).lean();
  return assignments.map((assignment) => {
    const schoolClass = classes.find((candidate) => String(candidate._id) === String(assignment.classId));
    const submitters = new Set(
      submitted
        .filter((attempt) => String(attempt.assignmentId) === String(assignment._id))
        .map((attempt) => String(attempt.studentId)),
    );
    return {
      ...assignmentSummary(assignment),
      className: schoolClass?.name ?? "",
      students: schoolClass?.studentIds.length ?? 0,
      submitted: submitters.size,
    };
  });
}

export const assignmentSummary = (assignment: AssessmentAssignmentDoc) => ({
  id: String(assignment._id),
  assessmentId: String(assignment.assessmentId),
  title: assignment.title,
  classId: String(assignment.classId),
  opensAt: assignment.opensAt.toISOString(),
  closesAt: assignment.closesAt.toISOString(),
  timeLimitMinutes: assignment.timeLimitMinutes,
  maxAttempts: assignment.maxAttempts,
  needsAccessCode: assignment.accessCode !== "",
  showResults: assignment.showResults as "immediately" | "after_close" | "never",
});

/**
 * What starting needs of an assignment, remembered per process for a short while: at the exam bell thousands of
 * students start the same few assignments within seconds. An assignment does not change once given; its class list
 * can, so a remembered list is read afresh when the student is not on it, and a student taken off a class can still
 * start there for at most this long (docs/assessment.md).
 */
const GIVEN_MEMORY_MS = 30_000;
const MAX_REMEMBERED_ASSIGNMENTS = 10_000;
interface GivenAssignment {
  assignment: AssessmentAssignmentDoc;
  studentIds: string[];
  schoolYear: string;
}
/** The read itself is remembered, so the students of a class starting together while it runs share it. */
const givenAssignments = new Map<string, { given: Promise<GivenAssignment | null>; readAt: number }>();

/** Both reads are by `_id`: finding a student's classes by member reads every class on the embedded database. */
async function readGivenAssignment(assignmentId: string): Promise<GivenAssignment | null> {
  const assignment = await AssessmentAssignment.findById(assignmentId).lean<AssessmentAssignmentDoc>();
  if (!assignment) return null;
  const schoolClass = await SchoolClass.findById(assignment.classId, { studentIds: 1, schoolYear: 1 }).lean();
  if (!schoolClass) return null;
  return { assignment, studentIds: schoolClass.studentIds.map(String), schoolYear: schoolClass.schoolYear };
}

function rememberGivenAssignment(assignmentId: string) {
  const given = readGivenAssignment(assignmentId);
  if (givenAssignments.size >= MAX_REMEMBERED_ASSIGNMENTS) givenAssignments.clear();
  givenAssignments.set(assignmentId, { given, readAt: Date.now() });
  // A failed read is not remembered (its callers see the failure).
  given.catch(() => {
    if (givenAssignments.get(assignmentId)?.given === given) givenAssignments.delete(assignmentId);
  });
  return given;
}

/**
 * The assignment if it was given to one of the student's classes this school year, with the student's place in that
 * class's list (which picks their version).
 */
export async function assignmentForStudent(actor: Actor, assignmentId: string) {
  if (!Types.ObjectId.isValid(assignmentId) || !actor.roles.some((binding) => binding.role === "student")) return null;
  const remembered = givenAssignments.get(assignmentId);
  const recent = remembered && Date.now() - remembered.readAt < GIVEN_MEMORY_MS ? remembered.given : null;
  let given = await (recent ?? rememberGivenAssignment(assignmentId));
  if (recent && given && !given.studentIds.includes(actor.id)) given = await rememberGivenAssignment(assignmentId);
  const rosterIndex = given?.studentIds.indexOf(actor.id) ?? -1;
  if (!given || given.schoolYear !== currentSchoolYear() || rosterIndex < 0) return null;
  return { assignment: given.assignment, rosterIndex };
}

/** The tests given to the student's classes, newest first, with the student's latest attempt at each. */
export async function testsForStudent(actor: Actor) {
  const classes = await classesOfStudent(actor);
  if (classes.length === 0) return [];
  const assignments = await AssessmentAssignment.find({ classId: { $in: classes.map((schoolClass) => schoolClass._id) } })
    .sort({ opensAt: -1 })
    .limit(100)
    .lean();
  const attempts = await Attempt.find(
    { studentId: new Types.ObjectId(actor.id), assignmentId: { $in: assignments.map((assignment) => assignment._id) } },
    { assignmentId: 1, attemptNumber: 1, status: 1, deadline: 1, roundedScore: 1, pendingGrading: 1 },
  ).lean();
  return assignments.map((assignment) => {
    const mine = attempts
      .filter((attempt) => String(attempt.assignmentId) === String(assignment._id))
      .sort((a, b) => b.attemptNumber - a.attemptNumber);
    const latest = mine[0];
    return {
      ...assignmentSummary(assignment),
      attemptsUsed: mine.length,
      latest: latest ? { id: String(latest._id), status: latest.status, deadline: latest.deadline.toISOString() } : null,
    };
  });
}

/** The students of the classes the teacher teaches this year (for extra time when assigning). */
export async function studentsOfTaughtClasses(actor: Actor) {
  const taught = await classesTaughtBy(actor);
  const classes = await SchoolClass.find(
    { _id: { $in: taught.map((schoolClass) => new Types.ObjectId(schoolClass.id)) } },
    { name: 1, studentIds: 1 },
  ).lean();
  const students = await User.find(
    { _id: { $in: classes.flatMap((schoolClass) => schoolClass.studentIds) } },
    { fullName: 1 },
  ).lean();
  const names = new Map(students.map((student) => [String(student._id), student.fullName]));
  return classes.flatMap((schoolClass) =>
    schoolClass.studentIds.map((id) => ({ id: String(id), fullName: names.get(String(id)) ?? "", className: schoolClass.name })),
  );
}
