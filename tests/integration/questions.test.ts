// The question bank against the real services: the eight formats stored and read back, the curriculum and
// duplicate checks, versions, the bank browser's filters and topic × level counts, who sees and changes what,
// importing Word / Moodle XML / GIFT files (images to storage) and exporting to Word, Moodle XML, GIFT and QTI.
import { Types } from "mongoose";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { confirmImportSchema, type ImportFormat, type StoreImage } from "#content-schemas/question-import";
import {
  listQuestionsQuerySchema,
  plainRichText,
  QUESTION_TYPES,
  questionDraftSchema,
  type CognitiveLevel,
  type QuestionDraft,
  type QuestionDraftInput,
  type RichText,
} from "#content-schemas/questions";
import { Question, type QuestionDoc } from "#models/question";
import { QuestionImport, type QuestionImportDoc } from "#models/question-import";
import { QUESTION_REVIEW } from "~/domain/questions/review.server";
import { Upload } from "#models/upload";
import { createAccessToken } from "~/auth/access-tokens.server";
import type { Actor } from "~/auth/session.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { GDPT_2018_TOPICS } from "~/domain/curriculum/gdpt-2018-topics";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList, listTopics } from "~/domain/curriculum/topics.server";
import { lectureImageKey } from "~/domain/materials/uploads.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import {
  confirmImport,
  exportQuestions,
  getImport,
  IMPORT_STORED_TOPIC,
  readQuestionFile,
  readStoredImport,
  sweepStaleImports,
} from "~/domain/questions/import-export.server";
import { parseGift } from "~/domain/questions/interchange/gift.server";
import { parseMoodleXml } from "~/domain/questions/interchange/moodle-xml.server";
import { parseQtiPackage } from "~/domain/questions/interchange/qti.server";
import { contentOf, sampleQuestions } from "~/domain/questions/interchange/test-support";
import {
  bulkQuestionAction,
  createQuestion,
  getQuestion,
  listQuestions,
  updateQuestion,
  type SaveOptions,
} from "~/domain/questions/questions.server";
import { parseQuestionDocx } from "~/domain/questions/word/parse-docx.server";
import * as apiQuestion from "~/routes/api+/v1+/questions+/$questionId";
import * as apiQuestions from "~/routes/api+/v1+/questions+/_index";
import * as apiBulk from "~/routes/api+/v1+/questions+/bulk";
import * as apiExport from "~/routes/api+/v1+/questions+/export";
import * as apiImport from "~/routes/api+/v1+/questions+/imports.$importId._index";
import * as apiConfirm from "~/routes/api+/v1+/questions+/imports.$importId.confirm";
import * as apiImports from "~/routes/api+/v1+/questions+/imports._index";
import { ensureBucket, headObject } from "~/services/storage.server";
import { testActor } from "../support/actors";
import { ACCEPTANCE_BROKEN_LABEL, ACCEPTANCE_IMAGE_FILE, buildAcceptanceDocx, PNG_PIXELS } from "../support/question-docx";

const FIXTURES = path.resolve(__dirname, "../../app/domain/questions/interchange/fixtures");
const MOODLE_FIXTURE = readFileSync(path.join(FIXTURES, "moodle-toan-10.xml"));
const GIFT_FIXTURE = readFileSync(path.join(FIXTURES, "toan-10.gift.txt"));

const people: Record<"author" | "colleague" | "lister" | "student" | "teacherB" | "importer" | "farAway" | "exporter", Actor> =
  {} as never;
const topics = { first: "", second: "", grade11: "" };

// ---- Helpers --------------------------------------------------------------------------------------

type ContentInput = Pick<QuestionDraftInput, "stem" | "body"> & Partial<QuestionDraftInput>;

/** A complete draft: Toán 10, level Biết unless given. */
const draftOf = (content: ContentInput): QuestionDraft =>
  questionDraftSchema.parse({ subject: "TOAN", grade: 10, level: "biet", ...content });

const choice = (stem: string, options: readonly string[] = ["1", "2", "3", "4"], correct = "A"): ContentInput => ({
  stem: plainRichText(stem),
  body: {
    type: "single_choice",
    options: options.map((text, index) => ({ id: "ABCDEFGHIJ"[index]!, content: plainRichText(text) })),
    correctOptionId: correct,
  },
});

const shortAnswer = (stem: string, value: string): ContentInput => ({
  stem: plainRichText(stem),
  body: { type: "short_answer", answer: { kind: "numeric", value, tolerance: 0 } },
});

async function create(actor: Actor, content: ContentInput, options?: SaveOptions): Promise<string> {
  const created = await createQuestion(actor, draftOf(content), options);
  if (!created.ok) throw new Error(created.reason);
  return created.value.id;
}

/** What the review workflow writes when version 1 is approved (and shared at `scope`), set directly (review.test.ts covers the steps). */
async function approveInDatabase(id: string, scope = "school") {
  const question = await Question.findById(id).lean<QuestionDoc>();
  const live = { ...QUESTION_REVIEW.liveFields(question!.versions[0]!), publishedAt: new Date() };
  await Question.updateOne(
    { _id: id },
    { $set: { "versions.0.status": "published", status: "published", liveVersion: 1, live, scope } },
  );
}

const list = (actor: Actor, query: Record<string, unknown> = {}) => listQuestions(actor, listQuestionsQuerySchema.parse(query));
const contentOfView = (view: { stem: RichText; body: unknown; solution: RichText | null } | null) =>
  view && { stem: view.stem, body: view.body, solution: view.solution };

const refuseImages: StoreImage = async () => {
  throw new Error("this file should have no image");
};

const idsOfList = (page: { items: { id: string }[] }) => page.items.map((item) => item.id).sort();

/** Every image address in a rich text or a whole parsed item. */
function imageSources(value: unknown): string[] {
  if (!value || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap(imageSources);
  const node = value as { type?: unknown; attrs?: { src?: unknown } };
  const own = node.type === "image" && typeof node.attrs?.src === "string" ? [node.attrs.src] : [];
  return [...own, ...Object.values(value).flatMap(imageSources)];
}

// ---- API calls with a personal access token (read + write), as an API client makes them ----------------

type Route = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<Response>;
const ORIGIN = "http://127.0.0.1:3000";
const tokens = new Map<string, string>();

async function tokenOf(actor: Actor) {
  let token = tokens.get(actor.id);
  if (!token) {
    token = await createAccessToken(
      actor,
      { name: "Kiểm thử ngân hàng câu hỏi", scopes: ["read", "write"], lifetimeDays: 30 },
      "x",
    );
    tokens.set(actor.id, token);
  }
  return token;
}

async function callApi(
  handler: unknown,
  actor: Actor | null,
  url: string,
  init: { method?: string; json?: unknown; rawJson?: string; form?: FormData; params?: Record<string, string> } = {},
): Promise<Response> {
  const headers = new Headers();
  if (actor) headers.set("authorization", `Bearer ${await tokenOf(actor)}`);
  let body: BodyInit | undefined = init.form;
  if (init.json !== undefined || init.rawJson !== undefined) {
    headers.set("content-type", "application/json");
    body = init.rawJson ?? JSON.stringify(init.json);
  }
  const request = new Request(`${ORIGIN}${url}`, { method: init.method ?? "GET", headers, body });
  return (handler as Route)({ request, params: init.params ?? {}, context: {} });
}

const questionFileForm = (format: string | null, file: { name: string; data: Uint8Array } | null) => {
  const form = new FormData();
  if (format !== null) form.set("format", format);
  if (file) form.set("file", new File([Buffer.from(file.data)], file.name));
  return form;
};

beforeAll(async () => {
  await ensureBucket();
  await importSubjects(GDPT_2018_SUBJECTS);
  await importTopicList(GDPT_2018_TOPICS, { keepExisting: true });
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-Q", name: "Sở Q", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-Q1", name: "Phòng Q1", type: "district", parentCode: "SGD-Q" });
  await upsertOrganisation({ code: "PGD-Q2", name: "Phòng Q2", type: "district", parentCode: "SGD-Q" });
  await upsertOrganisation({ code: "TRUONG-QA", name: "Trường QA", type: "school", parentCode: "PGD-Q1" });
  await upsertOrganisation({ code: "TRUONG-QB", name: "Trường QB", type: "school", parentCode: "PGD-Q1" });
  await upsertOrganisation({ code: "TRUONG-QC", name: "Trường QC", type: "school", parentCode: "PGD-Q2" });
  await upsertOrganisation({ code: "TRUONG-QX", name: "Trường QX", type: "school", parentCode: "PGD-Q2" });
  people.author = await testActor("q.tacgia", "TRUONG-QA", "teacher", "Nguyễn Văn Minh");
  people.colleague = await testActor("q.dongnghiep", "TRUONG-QA", "teacher", "Trần Thị Hà");
  people.lister = await testActor("q.lietke", "TRUONG-QA", "teacher");
  people.student = await testActor("q.hocsinh", "TRUONG-QA", "student");
  people.teacherB = await testActor("q.truongb", "TRUONG-QB", "teacher");
  people.importer = await testActor("q.nhap", "TRUONG-QC", "teacher");
  people.farAway = await testActor("q.xa", "TRUONG-QC", "teacher");
  people.exporter = await testActor("q.xuat", "TRUONG-QX", "teacher");
  const grade10 = await listTopics("TOAN", 10);
  topics.first = grade10[0]!.id;
  topics.second = grade10[1]!.id;
  topics.grade11 = (await listTopics("TOAN", 11))[0]!.id;
});

