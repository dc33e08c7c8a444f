// Online assessment against the real database, through the domain functions: the blueprint and its versions, tests
// assembled by hand, assignment to a class, delivery and saving of answers, scoring, results, essays, key corrections
// and the item statistics written back to the bank.
import { Types } from "mongoose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import {
  assignAssessmentSchema,
  blueprintSchema,
  createAssessmentSchema,
  generateVersionsSchema,
  SECTION_ORDER,
  type AttemptView,
  type RoundingPolicy,
} from "#content-schemas/assessments";
import {
  plainRichText,
  questionDraftSchema,
  toThreeLevel,
  type CognitiveLevel,
  type QuestionBody,
  type QuestionDraftInput,
  type QuestionResponse,
  type QuestionType,
} from "#content-schemas/questions";
import { Assessment, type AssessmentDoc } from "#models/assessment";
import { AssessmentAssignment } from "#models/assessment-assignment";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { AttemptAnswer, attemptAnswerId } from "#models/attempt-answer";
import { AuditEvent } from "#models/audit-event";
import { OpenAttempt } from "#models/open-attempt";
import { Question, type QuestionDoc } from "#models/question";
import { QuestionUsage } from "#models/question-usage";
import { SchoolClass } from "#models/school-class";
import type { Actor } from "~/auth/session.server";
import {
  addItem,
  checkBlueprint,
  createAssessment,
  deleteAssessment,
  generateVersions,
  removeItem,
  updateSettings,
} from "~/domain/assessments/assessments.server";
import { assignAssessment } from "~/domain/assessments/assignments.server";
import {
  attemptResult,
  attemptView,
  finishOverdueAttempts,
  saveResponse,
  startAttempt,
  startAttemptWithView,
  submitAttempt,
  versionFor,
} from "~/domain/assessments/attempts.server";
import { blueprintFromPreset, blueprintProblems, blueprintTotals, levelFits, presetById } from "~/domain/assessments/blueprint";
import { classResults, correctKey, essayQueue, gradeEssay, recordItemStatistics } from "~/domain/assessments/results.server";
import { enrolStudent, saveClass } from "~/domain/classes/save-class.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { GDPT_2018_TOPICS } from "~/domain/curriculum/gdpt-2018-topics";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList, listTopics } from "~/domain/curriculum/topics.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { createQuestion, updateQuestion } from "~/domain/questions/questions.server";
import { questionReviewStep } from "~/domain/questions/review.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { seedApprovedQuestions } from "../../scripts/seed/question-bank";
import { APPROVE, testActor } from "../support/actors";

// ---- The school ---------------------------------------------------------------------------------------------------

const SCHOOL = "AS-TRUONG";
const MINUTE = 60_000;

const people = {} as Record<"teacher" | "leader" | "reviewer" | "otherTeacher", Actor>;
/** Class 12A1 (the teacher teaches Toán there), created in an order that is not the alphabetical one. */
const STUDENTS = [
  ["giang", "as.giang", "Bùi Thị Giang"],
  ["anCircumflex", "as.an2", "Lê Minh Ân"],
  ["binh", "as.binh", "Hoàng Văn Bình"],
  ["an", "as.an", "Nguyễn Văn An"],
  ["dat", "as.dat", "Đỗ Văn Đạt"],
  ["anhAcute", "as.anh2", "Trần Thị Ánh"],
  ["dung", "as.dung", "Vũ Thị Dung"],
  ["anh", "as.anh", "Phạm Thị Anh"],
] as const;
type StudentKey = (typeof STUDENTS)[number][0];
/** By given name in Vietnamese order: a < ă < â, d < đ. */
const CLASS_ORDER = [
  "Nguyễn Văn An",
  "Phạm Thị Anh",
  "Trần Thị Ánh",
  "Lê Minh Ân",
  "Hoàng Văn Bình",
  "Vũ Thị Dung",
  "Đỗ Văn Đạt",
  "Bùi Thị Giang",
];
const students = {} as Record<StudentKey, Actor>;
/** A student of 12A2, a class the teacher does not teach. */
let outsider: Actor;

const ids = { classA: "", classB: "", topics: [] as string[] };
/** Seeded approved questions, in the order the seed created them. */
let bank: QuestionDoc[] = [];
/** Approved, short answer, tagged "Vận dụng cao" (4-level scale) on the first topic. */
let fourLevelQuestion = "";
/** Approved version 1 (key A) with a draft version 2 (key B) in progress. */
let pinnedQuestion = "";
/** Approved, but of grade 11. */
let otherGradeQuestion = "";
/** Never submitted for review; single choice, Biết, first topic (so it would fit a blueprint cell if drafts counted). */
let draftQuestion = "";

const dueAt = new Date(Date.now() + 7 * 24 * 60 * MINUTE);

function value<T>(result: DomainResult<T>): T {
  if (!result.ok) throw new Error(`${result.status}: ${result.reason}`);
  return result.value;
}

const scDraft = (stem: string, extra: Partial<QuestionDraftInput> = {}) =>
  questionDraftSchema.parse({
    subject: "TOAN",
    grade: 12,
    level: "biet",
    stem: plainRichText(stem),
    body: {
      type: "single_choice",
      options: ["1", "2", "3", "4"].map((text, index) => ({ id: "ABCD"[index]!, content: plainRichText(text) })),
      correctOptionId: "A",
    },
    ...extra,
  });

async function newQuestion(draft: ReturnType<typeof scDraft>) {
  return value(await createQuestion(people.teacher, draft)).id;
}

async function approve(id: string) {
  value(await questionReviewStep(people.teacher, id, { action: "submit" }));
  value(await questionReviewStep(people.leader, id, { action: "assign", reviewerId: people.reviewer.id, dueAt }));
  value(await questionReviewStep(people.reviewer, id, { action: "decide", decision: APPROVE }));
}

/** The seeded questions of one format, topic (0 or 1) and level, in seed order. */
function bankIds(type: QuestionType, topic: number, level: CognitiveLevel) {
  return bank
    .filter(
      (question) =>
        question.live!.type === type &&
        String(question.live!.topicIds[0]) === ids.topics[topic] &&
        question.live!.level === level,
    )
    .map((question) => String(question._id));
}

async function newTest(title: string, settings: { rounding?: RoundingPolicy; blueprint?: unknown; shuffle?: boolean } = {}) {
  const input = createAssessmentSchema.parse({
    title,
    subject: "TOAN",
    grade: 12,
    purpose: "regular",
    rounding: settings.rounding ?? "none",
    shuffleItems: settings.shuffle ?? true,
    shuffleOptions: settings.shuffle ?? true,
    blueprint: settings.blueprint ?? null,
  });
  return value(await createAssessment(people.teacher, input)).id;
}

const versionsInput = (versions: number, extra: Record<string, unknown> = {}) =>
  generateVersionsSchema.parse({ versions, ...extra });

async function storedTest(id: string) {
  return (await Assessment.findById(id).lean<AssessmentDoc>())!;
}

/** Single choice A (0,25), single choice B (0,25), a true/false group (1) and a short answer (0,5): 2 points. */
const KEYS = { scA: "i1", scB: "i2", tf: "i3", sa: "i4" } as const;

/**
 * A test of the four objective formats. Unless asked, its versions keep the items' order and options: what the tests
 * using it check (starting, saving, scoring, results) does not depend on shuffling, which has tests of its own.
 */
async function objectiveTest(title: string, options: { rounding?: RoundingPolicy; versions?: number; shuffle?: boolean } = {}) {
  const id = await newTest(title, { rounding: options.rounding, shuffle: options.shuffle ?? false });
  const [scA, scB] = bankIds("single_choice", 0, "biet");
  const [tf] = bankIds("true_false_group", 0, "biet");
  const [sa] = bankIds("short_answer", 0, "biet");
  for (const [questionId, points] of [
    [scA!, 0.25],
    [scB!, 0.25],
    [tf!, 1],
    [sa!, 0.5],
  ] as const)
    value(await addItem(people.teacher, id, { questionId, points }));
  value((await generateVersions(people.teacher, id, versionsInput(options.versions ?? 2))).result);
  return id;
}

async function assign(assessmentId: string, overrides: Partial<z.input<typeof assignAssessmentSchema>> = {}) {
  const now = Date.now();
  const input = assignAssessmentSchema.parse({
    classId: ids.classA,
    opensAt: new Date(now - 60 * MINUTE).toISOString(),
    closesAt: new Date(now + 120 * MINUTE).toISOString(),
    timeLimitMinutes: 45,
    showResults: "immediately",
    ...overrides,
  });
  return assignAssessment(people.teacher, assessmentId, input);
}

const start = (
  student: Actor,
  assignmentId: string,
  context: { accessCode?: string; address?: string; deviceId?: string } = {},
) => startAttempt(student, assignmentId, { accessCode: "", address: "203.113.0.7", ...context });

const sc = (optionId: string | null): QuestionResponse => ({ type: "single_choice", optionId });
const tf = (answers: Record<string, boolean>): QuestionResponse => ({ type: "true_false_group", answers });
const sa = (text: string): QuestionResponse => ({ type: "short_answer", text });
const essay = (text: string): QuestionResponse => ({ type: "essay", text, photoUploadIds: [] });
/** The seeded true/false groups are Đ S Đ S. */
const TF_KEY = { a: true, b: false, c: true, d: false };

