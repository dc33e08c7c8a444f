import { randomInt } from "node:crypto";
import { Types, type QueryFilter } from "mongoose";
import {
  blueprintSchema,
  type AssessmentSettings,
  type Blueprint,
  type CreateAssessmentInput,
  type GenerateVersionsInput,
} from "#content-schemas/assessments";
import { richTextPlainText } from "#content-schemas/lecture";
import { questionBodySchema, type CognitiveLevel, type QuestionBody, type QuestionType } from "#content-schemas/questions";
import { Assessment, type AssessmentDoc } from "#models/assessment";
import { AssessmentAssignment } from "#models/assessment-assignment";
import { Question, type QuestionDoc } from "#models/question";
import { defineAbilityFor, permittedConditions, type Action } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { questionsFilter } from "~/domain/questions/questions.server";
import { blueprintCells, blueprintProblems, levelFits } from "./blueprint";
import { buildVersions, inSections, shuffled } from "./versions";

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy bài kiểm tra." } as const;
const LOCKED = {
  ok: false,
  status: 409,
  reason: "Bài kiểm tra đã được giao cho lớp: không đổi được câu hỏi và mã đề nữa (chỉ sửa được đáp án).",
} as const;
const CONFLICT = { ok: false, status: 409, reason: "Bài kiểm tra vừa được thay đổi ở nơi khác. Hãy tải lại trang." } as const;

/** How long an item used with a class is drawn last for that class again. */
const RECENT_USE_DAYS = 180;

/** Every query for tests starts here: what this person may `action`. */
export function assessmentsFilter(actor: Actor, action: Action = "read"): QueryFilter<AssessmentDoc> {
  return { $and: [permittedConditions(actor, action, "Assessment"), { deletedAt: null }] };
}

export async function findAssessment(actor: Actor, assessmentId: string, action: Action = "read") {
  if (!Types.ObjectId.isValid(assessmentId)) return null;
  return Assessment.findOne({
    $and: [{ _id: new Types.ObjectId(assessmentId) }, assessmentsFilter(actor, action)],
  }).lean<AssessmentDoc>();
}

export async function createAssessment(actor: Actor, input: CreateAssessmentInput): Promise<DomainResult<{ id: string }>> {
  if (!defineAbilityFor(actor).can("create", "Assessment")) {
    return { ok: false, status: 403, reason: "Chỉ giáo viên tạo được bài kiểm tra." };
  }
  const created = await Assessment.create({
    ...settingsFields(input),
    ownerOrganisationId: new Types.ObjectId(actor.organisationId),
    organisationPath: actor.organisationPath.map((id) => new Types.ObjectId(id)),
    createdBy: new Types.ObjectId(actor.id),
    blueprint: input.blueprint,
  });
  return { ok: true, value: { id: String(created._id) } };
}

const settingsFields = (settings: AssessmentSettings) => ({
  title: settings.title,
  subjectCode: settings.subject,
  grade: settings.grade,
  purpose: settings.purpose,
  rounding: settings.rounding,
  shuffleItems: settings.shuffleItems,
  shuffleOptions: settings.shuffleOptions,
});

/**
 * Changes a test the author may edit with one update guarded by its revision, never once it is assigned (then only
 * key corrections change it, see results.server.ts).
 */
async function changeUnlocked(
  actor: Actor,
  assessmentId: string,
  change: (assessment: AssessmentDoc) => Promise<DomainResult<Record<string, unknown>>> | DomainResult<Record<string, unknown>>,
): Promise<DomainResult<{ id: string }>> {
  const assessment = await findAssessment(actor, assessmentId, "update");
  if (!assessment) return NOT_FOUND;
  if (assessment.lockedAt) return LOCKED;
  const changed = await change(assessment);
  if (!changed.ok) return changed;
  const result = await Assessment.updateOne(
    { _id: assessment._id, revision: assessment.revision, lockedAt: null },
    { $set: changed.value, $inc: { revision: 1 } },
  );
  return result.modifiedCount === 1 ? { ok: true, value: { id: assessmentId } } : CONFLICT;
}

