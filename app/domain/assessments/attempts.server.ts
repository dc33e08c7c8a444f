import { createHash } from "node:crypto";
import ipaddr from "ipaddr.js";
import { Types } from "mongoose";
import type {
  AttemptResult,
  AttemptView,
  IntegrityEventType,
  RoundingPolicy,
  SavedResponse,
  SaveResponseInput,
} from "#content-schemas/assessments";
import type { QuestionResponse } from "#content-schemas/questions";
import { Assessment, type AssessmentDoc } from "#models/assessment";
import { AssessmentAssignment, type AssessmentAssignmentDoc } from "#models/assessment-assignment";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { AttemptAnswer, attemptAnswerId, type AttemptAnswerDoc } from "#models/attempt-answer";
import { OpenAttempt } from "#models/open-attempt";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { itemBody } from "./assessments.server";
import { ownAttempt, readableAttempt } from "./attempt-access.server";
import { essayPhotosRefusal } from "./attempt-photos.server";
import { assignmentForStudent } from "./assignments.server";
import { deliveredAssessment, deliveredItems } from "./delivery.server";
import { scoreAttempt, type ManualGrade } from "./grading";
import { isDuplicateKeyError } from "~/services/db.server";

/**
 * Attempts (domain.md › Attempt; docs/assessment.md): started once per student and attempt number, answered with
 * guarded per-item saves into `attempt_answers`, submitted by the student or at the server's deadline, when the
 * answers are copied into the attempt. Every write is one update by `_id`.
 */

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy bài làm." } as const;
const CLOSED = { ok: false, status: 409, reason: "Bài làm đã nộp hoặc đã hết giờ: không sửa được câu trả lời nữa." } as const;
/** Events kept per attempt: enough for a teacher to see a pattern, bounded so a misbehaving client cannot grow it. */
const MAX_EVENTS = 500;
/** Another device answering within this window counts as a second active device. */
const SECOND_DEVICE_WINDOW_MS = 2 * 60_000;
/** A device seen this recently is not written again (the view right after a start, reloads): the window stays exact to 15 s. */
const DEVICE_SEEN_RESOLUTION_MS = 15_000;

/** The same attempt id for the same (assignment, student, attempt number): starting twice creates nothing new. */
export function attemptIdFor(assignmentId: string, studentId: string, attemptNumber: number): Types.ObjectId {
  const digest = createHash("sha256").update(`${assignmentId}:${studentId}:${attemptNumber}`).digest();
  return new Types.ObjectId(digest.subarray(0, 12));
}

/**
 * Which version a student gets: by their place in the class list, so neighbours in the list (and usually in the room)
 * get different versions; a later attempt moves to the next version. Fixed for the student: a restart gets the same.
 */
export function versionFor(codes: readonly number[], rosterIndex: number, attemptNumber: number) {
  return codes[(Math.max(rosterIndex, 0) + attemptNumber - 1) % codes.length]!;
}

const extraMinutesOf = (assignment: AssessmentAssignmentDoc, studentId: string) =>
  assignment.accommodations.find((accommodation) => String(accommodation.studentId) === studentId)?.extraMinutes ?? 0;

/** The server's deadline: the time limit from the start, but never after closing (both extended by extra time). */
export function deadlineFor(
  assignment: Pick<AssessmentAssignmentDoc, "timeLimitMinutes" | "closesAt">,
  startedAt: Date,
  extraMinutes: number,
) {
  const byLimit = startedAt.getTime() + (assignment.timeLimitMinutes + extraMinutes) * 60_000;
  const byClosing = assignment.closesAt.getTime() + extraMinutes * 60_000;
  return new Date(Math.min(byLimit, byClosing));
}

export function addressAllowed(address: string, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return false;
  }
  return ranges.some((range) => {
    try {
      const [network, bits] = range.includes("/") ? ipaddr.parseCIDR(range) : ([ipaddr.process(range), -1] as const);
      const comparable = network.kind() === parsed.kind();
      if (!comparable) return false;
      return bits === -1 ? network.toString() === parsed.toString() : parsed.match(network, bits);
    } catch {
      return false;
    }
  });
}