/** Starts, answers every item once and (unless told otherwise) submits; returns the attempt id. */
async function takeTest(student: Actor, assignmentId: string, answers: Record<string, QuestionResponse>, submit = true) {
  const { id } = value(await start(student, assignmentId));
  for (const [key, response] of Object.entries(answers))
    expect(value(await saveResponse(student, id, key, { seq: 1, response })).outcome).toBe("saved");
  if (submit) expect(value(await submitAttempt(student, id)).status).toBe("submitted");
  return id;
}

async function storedAttempt(id: string) {
  return (await Attempt.findById(id).lean<AttemptDoc>())!;
}

beforeAll(async () => {
  await importSubjects(GDPT_2018_SUBJECTS);
  await importTopicList(GDPT_2018_TOPICS, { keepExisting: true });
  await upsertOrganisation({ code: "BGDDT", name: "Bộ Giáo dục", type: "national" });
  await upsertOrganisation({ code: "AS-SGD", name: "Sở AS", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "AS-PGD", name: "Phòng AS", type: "district", parentCode: "AS-SGD" });
  await upsertOrganisation({ code: SCHOOL, name: "Trường THPT AS", type: "school", parentCode: "AS-PGD" });
  people.teacher = await testActor("as.gv.toan", SCHOOL, "teacher", "Cô Lan (Toán)");
  people.leader = await testActor("as.gv.totruong", SCHOOL, "teacher", "Thầy Hùng (tổ trưởng)");
  people.reviewer = await testActor("as.gv.thanhvien", SCHOOL, "teacher", "Cô Mai");
  people.otherTeacher = await testActor("as.gv.chunhiem", SCHOOL, "teacher", "Thầy Nam");
  for (const [key, username, fullName] of STUDENTS) students[key] = await testActor(username, SCHOOL, "student", fullName);
  outsider = await testActor("as.khoa", SCHOOL, "student", "Ngô Văn Khoa");

  const school = await organisationByCode(SCHOOL);
  expect(
    await saveSubjectGroup(school, {
      schoolId: String(school.id),
      name: "Tổ Toán AS",
      subjectCodes: ["TOAN"],
      leaderId: people.leader.id,
      memberIds: [people.leader.id, people.reviewer.id, people.teacher.id],
    }),
  ).toMatchObject({ ok: true });
  const schoolYear = currentSchoolYear();
  const classA = await saveClass(school, {
    schoolId: String(school.id),
    schoolYear,
    name: "12A1",
    grade: 12,
    homeroomTeacherId: "",
    subjectTeachers: [{ subjectCode: "TOAN", teacherId: people.teacher.id }],
  });
  const classB = await saveClass(school, {
    schoolId: String(school.id),
    schoolYear,
    name: "12A2",
    grade: 12,
    homeroomTeacherId: people.otherTeacher.id,
    subjectTeachers: [],
  });
  if (!classA.ok || !classB.ok) throw new Error(JSON.stringify([classA, classB]));
  ids.classA = classA.classId;
  ids.classB = classB.classId;
  for (const [key] of STUDENTS) await enrolStudent(school, schoolYear, "12A1", new Types.ObjectId(students[key].id));
  await enrolStudent(school, schoolYear, "12A2", new Types.ObjectId(outsider.id));

  ids.topics = (await listTopics("TOAN", 12)).slice(0, 2).map((topic) => topic.id);
  expect(ids.topics).toHaveLength(2);
  const seeded = await seedApprovedQuestions({
    author: people.teacher,
    leader: people.leader,
    reviewer: people.reviewer,
    subject: "TOAN",
    grade: 12,
    topicIds: ids.topics,
    perTopicAndLevel: { single_choice: 2, true_false_group: 1, short_answer: 1, essay: 1 },
    label: "AS",
  });
  const docs = new Map(
    (await Question.find({ _id: { $in: seeded.map((id) => new Types.ObjectId(id)) } }).lean<QuestionDoc[]>()).map((doc) => [
      String(doc._id),
      doc,
    ]),
  );
  bank = seeded.map((id) => docs.get(id)!);
  expect(bank).toHaveLength(30);

  fourLevelQuestion = await newQuestion(
    questionDraftSchema.parse({
      subject: "TOAN",
      grade: 12,
      level: "van_dung_cao",
      topicIds: [ids.topics[0]],
      stem: plainRichText("Tìm x biết 4x − 10 = 0. (AS-VDC)"),
      body: { type: "short_answer", answer: { kind: "numeric", value: "2,5", tolerance: 0 } },
    }),
  );
  await approve(fourLevelQuestion);
  pinnedQuestion = await newQuestion(scDraft("Số nào là số nguyên tố nhỏ nhất? (AS-ghim v1)"));
  await approve(pinnedQuestion);
  expect(
    await updateQuestion(
      people.teacher,
      pinnedQuestion,
      scDraft("Số nào là số nguyên tố nhỏ nhất? (AS-ghim v2)", {
        body: {
          type: "single_choice",
          options: ["1", "2", "3", "4"].map((text, index) => ({ id: "ABCD"[index]!, content: plainRichText(text) })),
          correctOptionId: "B",
        },
      }),
    ),
  ).toMatchObject({ ok: true, value: { version: 2 } });
  otherGradeQuestion = await newQuestion(scDraft("Câu hỏi của khối 11 (AS-K11)", { grade: 11 }));
  await approve(otherGradeQuestion);
  draftQuestion = await newQuestion(scDraft("Câu hỏi còn là bản nháp (AS-nháp)", { topicIds: [ids.topics[0]!] }));
});

// ---- 1. Blueprint ---------------------------------------------------------------------------------------------------