export function updateSettings(actor: Actor, assessmentId: string, settings: AssessmentSettings) {
  return changeUnlocked(actor, assessmentId, (assessment) => {
    const subjectChanged = settings.subject !== assessment.subjectCode || settings.grade !== assessment.grade;
    if (subjectChanged && assessment.items.length)
      return { ok: false, status: 409, reason: "Bỏ hết câu hỏi trước khi đổi môn học hoặc khối lớp." };
    return { ok: true, value: settingsFields(settings) };
  });
}

/** Saving the blueprint keeps the items drawn so far until the teacher generates again. */
export function saveBlueprint(actor: Actor, assessmentId: string, blueprint: Blueprint) {
  return changeUnlocked(actor, assessmentId, () => ({ ok: true, value: { blueprint } }));
}

/** The live (approved) version of a question as a test item, pinned. */
function itemFromQuestion(question: QuestionDoc, key: string, points: number) {
  const version = question.versions[(question.liveVersion ?? 0) - 1]!;
  return {
    key,
    questionId: question._id,
    version: version.number,
    type: version.type,
    level: version.level,
    topicIds: version.topicIds,
    points,
    stem: version.stem,
    body: version.body,
    solution: version.solution ?? null,
  };
}

type ItemSnapshot = ReturnType<typeof itemFromQuestion> | AssessmentDoc["items"][number];

/** "Add to a test" by hand: the approved version of a question this person may read, at the given points. */
export function addItem(actor: Actor, assessmentId: string, input: { questionId: string; points: number }) {
  return changeUnlocked(actor, assessmentId, async (assessment) => {
    const question = await Question.findOne({
      $and: [{ _id: new Types.ObjectId(input.questionId) }, questionsFilter(actor), { liveVersion: { $ne: null } }],
    }).lean<QuestionDoc>();
    if (!question) return { ok: false, status: 404, reason: "Chỉ thêm được câu hỏi đã được duyệt mà bạn được xem." };
    if (assessment.items.some((item) => String(item.questionId) === input.questionId))
      return { ok: false, status: 409, reason: "Câu hỏi này đã có trong bài kiểm tra." };
    const live = question.live!;
    if (live.subjectCode !== assessment.subjectCode || live.grade !== assessment.grade)
      return { ok: false, status: 422, reason: "Câu hỏi phải cùng môn học và khối lớp với bài kiểm tra." };
    const item = itemFromQuestion(question, `i${assessment.nextItemNumber}`, input.points);
    return {
      ok: true,
      value: { items: [...assessment.items, item], nextItemNumber: assessment.nextItemNumber + 1, versions: [] },
    };
  });
}

export function removeItem(actor: Actor, assessmentId: string, itemKey: string) {
  return changeUnlocked(actor, assessmentId, (assessment) => {
    if (!assessment.items.some((item) => item.key === itemKey)) return NOT_FOUND;
    return { ok: true, value: { items: assessment.items.filter((item) => item.key !== itemKey), versions: [] } };
  });
}

export interface CellCoverage {
  topicId: string;
  format: QuestionType;
  level: CognitiveLevel;
  needed: number;
  available: number;
}

interface Candidate {
  question: QuestionDoc;
  topicIds: string[];
  type: QuestionType;
  level: CognitiveLevel;
  recentlyUsed: boolean;
}

/** The approved questions this person may use for a subject and grade, with whether the class met them lately. */
async function candidatesFor(actor: Actor, subjectCode: string, grade: number, topicIds: string[], forClassId?: string) {
  const [questions, recent] = await Promise.all([
    Question.find({
      $and: [
        questionsFilter(actor),
        { liveVersion: { $ne: null } },
        { "live.subjectCode": subjectCode, "live.grade": grade },
        { "live.topicIds": { $in: topicIds.map((id) => new Types.ObjectId(id)) } },
      ],
    }).lean<QuestionDoc[]>(),
    forClassId ? questionsRecentlyUsedWith(forClassId) : Promise.resolve(new Set<string>()),
  ]);
  return questions.map((question): Candidate => ({
    question,
    topicIds: question.live!.topicIds.map(String),
    type: question.live!.type as QuestionType,
    level: question.live!.level as CognitiveLevel,
    recentlyUsed: recent.has(String(question._id)),
  }));
}