interface StartContext {
  accessCode: string;
  deviceId?: string;
  address: string;
  now?: Date;
}

/**
 * Starts the student's attempt or resumes the one in progress. Creating is an insert with the derived id, so two
 * presses (or two devices) at once end with one attempt; a finished attempt starts the next one while attempts remain.
 */
export async function startAttempt(
  actor: Actor,
  assignmentId: string,
  context: StartContext,
): Promise<DomainResult<{ id: string }>> {
  const opened = await openAttempt(actor, assignmentId, context);
  return opened.ok ? { ok: true, value: { id: opened.value.id } } : opened;
}

/**
 * Starts or resumes like `startAttempt` and answers with the attempt's view: one round trip at the bell. An attempt
 * this request created is shown as created (nothing can be saved to it before it exists), without reading it back.
 */
export async function startAttemptWithView(
  actor: Actor,
  assignmentId: string,
  context: StartContext,
): Promise<DomainResult<AttemptView>> {
  const opened = await openAttempt(actor, assignmentId, context);
  if (!opened.ok) return opened;
  const { id, created } = opened.value;
  const view = created ? viewOf(created.attempt, created.assessment, {}) : await attemptView(actor, id, context.deviceId);
  return view ? { ok: true, value: view } : NOT_FOUND;
}

type Opened = DomainResult<{ id: string; created?: { attempt: AttemptDoc; assessment: AssessmentDoc } }>;

async function openAttempt(actor: Actor, assignmentId: string, context: StartContext): Promise<Opened> {
  const now = context.now ?? new Date();
  const given = await assignmentForStudent(actor, assignmentId);
  if (!given) return { ok: false, status: 404, reason: "Không tìm thấy bài kiểm tra được giao cho lớp của bạn." };
  const { assignment } = given;
  const refusal = startRefusal(assignment, context, now);
  // A first start — nearly every start at the exam bell — is tried as an insert at once; the student's attempts are
  // read only when they have one already.
  if (!refusal) {
    const first = await createAttempt(actor, given, 1, context, now);
    if (first !== "exists") return first;
  }
  const ids = Array.from({ length: assignment.maxAttempts }, (_, index) => attemptIdFor(assignmentId, actor.id, index + 1));
  const existing = await Attempt.find({ _id: { $in: ids } }).lean<AttemptDoc[]>();
  const open = existing.find((attempt) => attempt.status === "in_progress");
  if (open) {
    if (open.deadline > now) {
      await noteDevice(open, context.deviceId, now, "resumed");
      return { ok: true, value: { id: String(open._id) } };
    }
    await finishOverdue(open._id, now);
  }
  if (refusal) return refusal;
  const attemptNumber = existing.length + 1;
  if (attemptNumber > assignment.maxAttempts) return { ok: false, status: 409, reason: "Bạn đã dùng hết số lần làm bài." };
  const next = await createAttempt(actor, given, attemptNumber, context, now);
  // The same start arriving twice: the other request created it.
  return next === "exists" ? { ok: true, value: { id: String(attemptIdFor(assignmentId, actor.id, attemptNumber)) } } : next;
}

/** Why a new attempt cannot start now (an attempt in progress can still be resumed), or null. */
function startRefusal(assignment: AssessmentAssignmentDoc, context: StartContext, now: Date): Opened | null {
  if (now < assignment.opensAt) return { ok: false, status: 409, reason: "Bài kiểm tra chưa đến giờ mở." };
  if (now >= assignment.closesAt) return { ok: false, status: 409, reason: "Bài kiểm tra đã đóng." };
  if (assignment.accessCode && context.accessCode.trim() !== assignment.accessCode)
    return { ok: false, status: 403, reason: "Mã vào phòng thi không đúng." };
  if (!addressAllowed(context.address, assignment.allowedIpRanges))
    return { ok: false, status: 403, reason: "Bài kiểm tra này chỉ làm được từ mạng của nhà trường." };
  return null;
}

/**
 * Inserts the attempt with its derived id, after its mark for the overdue sweep (so no attempt is ever without one);
 * "exists" when an attempt with that number is there already. A mark added then for an attempt closed long ago is
 * removed by the sweep when it falls due (taking it back here could race a double press and unmark the new attempt).
 */