// ---- Creating and reading --------------------------------------------------------------------------

describe("creating and reading questions", () => {
  it("stores each of the eight formats as a private draft and gives the same content and metadata back", async () => {
    const samples = sampleQuestions();
    expect(new Set(samples.map((sample) => sample.body.type))).toEqual(new Set(QUESTION_TYPES));
    const levels: CognitiveLevel[] = ["biet", "hieu", "van_dung", "nhan_biet", "thong_hieu", "van_dung_cao"];
    for (const [index, sample] of samples.entries()) {
      const draft = draftOf({
        ...contentOf(sample),
        topicIds: index % 2 === 0 ? [topics.first] : [topics.first, topics.second],
        outcomes: ["Vẽ được parabola là đồ thị hàm số bậc hai."],
        level: levels[index % levels.length]!,
        difficulty: (index % 5) + 1,
        tags: ["Chương III", sample.label ?? "không tên"],
        source: "SGK Toán 10",
        licence: "CC-BY-SA-4.0",
      });
      const created = await createQuestion(people.author, draft);
      if (!created.ok) throw new Error(`${sample.label}: ${created.reason}`);
      const view = await getQuestion(people.author, created.value.id);
      expect(contentOfView(view), sample.label).toEqual({ stem: draft.stem, body: draft.body, solution: draft.solution });
      expect(view).toMatchObject({
        id: created.value.id,
        type: sample.body.type,
        subject: "TOAN",
        grade: 10,
        topicIds: draft.topicIds,
        outcomes: draft.outcomes,
        level: draft.level,
        difficulty: draft.difficulty,
        tags: draft.tags,
        source: "SGK Toán 10",
        licence: "CC-BY-SA-4.0",
        status: "draft",
        scope: "private",
        version: 1,
        latestVersion: 1,
        liveVersion: null,
        ownerOrganisationId: people.author.organisationId,
        createdBy: people.author.id,
        mayEdit: true,
        stats: { attempts: 0, usageCount: 0, facility: null, discrimination: null },
      });
    }
  });

  it("creates through POST /api/v1/questions and reads and edits through /api/v1/questions/{id}", async () => {
    const content = { ...choice("Số nghiệm của phương trình x² = 4 là", ["0", "1", "2", "3"], "C"), subject: "TOAN", grade: 10 };
    const created = await callApi(apiQuestions.action, people.author, "/api/v1/questions", {
      method: "POST",
      json: { question: { ...content, level: "hieu" } },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await callApi(apiQuestion.loader, people.author, `/api/v1/questions/${id}`, { params: { questionId: id } });
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    const view = (await read.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ id, type: "single_choice", level: "hieu", status: "draft", version: 1, mayEdit: true });
    expect(contentOfView(view as never)).toEqual(contentOfView(await getQuestion(people.author, id)));

    const edited = await callApi(apiQuestion.action, people.author, `/api/v1/questions/${id}`, {
      method: "PUT",
      params: { questionId: id },
      json: { question: { ...content, level: "van_dung", stem: plainRichText("Số nghiệm thực của phương trình x² = 4 là") } },
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toEqual({ id, version: 1 });
    expect(await getQuestion(people.author, id)).toMatchObject({
      level: "van_dung",
      stem: plainRichText("Số nghiệm thực của phương trình x² = 4 là"),
    });
    // Someone else's private draft does not exist for a colleague.
    const byColleague = await callApi(apiQuestion.action, people.colleague, `/api/v1/questions/${id}`, {
      method: "PUT",
      params: { questionId: id },
      json: { question: { ...content, level: "biet" } },
    });
    expect(byColleague.status).toBe(404);
  });

  it("refuses a subject the catalogue lacks, a grade the subject is not taught in and a topic of another grade (422)", async () => {
    const content = choice("Câu hỏi phân loại sai");
    expect(await createQuestion(people.author, draftOf({ ...content, subject: "THIEN_VAN" }))).toEqual({
      ok: false,
      status: 422,
      reason: "Môn học không có trong danh mục.",
    });
    expect(await createQuestion(people.author, draftOf({ ...content, subject: "NGU_VAN", grade: 3 }))).toEqual({
      ok: false,
      status: 422,
      reason: "Môn này không dạy ở khối 3.",
    });
    expect(await createQuestion(people.author, draftOf({ ...content, topicIds: [topics.first, topics.grade11] }))).toEqual({
      ok: false,
      status: 422,
      reason: "Có chủ đề không thuộc môn và khối lớp đã chọn.",
    });
    const id = await create(people.author, choice("Câu hỏi sẽ sửa phân loại sai"));
    expect(await updateQuestion(people.author, id, draftOf({ ...content, topicIds: [topics.grade11] }))).toMatchObject({
      ok: false,
      status: 422,
      reason: "Có chủ đề không thuộc môn và khối lớp đã chọn.",
    });

    const response = await callApi(apiQuestions.action, people.author, "/api/v1/questions", {
      method: "POST",
      json: { question: { ...content, subject: "NGU_VAN", grade: 3, level: "biet" } },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 422, detail: "Môn này không dạy ở khối 3." });
    expect(await Question.countDocuments({ stemText: "Câu hỏi phân loại sai" })).toBe(0);
  });
});

// ---- Duplicates -------------------------------------------------------------------------------------

describe("duplicate stems", () => {
  const stem = "Tập nghiệm của bất phương trình 2x – 4 > 0 là";
  const duplicateReason = `Trường đã có câu hỏi cùng nội dung: «${stem}». Nếu vẫn muốn lưu, hãy chọn «Vẫn lưu câu trùng».`;

  it("finds the same stem of the same format in the school whatever the spacing, case or «Câu 3.» prefix", async () => {
    const original = await create(people.author, choice(stem, ["x > 2", "x < 2", "x > 4", "x < 4"]));
    for (const variant of [
      "Câu 3.  tập nghiệm của BẤT PHƯƠNG TRÌNH 2x – 4 > 0 là",
      "câu 12: Tập nghiệm của bất phương trình 2x–4>0 là.",
    ]) {
      // A colleague of the same school writing it again is told which question the school already has.
      expect(await createQuestion(people.colleague, draftOf(choice(variant)))).toEqual({
        ok: false,
        status: 409,
        reason: duplicateReason,
      });
    }
    // Editing a question into a copy of another is refused too, but saving a question with its own stem is not.
    const other = await create(people.author, choice("Tập nghiệm của bất phương trình 3x > 0 là"));
    expect(await updateQuestion(people.author, other, draftOf(choice(stem.toUpperCase())))).toEqual({
      ok: false,
      status: 409,
      reason: duplicateReason,
    });
    expect(await updateQuestion(people.author, original, draftOf(choice(stem, ["x > 2", "x < 2", "x > 4", "x < 5"])))).toEqual({
      ok: true,
      value: { id: original, version: 1 },
    });
    // Another format with the same stem is another question.
    expect(await createQuestion(people.colleague, draftOf(shortAnswer(stem, "2")))).toMatchObject({ ok: true });
    // Saved anyway when the teacher chooses to.
    expect(await createQuestion(people.colleague, draftOf(choice(`Câu 3. ${stem}`)), { allowDuplicate: true })).toMatchObject({
      ok: true,
    });
    // Another school may have the same question.
    expect(await createQuestion(people.teacherB, draftOf(choice(stem)))).toMatchObject({ ok: true });
  });

  it("answers 409 with the reason through the API, and 201 with allowDuplicate", async () => {
    const apiStem = "Giá trị lớn nhất của hàm số y = –x² + 2x là";
    await create(people.author, choice(apiStem));
    const question = { ...choice(`Câu 5. ${apiStem.toLowerCase()}`), subject: "TOAN", grade: 10, level: "biet" };
    const refused = await callApi(apiQuestions.action, people.colleague, "/api/v1/questions", {
      method: "POST",
      json: { question },
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      status: 409,
      title: "Conflict",
      detail: `Trường đã có câu hỏi cùng nội dung: «${apiStem}». Nếu vẫn muốn lưu, hãy chọn «Vẫn lưu câu trùng».`,
    });
    const allowed = await callApi(apiQuestions.action, people.colleague, "/api/v1/questions", {
      method: "POST",
      json: { question, allowDuplicate: true },
    });
    expect(allowed.status).toBe(201);
  });
});

// ---- Versions -------------------------------------------------------------------------------------

describe("versions", () => {
  /** Approved at version 1 (school scope), with a draft version 2 by its author. */
  let id = "";
  const v1Stem = "Đạo hàm của hàm số y = x³ tại x = 1 bằng";

  it("edits a draft in place, then starts version 2 over an approved question while others keep seeing version 1", async () => {
    const first = choice("Đạo hàm của hàm số y = x³ là", ["3x²", "x²", "3x", "x³"]);
    id = await create(people.author, first);
    const edited = { ...first, stem: plainRichText(v1Stem) };
    expect(await updateQuestion(people.author, id, draftOf(edited))).toEqual({ ok: true, value: { id, version: 1 } });
    expect(await getQuestion(people.author, id)).toMatchObject({
      version: 1,
      latestVersion: 1,
      status: "draft",
      stem: edited.stem,
    });
    expect((await Question.findById(id).lean())?.versions).toHaveLength(1);
    // Nobody else sees a private draft.
    expect(await getQuestion(people.colleague, id)).toBeNull();

    await approveInDatabase(id);
    const second = { ...edited, stem: plainRichText("Đạo hàm của hàm số y = x³ tại x = 2 bằng"), level: "hieu" as const };
    // Two saves at once over the approved version: one starts version 2, the other is told to reload.
    const saves = await Promise.all([
      updateQuestion(people.author, id, draftOf({ ...second, difficulty: 2 })),
      updateQuestion(people.author, id, draftOf({ ...second, difficulty: 4 })),
    ]);
    expect(saves.filter((saved) => saved.ok)).toEqual([{ ok: true, value: { id, version: 2 } }]);
    expect(saves.find((saved) => !saved.ok)).toMatchObject({ status: 409, reason: expect.stringContaining("Hãy tải lại trang") });

    expect(await getQuestion(people.author, id)).toMatchObject({
      version: 2,
      latestVersion: 2,
      liveVersion: 1,
      status: "draft",
      level: "hieu",
      stem: second.stem,
      mayEdit: true,
    });
    expect(await getQuestion(people.colleague, id)).toMatchObject({
      version: 1,
      latestVersion: 2,
      liveVersion: 1,
      status: "published",
      level: "biet",
      stem: edited.stem,
      mayEdit: false,
    });
    expect(await updateQuestion(people.colleague, id, draftOf(second))).toMatchObject({ ok: false, status: 404 });
    // Editing version 2 again changes it in place.
    expect(await updateQuestion(people.author, id, draftOf({ ...second, difficulty: 4 }))).toEqual({
      ok: true,
      value: { id, version: 2 },
    });
    expect((await Question.findById(id).lean())?.versions.map((version) => [version.number, version.status])).toEqual([
      [1, "published"],
      [2, "draft"],
    ]);
    // A school-scope question stays inside its school.
    expect(await getQuestion(people.teacherB, id)).toBeNull();

    // The colleague exports what they see: version 1.
    const exported = await exportQuestions(people.colleague, [id], "moodle_xml", true);
    if (!exported.ok) throw new Error(exported.reason);
    const parsed = await parseMoodleXml(String(exported.value.body), { storeImage: refuseImages });
    expect(parsed.items.map((item) => item.content?.stem)).toEqual([edited.stem]);
  });

  it("lists the approved version to a colleague while the author edits version 2", async () => {
    const listed = (await list(people.colleague, { q: "Đạo hàm của hàm số y = x³" })).items.find((item) => item.id === id);
    expect(listed).toMatchObject({ stemText: v1Stem, status: "published", version: 1 });
    expect((await list(people.colleague, { status: "published", q: "Đạo hàm của hàm số" })).items.map((item) => item.id)).toEqual(
      [id],
    );
  });
});

// ---- The bank browser -------------------------------------------------------------------------------

describe("listing the bank", () => {
  interface Made {
    id: string;
    stem: string;
    subject: string;
    grade: number;
    topicIds: string[];
    level: CognitiveLevel;
    type: string;
  }
  const made: Made[] = [];

  beforeAll(async () => {
    const specs: [string, string, number, string[], CognitiveLevel, "choice" | "short" | "essay"][] = [
      ["Giải phương trình bậc hai x² – 5x + 6 = 0", "TOAN", 10, [topics.first], "biet", "choice"],
      ["Phương trình x² + 1 = 0 có bao nhiêu nghiệm thực?", "TOAN", 10, [topics.first], "hieu", "short"],
      ["Hệ phương trình bậc nhất hai ẩn: tìm x + y", "TOAN", 10, [topics.first, topics.second], "van_dung", "short"],
      ["Tập hợp A = {1; 2; 3} có bao nhiêu tập con?", "TOAN", 10, [topics.second], "biet", "choice"],
      ["Mệnh đề phủ định của «mọi số thực đều dương»", "TOAN", 10, [topics.second], "hieu", "choice"],
      ["Chứng minh bất đẳng thức Cô-si cho hai số", "TOAN", 10, [], "van_dung", "essay"],
      ["Miền nghiệm của bất phương trình x + y < 2", "TOAN", 10, [topics.second], "biet", "choice"],
      ["Giao của hai tập hợp [1; 3] và (2; 5)", "TOAN", 10, [topics.first], "biet", "choice"],
      ["Biểu đồ Ven của hai tập hợp rời nhau", "TOAN", 10, [], "hieu", "choice"],
      ["Nghị luận về lòng biết ơn (lớp 10)", "NGU_VAN", 10, [], "van_dung", "essay"],
      ["Nêu chủ đề của bài thơ «Sóng»", "NGU_VAN", 11, [], "hieu", "short"],
      ["Phương trình đường thẳng qua hai điểm", "TOAN", 11, [], "biet", "choice"],
    ];
    for (const [stem, subject, grade, topicIds, level, kind] of specs) {
      const content: ContentInput =
        kind === "choice"
          ? choice(stem)
          : kind === "short"
            ? shortAnswer(stem, "2")
            : { stem: plainRichText(stem), body: { type: "essay", rubric: [{ criterion: "Toàn bài", weight: 1 }] } };
      const id = await create(people.lister, { ...content, subject, grade, topicIds, level });
      made.push({ id, stem, subject, grade, topicIds, level, type: content.body.type });
    }
    await approveInDatabase(made[3]!.id);
  });

  const idsOf = (page: { items: { id: string }[] }) => page.items.map((item) => item.id).sort();
  const expectedIds = (keep: (item: Made) => boolean) =>
    made
      .filter(keep)
      .map((item) => item.id)
      .sort();

  it("filters by subject, grade, topic, level, type, status and accent-free text", async () => {
    const mine = (query: Record<string, unknown>) => list(people.lister, { owner: "mine", pageSize: 100, ...query });
    expect(idsOf(await mine({}))).toEqual(expectedIds(() => true));
    expect(idsOf(await mine({ subject: "NGU_VAN" }))).toEqual(expectedIds((item) => item.subject === "NGU_VAN"));
    expect(idsOf(await mine({ grade: "11" }))).toEqual(expectedIds((item) => item.grade === 11));
    expect(idsOf(await mine({ subject: "TOAN", grade: 10 }))).toEqual(
      expectedIds((item) => item.subject === "TOAN" && item.grade === 10),
    );
    expect(idsOf(await mine({ topic: topics.second }))).toEqual(expectedIds((item) => item.topicIds.includes(topics.second)));
    expect(idsOf(await mine({ level: "van_dung" }))).toEqual(expectedIds((item) => item.level === "van_dung"));
    expect(idsOf(await mine({ type: "short_answer" }))).toEqual(expectedIds((item) => item.type === "short_answer"));
    expect(idsOf(await mine({ status: "published" }))).toEqual([made[3]!.id]);
    expect((await mine({ status: "draft" })).total).toBe(made.length - 1);
    const phuongTrinh = expectedIds((item) => /phương trình/i.test(item.stem));
    expect(phuongTrinh).toHaveLength(5);
    expect(idsOf(await mine({ q: "phuong trinh" }))).toEqual(phuongTrinh);
    expect(idsOf(await mine({ q: "PHUONG TRINH" }))).toEqual(phuongTrinh);
    expect(idsOf(await mine({ q: "phương trình", type: "single_choice", topic: topics.first }))).toEqual(
      expectedIds(
        (item) => /phương trình/i.test(item.stem) && item.type === "single_choice" && item.topicIds.includes(topics.first),
      ),
    );
    expect((await mine({ q: "không có câu nào như thế" })).total).toBe(0);

    const summary = (await mine({ q: "Tập hợp A = {1; 2; 3}" })).items[0];
    expect(summary).toEqual({
      id: made[3]!.id,
      type: "single_choice",
      stemText: "Tập hợp A = {1; 2; 3} có bao nhiêu tập con?",
      subject: "TOAN",
      grade: 10,
      topicIds: [topics.second],
      level: "biet",
      difficulty: 3,
      tags: [],
      status: "published",
      scope: "school",
      version: 1,
      mine: true,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("pages through everything once, newest first", async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => list(people.lister, { owner: "mine", pageSize: 5, page })));
    expect(pages.map((page) => page.items.length)).toEqual([5, 5, 2]);
    expect(pages.every((page) => page.total === made.length && page.pageSize === 5)).toBe(true);
    expect(pages.map((page) => page.page)).toEqual([1, 2, 3]);
    const seen = pages.flatMap((page) => page.items.map((item) => item.id));
    expect(new Set(seen).size).toBe(made.length);
    expect([...seen].sort()).toEqual(expectedIds(() => true));
    const times = pages.flatMap((page) => page.items.map((item) => item.updatedAt));
    expect(times).toEqual([...times].sort().reverse());
    expect((await list(people.lister, { owner: "mine", pageSize: 5, page: 4 })).items).toEqual([]);
  });

  it("counts the filtered questions per topic × level, a question with two topics under each", async () => {
    const expected = (keep: (item: Made) => boolean) => {
      const counts = new Map<string, number>();
      for (const item of made.filter(keep))
        for (const topicId of item.topicIds.length > 0 ? item.topicIds : [null]) {
          const key = JSON.stringify([topicId, item.level]);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      return [...counts].map(([key, count]) => {
        const [topicId, level] = JSON.parse(key) as [string | null, CognitiveLevel];
        return { topicId, level, count };
      });
    };
    const sorted = <T extends { topicId: string | null; level: string }>(cells: T[]) =>
      [...cells].sort((left, right) => `${left.topicId}|${left.level}`.localeCompare(`${right.topicId}|${right.level}`));
    const all = await list(people.lister, { owner: "mine", pageSize: 1 });
    expect(sorted(all.matrix)).toEqual(sorted(expected(() => true)));
    const toan10 = await list(people.lister, { owner: "mine", subject: "TOAN", grade: 10, pageSize: 1 });
    expect(sorted(toan10.matrix)).toEqual(sorted(expected((item) => item.subject === "TOAN" && item.grade === 10)));
    expect(toan10.matrix).toContainEqual({ topicId: topics.first, level: "biet", count: 2 });
    expect(toan10.matrix).toContainEqual({ topicId: topics.second, level: "van_dung", count: 1 });
  });

  it("shows a colleague only the shared question in the bank, and only their own under «mine»", async () => {
    const bank = await list(people.colleague, { q: "", pageSize: 100 });
    const madeIds = new Set(made.map((item) => item.id));
    expect(bank.items.filter((item) => madeIds.has(item.id)).map((item) => [item.id, item.mine])).toEqual([[made[3]!.id, false]]);
    const mine = await list(people.colleague, { owner: "mine", pageSize: 100 });
    expect(mine.items.every((item) => item.mine)).toBe(true);
    expect(mine.items.some((item) => madeIds.has(item.id))).toBe(false);
  });
});

// ---- Permissions -------------------------------------------------------------------------------------

describe("who sees and changes what", () => {
  const marker = "Câu hỏi riêng của trường QA";
  const ids = { draft: "", shared: "", district: "", colleagueDraft: "", schoolB: "" };

  beforeAll(async () => {
    ids.draft = await create(people.author, choice(`${marker}: bản nháp`));
    ids.shared = await create(people.author, choice(`${marker}: dùng chung trong trường`));
    await approveInDatabase(ids.shared, "school");
    ids.district = await create(people.author, choice(`${marker}: dùng chung trong phòng`));
    await approveInDatabase(ids.district, "district");
    ids.colleagueDraft = await create(people.colleague, choice(`${marker}: bản nháp của đồng nghiệp`));
    ids.schoolB = await create(people.teacherB, choice("Câu hỏi của trường QB"));
  });

  it("never shows a teacher of another school school A's drafts or school-scope questions", async () => {
    const found = async (actor: Actor) => idsOfList(await list(actor, { q: marker, pageSize: 100 }));
    expect(await found(people.author)).toEqual([ids.draft, ids.shared, ids.district].sort());
    expect(await found(people.colleague)).toEqual([ids.shared, ids.district, ids.colleagueDraft].sort());
    // School B is in the same district: it sees the district-scope question only; a school of another district nothing.
    expect(await found(people.teacherB)).toEqual([ids.district]);
    expect(await found(people.farAway)).toEqual([]);
    for (const id of [ids.draft, ids.shared, ids.colleagueDraft]) expect(await getQuestion(people.teacherB, id)).toBeNull();
    expect(await getQuestion(people.teacherB, ids.district)).toMatchObject({ status: "published", mayEdit: false });
    expect(await getQuestion(people.colleague, ids.draft)).toBeNull();

    expect(await exportQuestions(people.teacherB, [ids.draft, ids.shared], "gift", true)).toEqual({
      ok: false,
      status: 404,
      reason: "Không có câu hỏi nào để xuất.",
    });
    expect(
      await bulkQuestionAction(people.teacherB, { action: "set_metadata", ids: [ids.draft, ids.shared], difficulty: 5 }),
    ).toEqual({
      changed: 0,
      refused: 2,
    });
    expect(await bulkQuestionAction(people.teacherB, { action: "delete", ids: [ids.draft, ids.shared] })).toEqual({
      changed: 0,
      refused: 2,
    });
    expect(await getQuestion(people.author, ids.draft)).toMatchObject({ difficulty: 3 });

    // The same through the API.
    const read = await callApi(apiQuestion.loader, people.teacherB, `/api/v1/questions/${ids.shared}`, {
      params: { questionId: ids.shared },
    });
    expect(read.status).toBe(404);
    const listed = await callApi(apiQuestions.loader, people.teacherB, `/api/v1/questions?q=${encodeURIComponent(marker)}`);
    expect(((await listed.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([ids.district]);
    const exported = await callApi(
      apiExport.loader,
      people.teacherB,
      `/api/v1/questions/export?format=gift&ids=${ids.draft},${ids.shared}`,
    );
    expect(exported.status).toBe(404);
    expect(await exported.json()).toMatchObject({ detail: "Không có câu hỏi nào để xuất." });
    const bulk = await callApi(apiBulk.action, people.teacherB, "/api/v1/questions/bulk", {
      method: "POST",
      json: { action: "delete", ids: [ids.draft, ids.shared] },
    });
    expect(await bulk.json()).toEqual({ changed: 0, refused: 2 });
    const deleted = await callApi(apiQuestion.action, people.teacherB, `/api/v1/questions/${ids.draft}`, {
      method: "DELETE",
      params: { questionId: ids.draft },
    });
    expect(deleted.status).toBe(404);
  });

  it("gives a student nothing: 403 to write, empty lists and 404 to read", async () => {
    expect(await createQuestion(people.student, draftOf(choice("Câu hỏi của học sinh")))).toEqual({
      ok: false,
      status: 403,
      reason: "Chỉ giáo viên của trường mới tạo được câu hỏi.",
    });
    expect(await list(people.student, { pageSize: 100 })).toMatchObject({ items: [], total: 0, matrix: [] });
    expect(await getQuestion(people.student, ids.shared)).toBeNull();
    expect(await readQuestionFile(people.student, { format: "gift", fileName: "a.gift", data: GIFT_FIXTURE })).toEqual({
      ok: false,
      status: 403,
      reason: "Chỉ giáo viên mới nhập được câu hỏi.",
    });
    const posted = await callApi(apiQuestions.action, people.student, "/api/v1/questions", {
      method: "POST",
      json: { question: { ...choice("Câu hỏi của học sinh"), subject: "TOAN", grade: 10, level: "biet" } },
    });
    expect(posted.status).toBe(403);
    expect(await posted.json()).toMatchObject({ detail: "Chỉ giáo viên của trường mới tạo được câu hỏi." });
    const listed = await callApi(apiQuestions.loader, people.student, "/api/v1/questions");
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ items: [], total: 0 });
    const read = await callApi(apiQuestion.loader, people.student, `/api/v1/questions/${ids.shared}`, {
      params: { questionId: ids.shared },
    });
    expect(read.status).toBe(404);
    const imported = await callApi(apiImports.action, people.student, "/api/v1/questions/imports", {
      method: "POST",
      form: questionFileForm("gift", { name: "a.gift", data: GIFT_FIXTURE }),
    });
    expect(imported.status).toBe(403);
  });

  it("changes metadata in bulk only on the caller's editable questions and counts the rest as refused", async () => {
    const own = await create(people.author, { ...choice(`${marker}: sửa hàng loạt`), tags: ["cũ"] });
    const result = await bulkQuestionAction(people.author, {
      action: "set_metadata",
      ids: [own, ids.shared, ids.colleagueDraft, ids.schoolB],
      topicIds: [topics.second],
      level: "van_dung",
      difficulty: 5,
      addTags: ["ôn tập", "cũ"],
    });
    // The approved question's latest version is not editable; the others are not the author's.
    expect(result).toEqual({ changed: 1, refused: 3 });
    expect(await getQuestion(people.author, own)).toMatchObject({
      topicIds: [topics.second],
      level: "van_dung",
      difficulty: 5,
      tags: ["cũ", "ôn tập"],
      version: 1,
    });
    const listed = (await list(people.author, { q: `${marker}: sửa hàng loạt` })).items[0];
    expect(listed).toMatchObject({ topicIds: [topics.second], level: "van_dung", difficulty: 5, tags: ["cũ", "ôn tập"] });
    expect(await getQuestion(people.author, ids.shared)).toMatchObject({ level: "biet", difficulty: 3, topicIds: [] });
    expect(await getQuestion(people.colleague, ids.colleagueDraft)).toMatchObject({ level: "biet", difficulty: 3 });
    expect(await getQuestion(people.teacherB, ids.schoolB)).toMatchObject({ level: "biet", difficulty: 3 });

    // A topic of another grade is refused for that question, not forced on it.
    expect(await bulkQuestionAction(people.author, { action: "set_metadata", ids: [own], topicIds: [topics.grade11] })).toEqual({
      changed: 0,
      refused: 1,
    });
    expect(await getQuestion(people.author, own)).toMatchObject({ topicIds: [topics.second] });

    const response = await callApi(apiBulk.action, people.author, "/api/v1/questions/bulk", {
      method: "POST",
      json: { action: "set_metadata", ids: [own, ids.colleagueDraft], difficulty: 2 },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ changed: 1, refused: 1 });
  });

  it("deletes in bulk only the caller's questions that were never approved", async () => {
    const drafts = [
      await create(people.author, choice(`${marker}: xoá 1`)),
      await create(people.author, choice(`${marker}: xoá 2`)),
    ];
    const approvedThenEdited = await create(people.author, choice(`${marker}: đã duyệt rồi sửa`));
    await approveInDatabase(approvedThenEdited);
    expect(await updateQuestion(people.author, approvedThenEdited, draftOf(choice(`${marker}: đã duyệt, bản 2`)))).toMatchObject({
      ok: true,
      value: { version: 2 },
    });
    expect(
      await bulkQuestionAction(people.author, {
        action: "delete",
        ids: [...drafts, ids.shared, approvedThenEdited, ids.colleagueDraft, ids.schoolB],
      }),
    ).toEqual({ changed: 2, refused: 4 });
    for (const id of drafts) expect(await getQuestion(people.author, id)).toBeNull();
    expect(await getQuestion(people.author, ids.shared)).not.toBeNull();
    expect(await getQuestion(people.author, approvedThenEdited)).not.toBeNull();
    expect(await getQuestion(people.colleague, ids.colleagueDraft)).not.toBeNull();
    expect(idsOfList(await list(people.author, { q: `${marker}: xoá` }))).toEqual([]);

    // One at a time through the API: 403 with the reason for an approved question, 204 for a draft.
    const approvedResponse = await callApi(apiQuestion.action, people.author, `/api/v1/questions/${ids.shared}`, {
      method: "DELETE",
      params: { questionId: ids.shared },
    });
    expect(approvedResponse.status).toBe(403);
    expect(await approvedResponse.json()).toMatchObject({ detail: "Chỉ xoá được câu hỏi của mình chưa từng được duyệt." });
    const draft = await create(people.author, choice(`${marker}: xoá qua API`));
    const draftResponse = await callApi(apiQuestion.action, people.author, `/api/v1/questions/${draft}`, {
      method: "DELETE",
      params: { questionId: draft },
    });
    expect(draftResponse.status).toBe(204);
    expect(await getQuestion(people.author, draft)).toBeNull();
    // A deleted stem no longer counts as a duplicate.
    expect(await createQuestion(people.author, draftOf(choice(`${marker}: xoá qua API`)))).toMatchObject({ ok: true });
  });
});

// ---- Import ---------------------------------------------------------------------------------------------

describe("importing question files", () => {
  /** A file read in the request (small files are): its result is there at once. */
  const read = async (actor: Actor, format: ImportFormat, fileName: string, data: Uint8Array) => {
    const result = await readQuestionFile(actor, { format, fileName, data });
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.status).toBe("parsed");
    return { ...result.value, result: result.value.result! };
  };
  const choose = (input: Record<string, unknown> = {}) =>
    confirmImportSchema.parse({ subject: "TOAN", grade: 10, level: "hieu", ...input });
  const schoolCount = () => Question.countDocuments({ ownerOrganisationId: people.importer.organisationId });

  it("reads the Word acceptance file without importing anything, storing its image where /media/<id> finds it", async () => {
    const view = await read(people.importer, "docx", "de-minh-hoa.docx", await buildAcceptanceDocx());
    expect(view).toMatchObject({ fileName: "de-minh-hoa.docx", status: "parsed", importedIds: [] });
    expect(view.result.format).toBe("docx");
    expect(view.result.warnings).toEqual([]);
    expect(view.result.items).toHaveLength(31);
    const good = view.result.items.filter((item) => item.content && item.problems.length === 0);
    expect(good).toHaveLength(30);
    const broken = view.result.items.filter((item) => item.problems.length > 0);
    expect(broken).toEqual([
      expect.objectContaining({
        index: 7,
        label: ACCEPTANCE_BROKEN_LABEL,
        content: null,
        sourceText: "Câu 7. Thủ đô của Việt Nam là\nA. Hà Nội\nB. Huế\nC. Đà Nẵng\nD. TP. Hồ Chí Minh",
        problems: ["Câu 7: không tìm thấy đáp án đúng (gạch chân, in đậm, tô đỏ, dấu * hoặc bảng đáp án)."],
      }),
    ]);

    const sources = imageSources(view.result.items);
    expect(sources).toHaveLength(1);
    const uploadId = /^\/media\/([a-f0-9]{24})$/.exec(sources[0]!)?.[1];
    expect(uploadId).toBeDefined();
    const key = await lectureImageKey(uploadId!);
    expect(key).toMatch(new RegExp(`^orgs/${people.importer.organisationId}/question-imports/${view.id}/`));
    expect(await headObject(key!)).toEqual({ size: PNG_PIXELS.length, contentType: "image/png" });
    expect(imageSources(view.result.items.find((item) => item.label === "Câu 6"))).toEqual(sources);
    expect(await Upload.findById(uploadId).lean()).toMatchObject({
      fileName: ACCEPTANCE_IMAGE_FILE,
      purpose: "lecture_image",
      state: "attached",
      mimeType: "image/png",
      createdBy: expect.anything(),
    });

    expect(await schoolCount()).toBe(0);
    expect(await getImport(people.importer, view.id)).toEqual(view);
    expect(await getImport(people.farAway, view.id)).toBeNull();
  });

  it("imports the 30 good items once, refuses the broken one, and finds all 30 again as duplicates", async () => {
    const data = await buildAcceptanceDocx();
    const view = await read(people.importer, "docx", "de-minh-hoa.docx", data);
    const before = await schoolCount();
    // Someone else cannot confirm it.
    expect(await confirmImport(people.farAway, view.id, choose())).toMatchObject({ ok: false, status: 404 });

    // Confirmed twice at once (a double click): the file is imported once.
    const both = await Promise.all([
      confirmImport(people.importer, view.id, choose({ topicIds: [topics.first] })),
      confirmImport(people.importer, view.id, choose({ topicIds: [topics.first] })),
    ]);
    expect(both.filter((result) => !result.ok)).toEqual([{ ok: false, status: 409, reason: "Tệp này đã được nhập." }]);
    const confirmed = both.find((result) => result.ok);
    if (!confirmed?.ok) throw new Error("not imported");
    expect(confirmed.value.created).toHaveLength(30);
    expect(confirmed.value.duplicates).toEqual([]);
    expect(confirmed.value.refused).toEqual([
      {
        index: 7,
        label: ACCEPTANCE_BROKEN_LABEL,
        reason: "Câu 7: không tìm thấy đáp án đúng (gạch chân, in đậm, tô đỏ, dấu * hoặc bảng đáp án).",
      },
    ]);
    expect(await schoolCount()).toBe(before + 30);
    const labelOf = new Map(view.result.items.map((item) => [item.index, item]));
    for (const { index, id } of confirmed.value.created) {
      const item = labelOf.get(index)!;
      const question = await getQuestion(people.importer, id);
      expect(contentOfView(question), item.label).toEqual(item.content);
      expect(question).toMatchObject({
        subject: "TOAN",
        grade: 10,
        topicIds: [topics.first],
        level: item.level ?? "hieu",
        source: "de-minh-hoa.docx",
        status: "draft",
        scope: "private",
      });
    }
    const first = confirmed.value.created.find((entry) => entry.index === 1)!;
    expect(await getQuestion(people.importer, first.id)).toMatchObject({ level: "nhan_biet" });
    const stored = await Question.findById(first.id).lean();
    expect(stored?.importedFrom).toEqual({ importId: expect.anything(), label: "Câu 1" });
    expect(String(stored?.importedFrom?.importId)).toBe(view.id);
    expect(await getImport(people.importer, view.id)).toMatchObject({
      status: "imported",
      importedIds: confirmed.value.created.map((entry) => entry.id),
    });

    expect(await confirmImport(people.importer, view.id, choose())).toEqual({
      ok: false,
      status: 409,
      reason: "Tệp này đã được nhập.",
    });
    expect(await schoolCount()).toBe(before + 30);

    const again = await read(people.importer, "docx", "de-minh-hoa (1).docx", data);
    const second = await confirmImport(people.importer, again.id, choose());
    if (!second.ok) throw new Error(second.reason);
    expect(second.value.created).toEqual([]);
    expect(second.value.duplicates).toHaveLength(30);
    expect(second.value.duplicates.every((entry) => entry.reason.startsWith("Trường đã có câu hỏi cùng nội dung: «"))).toBe(true);
    expect(second.value.refused.map((entry) => entry.label)).toEqual([ACCEPTANCE_BROKEN_LABEL]);
    expect(await schoolCount()).toBe(before + 30);
  });

  it("has the worker read a large file: stored first, announced through the outbox, then read with progress", async () => {
    const data = await buildAcceptanceDocx();
    // Every file counts as large here, so the worker's path is taken.
    const stored = await readQuestionFile(people.importer, { format: "docx", fileName: "lon.docx", data }, { inWorkerAbove: 0 });
    if (!stored.ok) throw new Error(stored.reason);
    expect(stored.value).toMatchObject({ status: "reading", result: null, progress: { imagesStored: 0 } });
    const record = await QuestionImport.findById(stored.value.id).lean<QuestionImportDoc>();
    expect(record!.outbox.map((event) => [event.topic, event.payload])).toEqual([
      [IMPORT_STORED_TOPIC, { importId: stored.value.id }],
    ]);
    expect(await headObject(record!.storageKey!)).toMatchObject({ size: data.byteLength });
    expect(await confirmImport(people.importer, stored.value.id, choose())).toMatchObject({ ok: false, status: 409 });

    await readStoredImport(stored.value.id);
    await readStoredImport(stored.value.id); // a retried job changes nothing
    const view = await getImport(people.importer, stored.value.id);
    expect(view).toMatchObject({ status: "parsed", progress: { imagesStored: 1 } });
    expect(view!.result!.items).toHaveLength(31);
    expect(await headObject(record!.storageKey!)).toBeNull();
  });

  it("removes imports nobody confirmed within a week, with their images, and keeps confirmed ones", async () => {
    const forgotten = await read(people.importer, "moodle_xml", "quen.xml", MOODLE_FIXTURE);
    const [src] = imageSources(forgotten.result.items[0]);
    const key = await lectureImageKey(src!.slice("/media/".length));
    expect(await headObject(key!)).not.toBeNull();
    const weekAgo = new Date(Date.now() - 8 * 24 * 60 * 60_000);
    await QuestionImport.collection.updateOne({ _id: new Types.ObjectId(forgotten.id) }, { $set: { createdAt: weekAgo } });
    const recent = await read(people.importer, "gift", "moi.gift", Buffer.from("::Mới:: 1 + 1 = {#2}"));

    expect(await sweepStaleImports()).toBeGreaterThanOrEqual(1);
    expect(await getImport(people.importer, forgotten.id)).toBeNull();
    expect(await headObject(key!)).toBeNull();
    expect(await lectureImageKey(src!.slice("/media/".length))).toBeNull();
    expect(await getImport(people.importer, recent.id)).toMatchObject({ status: "parsed" });
  });

  it("lets the teacher retry after a classification the whole file cannot take", async () => {
    const view = await read(people.importer, "moodle_xml", "moodle-toan-10.xml", MOODLE_FIXTURE);
    expect(await confirmImport(people.importer, view.id, choose({ subject: "THIEN_VAN" }))).toEqual({
      ok: false,
      status: 422,
      reason: "Môn học không có trong danh mục.",
    });
    expect(await getImport(people.importer, view.id)).toMatchObject({ status: "parsed", importedIds: [] });
    expect(await confirmImport(people.importer, view.id, choose({ topicIds: [topics.grade11] }))).toMatchObject({
      ok: false,
      status: 422,
      reason: "Có chủ đề không thuộc môn và khối lớp đã chọn.",
    });

    // Moodle categories become tags, and a category mapped to a topic files its items there (the others keep the
    // common topics); types the bank cannot hold are listed, never silently dropped.
    expect(view.result.unsupported.map(({ label, type }) => ({ label, type }))).toEqual([
      { label: "Diện tích hình chữ nhật (ngẫu nhiên)", type: "calculated" },
      { label: "Đọc đoạn văn sau", type: "description" },
    ]);
    const confirmed = await confirmImport(
      people.importer,
      view.id,
      choose({ level: "biet", topicIds: [topics.second], categoryTopics: { "Toán 10 / Hàm số bậc hai": topics.first } }),
    );
    if (!confirmed.ok) throw new Error(confirmed.reason);
    expect(confirmed.value.refused).toEqual([
      { index: 9, label: "Đơn vị đo lực", reason: "Không có phương án đúng (phương án được 100% điểm)." },
    ]);
    expect(confirmed.value.duplicates).toEqual([]);
    const tagsByLabel = Object.fromEntries(
      await Promise.all(
        confirmed.value.created.map(async ({ index, id }) => [
          view.result.items[index - 1]!.label,
          (await getQuestion(people.importer, id))!.tags,
        ]),
      ),
    );
    expect(tagsByLabel).toEqual({
      "Đỉnh parabol": ["Toán 10 / Hàm số bậc hai"],
      "Nhận biết hàm số bậc hai": ["Toán 10 / Hàm số bậc hai"],
      "Trục đối xứng": ["Toán 10 / Hàm số bậc hai"],
      "Nghiệm phương trình bậc nhất": ["Toán 10 / Hàm số bậc hai"],
      "Tinh thần tự học": ["Ngữ văn 10 / Nghị luận xã hội"],
      "Cảm nhận bài thơ": ["Ngữ văn 10 / Nghị luận xã hội"],
      "Kí hiệu hoá học của sắt": ["Khoa học tự nhiên"],
      "Ghép nhà khoa học": ["Khoa học tự nhiên"],
    });
    const topicsByLabel = Object.fromEntries(
      await Promise.all(
        confirmed.value.created.map(async ({ index, id }) => [
          view.result.items[index - 1]!.label,
          (await getQuestion(people.importer, id))!.topicIds,
        ]),
      ),
    );
    expect(topicsByLabel["Đỉnh parabol"]).toEqual([topics.first]);
    expect(topicsByLabel["Trục đối xứng"]).toEqual([topics.first]);
    expect(topicsByLabel["Tinh thần tự học"]).toEqual([topics.second]);
    // The embedded image of «Đỉnh parabol» was stored.
    const [src] = imageSources(view.result.items[0]);
    const key = await lectureImageKey(src!.slice("/media/".length));
    expect(await headObject(key!)).toMatchObject({ contentType: "image/png" });
  });

  it("reads, shows and confirms a GIFT file through the API", async () => {
    const posted = await callApi(apiImports.action, people.importer, "/api/v1/questions/imports", {
      method: "POST",
      form: questionFileForm("gift", { name: "toan-10.gift.txt", data: GIFT_FIXTURE }),
    });
    expect(posted.status).toBe(201);
    const view = (await posted.json()) as { id: string; fileName: string; status: string; result: { items: unknown[] } };
    expect(view).toMatchObject({ fileName: "toan-10.gift.txt", status: "parsed" });
    expect(view.result.items.length).toBeGreaterThan(0);

    const shown = await callApi(apiImport.loader, people.importer, `/api/v1/questions/imports/${view.id}`, {
      params: { importId: view.id },
    });
    expect(shown.status).toBe(200);
    expect(await shown.json()).toEqual(view);
    const shownToOther = await callApi(apiImport.loader, people.farAway, `/api/v1/questions/imports/${view.id}`, {
      params: { importId: view.id },
    });
    expect(shownToOther.status).toBe(404);

    const confirm = () =>
      callApi(apiConfirm.action, people.importer, `/api/v1/questions/imports/${view.id}/confirm`, {
        method: "POST",
        params: { importId: view.id },
        json: { subject: "TOAN", grade: 10, level: "biet" },
      });
    const confirmed = await confirm();
    expect(confirmed.status).toBe(201);
    const outcome = (await confirmed.json()) as Record<"created" | "duplicates" | "refused", { index: number; label?: string }[]>;
    expect(outcome.created.length + outcome.duplicates.length + outcome.refused.length).toBe(view.result.items.length);
    // «Đỉnh parabol» came in from the Moodle file already: the same stem in another format is a duplicate.
    expect(outcome.duplicates.map((entry) => entry.label)).toContain("Đỉnh parabol");
    const twice = await confirm();
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ status: 409, detail: "Tệp này đã được nhập." });
  });

  it("answers 400 with a Vietnamese detail for a missing file, a wrong format or a wrong confirmation", async () => {
    const post = (form: FormData) =>
      callApi(apiImports.action, people.importer, "/api/v1/questions/imports", { method: "POST", form });
    const noFile = await post(questionFileForm("docx", null));
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ status: 400, detail: "Hãy chọn tệp câu hỏi." });
    const emptyFile = await post(questionFileForm("docx", { name: "rong.docx", data: new Uint8Array() }));
    expect(await emptyFile.json()).toMatchObject({ status: 400, detail: "Hãy chọn tệp câu hỏi." });
    for (const format of ["pdf", null]) {
      const wrongFormat = await post(questionFileForm(format, { name: "de.pdf", data: GIFT_FIXTURE }));
      expect(wrongFormat.status).toBe(400);
      expect(await wrongFormat.json()).toMatchObject({
        status: 400,
        detail: "Hãy chọn định dạng tệp: Word, Moodle XML, GIFT hoặc QTI.",
      });
    }
    const view = await read(people.importer, "gift", "a.gift", GIFT_FIXTURE);
    const confirm = await callApi(apiConfirm.action, people.importer, `/api/v1/questions/imports/${view.id}/confirm`, {
      method: "POST",
      params: { importId: view.id },
      json: { subject: "", grade: 10, level: "biet" },
    });
    expect(confirm.status).toBe(400);
    expect(await confirm.json()).toMatchObject({
      detail: "Dữ liệu gửi lên không hợp lệ.",
      errors: [{ path: "subject", message: "Hãy chọn môn học." }],
    });
  });
});

/**
 * One question of every format as the Word convention writes it (canonical LaTeX without spaces, option ids
 * A–D, statements a–d, default scoring, sized images), in the order of the Word file's sections: what a Word
 * round trip must give back unchanged. Word has no place for option ids, scoring modes or "do not shuffle".
 */
function wordQuestions(imageSrc: string): ContentInput[] {
  const doc = (...content: RichText["content"]): RichText => ({ type: "doc", content });
  const math = (latex: string) => ({ type: "inlineMath" as const, attrs: { latex } });
  const text = (value: string) => ({ type: "text" as const, text: value });
  const line = (...content: ReturnType<typeof math | typeof text>[]) => doc({ type: "paragraph", content });
  const levels: CognitiveLevel[] = [
    "nhan_biet",
    "thong_hieu",
    "van_dung",
    "van_dung_cao",
    "biet",
    "hieu",
    "van_dung",
    "biet",
    "hieu",
  ];
  const questions: ContentInput[] = [
    {
      stem: doc(
        { type: "paragraph", content: [text("Cho tam giác "), math("ABC"), text(" vuông tại "), math("A"), text(" như hình.")] },
        { type: "image", attrs: { src: imageSrc, alt: "Tam giác ABC", width: 40, height: 30 } },
        { type: "paragraph", content: [text("Biết "), math("AB=3,AC=4"), text(". Cạnh huyền bằng")] },
      ),
      body: {
        type: "single_choice",
        options: [
          { id: "A", content: line(math("5")) },
          { id: "B", content: line(math("\\sqrt{7}")) },
          { id: "C", content: line(math("7")) },
          { id: "D", content: line(math("\\frac{12}{5}")) },
        ],
        correctOptionId: "A",
      },
      solution: doc({ type: "blockMath", attrs: { latex: "BC=\\sqrt{AB^2+AC^2}=5" } }),
    },
    {
      stem: line(text("Cho hàm số "), math("g(x)=x^3-3x"), text(". Xét tính đúng sai của các mệnh đề sau:")),
      body: {
        type: "true_false_group",
        statements: [
          { id: "a", content: line(math("g'(x)=3x^2-3")), correct: true },
          { id: "b", content: plainRichText("Hàm số g đồng biến trên khoảng (−1; 1)."), correct: false },
          { id: "c", content: line(text("Hàm số g đạt cực đại tại "), math("x=-1")), correct: true },
          { id: "d", content: line(math("g(2)=4")), correct: false },
        ],
      },
    },
    {
      stem: line(text("Tìm "), math("x"), text(" biết "), math("\\frac{2x+3}{2}=0"), text(".")),
      body: { type: "short_answer", answer: { kind: "numeric", value: "-1,5", tolerance: 0 } },
      solution: line(math("2x+3=0\\Leftrightarrow x=-1{,}5")),
    },
    {
      stem: plainRichText("Thành phố nào là thủ đô của Việt Nam?"),
      body: { type: "short_answer", answer: { kind: "text", accepted: ["Hà Nội", "TP Hà Nội"], caseSensitive: true } },
    },
    {
      stem: doc(
        { type: "paragraph", content: [text("Giải hệ phương trình")] },
        { type: "blockMath", attrs: { latex: "\\begin{cases}x+y=5\\\\x-y=1\\end{cases}" } },
      ),
      body: {
        type: "essay",
        rubric: [
          { criterion: "Biến đổi đúng", weight: 0.6, description: "Cộng hai phương trình" },
          { criterion: "Kết luận", weight: 0.4, description: "" },
        ],
      },
    },
    {
      stem: plainRichText("Trong các số sau, những số nào là số nguyên tố?"),
      body: {
        type: "multiple_response",
        options: [
          { id: "A", content: plainRichText("3"), correct: true },
          { id: "B", content: plainRichText("6"), correct: false },
          { id: "C", content: plainRichText("7"), correct: true },
          { id: "D", content: plainRichText("15"), correct: false },
        ],
      },
    },
    {
      stem: plainRichText("Sắp xếp các số sau theo thứ tự tăng dần."),
      body: {
        type: "ordering",
        items: [
          { id: "A", content: line(math("-3")) },
          { id: "B", content: line(math("\\frac{1}{3}")) },
          { id: "C", content: line(math("\\sqrt{3}")) },
        ],
      },
    },
    {
      stem: plainRichText("Ghép mỗi quốc gia với thủ đô của nó."),
      body: {
        type: "matching",
        premises: [
          { id: "1", content: plainRichText("Lào") },
          { id: "2", content: plainRichText("Thái Lan") },
        ],
        responses: [
          { id: "A", content: plainRichText("Bangkok") },
          { id: "B", content: plainRichText("Viêng Chăn") },
          { id: "C", content: plainRichText("Phnôm Pênh") },
        ],
        pairs: [
          { premiseId: "1", responseId: "B" },
          { premiseId: "2", responseId: "A" },
        ],
      },
    },
    {
      stem: plainRichText("Dãy núi dài nhất Việt Nam là dãy [[1]]."),
      body: { type: "cloze", gaps: [{ key: "1", accepted: ["Trường Sơn"] }] },
    },
  ];
  return questions.map((question, index) => ({ ...question, level: levels[index]! }));
}

// ---- Export ---------------------------------------------------------------------------------------------

describe("exporting questions", () => {
  /** A real uploaded image: the one of the Moodle fixture, as an import stores it. */
  let imageSrc = "";
  const ids: string[] = [];
  const byType = new Map<string, string>();
  let otherSchool = "";
  /** Questions written as the Word convention writes them (see wordQuestions), in the order of its sections. */
  const wordIds: string[] = [];

  beforeAll(async () => {
    const read = await readQuestionFile(people.exporter, {
      format: "moodle_xml",
      fileName: "anh.xml",
      data: MOODLE_FIXTURE,
    });
    if (!read.ok) throw new Error(read.reason);
    imageSrc = imageSources(read.value.result!.items[0])[0]!;
    for (const sample of sampleQuestions()) {
      const content = JSON.parse(
        JSON.stringify(contentOf(sample)).replaceAll("/media/665f1c2ab3d4e5f601234567", imageSrc),
      ) as ContentInput;
      const id = await create(people.exporter, content);
      ids.push(id);
      if (!byType.has(sample.body.type)) byType.set(sample.body.type, id);
    }
    otherSchool = await create(people.teacherB, choice("Câu hỏi riêng của trường QB để xuất"));
    for (const question of wordQuestions(imageSrc)) wordIds.push(await create(people.exporter, question));
  });

  /** Stores nothing: gives back the address of the image the exported file carried, after checking its bytes. */
  const sameImage: StoreImage = async (image) => {
    expect(image.contentType).toBe("image/png");
    return imageSrc;
  };
  const contentsOf = async (questionIds: string[]) =>
    Promise.all(questionIds.map(async (id) => contentOfView(await getQuestion(people.exporter, id))));

  it("writes Moodle XML that reads back as the same questions, through the API", async () => {
    const response = await callApi(
      apiExport.loader,
      people.exporter,
      `/api/v1/questions/export?format=moodle_xml&ids=${ids.join(",")}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="cau-hoi-\d{4}-\d\d-\d\d\.xml"$/);
    const parsed = await parseMoodleXml(await response.text(), { storeImage: sameImage });
    expect(parsed.unsupported).toEqual([]);
    expect(parsed.items.map((item) => item.problems)).toEqual(ids.map(() => []));
    expect(parsed.items.map((item) => item.label)).toEqual(ids.map((_, index) => `Câu ${index + 1}`));
    expect(parsed.items.map((item) => item.content)).toEqual(await contentsOf(ids));
  });

  it("writes a Word file that reads back as the same questions, with or without the answers", async () => {
    const exported = await exportQuestions(people.exporter, wordIds, "docx", true);
    if (!exported.ok) throw new Error(exported.reason);
    expect(exported.value.fileName).toMatch(/^cau-hoi-\d{4}-\d\d-\d\d\.docx$/);
    const parsed = await parseQuestionDocx(exported.value.body as Uint8Array, { storeImage: sameImage });
    expect(parsed.warnings).toEqual([]);
    expect(parsed.items.map((item) => item.problems)).toEqual(wordIds.map(() => []));
    expect(parsed.items.map((item) => item.content)).toEqual(await contentsOf(wordIds));

    const response = await callApi(
      apiExport.loader,
      people.exporter,
      `/api/v1/questions/export?format=docx&answers=false&ids=${wordIds[0]}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const withoutAnswers = await parseQuestionDocx(new Uint8Array(await response.arrayBuffer()), { storeImage: sameImage });
    expect(withoutAnswers.items).toHaveLength(1);
    expect(withoutAnswers.items[0]!.content).toBeNull();
  });

  // BUG (app/domain/questions/import-export.server.ts, exportQuestions): the Word exporter writes each question's
  // level as "(NB)", "(TH)"… and the importer reads it back, but exportQuestions never passes `level`, so a bank
  // exported to Word and imported again loses every cognitive level. Expected: `level: version.level` for docx.
  it("keeps each question's cognitive level in the Word file", async () => {
    const exported = await exportQuestions(people.exporter, wordIds, "docx", true);
    if (!exported.ok) throw new Error(exported.reason);
    const parsed = await parseQuestionDocx(exported.value.body as Uint8Array, { storeImage: sameImage });
    const levels = await Promise.all(wordIds.map(async (id) => (await getQuestion(people.exporter, id))!.level));
    expect(parsed.items.map((item) => item.level)).toEqual(levels);
  });

  it("writes GIFT and QTI that read back as the same single-choice and short-answer questions", async () => {
    const chosen = [
      byType.get("single_choice")!,
      ...ids.filter((id, index) => sampleQuestions()[index]!.body.type === "short_answer"),
    ];
    expect(chosen).toHaveLength(3);
    const expected = await contentsOf(chosen);

    const gift = await callApi(apiExport.loader, people.exporter, `/api/v1/questions/export?format=gift&ids=${chosen.join(",")}`);
    expect(gift.status).toBe(200);
    expect(gift.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(gift.headers.get("content-disposition")).toMatch(/\.gift\.txt"$/);
    const fromGift = await parseGift(await gift.text(), { storeImage: sameImage });
    expect(fromGift.items.map((item) => item.problems)).toEqual(chosen.map(() => []));
    expect(fromGift.items.map((item) => item.content)).toEqual(expected);

    const qti = await callApi(apiExport.loader, people.exporter, `/api/v1/questions/export?format=qti&ids=${chosen.join(",")}`);
    expect(qti.status).toBe(200);
    expect(qti.headers.get("content-type")).toBe("application/zip");
    const fromQti = await parseQtiPackage(new Uint8Array(await qti.arrayBuffer()), { storeImage: sameImage });
    expect(fromQti.items.map((item) => item.problems)).toEqual(chosen.map(() => []));
    expect(fromQti.items.map((item) => item.content)).toEqual(expected);

    // QTI holds every format.
    const everything = await exportQuestions(people.exporter, ids, "qti", true);
    if (!everything.ok) throw new Error(everything.reason);
    const all = await parseQtiPackage(everything.value.body as Uint8Array, { storeImage: sameImage });
    expect(all.items.map((item) => item.content)).toEqual(await contentsOf(ids));
  });

  it("leaves out the questions the caller may not read", async () => {
    const exported = await exportQuestions(people.exporter, [otherSchool, byType.get("short_answer")!], "moodle_xml", true);
    if (!exported.ok) throw new Error(exported.reason);
    const parsed = await parseMoodleXml(String(exported.value.body), { storeImage: sameImage });
    expect(parsed.items.map((item) => item.content)).toEqual(await contentsOf([byType.get("short_answer")!]));
    expect(String(exported.value.body)).not.toContain("trường QB");

    // The bank browser's checkboxes send `ids` repeated.
    const repeated = await callApi(
      apiExport.loader,
      people.exporter,
      `/api/v1/questions/export?format=gift&ids=${otherSchool}&ids=${byType.get("short_answer")}&ids=${byType.get("essay")}`,
    );
    expect(repeated.status).toBe(200);
    const fromRepeated = await parseGift(await repeated.text(), { storeImage: sameImage });
    expect(fromRepeated.items.map((item) => item.label)).toEqual(["Câu 1", "Câu 2"]);

    const response = await callApi(
      apiExport.loader,
      people.teacherB,
      `/api/v1/questions/export?format=gift&ids=${ids.slice(0, 3).join(",")}`,
    );
    expect(response.status).toBe(404);
  });
});

// ---- API error shapes -------------------------------------------------------------------------------------

describe("API errors", () => {
  it("answers problems with a Vietnamese detail: invalid JSON, invalid fields, bad query, unknown id, wrong method, no sign-in", async () => {
    const invalidJson = await callApi(apiQuestions.action, people.author, "/api/v1/questions", {
      method: "POST",
      rawJson: "{ câu hỏi",
    });
    expect(invalidJson.status).toBe(400);
    expect(invalidJson.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await invalidJson.json()).toEqual({
      type: "/problems/invalid-request",
      title: "Bad Request",
      status: 400,
      detail: "Nội dung gửi lên không phải JSON hợp lệ.",
      instance: "/api/v1/questions",
    });

    const noCorrectOption = {
      ...choice("Câu hỏi thiếu đáp án đúng"),
      subject: "TOAN",
      grade: 10,
      level: "biet",
    };
    (noCorrectOption.body as { correctOptionId: string }).correctOptionId = "F";
    const invalidFields = await callApi(apiQuestions.action, people.author, "/api/v1/questions", {
      method: "POST",
      json: { question: noCorrectOption },
    });
    expect(invalidFields.status).toBe(400);
    expect(await invalidFields.json()).toMatchObject({
      detail: "Dữ liệu gửi lên không hợp lệ.",
      errors: [{ path: "question.body.correctOptionId", message: "Chưa chọn phương án đúng." }],
    });

    const badQuery = await callApi(apiQuestions.loader, people.author, "/api/v1/questions?level=kho");
    expect(badQuery.status).toBe(400);
    expect(await badQuery.json()).toMatchObject({
      detail: "Tham số truy vấn không hợp lệ.",
      errors: [{ path: "level", message: "Mức độ nhận thức không hợp lệ." }],
    });
    const someId = "0123456789abcdef01234567";
    const badFormat = await callApi(apiExport.loader, people.author, `/api/v1/questions/export?format=pdf&ids=${someId}`);
    expect(badFormat.status).toBe(400);
    expect(await badFormat.json()).toMatchObject({ status: 400, detail: "Định dạng xuất không hợp lệ." });
    const noIds = await callApi(apiExport.loader, people.author, "/api/v1/questions/export?format=gift&ids=");
    expect(noIds.status).toBe(400);
    expect(await noIds.json()).toMatchObject({ status: 400, detail: "Chưa chọn câu hỏi nào." });
    const emptyBulk = await callApi(apiBulk.action, people.author, "/api/v1/questions/bulk", {
      method: "POST",
      json: { action: "delete", ids: [] },
    });
    expect(await emptyBulk.json()).toMatchObject({ status: 400, errors: [{ path: "ids", message: "Chưa chọn câu hỏi nào." }] });

    const unknown = await callApi(apiQuestion.loader, people.author, "/api/v1/questions/khong-co", {
      params: { questionId: "khong-co" },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ detail: "Không tìm thấy tài nguyên bạn yêu cầu." });
    const wrongMethod = await callApi(apiQuestion.action, people.author, "/api/v1/questions/x", {
      method: "PATCH",
      params: { questionId: "x" },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, PUT, DELETE");
    const signedOut = await callApi(apiQuestions.loader, null, "/api/v1/questions");
    expect(signedOut.status).toBe(401);
  });
});