describe("blueprint (ma trận đề)", () => {
  /** 13 items, 10 points; every cell takes the whole pool of its topic × format × level. */
  const fullBlueprint = () =>
    blueprintSchema.parse({
      levelScale: "three",
      rows: [
        {
          topicId: ids.topics[0],
          cells: [
            { format: "single_choice", level: "biet", count: 2, pointsEach: 0.25 },
            { format: "single_choice", level: "hieu", count: 2, pointsEach: 0.25 },
            { format: "true_false_group", level: "van_dung", count: 1, pointsEach: 1 },
            // One seeded "Vận dụng" and the "Vận dụng cao" question: only both fill it.
            { format: "short_answer", level: "van_dung", count: 2, pointsEach: 0.5 },
          ],
        },
        {
          topicId: ids.topics[1],
          cells: [
            { format: "single_choice", level: "biet", count: 2, pointsEach: 0.25 },
            { format: "true_false_group", level: "biet", count: 1, pointsEach: 1 },
            { format: "true_false_group", level: "hieu", count: 1, pointsEach: 1 },
            { format: "short_answer", level: "hieu", count: 1, pointsEach: 0.5 },
            { format: "essay", level: "van_dung", count: 1, pointsEach: 4 },
          ],
        },
      ],
    });

  /** 10 points, but asks for 3 short answers (1 exists) and 2 true/false groups (1 exists). */
  const shortBlueprint = () =>
    blueprintSchema.parse({
      levelScale: "three",
      rows: [
        {
          topicId: ids.topics[0],
          cells: [
            { format: "short_answer", level: "biet", count: 3, pointsEach: 0.5 },
            { format: "single_choice", level: "hieu", count: 2, pointsEach: 0.25 },
          ],
        },
        {
          topicId: ids.topics[1],
          cells: [
            { format: "true_false_group", level: "van_dung", count: 2, pointsEach: 1 },
            { format: "essay", level: "hieu", count: 1, pointsEach: 6 },
          ],
        },
      ],
    });

  const expectedUnfillable = () => [
    { topicId: ids.topics[0], format: "short_answer", level: "biet", needed: 3, available: 1 },
    { topicId: ids.topics[1], format: "true_false_group", level: "van_dung", needed: 2, available: 1 },
  ];

  it("reports exactly the cells the bank cannot fill, and generating then refuses with the same cells and stores nothing", async () => {
    const blueprint = shortBlueprint();
    const checked = await checkBlueprint(people.teacher, { subjectCode: "TOAN", grade: 12, blueprint });
    expect(checked.problems).toEqual([]);
    expect(checked.unfillable).toEqual(expectedUnfillable());
    expect(checked.cells).toHaveLength(4);

    const id = await newTest("Kiểm tra thiếu câu", { blueprint });
    const { result, unfillable } = await generateVersions(people.teacher, id, versionsInput(2));
    expect(result).toMatchObject({ ok: false, status: 422 });
    expect(unfillable).toEqual(expectedUnfillable());
    const stored = await storedTest(id);
    expect(stored.items).toEqual([]);
    expect(stored.versions).toEqual([]);
    expect(stored.revision).toBe(0);
  });

  it("counts 4-level tags on a 3-level scale", async () => {
    const onThree = await checkBlueprint(people.teacher, { subjectCode: "TOAN", grade: 12, blueprint: fullBlueprint() });
    expect(onThree.unfillable).toEqual([]);
    expect(onThree.problems).toEqual([]);
    const saCell = onThree.cells.find((cell) => cell.topicId === ids.topics[0] && cell.format === "short_answer");
    expect(saCell).toMatchObject({ level: "van_dung", needed: 2, available: 2 });
  });

  it("matches levels exactly on the 4-level scale", async () => {
    const onFour = blueprintSchema.parse({
      levelScale: "four",
      rows: [
        {
          topicId: ids.topics[0],
          cells: [
            { format: "short_answer", level: "van_dung_cao", count: 2, pointsEach: 0.5 },
            { format: "short_answer", level: "van_dung", count: 1, pointsEach: 0.5 },
          ],
        },
      ],
    });
    const checked = await checkBlueprint(people.teacher, { subjectCode: "TOAN", grade: 12, blueprint: onFour });
    expect(checked.cells).toEqual([
      { topicId: ids.topics[0], format: "short_answer", level: "van_dung_cao", needed: 2, available: 1 },
      { topicId: ids.topics[0], format: "short_answer", level: "van_dung", needed: 1, available: 1 },
    ]);
  });

  it("refuses to generate from a blueprint that does not total 10 points", async () => {
    const blueprint = blueprintSchema.parse({
      rows: [{ topicId: ids.topics[0], cells: [{ format: "single_choice", level: "biet", count: 2, pointsEach: 0.25 }] }],
    });
    const id = await newTest("Kiểm tra 0,5 điểm", { blueprint });
    const { result } = await generateVersions(people.teacher, id, versionsInput(1));
    expect(result).toMatchObject({ ok: false, status: 422, reason: expect.stringContaining("Tổng điểm phải bằng 10") });
    expect((await storedTest(id)).items).toEqual([]);
  });

  it("draws distinct approved items matching each cell and builds numbered versions grouped by section", async () => {
    const blueprint = fullBlueprint();
    const id = await newTest("Kiểm tra giữa kì I – Toán 12", { blueprint });
    const { result, unfillable } = await generateVersions(people.teacher, id, versionsInput(3));
    expect(result).toEqual({ ok: true, value: { id } });
    expect(unfillable).toEqual([]);
    const stored = await storedTest(id);

    // Items: 13, distinct questions, each the approved (live) version pinned, in the cell it fills, at its points.
    expect(stored.items).toHaveLength(13);
    const questionIds = stored.items.map((item) => String(item.questionId));
    expect(new Set(questionIds).size).toBe(13);
    expect(questionIds).not.toContain(draftQuestion);
    const questions = new Map(
      (await Question.find({ _id: { $in: stored.items.map((item) => item.questionId) } }).lean<QuestionDoc[]>()).map(
        (question) => [String(question._id), question],
      ),
    );
    for (const item of stored.items) {
      const question = questions.get(String(item.questionId))!;
      expect(question.status).toBe("published");
      expect(item.version).toBe(question.liveVersion);
      expect(item.body).toEqual(JSON.parse(JSON.stringify(question.versions[question.liveVersion! - 1]!.body)));
    }
    const byCell = new Map<string, AssessmentDoc["items"][number][]>();
    for (const item of stored.items) {
      const cellKey = `${String(item.topicIds[0])}/${item.type}/${toThreeLevel(item.level as CognitiveLevel)}`;
      byCell.set(cellKey, [...(byCell.get(cellKey) ?? []), item]);
    }
    const cells = blueprint.rows.flatMap((row) => row.cells.map((cell) => ({ ...cell, topicId: row.topicId })));
    expect(byCell.size).toBe(cells.length);
    for (const cell of cells) {
      const drawn = byCell.get(`${cell.topicId}/${cell.format}/${cell.level}`) ?? [];
      expect(drawn, `${cell.format}/${cell.level}`).toHaveLength(cell.count);
      for (const item of drawn) {
        expect(item.topicIds.map(String)).toContain(cell.topicId);
        expect(levelFits(item.level as CognitiveLevel, cell.level, "three")).toBe(true);
        expect(item.points).toBe(cell.pointsEach);
      }
      // Every cell takes its whole pool, so the drawn questions are known exactly.
      const topicIndex = ids.topics.indexOf(cell.topicId);
      const pool = bankIds(cell.format, topicIndex, cell.level);
      if (topicIndex === 0 && cell.format === "short_answer") pool.push(fourLevelQuestion);
      expect(new Set(drawn.map((item) => String(item.questionId)))).toEqual(new Set(pool));
    }
    expect(stored.items.reduce((sum, item) => sum + item.points, 0)).toBeCloseTo(10, 10);

    // Versions 101, 102, 103: every item once, sections in order, options shuffled as permutations of A–D.
    expect(stored.versions.map((version) => version.code)).toEqual([101, 102, 103]);
    const typeOf = new Map(stored.items.map((item) => [item.key, item.type as QuestionType]));
    const allKeys = stored.items.map((item) => item.key).sort();
    for (const version of stored.versions) {
      expect([...version.itemKeys].sort()).toEqual(allKeys);
      const sections = version.itemKeys.map((key) => SECTION_ORDER.indexOf(typeOf.get(key)!));
      expect(sections).toEqual([...sections].sort((a, b) => a - b));
      expect([...new Set(version.itemKeys.map((key) => typeOf.get(key)))]).toEqual([
        "single_choice",
        "true_false_group",
        "short_answer",
        "essay",
      ]);
      const partOrders = version.partOrders as Record<string, string[]>;
      const choiceKeys = stored.items.filter((item) => item.type === "single_choice").map((item) => item.key);
      expect(Object.keys(partOrders).sort()).toEqual([...choiceKeys].sort());
      for (const key of choiceKeys) expect([...partOrders[key]!].sort()).toEqual(["A", "B", "C", "D"]);
    }
    // Shuffled: three versions with the same item order and the same option orders would be a broken shuffle.
    const fingerprints = stored.versions.map((version) => JSON.stringify([version.itemKeys, version.partOrders]));
    expect(new Set(fingerprints).size).toBeGreaterThan(1);

    // Generating again without redrawing keeps the drawn items and only changes the versions.
    value((await generateVersions(people.teacher, id, versionsInput(2, { firstCode: 201 }))).result);
    const again = await storedTest(id);
    expect(again.items.map((item) => String(item.questionId))).toEqual(questionIds);
    expect(again.versions.map((version) => version.code)).toEqual([201, 202]);
  });

  it("draws the items a class met in a recent test last", async () => {
    const [met, fresh] = bankIds("single_choice", 1, "biet");
    const earlier = await newTest("Kiểm tra tuần trước", { shuffle: false });
    value(await addItem(people.teacher, earlier, { questionId: met!, points: 1 }));
    value((await generateVersions(people.teacher, earlier, versionsInput(1))).result);
    value(await assign(earlier));

    const blueprint = blueprintSchema.parse({
      rows: [
        {
          topicId: ids.topics[1],
          cells: [
            { format: "single_choice", level: "biet", count: 1, pointsEach: 0.25 },
            { format: "essay", level: "biet", count: 1, pointsEach: 9.75 },
          ],
        },
      ],
    });
    const id = await newTest("Kiểm tra tuần này", { blueprint });
    for (let draw = 0; draw < 8; draw++) {
      value((await generateVersions(people.teacher, id, versionsInput(1, { redraw: true, forClassId: ids.classA }))).result);
      const drawn = (await storedTest(id)).items
        .filter((item) => item.type === "single_choice")
        .map((item) => String(item.questionId));
      expect(drawn).toEqual([fresh]);
    }
  });

  it("fills the 2025 national math preset to 10 points", () => {
    const blueprint = blueprintFromPreset(presetById("national_2025_math")!, ids.topics);
    expect(blueprintSchema.safeParse(blueprint).success).toBe(true);
    const totals = blueprintTotals(blueprint);
    expect(totals.points).toBe(10);
    expect(totals.items).toBe(22);
    expect(totals.byFormat).toEqual({
      single_choice: { items: 12, points: 3 },
      true_false_group: { items: 4, points: 4 },
      short_answer: { items: 6, points: 3 },
    });
    expect(blueprintProblems(blueprint)).toEqual([]);
    expect(blueprint.rows.map((row) => row.topicId)).toEqual(ids.topics);
  });
});

// ---- 2. Add to a test by hand ---------------------------------------------------------------------------------------

describe("a test assembled by hand", () => {
  it("pins the approved version, refuses other grades, duplicates and drafts, and locks once assigned", async () => {
    const id = await newTest("Kiểm tra 15 phút – tự chọn câu", { shuffle: false });
    value(await addItem(people.teacher, id, { questionId: pinnedQuestion, points: 0.25 }));
    const [item] = (await storedTest(id)).items;
    const question = (await Question.findById(pinnedQuestion).lean<QuestionDoc>())!;
    expect(question.latestVersion).toBe(2);
    expect(item).toMatchObject({ key: "i1", version: 1, type: "single_choice", points: 0.25 });
    expect((item!.body as { correctOptionId: string }).correctOptionId).toBe("A");
    expect(JSON.stringify(item!.stem)).toContain("AS-ghim v1");

    expect(await addItem(people.teacher, id, { questionId: otherGradeQuestion, points: 0.25 })).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(await addItem(people.teacher, id, { questionId: pinnedQuestion, points: 0.5 })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await addItem(people.teacher, id, { questionId: draftQuestion, points: 0.25 })).toMatchObject({
      ok: false,
      status: 404,
    });
    // Another teacher cannot change this teacher's test.
    expect(
      await addItem(people.otherTeacher, id, { questionId: bankIds("single_choice", 1, "hieu")[0]!, points: 0.25 }),
    ).toMatchObject({ ok: false, status: 404 });
    expect((await storedTest(id)).items).toHaveLength(1);

    value(await addItem(people.teacher, id, { questionId: bankIds("single_choice", 1, "hieu")[0]!, points: 0.25 }));
    value(await addItem(people.teacher, id, { questionId: bankIds("true_false_group", 1, "hieu")[0]!, points: 1 }));
    value(await removeItem(people.teacher, id, "i2"));
    expect((await storedTest(id)).items.map((stored) => stored.key)).toEqual(["i1", "i3"]);
    expect(await removeItem(people.teacher, id, "i9")).toMatchObject({ ok: false, status: 404 });

    value((await generateVersions(people.teacher, id, versionsInput(2))).result);
    expect((await storedTest(id)).versions).toHaveLength(2);
    value(await assign(id));
    const locked = await storedTest(id);
    expect(locked.lockedAt).toBeInstanceOf(Date);

    expect(
      await addItem(people.teacher, id, { questionId: bankIds("single_choice", 1, "biet")[0]!, points: 0.25 }),
    ).toMatchObject({ ok: false, status: 409 });
    expect(await removeItem(people.teacher, id, "i1")).toMatchObject({ ok: false, status: 409 });
    expect((await generateVersions(people.teacher, id, versionsInput(3, { redraw: true }))).result).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await deleteAssessment(people.teacher, id)).toMatchObject({ ok: false, status: 409 });
    expect(
      await updateSettings(people.teacher, id, {
        title: "Đổi tên",
        subject: "TOAN",
        grade: 12,
        purpose: "regular",
        rounding: "none",
        shuffleItems: true,
        shuffleOptions: true,
      }),
    ).toMatchObject({ ok: false, status: 409 });
    const after = await storedTest(id);
    expect(after.items).toEqual(locked.items);
    expect(after.versions).toEqual(locked.versions);
    expect(after.revision).toBe(locked.revision);
  });
});