async function createAttempt(
  actor: Actor,
  { assignment, rosterIndex }: { assignment: AssessmentAssignmentDoc; rosterIndex: number },
  attemptNumber: number,
  context: StartContext,
  now: Date,
): Promise<Opened | "exists"> {
  const assessment = await deliveredAssessment(assignment.assessmentId);
  if (!assessment || assessment.versions.length === 0) return { ok: false, status: 404, reason: "Bài kiểm tra không còn nữa." };
  const id = attemptIdFor(String(assignment._id), actor.id, attemptNumber);
  const deadline = deadlineFor(assignment, now, extraMinutesOf(assignment, actor.id));
  await OpenAttempt.create({ _id: id, dueAt: deadline }).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
  });
  try {
    const created = await Attempt.create({
      _id: id,
      assignmentId: assignment._id,
      assessmentId: assessment._id,
      studentId: new Types.ObjectId(actor.id),
      classId: assignment.classId,
      teacherId: assessment.createdBy,
      organisationPath: assignment.organisationPath,
      attemptNumber,
      versionCode: versionFor(
        assessment.versions.map((version) => version.code),
        rosterIndex,
        attemptNumber,
      ),
      startedAt: now,
      deadline,
      device: { id: context.deviceId ?? "", seenAt: now },
      startAddress: context.address,
    });
    return { ok: true, value: { id: String(id), created: { attempt: created.toObject<AttemptDoc>(), assessment } } };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return "exists";
  }
}

/** Records that a different device took over the attempt, and whether the previous one was still active. */
async function noteDevice(attempt: AttemptDoc, deviceId: string | undefined, now: Date, reason: IntegrityEventType) {
  const remembered = attemptOwners.get(String(attempt._id));
  if (remembered && deviceId) remembered.deviceId = deviceId;
  const previous = { id: attempt.device?.id ?? "", seenAt: attempt.device?.seenAt ?? null };
  if (!deviceId || deviceId === previous.id) {
    const seenLately = previous.seenAt && now.getTime() - previous.seenAt.getTime() < DEVICE_SEEN_RESOLUTION_MS;
    if (deviceId && !seenLately) await Attempt.updateOne({ _id: attempt._id }, { $set: { "device.seenAt": now } });
    return;
  }
  const lastSeenAt = Math.max(previous.seenAt?.getTime() ?? 0, await lastAnswerAt(attempt, previous.id));
  const stillActive = now.getTime() - lastSeenAt < SECOND_DEVICE_WINDOW_MS;
  const event = {
    type: stillActive && previous.id ? "second_device" : reason,
    at: now,
    detail: previous.id ? `trước đó: ${previous.id}` : "",
    deviceId,
  };
  await Attempt.updateOne(
    { _id: attempt._id },
    { $set: { device: { id: deviceId, seenAt: now } }, $push: { events: { $each: [event], $slice: -MAX_EVENTS } } },
  );
}

/** When the device last saved an answer to this attempt (0: never). */
async function lastAnswerAt(attempt: AttemptDoc, deviceId: string) {
  const assessment = deviceId ? await deliveredAssessment(attempt.assessmentId) : null;
  if (!assessment) return 0;
  const answers = [...(await heldAnswers(attempt._id, assessment)).values()];
  return Math.max(0, ...answers.filter((answer) => answer.deviceId === deviceId).map((answer) => answer.savedAt.getTime()));
}

type StoredResponse = { response: QuestionResponse; seq: number; savedAt: Date };

const answerIdsOf = (attemptId: Types.ObjectId, assessment: AssessmentDoc) =>
  assessment.items.map((item) => attemptAnswerId(attemptId, item.key));

/** The answers saved so far for an attempt in progress, by item key (one read through the `_id` index). */
async function heldAnswers(attemptId: Types.ObjectId, assessment: AssessmentDoc) {
  const answers = await AttemptAnswer.find({ _id: { $in: answerIdsOf(attemptId, assessment) } }).lean<AttemptAnswerDoc[]>();
  return new Map(answers.map((answer) => [answer.itemKey, answer]));
}