async function questionsRecentlyUsedWith(classId: string) {
  if (!Types.ObjectId.isValid(classId)) return new Set<string>();
  const since = new Date(Date.now() - RECENT_USE_DAYS * 24 * 60 * 60 * 1000);
  const assignments = await AssessmentAssignment.find(
    { classId: new Types.ObjectId(classId), opensAt: { $gte: since } },
    { assessmentId: 1 },
  ).lean();
  const tests = await Assessment.find(
    { _id: { $in: assignments.map((assignment) => assignment.assessmentId) } },
    { "items.questionId": 1 },
  ).lean<Pick<AssessmentDoc, "items">[]>();
  return new Set(tests.flatMap((test) => test.items.map((item) => String(item.questionId))));
}

/**
 * Fills every cell with distinct candidates: the most constrained cells first, so an item that fits two cells goes
 * where it is needed; within a cell, items the class has not met recently first, in random order.
 */
function drawCells(blueprint: Blueprint, candidates: Candidate[], random: () => number) {
  const cells = blueprintCells(blueprint);
  const fits = (cell: (typeof cells)[number]) =>
    candidates.filter(
      (candidate) =>
        candidate.type === cell.format &&
        candidate.topicIds.includes(cell.topicId) &&
        levelFits(candidate.level, cell.level, blueprint.levelScale),
    );
  const order = cells
    .map((cell, index) => ({ cell, index, pool: fits(cell) }))
    .sort((a, b) => a.pool.length - a.cell.count - (b.pool.length - b.cell.count) || a.index - b.index);
  const taken = new Set<string>();
  const drawn = new Map<number, Candidate[]>();
  const coverage: CellCoverage[] = [];
  for (const { cell, index, pool } of order) {
    const free = pool.filter((candidate) => !taken.has(String(candidate.question._id)));
    const preferred = [
      ...shuffled(
        free.filter((candidate) => !candidate.recentlyUsed),
        random,
      ),
      ...shuffled(
        free.filter((candidate) => candidate.recentlyUsed),
        random,
      ),
    ].slice(0, cell.count);
    for (const candidate of preferred) taken.add(String(candidate.question._id));
    drawn.set(index, preferred);
    coverage[index] = {
      topicId: cell.topicId,
      format: cell.format,
      level: cell.level,
      needed: cell.count,
      available: free.length,
    };
  }
  return { cells, drawn, coverage };
}

// randomInt takes ranges below 2^48.
const cryptoRandom = () => randomInt(2 ** 47) / 2 ** 47;

/** Which cells of the blueprint the bank can fill for this person (and class), before anything is generated. */
export async function checkBlueprint(
  actor: Actor,
  context: { subjectCode: string; grade: number; blueprint: Blueprint; forClassId?: string },
) {
  const topicIds = context.blueprint.rows.map((row) => row.topicId);
  const candidates = await candidatesFor(actor, context.subjectCode, context.grade, topicIds, context.forClassId);
  const { coverage } = drawCells(context.blueprint, candidates, cryptoRandom);
  return {
    problems: blueprintProblems(context.blueprint),
    cells: coverage,
    unfillable: coverage.filter((cell) => cell.available < cell.needed),
  };
}

/**
 * Generates the versions (mã đề). A test with a blueprint first draws its items — when it has none yet or the
 * teacher asks to draw again — and refuses, listing the cells, when the bank cannot fill every one of them.
 */
export async function generateVersions(actor: Actor, assessmentId: string, input: GenerateVersionsInput) {
  let unfillable: CellCoverage[] = [];
  const result = await changeUnlocked(actor, assessmentId, async (assessment) => {
    let items: ItemSnapshot[] = assessment.items;
    let nextItemNumber = assessment.nextItemNumber;
    if (assessment.blueprint && (input.redraw || items.length === 0)) {
      const blueprint = blueprintSchema.parse(assessment.blueprint);
      const problems = blueprintProblems(blueprint);
      if (problems.length) return { ok: false, status: 422, reason: problems.join(" ") };
      const topicIds = blueprint.rows.map((row) => row.topicId);
      const candidates = await candidatesFor(actor, assessment.subjectCode, assessment.grade, topicIds, input.forClassId);
      const { cells, drawn, coverage } = drawCells(blueprint, candidates, cryptoRandom);
      unfillable = coverage.filter((cell) => cell.available < cell.needed);
      if (unfillable.length)
        return { ok: false, status: 422, reason: `Ngân hàng chưa đủ câu hỏi cho ${unfillable.length} ô của ma trận.` };
      nextItemNumber = 1;
      items = cells.flatMap((cell, index) =>
        (drawn.get(index) ?? []).map((candidate) =>
          itemFromQuestion(candidate.question, `i${nextItemNumber++}`, cell.pointsEach),
        ),
      );
    }
    if (items.length === 0) return { ok: false, status: 422, reason: "Bài kiểm tra chưa có câu hỏi nào." };
    const versions = buildVersions(
      items.map((item) => ({ key: item.key, type: item.type as QuestionType, body: item.body as QuestionBody })),
      {
        count: input.versions,
        firstCode: input.firstCode,
        shuffleItems: assessment.shuffleItems,
        shuffleOptions: assessment.shuffleOptions,
      },
      cryptoRandom,
    );
    return { ok: true, value: { items, nextItemNumber, versions } };
  });
  return { result, unfillable };
}