// ---- 3. Assignment ------------------------------------------------------------------------------------------------

describe("assigning a test to a class", () => {
  it("needs versions, refuses a class the teacher does not teach, and extra time only for the class's students", async () => {
    const empty = await newTest("Chưa có mã đề", { shuffle: false });
    value(await addItem(people.teacher, empty, { questionId: bankIds("single_choice", 1, "biet")[0]!, points: 0.25 }));
    expect(await assign(empty)).toMatchObject({ ok: false, status: 422 });

    const id = await objectiveTest("Kiểm tra giao lớp");
    expect(await assign(id, { classId: ids.classB })).toMatchObject({ ok: false, status: 403 });
    expect(await assign(id, { accommodations: [{ studentId: outsider.id, extraMinutes: 10 }] })).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(await AssessmentAssignment.countDocuments({ assessmentId: new Types.ObjectId(id) })).toBe(0);
    expect((await storedTest(id)).lockedAt).toBeNull();

    const { id: assignmentId } = value(
      await assign(id, { accommodations: [{ studentId: students.giang.id, extraMinutes: 15 }] }),
    );
    const stored = (await AssessmentAssignment.findById(assignmentId).lean())!;
    expect(String(stored.classId)).toBe(ids.classA);
    expect(stored.accommodations.map((entry) => [String(entry.studentId), entry.extraMinutes])).toEqual([
      [students.giang.id, 15],
    ]);
    expect((await storedTest(id)).lockedAt).toBeInstanceOf(Date);
  });
});

// ---- 4. Delivery ----------------------------------------------------------------------------------------------------

/** The main assignment: 4 versions, open an hour ago for two more hours, 45 minutes, Giang +15 minutes. */
const main = { assessmentId: "", assignmentId: "" };

describe("delivery", () => {
  beforeAll(async () => {
    main.assessmentId = await objectiveTest("Kiểm tra thường xuyên – Toán 12", { versions: 4 });
    main.assignmentId = value(
      await assign(main.assessmentId, { accommodations: [{ studentId: students.giang.id, extraMinutes: 15 }] }),
    ).id;
  });

  it("starts once: a second press, and two presses at the same moment, give the same attempt", async () => {
    const first = value(await start(students.an, main.assignmentId));
    const second = value(await start(students.an, main.assignmentId));
    expect(second.id).toBe(first.id);

    const together = await Promise.all([start(students.anh, main.assignmentId), start(students.anh, main.assignmentId)]);
    const [one, two] = together.map(value);
    expect(two!.id).toBe(one!.id);
    for (const student of [students.an, students.anh])
      expect(
        await Attempt.countDocuments({
          assignmentId: new Types.ObjectId(main.assignmentId),
          studentId: new Types.ObjectId(student.id),
        }),
      ).toBe(1);
  });

  it("answers a start with the attempt's view, the same whether the start created it or resumed it", async () => {
    const { id: assignmentId } = value(await assign(await objectiveTest("Kiểm tra bắt đầu kèm đề", { versions: 4 })));
    const context = { accessCode: "", address: "203.113.0.7", deviceId: "may-1" };
    const created = value(await startAttemptWithView(students.dung, assignmentId, context));
    const read = (await attemptView(students.dung, created.id, "may-1"))!;
    const withoutClock = (view: AttemptView) => ({ ...view, serverNow: "" });
    expect(withoutClock(created)).toEqual(withoutClock(read));
    expect(created).toMatchObject({ status: "in_progress", attemptNumber: 1, responses: {} });
    expect(created.items).toHaveLength(4);

    value(await saveResponse(students.dung, created.id, KEYS.scA, { seq: 1, response: sc("A"), deviceId: "may-1" }));
    const resumed = value(await startAttemptWithView(students.dung, assignmentId, context));
    expect(withoutClock(resumed)).toEqual(withoutClock((await attemptView(students.dung, created.id, "may-1"))!));
    expect(resumed.responses[KEYS.scA]).toMatchObject({ seq: 1, response: sc("A") });
  });

  it("reads an assignment once for a class starting together, and no attempts for first starts; a student moved in starts at once, one moved out is refused after 30 s", async () => {
    const { id: assignmentId } = value(await assign(await objectiveTest("Kiểm tra đầu giờ")));
    const school = await organisationByCode(SCHOOL);
    const [newcomer, leaver] = [
      await testActor("as.moi", SCHOOL, "student", "Đỗ Minh Mới"),
      await testActor("as.chuyen", SCHOOL, "student", "Lý Thu Chuyển"),
    ];
    await enrolStudent(school, currentSchoolYear(), "12A1", new Types.ObjectId(leaver.id));
    const reads = [vi.spyOn(AssessmentAssignment, "findById"), vi.spyOn(SchoolClass, "findById"), vi.spyOn(Attempt, "find")];
    const readCounts = () => reads.map((read) => read.mock.calls.length);
    try {
      (await Promise.all([start(students.an, assignmentId), start(students.anh, assignmentId)])).map(value);
      expect(readCounts()).toEqual([1, 1, 0]);
      await enrolStudent(school, currentSchoolYear(), "12A1", new Types.ObjectId(newcomer.id));
      value(await start(newcomer, assignmentId));
      expect(readCounts()).toEqual([2, 2, 0]);

      await SchoolClass.updateOne({ _id: ids.classA }, { $pull: { studentIds: new Types.ObjectId(leaver.id) } });
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() + 31_000);
      expect(await start(leaver, assignmentId)).toMatchObject({ ok: false, status: 404 });
    } finally {
      vi.useRealTimers();
      for (const read of reads) read.mockRestore();
      await SchoolClass.updateOne({ _id: ids.classA }, { $pull: { studentIds: new Types.ObjectId(newcomer.id) } });
    }
  });

  it("refuses students of another class", async () => {
    expect(await start(outsider, main.assignmentId)).toMatchObject({ ok: false, status: 404 });
    expect(await start(people.teacher, main.assignmentId)).toMatchObject({ ok: false, status: 404 });
  });

  it("opens only between the opening and closing times", async () => {
    const id = await objectiveTest("Kiểm tra theo giờ");
    const now = Date.now();
    const later = value(
      await assign(id, {
        opensAt: new Date(now + 60 * MINUTE).toISOString(),
        closesAt: new Date(now + 120 * MINUTE).toISOString(),
      }),
    ).id;
    const over = value(
      await assign(id, {
        opensAt: new Date(now - 120 * MINUTE).toISOString(),
        closesAt: new Date(now - 60 * MINUTE).toISOString(),
      }),
    ).id;
    expect(await start(students.binh, later)).toMatchObject({ ok: false, status: 409 });
    expect(await start(students.binh, over)).toMatchObject({ ok: false, status: 409 });
    expect(await Attempt.countDocuments({ studentId: new Types.ObjectId(students.binh.id) })).toBe(0);
  });

  it("needs the access code and an allowed network", async () => {
    const id = await objectiveTest("Kiểm tra tại phòng máy");
    const coded = value(await assign(id, { accessCode: "PHONG12" })).id;
    expect(await start(students.binh, coded, { accessCode: "PHONG13" })).toMatchObject({ ok: false, status: 403 });
    expect(await start(students.binh, coded)).toMatchObject({ ok: false, status: 403 });
    expect(await start(students.binh, coded, { accessCode: " PHONG12 " })).toMatchObject({ ok: true });

    const networked = value(await assign(id, { allowedIpRanges: ["203.113.0.0/24"] })).id;
    expect(await start(students.binh, networked, { address: "10.0.0.1" })).toMatchObject({ ok: false, status: 403 });
    expect(await start(students.binh, networked, { address: "203.113.1.7" })).toMatchObject({ ok: false, status: 403 });
    expect(await start(students.binh, networked, { address: "203.113.0.7" })).toMatchObject({ ok: true });
    // Node reports IPv4 clients on a dual-stack socket as IPv4-mapped IPv6 addresses.
    expect(await start(students.dung, networked, { address: "::ffff:203.113.0.9" })).toMatchObject({ ok: true });
  });

  it("spreads the version codes over the class list, fixed per student", async () => {
    const codes = (await storedTest(main.assessmentId)).versions.map((version) => version.code);
    expect(codes).toEqual([101, 102, 103, 104]);
    const roster = (await SchoolClass.findById(ids.classA, { studentIds: 1 }).lean())!.studentIds.map(String);
    expect(roster).toHaveLength(STUDENTS.length);
    const given: number[] = [];
    for (const [index, studentId] of roster.entries()) {
      const student = Object.values(students).find((candidate) => candidate.id === studentId)!;
      const { id } = value(await start(student, main.assignmentId));
      const { versionCode } = await storedAttempt(id);
      expect(versionCode).toBe(versionFor(codes, index, 1));
      // A restart gets the same version.
      expect(value(await start(student, main.assignmentId)).id).toBe(id);
      given.push(versionCode);
    }
    // Neighbours in the list get different versions, and every version is given equally often.
    for (let index = 1; index < given.length; index++) expect(given[index]).not.toBe(given[index - 1]);
    for (const code of codes) expect(given.filter((candidate) => candidate === code)).toHaveLength(2);
  });

  it("shows the student's version without any part of the answer key", async () => {
    const { id } = value(await start(students.an, main.assignmentId));
    const view = (await attemptView(students.an, id))!;
    const attempt = await storedAttempt(id);
    const version = (await storedTest(main.assessmentId)).versions.find((candidate) => candidate.code === attempt.versionCode)!;
    expect(view.versionCode).toBe(attempt.versionCode);
    expect(view.items.map((item) => item.key)).toEqual(version.itemKeys);
    expect(view.items.map((item) => item.number)).toEqual([1, 2, 3, 4]);
    for (const item of view.items.filter((candidate) => candidate.type === "single_choice"))
      expect(item.parts.map((part) => part.label)).toEqual(["A", "B", "C", "D"]);
    expect(view.items.find((item) => item.type === "true_false_group")!.parts.map((part) => part.label)).toEqual([
      "a)",
      "b)",
      "c)",
      "d)",
    ]);
    expect(view.items.find((item) => item.type === "short_answer")!.answerKind).toBe("numeric");
    const text = JSON.stringify(view);
    expect(text).not.toContain("correctOptionId");
    expect(text).not.toContain('"correct"');
    expect(text).not.toContain("-1,5");
    expect(text).not.toContain("-1.5");
    expect(text).not.toContain("solution");
    // Only the student reads it as an attempt to answer.
    expect(await attemptView(students.anh, id)).toBeNull();
  });

  it("delivers each student's shuffled version: its item order and its option order, labelled A–D", async () => {
    const id = await objectiveTest("Kiểm tra trộn đề", { versions: 4, shuffle: true });
    const stored = await storedTest(id);
    expect(stored.versions.map((version) => version.code)).toEqual([101, 102, 103, 104]);
    for (const version of stored.versions) {
      expect(version.itemKeys.slice(0, 2).sort()).toEqual([KEYS.scA, KEYS.scB]);
      expect(version.itemKeys.slice(2)).toEqual([KEYS.tf, KEYS.sa]);
      const partOrders = version.partOrders as Record<string, string[]>;
      expect(Object.keys(partOrders).sort()).toEqual([KEYS.scA, KEYS.scB]);
      for (const key of [KEYS.scA, KEYS.scB]) expect([...partOrders[key]!].sort()).toEqual(["A", "B", "C", "D"]);
    }
    const { id: assignmentId } = value(await assign(id));
    for (const student of [students.an, students.giang]) {
      const { id: attemptId } = value(await start(student, assignmentId));
      const view = (await attemptView(student, attemptId))!;
      const version = stored.versions.find((candidate) => candidate.code === view.versionCode)!;
      expect(view.items.map((item) => item.key)).toEqual(version.itemKeys);
      for (const item of view.items.filter((candidate) => candidate.type === "single_choice")) {
        expect(item.parts.map((part) => part.id)).toEqual((version.partOrders as Record<string, string[]>)[item.key]);
        expect(item.parts.map((part) => part.label)).toEqual(["A", "B", "C", "D"]);
      }
      expect(JSON.stringify(view)).not.toContain("correctOptionId");
    }
  });

  it("sets the deadline on the server: the time limit, never after closing, plus any extra time", async () => {
    const an = await storedAttempt(value(await start(students.an, main.assignmentId)).id);
    expect(an.deadline.getTime()).toBe(an.startedAt.getTime() + 45 * MINUTE);
    const giang = await storedAttempt(value(await start(students.giang, main.assignmentId)).id);
    expect(giang.deadline.getTime()).toBe(giang.startedAt.getTime() + 60 * MINUTE);

    const id = await objectiveTest("Kiểm tra sắp đóng");
    const closesAt = new Date(Date.now() + 20 * MINUTE);
    const closing = value(
      await assign(id, {
        closesAt: closesAt.toISOString(),
        accommodations: [{ studentId: students.giang.id, extraMinutes: 15 }],
      }),
    ).id;
    const late = await storedAttempt(value(await start(students.an, closing)).id);
    expect(late.deadline.getTime()).toBe(closesAt.getTime());
    const lateWithTime = await storedAttempt(value(await start(students.giang, closing)).id);
    expect(lateWithTime.deadline.getTime()).toBe(closesAt.getTime() + 15 * MINUTE);
  });

  it("logs a second device answering the same attempt", async () => {
    const { id } = value(await start(students.anhAcute, main.assignmentId));
    expect(await attemptView(students.anhAcute, id, "laptop-0001")).not.toBeNull();
    value(await saveResponse(students.anhAcute, id, KEYS.scA, { seq: 1, response: sc("A"), deviceId: "phone-00002" }));
    const attempt = await storedAttempt(id);
    expect(attempt.events.map((event) => event.type)).toEqual(["resumed", "second_device"]);
    expect(attempt.device?.id).toBe("phone-00002");
  });
});