/**
 * The attempt's answers: copied into it once submitted; while it is in progress or closing, also those saved on their
 * own before the deadline (answers saved at or after it never count).
 */
async function currentResponses(attempt: AttemptDoc, assessment: AssessmentDoc) {
  const responses = { ...((attempt.responses ?? {}) as Record<string, StoredResponse>) };
  if (attempt.status === "in_progress" || attempt.collecting) {
    for (const [key, answer] of await heldAnswers(attempt._id, assessment)) {
      if (answer.response !== undefined && answer.savedAt < attempt.deadline)
        responses[key] = { response: answer.response as QuestionResponse, seq: answer.seq, savedAt: answer.savedAt };
    }
  }
  return responses;
}

/** The attempt's answers as the API shows them. */
export async function responsesOf(attempt: AttemptDoc, assessment: AssessmentDoc) {
  return Object.fromEntries(
    Object.entries(await currentResponses(attempt, assessment)).map(([key, stored]) => [
      key,
      { response: stored.response, seq: stored.seq, savedAt: new Date(stored.savedAt).toISOString() },
    ]),
  );
}

/** The student's attempt with its items and saved answers; an attempt past its deadline is submitted first. */
export async function attemptView(actor: Actor, attemptId: string, deviceId?: string): Promise<AttemptView | null> {
  let attempt = await ownAttempt(actor, attemptId);
  if (!attempt) return null;
  const now = new Date();
  if (attempt.status === "in_progress" && attempt.deadline <= now) {
    await finishOverdue(attempt._id, now);
    attempt = (await Attempt.findById(attempt._id).lean<AttemptDoc>())!;
  } else if (attempt.status === "in_progress") await noteDevice(attempt, deviceId, now, "resumed");
  const assessment = await deliveredAssessment(attempt.assessmentId);
  if (!assessment) return null;
  return viewOf(attempt, assessment, await responsesOf(attempt, assessment));
}

function viewOf(attempt: AttemptDoc, assessment: AssessmentDoc, responses: AttemptView["responses"]): AttemptView {
  return {
    id: String(attempt._id),
    assignmentId: String(attempt.assignmentId),
    title: assessment.title,
    status: attempt.status,
    attemptNumber: attempt.attemptNumber,
    versionCode: attempt.versionCode,
    startedAt: attempt.startedAt.toISOString(),
    deadline: attempt.deadline.toISOString(),
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    serverNow: new Date().toISOString(),
    items: deliveredItems(assessment, attempt.versionCode),
    responses,
  };
}

/**
 * What never changes on an attempt, kept per process, and the device this process last saw answering it: most saves
 * then need no read at all.
 */
interface AttemptOwner {
  studentId: string;
  assessmentId: Types.ObjectId;
  deadline: Date;
  deviceId: string;
}
const attemptOwners = new Map<string, AttemptOwner>();
const MAX_REMEMBERED_ATTEMPTS = 100_000;

async function attemptOwner(attemptId: string): Promise<AttemptOwner | null> {
  const remembered = attemptOwners.get(attemptId);
  if (remembered) return remembered;
  if (!Types.ObjectId.isValid(attemptId)) return null;
  const attempt = await Attempt.findById(attemptId, { studentId: 1, assessmentId: 1, deadline: 1, device: 1 }).lean();
  if (!attempt) return null;
  if (attemptOwners.size >= MAX_REMEMBERED_ATTEMPTS) attemptOwners.clear();
  // The deadline is fixed when the attempt starts (time limit, closing time, extra time) and never moves.
  const owner = {
    studentId: String(attempt.studentId),
    assessmentId: attempt.assessmentId,
    deadline: attempt.deadline,
    deviceId: attempt.device?.id ?? "",
  };
  attemptOwners.set(attemptId, owner);
  return owner;
}

/**
 * Saves one answer as one small document of its own, written only before the deadline and only when it is newer
 * (higher `seq`) than the one held: a replay changes nothing and is acknowledged as a duplicate, and a late, older save
 * never overwrites a newer one. Closing an attempt seals every one of its answer documents before collecting them, and
 * the write only matches an unsealed one: a save that succeeds was stored before the seal, so an acknowledged answer is
 * always among those collected — one database command per save. The answer the server holds is returned either way.
 */