/** Marks the test as given to a class: its items and versions are now what students answer. */
export async function lockAssessment(assessmentId: Types.ObjectId) {
  await Assessment.updateOne({ _id: assessmentId, lockedAt: null }, { $set: { lockedAt: new Date() }, $inc: { revision: 1 } });
}

export async function deleteAssessment(actor: Actor, assessmentId: string): Promise<DomainResult<{ id: string }>> {
  const assessment = await findAssessment(actor, assessmentId, "delete");
  if (!assessment) return NOT_FOUND;
  if (assessment.lockedAt) return { ok: false, status: 409, reason: "Bài kiểm tra đã giao cho lớp thì không xoá được." };
  await Assessment.updateOne({ _id: assessment._id, lockedAt: null }, { $set: { deletedAt: new Date() } });
  return { ok: true, value: { id: assessmentId } };
}

/** The items of a test in section order with a one-line stem, for the teacher's pages and print. */
export function itemSummaries(assessment: AssessmentDoc) {
  return inSections(assessment.items.map((item) => ({ ...item, type: item.type as QuestionType }))).map((item, index) => ({
    key: item.key,
    number: index + 1,
    questionId: String(item.questionId),
    version: item.version,
    type: item.type,
    level: item.level as CognitiveLevel,
    points: item.points,
    stemText: richTextPlainText(item.stem as Parameters<typeof richTextPlainText>[0]).slice(0, 300),
  }));
}

/** The teacher's view of a test. */
export function assessmentView(assessment: AssessmentDoc) {
  return {
    id: String(assessment._id),
    title: assessment.title,
    subject: assessment.subjectCode,
    grade: assessment.grade,
    purpose: assessment.purpose,
    rounding: assessment.rounding,
    shuffleItems: assessment.shuffleItems,
    shuffleOptions: assessment.shuffleOptions,
    blueprint: assessment.blueprint ? blueprintSchema.parse(assessment.blueprint) : null,
    items: itemSummaries(assessment),
    totalPoints: Math.round(assessment.items.reduce((sum, item) => sum + item.points, 0) * 100) / 100,
    versions: assessment.versions.map((version) => ({ code: version.code, itemKeys: [...version.itemKeys] })),
    locked: Boolean(assessment.lockedAt),
    createdBy: String(assessment.createdBy),
    updatedAt: (assessment as { updatedAt?: Date }).updatedAt?.toISOString() ?? null,
  };
}
export type AssessmentView = ReturnType<typeof assessmentView>;

export async function listAssessments(actor: Actor) {
  const assessments = await Assessment.find(assessmentsFilter(actor), {
    title: 1,
    subjectCode: 1,
    grade: 1,
    purpose: 1,
    items: 1,
    versions: 1,
    lockedAt: 1,
    updatedAt: 1,
  })
    .sort({ updatedAt: -1 })
    .limit(200)
    .lean();
  return assessments.map((assessment) => ({
    id: String(assessment._id),
    title: assessment.title,
    subject: assessment.subjectCode,
    grade: assessment.grade,
    purpose: assessment.purpose,
    items: assessment.items.length,
    versions: assessment.versions.length,
    locked: Boolean(assessment.lockedAt),
    updatedAt: assessment.updatedAt.toISOString(),
  }));
}

/** The item bodies validated again (a stored body may predate a rule) — for delivery, grading and print. */
export function itemBody(item: { body: unknown }): QuestionBody {
  return questionBodySchema.parse(item.body);
}