// ---- 5. Saving answers ----------------------------------------------------------------------------------------------

describe("saving answers", () => {
  it("keeps the newest answer by sequence number: replays are duplicates, late saves never overwrite", async () => {
    const { id } = value(await start(students.binh, main.assignmentId));
    expect(value(await saveResponse(students.binh, id, KEYS.scA, { seq: 1, response: sc("B") }))).toMatchObject({
      outcome: "saved",
      seq: 1,
      response: sc("B"),
    });
    expect(value(await saveResponse(students.binh, id, KEYS.scA, { seq: 1, response: sc("B") }))).toMatchObject({
      outcome: "duplicate",
      seq: 1,
    });
    value(await saveResponse(students.binh, id, KEYS.scA, { seq: 3, response: sc("C") }));
    expect(value(await saveResponse(students.binh, id, KEYS.scA, { seq: 2, response: sc("D") }))).toMatchObject({
      outcome: "newer_kept",
      seq: 3,
      response: sc("C"),
    });
    const view = (await attemptView(students.binh, id))!;
    expect(view.responses[KEYS.scA]).toMatchObject({ seq: 3, response: sc("C") });
  });

  it("ends 20 concurrent saves arriving in any order with the highest sequence stored", async () => {
    const { id } = value(await start(students.binh, main.assignmentId));
    const seqs = Array.from({ length: 20 }, (_, index) => index + 1).sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      seqs.map((seq) => saveResponse(students.binh, id, KEYS.sa, { seq, response: sa(String(seq)) })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect((await attemptView(students.binh, id))!.responses[KEYS.sa]).toMatchObject({ seq: 20, response: sa("20") });
  });

  it("refuses a response of another type, an unknown item and another student's attempt", async () => {
    const { id } = value(await start(students.binh, main.assignmentId));
    expect(await saveResponse(students.binh, id, KEYS.scA, { seq: 10, response: sa("A") })).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(await saveResponse(students.binh, id, "i99", { seq: 10, response: sc("A") })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await saveResponse(students.an, id, KEYS.scA, { seq: 10, response: sc("A") })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await saveResponse(people.teacher, id, KEYS.scA, { seq: 10, response: sc("A") })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect((await attemptView(students.binh, id))!.responses[KEYS.scA]!.seq).toBe(3);
  });

  it("refuses saves after the student submitted, keeping the stored answer", async () => {
    const { id } = value(await start(students.dung, main.assignmentId));
    value(await saveResponse(students.dung, id, KEYS.scA, { seq: 1, response: sc("A") }));
    expect(value(await submitAttempt(students.dung, id)).status).toBe("submitted");
    expect(await saveResponse(students.dung, id, KEYS.scA, { seq: 2, response: sc("B") })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await saveResponse(students.dung, id, KEYS.sa, { seq: 1, response: sa("-1,5") })).toMatchObject({
      ok: false,
      status: 409,
    });
    const attempt = await storedAttempt(id);
    expect(attempt.responses).toEqual({ [KEYS.scA]: expect.objectContaining({ seq: 1, response: sc("A") }) });
    expect(attempt.score).toBe(0.25);
  });

  it("refuses saves after the deadline and submits the attempt automatically with what it saved", async () => {
    const { id } = value(await start(students.dat, main.assignmentId));
    // A deadline that passes during the test (it is fixed at the start; here it is brought near).
    const deadline = new Date(Date.now() + 500);
    await Attempt.updateOne({ _id: new Types.ObjectId(id) }, { $set: { deadline } });
    value(await saveResponse(students.dat, id, KEYS.sa, { seq: 1, response: sa("-1,5") }));
    await new Promise((resolve) => setTimeout(resolve, deadline.getTime() - Date.now() + 5));
    expect(await saveResponse(students.dat, id, KEYS.scA, { seq: 1, response: sc("A") })).toMatchObject({
      ok: false,
      status: 409,
    });
    const attempt = await storedAttempt(id);
    expect(attempt.status).toBe("auto_submitted");
    expect(attempt.submittedAt!.getTime()).toBe(deadline.getTime());
    expect(Object.keys(attempt.responses as object)).toEqual([KEYS.sa]);
    expect(attempt.score).toBe(0.5);
    // Starting again does not open a second attempt (one attempt allowed).
    expect(await start(students.dat, main.assignmentId)).toMatchObject({ ok: false, status: 409 });
  });
});

// ---- 6. Scoring -----------------------------------------------------------------------------------------------------

describe("scoring", () => {
  /** 0,25 + 0 + 0,5 (3 of 4 statements) + 0,5 = 1,25. */
  const strong = {
    [KEYS.scA]: sc("A"),
    [KEYS.scB]: sc("B"),
    [KEYS.tf]: tf({ ...TF_KEY, d: true }),
    [KEYS.sa]: sa("-1,5"),
  };
  /** 0,25 + unanswered + 0,1 (1 statement, the only one answered) + 0 ("1,5") = 0,35. */
  const weak = { [KEYS.scA]: sc("A"), [KEYS.tf]: tf({ a: true }), [KEYS.sa]: sa("1,5") };

  it("scores every format, and rounds the total by the test's policy", async () => {
    for (const [rounding, strongRounded, weakRounded] of [
      ["0.25", 1.25, 0.25],
      ["0.1", 1.3, 0.4],
      ["none", 1.25, 0.35],
    ] as const) {
      const id = await objectiveTest(`Kiểm tra làm tròn ${rounding}`, { rounding });
      const { id: assignmentId } = value(await assign(id));
      const first = value(await attemptResult(students.an, await takeTest(students.an, assignmentId, strong)));
      expect(first).toMatchObject({ status: "submitted", score: 1.25, roundedScore: strongRounded, maxScore: 2 });
      const items = new Map(first.items.map((item) => [item.key, item]));
      expect(items.get(KEYS.scA)).toMatchObject({ earned: 0.25, max: 0.25, status: "correct" });
      expect(items.get(KEYS.scB)).toMatchObject({ earned: 0, max: 0.25, status: "incorrect" });
      expect(items.get(KEYS.tf)).toMatchObject({ earned: 0.5, max: 1, status: "partial" });
      expect(items.get(KEYS.sa)).toMatchObject({ earned: 0.5, max: 0.5, status: "correct" });
      expect(first.items.map((item) => item.number)).toEqual([1, 2, 3, 4]);

      const second = value(await attemptResult(students.anh, await takeTest(students.anh, assignmentId, weak)));
      expect(second).toMatchObject({ score: 0.35, roundedScore: weakRounded });
      expect(second.items.find((item) => item.key === KEYS.scB)).toMatchObject({ earned: 0, status: "unanswered" });
      expect(second.items.find((item) => item.key === KEYS.tf)).toMatchObject({ earned: 0.1, status: "partial" });
    }
  });

  it("submits overdue attempts once, from the sweep, scoring what was saved", async () => {
    const { id: assignmentId } = value(await assign(await objectiveTest("Kiểm tra hết giờ")));
    const attemptId = await takeTest(students.binh, assignmentId, { [KEYS.scA]: sc("A"), [KEYS.sa]: sa("-1,5") }, false);
    const id = new Types.ObjectId(attemptId);
    // The sweep looks at the attempt when its deadline comes.
    expect(await OpenAttempt.findById(id).lean()).toEqual({ _id: id, dueAt: (await storedAttempt(attemptId)).deadline });
    // The deadline passes just after the last save (answers saved at or after it do not count).
    const deadline = new Date(Date.now() + 1);
    await Attempt.updateOne({ _id: id }, { $set: { deadline } });
    await OpenAttempt.updateOne({ _id: id }, { $set: { dueAt: deadline } });
    await new Promise((resolve) => setTimeout(resolve, 5));

    const finished = await Promise.all([finishOverdueAttempts(), finishOverdueAttempts()]);
    expect(finished[0]! + finished[1]!).toBe(1);
    const attempt = await storedAttempt(attemptId);
    expect(attempt).toMatchObject({ status: "auto_submitted", score: 0.75, roundedScore: 0.75 });
    expect(attempt.submittedAt!.getTime()).toBe(deadline.getTime());
    expect(await finishOverdueAttempts()).toBe(0);
    expect((await storedAttempt(attemptId)).updatedAt).toEqual(attempt.updatedAt);
    // The sealed answer copies stay until the deadline is 10 minutes past, then go with the mark.
    const copies = { attemptId: id };
    expect(await AttemptAnswer.countDocuments({ ...copies, sealed: true })).toBeGreaterThan(0);
    expect(await AttemptAnswer.countDocuments({ ...copies, sealed: { $ne: true } })).toBe(0);
    const gone = new Date(deadline.getTime() + 10 * MINUTE);
    expect(await OpenAttempt.findById(id).lean()).toEqual({ _id: id, dueAt: gone });
    expect(await finishOverdueAttempts(gone)).toBe(0);
    expect(await OpenAttempt.countDocuments({ _id: id })).toBe(0);
    expect(await AttemptAnswer.countDocuments(copies)).toBe(0);
    expect((await storedAttempt(attemptId)).updatedAt).toEqual(attempt.updatedAt);
  });

  it("never acknowledges an answer that submitting did not collect: closing seals the answers first", async () => {
    const { id: assignmentId } = value(await assign(await objectiveTest("Kiểm tra nộp giữa lúc lưu")));
    const { id } = value(await start(students.binh, assignmentId));
    expect(value(await saveResponse(students.binh, id, KEYS.scA, { seq: 1, response: sc("A") })).outcome).toBe("saved");
    // A save whose write reaches the database only after the student's submit has closed the attempt.
    const write = AttemptAnswer.updateOne.bind(AttemptAnswer);
    let releaseWrite = () => {};
    const released = new Promise<void>((resolve) => (releaseWrite = resolve));
    const heldWrite = vi
      .spyOn(AttemptAnswer, "updateOne")
      .mockImplementationOnce(((...args: Parameters<typeof write>) =>
        released.then(() => write(...args))) as unknown as typeof write);
    const lateSave = saveResponse(students.binh, id, KEYS.sa, { seq: 1, response: sa("-1,5") });
    await vi.waitFor(() => expect(heldWrite).toHaveBeenCalled());
    expect(value(await submitAttempt(students.binh, id)).status).toBe("submitted");
    releaseWrite();
    expect(await lateSave).toMatchObject({ ok: false, status: 409 });
    heldWrite.mockRestore();

    const attempt = await storedAttempt(id);
    expect(Object.keys(attempt.responses as object)).toEqual([KEYS.scA]);
    expect(attempt).toMatchObject({ collecting: false, score: 0.25 });
    // The answers live in the attempt now; their copies are sealed (the refused one never stored) until the sweep.
    const copies = await AttemptAnswer.find({ attemptId: new Types.ObjectId(id), itemKey: { $in: [KEYS.scA, KEYS.sa] } }).lean();
    expect(copies.map((copy) => [copy.itemKey, copy.sealed, copy.response]).sort()).toEqual([
      [KEYS.scA, true, sc("A")],
      [KEYS.sa, true, undefined],
    ]);
  });

  it("collects an answer saved while closing seals the answers: acknowledged means counted", async () => {
    const { id: assignmentId } = value(await assign(await objectiveTest("Kiểm tra lưu giữa lúc niêm phong")));
    const { id } = value(await start(students.binh, assignmentId));
    expect(value(await saveResponse(students.binh, id, KEYS.scA, { seq: 1, response: sc("A") })).outcome).toBe("saved");
    // The submit has closed the attempt and read which answers exist; a save of another item lands just then.
    const insert = AttemptAnswer.insertMany.bind(AttemptAnswer);
    let duringClosing: Awaited<ReturnType<typeof saveResponse>> | undefined;
    const sealing = vi.spyOn(AttemptAnswer, "insertMany").mockImplementationOnce((async (...args: unknown[]) => {
      duringClosing = await saveResponse(students.binh, id, KEYS.sa, { seq: 1, response: sa("-1,5") });
      return (insert as (...args: unknown[]) => unknown)(...args);
    }) as never);
    expect(value(await submitAttempt(students.binh, id)).status).toBe("submitted");
    sealing.mockRestore();
    expect(value(duringClosing!).outcome).toBe("saved");
    const attempt = await storedAttempt(id);
    expect(Object.keys(attempt.responses as object).sort()).toEqual([KEYS.sa, KEYS.scA].sort());
    expect(attempt.score).toBe(0.75);
    expect(await saveResponse(students.binh, id, KEYS.sa, { seq: 2, response: sa("2") })).toMatchObject({ status: 409 });
  });

  it("finishes a closing that stopped halfway, without the answers saved after the deadline", async () => {
    const { id: assignmentId } = value(await assign(await objectiveTest("Kiểm tra đóng dở")));
    const attemptId = await takeTest(students.binh, assignmentId, { [KEYS.scA]: sc("A") }, false);
    const id = new Types.ObjectId(attemptId);
    const deadline = new Date(Date.now() + 1);
    // The process stopped between the two steps of closing; a save arrived after the deadline (and was refused).
    await Attempt.updateOne(
      { _id: id },
      { $set: { deadline, status: "auto_submitted", submittedAt: deadline, collecting: true } },
    );
    await OpenAttempt.updateOne({ _id: id }, { $set: { dueAt: deadline } });
    await AttemptAnswer.create({
      _id: attemptAnswerId(id, KEYS.sa),
      attemptId: id,
      itemKey: KEYS.sa,
      response: sa("-1,5"),
      seq: 1,
      savedAt: new Date(deadline.getTime() + 1000),
    });
    expect(await attemptView(students.binh, attemptId)).toMatchObject({ status: "auto_submitted" });

    expect(await finishOverdueAttempts()).toBe(0);
    const attempt = await storedAttempt(attemptId);
    expect(attempt).toMatchObject({ status: "auto_submitted", collecting: false, score: 0.25 });
    expect(Object.keys(attempt.responses as object)).toEqual([KEYS.scA]);
  });
});

// ---- 7. Who sees results when ---------------------------------------------------------------------------------------

describe("results policy", () => {
  it("shows the student their result only as the assignment allows; the teacher always; other students never", async () => {
    const id = await objectiveTest("Kiểm tra xem kết quả");
    const answers = { [KEYS.scA]: sc("A"), [KEYS.sa]: sa("-1,5") };
    const never = value(await assign(id, { showResults: "never" })).id;
    const afterClose = value(await assign(id, { showResults: "after_close" })).id;
    const immediately = value(await assign(id, { showResults: "immediately" })).id;
    const neverAttempt = await takeTest(students.an, never, answers);
    const afterCloseAttempt = await takeTest(students.an, afterClose, answers);
    const immediateAttempt = await takeTest(students.an, immediately, answers);

    expect(await attemptResult(students.an, neverAttempt)).toMatchObject({ ok: false, status: 403 });
    expect(await attemptResult(students.an, afterCloseAttempt)).toMatchObject({ ok: false, status: 403 });
    expect(value(await attemptResult(students.an, immediateAttempt)).score).toBe(0.75);
    for (const attempt of [neverAttempt, afterCloseAttempt, immediateAttempt]) {
      expect(value(await attemptResult(people.teacher, attempt)).score).toBe(0.75);
      expect(await attemptResult(students.anh, attempt)).toMatchObject({ ok: false, status: 404 });
      expect(await attemptResult(people.otherTeacher, attempt)).toMatchObject({ ok: false, status: 404 });
    }

    // Once the assignment closes, "after_close" shows it.
    await AssessmentAssignment.updateOne(
      { _id: new Types.ObjectId(afterClose) },
      { $set: { closesAt: new Date(Date.now() - 1000) } },
    );
    expect(value(await attemptResult(students.an, afterCloseAttempt)).score).toBe(0.75);

    // An attempt still in progress has no result yet.
    const open = await takeTest(students.anh, immediately, answers, false);
    expect(await attemptResult(students.anh, open)).toMatchObject({ ok: false, status: 409 });
  });
});

// ---- 8. Essays ------------------------------------------------------------------------------------------------------

describe("essays", () => {
  it("queues essays for the teacher and scores an attempt once every essay is marked", async () => {
    const id = await newTest("Kiểm tra có tự luận", { shuffle: false });
    value(await addItem(people.teacher, id, { questionId: bankIds("single_choice", 1, "van_dung")[0]!, points: 0.25 }));
    value(await addItem(people.teacher, id, { questionId: bankIds("essay", 0, "biet")[0]!, points: 2 }));
    value(await addItem(people.teacher, id, { questionId: bankIds("essay", 0, "hieu")[0]!, points: 1.5 }));
    value((await generateVersions(people.teacher, id, versionsInput(1))).result);
    const { id: assignmentId } = value(await assign(id, { showResults: "immediately" }));
    const an = await takeTest(students.an, assignmentId, {
      i1: sc("A"),
      i2: essay("7 × 8 = 56 vì 7 × 8 = 7 × 10 − 7 × 2."),
      i3: essay("Kết quả là 42."),
    });
    const anh = await takeTest(students.anh, assignmentId, { i2: essay("Em tính được 30.") });

    const queue = (await essayQueue(people.teacher, assignmentId))!;
    expect(queue.items.map((item) => [item.key, item.points])).toEqual([
      ["i2", 2],
      ["i3", 1.5],
    ]);
    expect(queue.entries.map((entry) => [entry.studentName, entry.itemKey, entry.text, entry.points])).toEqual([
      ["Nguyễn Văn An", "i2", "7 × 8 = 56 vì 7 × 8 = 7 × 10 − 7 × 2.", null],
      ["Nguyễn Văn An", "i3", "Kết quả là 42.", null],
      ["Phạm Thị Anh", "i2", "Em tính được 30.", null],
      ["Phạm Thị Anh", "i3", "", null],
    ]);
    expect(await essayQueue(people.otherTeacher, assignmentId)).toBeNull();

    const pending = value(await attemptResult(students.an, an));
    expect(pending).toMatchObject({ status: "submitted", score: null, roundedScore: null, maxScore: 3.75 });
    expect(pending.items.find((item) => item.key === "i2")).toMatchObject({ earned: null, status: "needs_grading" });

    expect(await gradeEssay(people.teacher, { attemptId: an, itemKey: "i2", points: 2.5, comment: "" })).toMatchObject({
      ok: false,
      status: 422,
    });
    expect((await storedAttempt(an)).manualGrades).toEqual({});
    expect(await gradeEssay(people.otherTeacher, { attemptId: an, itemKey: "i2", points: 1, comment: "" })).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await gradeEssay(people.teacher, { attemptId: an, itemKey: "i1", points: 0.25, comment: "" })).toMatchObject({
      ok: false,
      status: 404,
    });

    expect(
      value(await gradeEssay(people.teacher, { attemptId: an, itemKey: "i2", points: 1.5, comment: "Thiếu bước." })),
    ).toEqual({
      score: null,
    });
    expect(await storedAttempt(an)).toMatchObject({ status: "submitted", pendingGrading: 1 });
    expect(value(await gradeEssay(people.teacher, { attemptId: an, itemKey: "i3", points: 1, comment: "" }))).toEqual({
      score: 2.75,
    });
    const graded = value(await attemptResult(students.an, an));
    expect(graded).toMatchObject({ status: "graded", score: 2.75, roundedScore: 2.75 });
    expect(graded.items.find((item) => item.key === "i2")).toMatchObject({
      earned: 1.5,
      max: 2,
      status: "partial",
      comment: "Thiếu bước.",
    });
    expect(graded.items.find((item) => item.key === "i3")).toMatchObject({ earned: 1, status: "partial" });

    // The second student left one essay blank: only the answered one waits for marks.
    expect(await storedAttempt(anh)).toMatchObject({ pendingGrading: 1, status: "submitted" });
    expect(value(await gradeEssay(people.teacher, { attemptId: anh, itemKey: "i2", points: 2, comment: "" }))).toEqual({
      score: 2,
    });
    expect(await storedAttempt(anh)).toMatchObject({ status: "graded", score: 2, pendingGrading: 0 });

    const rows = (await classResults(people.teacher, assignmentId))!.rows;
    expect(rows.filter((row) => row.status === "graded").map((row) => [row.fullName, row.score])).toEqual([
      ["Nguyễn Văn An", 2.75],
      ["Phạm Thị Anh", 2],
    ]);
  });
});

// ---- 9. Key corrections ---------------------------------------------------------------------------------------------

describe("correcting an answer key", () => {
  it("rescores every submitted attempt, audits the correction, and refuses changed options", async () => {
    const id = await objectiveTest("Kiểm tra sửa đáp án");
    const { id: assignmentId } = value(await assign(id));
    const common = { [KEYS.scB]: sc("A"), [KEYS.sa]: sa("-1,5") };
    const chose = {
      an: await takeTest(students.an, assignmentId, { ...common, [KEYS.scA]: sc("A") }),
      anh: await takeTest(students.anh, assignmentId, { ...common, [KEYS.scA]: sc("B") }),
      anhAcute: await takeTest(students.anhAcute, assignmentId, { ...common, [KEYS.scA]: sc("C") }),
    };
    const stillAnswering = await takeTest(students.anCircumflex, assignmentId, { [KEYS.scA]: sc("B") }, false);
    const scores = async () => Promise.all(Object.values(chose).map(async (attemptId) => (await storedAttempt(attemptId)).score));
    expect(await scores()).toEqual([1, 0.75, 0.75]);

    const item = (await storedTest(id)).items.find((candidate) => candidate.key === KEYS.scA)!;
    const body = item.body as Extract<QuestionBody, { type: "single_choice" }>;
    const options = body.options;
    // Changing the options, or the format, is not a key correction.
    for (const changed of [
      { ...body, correctOptionId: "B", options: options.slice(0, 3) },
      { ...body, correctOptionId: "B", options: options.map((option, index) => ({ ...option, id: "EFGH"[index]! })) },
      { type: "short_answer", answer: { kind: "numeric", value: "5", tolerance: 0 } },
    ] as QuestionBody[])
      expect(await correctKey(people.teacher, id, KEYS.scA, changed, "Nhầm đáp án")).toMatchObject({ ok: false, status: 422 });
    expect(await correctKey(people.otherTeacher, id, KEYS.scA, { ...body, correctOptionId: "B" }, "")).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await scores()).toEqual([1, 0.75, 0.75]);

    expect(await correctKey(people.teacher, id, KEYS.scA, { ...body, correctOptionId: "B" }, "Đáp án đúng là B")).toEqual({
      ok: true,
      value: { regraded: 3 },
    });
    expect(await scores()).toEqual([0.75, 1, 0.75]);
    expect(value(await attemptResult(students.anh, chose.anh)).items.find((result) => result.key === KEYS.scA)).toMatchObject({
      earned: 0.25,
      status: "correct",
    });
    const stored = await storedTest(id);
    expect(
      (stored.items.find((candidate) => candidate.key === KEYS.scA)!.body as { correctOptionId: string }).correctOptionId,
    ).toBe("B");
    expect(stored.keyCorrections).toMatchObject([{ itemKey: KEYS.scA, reason: "Đáp án đúng là B", regradedAttempts: 3 }]);
    expect(String(stored.keyCorrections[0]!.by)).toBe(people.teacher.id);

    const events = await AuditEvent.find({ action: "assessment.key_corrected", "details.assessmentId": id }).lean();
    expect(events).toHaveLength(1);
    expect(String(events[0]!.actorId)).toBe(people.teacher.id);
    expect(events[0]!.details).toMatchObject({
      itemKey: KEYS.scA,
      regraded: 3,
      reason: "Đáp án đúng là B",
      before: { correctOptionId: "A" },
      after: { correctOptionId: "B" },
    });

    // The attempt still in progress is scored with the corrected key when it is submitted.
    expect((await storedAttempt(stillAnswering)).score).toBeNull();
    value(await submitAttempt(students.anCircumflex, stillAnswering));
    expect((await storedAttempt(stillAnswering)).score).toBe(0.25);
  });

  it("scores an attempt submitted after a correction made on another web process with the corrected key", async () => {
    const id = await objectiveTest("Kiểm tra sửa đáp án ở máy khác");
    const { id: assignmentId } = value(await assign(id));
    const attemptId = await takeTest(students.an, assignmentId, { [KEYS.scA]: sc("B") }, false);
    // This process has the test in its delivery cache; another process corrects the key (its own cache is forgotten).
    expect((await attemptView(students.an, attemptId))!.status).toBe("in_progress");
    const index = (await storedTest(id)).items.findIndex((item) => item.key === KEYS.scA);
    await Assessment.updateOne({ _id: new Types.ObjectId(id) }, { $set: { [`items.${index}.body.correctOptionId`]: "B" } });
    value(await submitAttempt(students.an, attemptId));
    expect((await storedAttempt(attemptId)).score).toBe(0.25);
  });
});