export async function saveResponse(
  actor: Actor,
  attemptId: string,
  itemKey: string,
  input: SaveResponseInput,
): Promise<DomainResult<SavedResponse>> {
  const owner = await attemptOwner(attemptId);
  if (!owner || owner.studentId !== actor.id) return NOT_FOUND;
  const assessment = await deliveredAssessment(owner.assessmentId);
  const item = assessment?.items.find((candidate) => candidate.key === itemKey);
  if (!item) return { ok: false, status: 404, reason: "Bài kiểm tra không có câu này." };
  if (input.response.type !== item.type) return { ok: false, status: 422, reason: "Câu trả lời không đúng dạng câu hỏi." };

  const now = new Date();
  const id = new Types.ObjectId(attemptId);
  if (owner.deadline <= now) {
    await finishOverdue(id, now);
    return CLOSED;
  }
  if (input.response.type === "essay") {
    const refusal = await essayPhotosRefusal(id, item, input.response.photoUploadIds);
    if (refusal) return refusal;
  }
  const answerId = attemptAnswerId(id, itemKey);
  try {
    await AttemptAnswer.updateOne(
      { _id: answerId, seq: { $lt: input.seq }, sealed: { $ne: true } },
      {
        $set: { attemptId: id, itemKey, response: input.response, seq: input.seq, savedAt: now, deviceId: input.deviceId ?? "" },
      },
      { upsert: true },
    );
  } catch (error) {
    // Held with this `seq` or a newer one, or sealed: the upsert's insert meets the document already there.
    if (!isDuplicateKeyError(error)) throw error;
    const held = await AttemptAnswer.findById(answerId).lean<AttemptAnswerDoc>();
    // A sealed answer is the one collected: a replay of it is still a duplicate, anything else comes too late.
    if (held?.response !== undefined && held.seq >= input.seq) return { ok: true, value: heldResponse(held, input.seq) };
    if (held?.sealed) return CLOSED;
    return saveResponse(actor, attemptId, itemKey, input);
  }
  // Sealed copies are removed once the deadline is long past (SEALED_COPIES_KEPT_MS): a write that reached the
  // database after that could recreate one that no closing collects, so only a write finished in time is acknowledged.
  if (Date.now() >= owner.deadline.getTime()) return CLOSED;
  if (input.deviceId && owner.deviceId && input.deviceId !== owner.deviceId) {
    const attempt = await Attempt.findById(id, { status: 1, device: 1, assessmentId: 1 }).lean<AttemptDoc>();
    if (attempt?.status === "in_progress") await noteDevice(attempt, input.deviceId, now, "resumed");
  }
  return {
    ok: true,
    value: { itemKey, outcome: "saved", seq: input.seq, response: input.response, savedAt: now.toISOString() },
  };
}

function heldResponse(held: AttemptAnswerDoc, seq: number): SavedResponse {
  return {
    itemKey: held.itemKey,
    outcome: held.seq === seq ? "duplicate" : "newer_kept",
    seq: held.seq,
    response: held.response as QuestionResponse,
    savedAt: held.savedAt.toISOString(),
  };
}

/** Logs what the browser noticed (tab hidden, window left, fullscreen left, reconnects) for the teacher. */
export async function recordIntegrityEvents(
  actor: Actor,
  attemptId: string,
  events: { type: IntegrityEventType; at?: string; detail: string }[],
  deviceId?: string,
): Promise<DomainResult<{ recorded: number }>> {
  const attempt = await ownAttempt(actor, attemptId);
  if (!attempt) return NOT_FOUND;
  const now = new Date();
  const entries = events.map((event) => ({
    type: event.type,
    at: now,
    clientAt: event.at ? new Date(event.at) : null,
    detail: event.detail,
    deviceId: deviceId ?? "",
  }));
  await Attempt.updateOne({ _id: attempt._id }, { $push: { events: { $each: entries, $slice: -MAX_EVENTS } } });
  return { ok: true, value: { recorded: entries.length } };
}

function gradedFields(assessment: AssessmentDoc, attempt: Pick<AttemptDoc, "responses" | "manualGrades">) {
  const items = assessment.items.map((item) => ({ key: item.key, points: item.points, body: itemBody(item) }));
  const graded = scoreAttempt(
    items,
    attempt.responses as Record<string, { response: QuestionResponse }>,
    (attempt.manualGrades ?? {}) as Record<string, ManualGrade>,
    assessment.rounding as RoundingPolicy,
  );
  return {
    itemScores: graded.itemScores,
    score: graded.score,
    roundedScore: graded.roundedScore,
    pendingGrading: graded.pendingGrading,
  };
}

/**
 * Closes an attempt in two steps, each one guarded update: the status changes first, so no save is acknowledged
 * after it; then the answers saved until then (before the deadline) are copied into the attempt, scored, and removed
 * from `attempt_answers`. If the process stops in between, the sweep finishes the second step (`collecting`).
 */
async function closeAttempt(attemptId: Types.ObjectId, status: "submitted" | "auto_submitted", now: Date) {
  const attempt = await Attempt.findById(attemptId, { status: 1, deadline: 1, collecting: 1 }).lean<AttemptDoc>();
  if (!attempt) return false;
  // Before the deadline, the sweep must look at it now if this closing stops halfway.
  if (attempt.status === "in_progress" && attempt.deadline > now)
    await OpenAttempt.updateOne({ _id: attemptId }, { $set: { dueAt: now } });
  const closed =
    attempt.status === "in_progress" &&
    (
      await Attempt.updateOne(
        { _id: attemptId, status: "in_progress" },
        { $set: { status, collecting: true, submittedAt: status === "auto_submitted" ? attempt.deadline : now } },
      )
    ).matchedCount === 1;
  if (closed || attempt.collecting) await collectAnswers(attemptId);
  return closed;
}

/**
 * The second step of closing: every answer document sealed (no save writes one any more), the answers into the
 * attempt, scores computed. The sealed documents stay until the deadline is long past (a save already under way could
 * otherwise recreate one): the attempt's mark for the sweep falls due then.
 */
async function collectAnswers(attemptId: Types.ObjectId) {
  const attempt = await Attempt.findById(attemptId).lean<AttemptDoc>();
  if (!attempt?.collecting) return;
  // Read afresh, not from the delivery cache: a key corrected on another web process within the cache's lifetime counts.
  const assessment = await Assessment.findById(attempt.assessmentId).lean<AssessmentDoc>();
  if (!assessment) return;
  await sealAnswers(attempt._id, assessment);
  const responses = await currentResponses(attempt, assessment);
  await Attempt.updateOne(
    { _id: attempt._id, collecting: true },
    { $set: { responses, collecting: false, ...gradedFields(assessment, { ...attempt, responses }) } },
  );
  await OpenAttempt.updateOne({ _id: attemptId }, { $set: { dueAt: sealedCopiesGoneAt(attempt) } });
}

/**
 * Seals the answer documents of a closing attempt, adding an empty sealed one for each item never answered: a save's
 * write matches only unsealed documents, and its upsert cannot insert where one exists. Only the missing ones are
 * inserted (an insert that meets an existing document makes FerretDB retry the batch one by one); one a save adds
 * meanwhile is sealed by the update that follows.
 */