// ---- 10. Class results and item analysis ----------------------------------------------------------------------------

describe("class results and item analysis", () => {
  it("lists every student by given name, analyses the items, and writes the statistics back once", async () => {
    const id = await objectiveTest("Kiểm tra cuối chương");
    const { id: assignmentId } = value(await assign(id));
    // An: all right (2). Anh: SC A right, SC B wrong, TF right, SA wrong (1,25). Ánh: SC A wrong, SC B right, TF 2/4, SA right (1).
    await takeTest(students.an, assignmentId, {
      [KEYS.scA]: sc("A"),
      [KEYS.scB]: sc("A"),
      [KEYS.tf]: tf(TF_KEY),
      [KEYS.sa]: sa("-1.5"),
    });
    await takeTest(students.anh, assignmentId, {
      [KEYS.scA]: sc("A"),
      [KEYS.scB]: sc("D"),
      [KEYS.tf]: tf(TF_KEY),
      [KEYS.sa]: sa("1,5"),
    });
    await takeTest(students.anhAcute, assignmentId, {
      [KEYS.scA]: sc("C"),
      [KEYS.scB]: sc("A"),
      [KEYS.tf]: tf({ a: true, b: true, c: false, d: false }),
      [KEYS.sa]: sa("-1,5"),
    });
    await takeTest(students.anCircumflex, assignmentId, { [KEYS.scA]: sc("A") }, false);

    const results = (await classResults(people.teacher, assignmentId))!;
    expect(results.className).toBe("12A1");
    expect(results.rows.map((row) => row.fullName)).toEqual(CLASS_ORDER);
    const row = (name: string) => results.rows.find((candidate) => candidate.fullName === name)!;
    expect(row("Nguyễn Văn An")).toMatchObject({ status: "submitted", score: 2, studentCode: "as.an" });
    expect(row("Phạm Thị Anh")).toMatchObject({ status: "submitted", score: 1.25 });
    expect(row("Trần Thị Ánh")).toMatchObject({ status: "submitted", score: 1 });
    expect(row("Lê Minh Ân")).toMatchObject({ status: "in_progress", score: null });
    for (const name of ["Hoàng Văn Bình", "Vũ Thị Dung", "Đỗ Văn Đạt", "Bùi Thị Giang"])
      expect(row(name)).toMatchObject({ status: "not_started", attemptId: null, score: null, versionCode: null });
    expect(await classResults(people.otherTeacher, assignmentId)).toBeNull();

    const { analysis } = results;
    expect(analysis.attempts).toBe(3);
    expect(analysis.mean).toBeCloseTo(4.25 / 3, 10);
    const facility = Object.fromEntries(analysis.items.map((item) => [item.key, item.facility]));
    expect(Object.keys(facility).sort()).toEqual(Object.values(KEYS).sort());
    expect(facility[KEYS.scA]).toBeCloseTo(2 / 3, 10);
    expect(facility[KEYS.scB]).toBeCloseTo(2 / 3, 10);
    expect(facility[KEYS.tf]).toBeCloseTo((1 + 1 + 0.25) / 3, 10);
    expect(facility[KEYS.sa]).toBeCloseTo(2 / 3, 10);
    const scB = analysis.items.find((item) => item.key === KEYS.scB)!;
    expect(Object.fromEntries(scB.distractors.map((option) => [option.id, option.count]))).toEqual({ A: 2, B: 0, C: 0, D: 1 });

    const questionOf = new Map((await storedTest(id)).items.map((item) => [item.key, String(item.questionId)]));
    const stats = async (key: string) => (await Question.findById(questionOf.get(key)).lean<QuestionDoc>())!.stats;
    expect(await recordItemStatistics(people.teacher, assignmentId)).toEqual({ questions: 4 });
    expect(await recordItemStatistics(people.teacher, assignmentId)).toEqual({ questions: 4 });
    expect(await recordItemStatistics(people.otherTeacher, assignmentId)).toBeNull();
    for (const [key, expected] of [
      [KEYS.scA, 2 / 3],
      [KEYS.tf, 0.75],
    ] as const) {
      const figures = (await stats(key))!;
      expect(figures.attempts).toBe(3);
      expect(figures.usageCount).toBe(1);
      expect(figures.facility).toBeCloseTo(expected, 10);
    }
    expect(await QuestionUsage.countDocuments({ assignmentId: new Types.ObjectId(assignmentId) })).toBe(4);
  });

  it("counts a student's latest submitted attempt, also while they take another try", async () => {
    const id = await objectiveTest("Kiểm tra làm lại");
    const { id: assignmentId } = value(await assign(id, { maxAttempts: 2 }));
    const allRight = { [KEYS.scA]: sc("A"), [KEYS.scB]: sc("A"), [KEYS.tf]: tf(TF_KEY), [KEYS.sa]: sa("-1,5") };
    const first = await takeTest(students.binh, assignmentId, allRight);
    const second = await takeTest(students.binh, assignmentId, { [KEYS.scA]: sc("A") }, false);
    expect(second).not.toBe(first);
    const [firstAttempt, secondAttempt] = [await storedAttempt(first), await storedAttempt(second)];
    expect(secondAttempt.attemptNumber).toBe(2);
    // A later attempt moves to the next version.
    expect(secondAttempt.versionCode).not.toBe(firstAttempt.versionCode);

    // While the second try is in progress, the first (submitted) one is the student's result.
    const during = (await classResults(people.teacher, assignmentId))!;
    expect(during.rows.find((row) => row.fullName === "Hoàng Văn Bình")).toMatchObject({
      attemptId: first,
      status: "submitted",
      score: 2,
    });
    expect(during.analysis.attempts).toBe(1);

    value(await submitAttempt(students.binh, second));
    const after = (await classResults(people.teacher, assignmentId))!;
    expect(after.rows.find((row) => row.fullName === "Hoàng Văn Bình")).toMatchObject({
      attemptId: second,
      status: "submitted",
      score: 0.25,
    });
    expect(await start(students.binh, assignmentId)).toMatchObject({ ok: false, status: 409 });

    // Once the first attempt's copies are gone (its deadline long past), a start tries its number again and leaves it a
    // mark for the sweep: when due, the mark goes and the submitted attempt stays as it was.
    const firstId = new Types.ObjectId(first);
    const longPast = new Date(Date.now() - 11 * MINUTE);
    await Attempt.updateOne({ _id: firstId }, { $set: { deadline: longPast } });
    await OpenAttempt.updateOne({ _id: firstId }, { $set: { dueAt: longPast } });
    expect(await finishOverdueAttempts()).toBe(0);
    expect(await OpenAttempt.countDocuments({ _id: firstId })).toBe(0);
    expect(await start(students.binh, assignmentId)).toMatchObject({ ok: false, status: 409 });
    expect(await OpenAttempt.countDocuments({ _id: firstId })).toBe(1);
    await OpenAttempt.updateOne({ _id: firstId }, { $set: { dueAt: new Date(Date.now() - 1) } });
    expect(await finishOverdueAttempts()).toBe(0);
    expect(await OpenAttempt.countDocuments({ _id: firstId })).toBe(0);
    expect(await storedAttempt(first)).toEqual({ ...firstAttempt, deadline: longPast, updatedAt: expect.any(Date) });
  });
});