async function sealAnswers(attemptId: Types.ObjectId, assessment: AssessmentDoc) {
  const held = await heldAnswers(attemptId, assessment);
  const now = new Date();
  const empty = assessment.items
    .filter((item) => !held.has(item.key))
    .map((item) => ({
      _id: attemptAnswerId(attemptId, item.key),
      attemptId,
      itemKey: item.key,
      seq: 0,
      savedAt: now,
      sealed: true,
    }));
  if (empty.length > 0)
    await AttemptAnswer.insertMany(empty, { ordered: false, lean: true }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  await AttemptAnswer.updateMany({ _id: { $in: answerIdsOf(attemptId, assessment) } }, { $set: { sealed: true } });
}

/** Web and worker clocks may differ: sealed copies outlive the deadline by this much. */
const SEALED_COPIES_KEPT_MS = 10 * 60_000;
const sealedCopiesGoneAt = (attempt: Pick<AttemptDoc, "deadline">) =>
  new Date(attempt.deadline.getTime() + SEALED_COPIES_KEPT_MS);

/** Once the deadline is long past: the sealed copies of a closed attempt's answers and its mark for the sweep go. */
async function forgetClosedAttempt(attemptId: Types.ObjectId, assessment: AssessmentDoc | null) {
  if (assessment) await AttemptAnswer.deleteMany({ _id: { $in: answerIdsOf(attemptId, assessment) } });
  await OpenAttempt.deleteOne({ _id: attemptId });
}

/** Submits at the deadline, once (a later call finds it no longer in progress). */
export function finishOverdue(attemptId: Types.ObjectId, now = new Date()) {
  return closeAttempt(attemptId, "auto_submitted", now);
}

export async function submitAttempt(
  actor: Actor,
  attemptId: string,
): Promise<DomainResult<{ id: string; status: string; submittedAt: string }>> {
  const attempt = await ownAttempt(actor, attemptId);
  if (!attempt) return NOT_FOUND;
  const now = new Date();
  if (attempt.status === "in_progress")
    await closeAttempt(attempt._id, attempt.deadline <= now ? "auto_submitted" : "submitted", now);
  const closed = (await Attempt.findById(attempt._id).lean<AttemptDoc>())!;
  return {
    ok: true,
    value: { id: attemptId, status: closed.status, submittedAt: (closed.submittedAt ?? now).toISOString() },
  };
}

/**
 * The worker's sweep over the attempts due: each one past its deadline is submitted with what it saved, a closing
 * that stopped halfway gets its answers collected, and a submit that stopped before closing waits for its deadline.
 */
export async function finishOverdueAttempts(now = new Date()) {
  const due = await OpenAttempt.find({ dueAt: { $lte: now } }, { _id: 1 })
    .limit(1000)
    .lean();
  let finished = 0;
  for (const { _id: attemptId } of due) {
    const attempt = await Attempt.findById(attemptId, {
      status: 1,
      deadline: 1,
      collecting: 1,
      assessmentId: 1,
    }).lean<AttemptDoc>();
    if (attempt?.status === "in_progress" && attempt.deadline > now)
      await OpenAttempt.updateOne({ _id: attemptId }, { $set: { dueAt: attempt.deadline } });
    else if (attempt?.status === "in_progress") {
      if (await finishOverdue(attemptId, now)) finished++;
    } else if (attempt?.collecting) await collectAnswers(attemptId);
    else if (attempt && sealedCopiesGoneAt(attempt) > now)
      await OpenAttempt.updateOne({ _id: attemptId }, { $set: { dueAt: sealedCopiesGoneAt(attempt) } });
    else await forgetClosedAttempt(attemptId, attempt ? await deliveredAssessment(attempt.assessmentId) : null);
  }
  return finished;
}

/** Whether the student may see the result now, by the assignment's policy. */
export function resultVisibleToStudent(assignment: Pick<AssessmentAssignmentDoc, "showResults" | "closesAt">, now: Date) {
  if (assignment.showResults === "immediately") return true;
  if (assignment.showResults === "after_close") return now >= assignment.closesAt;
  return false;
}

/** An attempt's score and per-item marks, for its student (when the policy allows) or the test's teacher. */
export async function attemptResult(actor: Actor, attemptId: string): Promise<DomainResult<AttemptResult>> {
  const attempt = await readableAttempt(actor, attemptId);
  if (!attempt) return NOT_FOUND;
  if (attempt.status === "in_progress") return { ok: false, status: 409, reason: "Bài làm chưa nộp." };
  if (String(attempt.studentId) === actor.id) {
    const assignment = await AssessmentAssignment.findById(attempt.assignmentId, { showResults: 1, closesAt: 1 }).lean();
    if (!assignment || !resultVisibleToStudent(assignment, new Date()))
      return { ok: false, status: 403, reason: "Giáo viên chưa cho xem kết quả bài này." };
  }
  const assessment = await deliveredAssessment(attempt.assessmentId);
  if (!assessment) return NOT_FOUND;
  const numbers = new Map(deliveredItems(assessment, attempt.versionCode).map((item) => [item.key, item.number]));
  const itemScores = (attempt.itemScores ?? {}) as Record<string, { earned: number; max: number; status: string }>;
  const manual = (attempt.manualGrades ?? {}) as Record<string, ManualGrade>;
  const pending = attempt.pendingGrading > 0;
  return {
    ok: true,
    value: {
      id: String(attempt._id),
      status: attempt.status,
      versionCode: attempt.versionCode,
      score: pending ? null : (attempt.score ?? null),
      roundedScore: pending ? null : (attempt.roundedScore ?? null),
      maxScore: Math.round(assessment.items.reduce((sum, item) => sum + item.points, 0) * 100) / 100,
      submittedAt: attempt.submittedAt?.toISOString() ?? null,
      durationSeconds: attempt.submittedAt
        ? Math.max(0, Math.round((attempt.submittedAt.getTime() - attempt.startedAt.getTime()) / 1000))
        : null,
      items: [...numbers.entries()]
        .sort((a, b) => a[1] - b[1])
        .map(([key, number]) => {
          const itemScore = itemScores[key];
          const status = (itemScore?.status ?? "unanswered") as AttemptResult["items"][number]["status"];
          return {
            key,
            number,
            earned: status === "needs_grading" ? null : (itemScore?.earned ?? 0),
            max: itemScore?.max ?? 0,
            status,
            comment: manual[key]?.comment ?? "",
          };
        }),
    },
  };
}

/** Scores an attempt again from its answers and marks (after an essay is graded or a key corrected). */
export async function rescoreAttempt(attemptId: Types.ObjectId, assessment: AssessmentDoc) {
  for (let tries = 0; tries < 5; tries++) {
    const attempt = await Attempt.findById(attemptId).lean<AttemptDoc>();
    if (!attempt || attempt.status === "in_progress") return false;
    if (attempt.collecting) {
      // Its closing may have read the key before the correction: finish it now (reading the corrected key), then
      // score it again whichever update won.
      await collectAnswers(attempt._id);
      continue;
    }
    const fields = gradedFields(assessment, attempt);
    const status = fields.pendingGrading === 0 && Object.keys(attempt.manualGrades ?? {}).length ? "graded" : attempt.status;
    const result = await Attempt.updateOne({ _id: attempt._id, updatedAt: attempt.updatedAt }, { $set: { ...fields, status } });
    if (result.matchedCount === 1) return true;
  }
  return false;
}

/**
 * One attempt as the teacher reviews it: the version's items with what the student answered, the marks and the
 * integrity events. Students see their result through `attemptResult`, not this.
 */
export async function attemptReview(actor: Actor, attemptId: string) {
  const attempt = await readableAttempt(actor, attemptId);
  if (!attempt || String(attempt.studentId) === actor.id) return null;
  const assessment = await deliveredAssessment(attempt.assessmentId);
  if (!assessment) return null;
  const [student] = await User.find({ _id: attempt.studentId }, { fullName: 1, username: 1 }).lean();
  const responses = await responsesOf(attempt, assessment);
  const itemScores = (attempt.itemScores ?? {}) as Record<string, { earned: number; max: number; status: string }>;
  const manual = (attempt.manualGrades ?? {}) as Record<string, ManualGrade>;
  return {
    id: String(attempt._id),
    assessmentId: String(attempt.assessmentId),
    assignmentId: String(attempt.assignmentId),
    title: assessment.title,
    student: { fullName: student?.fullName ?? "", code: student?.username ?? "" },
    status: attempt.status,
    versionCode: attempt.versionCode,
    startedAt: attempt.startedAt.toISOString(),
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    score: attempt.pendingGrading > 0 ? null : (attempt.roundedScore ?? null),
    items: deliveredItems(assessment, attempt.versionCode).map((item) => ({
      item,
      response: responses[item.key]?.response ?? null,
      score: itemScores[item.key] ?? null,
      comment: manual[item.key]?.comment ?? "",
    })),
    events: attempt.events.map((event) => ({ type: event.type, at: event.at.toISOString(), detail: event.detail })),
  };
}
