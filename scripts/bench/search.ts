// `npm run bench:search`: search at the size of a province (benchmarks.md, row `search`). Starts the app (web +
// worker + private services, demo data), writes 20,000 published materials with Vietnamese text built from the
// curriculum catalogue and rebuilds their index, fills a bench-only question index with 100,000 generated questions
// (the question bank's own index settings and documents, written straight to Meilisearch: storing them in the
// embedded database first would take longer than the whole run), then measures query latency for a mixed
// Vietnamese query set (with and without diacritics, typos, facet filters, permission filters of teachers of
// different schools and of district reviewers) and the time from an approval until the item is found, through the
// worker's real outbox relay and search job. Prints the figures and a summary line; asserts nothing.
// Options (defaults): --materials=20000 --questions=100000 --queries=500 (per query class, each run)
// --concurrency=4 --http-queries=300 --approvals-before=10 --approvals=30 --approval-budget-seconds=240
// --approval-cap-seconds=180. A shorter run: --queries=200 --approvals=10.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { Types } from "mongoose";
import type { SearchParams } from "meilisearch";
import { GRADES } from "#content-schemas/curriculum";
import { createMaterialSchema, isFileKind, type Licence, type MaterialKind } from "#content-schemas/materials";
import type { ReviewLevel } from "#content-schemas/review";
import { repositoryQuerySchema } from "#content-schemas/sharing";
import { Material } from "#models/material";
import { Subject } from "#models/subject";
import { Topic } from "#models/topic";
import { createAccessToken } from "~/auth/access-tokens.server";
import type { Actor } from "~/auth/session.server";
import { createMaterial } from "~/domain/materials/materials.server";
import { reviewStep } from "~/domain/materials/review.server";
import { upsertOrganisation, type OrganisationInput } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { materialsIndex, reindexMaterials } from "~/domain/search/material-index.server";
import { searchRepository } from "~/domain/search/search-repository.server";
import { searchVisibilityFilter } from "~/domain/search/visibility-filter";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { connectDatabase, disconnectDatabase } from "~/services/db.server";
import { QUESTIONS_INDEX_SETTINGS, type QuestionSearchDocument } from "~/domain/search/question-index.server";
import { ensureSearchIndex, getSearchClient, indexUid, SEARCH_LOCALES } from "~/services/search.server";
import { APPROVE, testActor } from "../../tests/support/actors";
import { startApp } from "../../tests/support/app-server";
import { cpuPercent, cpuSecondsByPart } from "./process-cpu";
import {
  FAMOUS_QUERIES,
  LESSONS,
  materialText,
  personName,
  phraseOf,
  QUESTION_FORMATS,
  QUESTION_LEVELS,
  questionText,
  SCHOOL_NAMESAKES,
  seededRandom,
  stripDiacritics,
  withTypo,
  type CurriculumTopic,
  type QuestionFormat,
  type QuestionLevel,
  type QuerySource,
} from "./search-data";

const { values } = parseArgs({
  options: {
    materials: { type: "string", default: "20000" },
    questions: { type: "string", default: "100000" },
    queries: { type: "string", default: "500" },
    concurrency: { type: "string", default: "4" },
    "http-queries": { type: "string", default: "300" },
    approvals: { type: "string", default: "30" },
    "approvals-before": { type: "string", default: "10" },
    "approval-cap-seconds": { type: "string", default: "180" },
    "approval-budget-seconds": { type: "string", default: "240" },
  },
});
const MATERIAL_COUNT = Number(values.materials);
const QUESTION_COUNT = Number(values.questions);
const QUERIES_PER_CLASS = Number(values.queries);
const CONCURRENCY = Number(values.concurrency);
const HTTP_QUERIES = Number(values["http-queries"]);
const APPROVALS = Number(values.approvals);
const APPROVALS_BEFORE = Number(values["approvals-before"]);
const APPROVAL_CAP_SECONDS = Number(values["approval-cap-seconds"]);
const APPROVAL_BUDGET_SECONDS = Number(values["approval-budget-seconds"]);

const benchStarted = performance.now();
const log = (message: string) => console.log(`[bench:search] ${message}`);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY = 86_400_000;
const random = seededRandom(20_260_601);

// ---- Organisations and people --------------------------------------------------------------------------------

type SchoolLevel = "primary" | "lower_secondary" | "upper_secondary";
const LEVEL_GRADES: Record<SchoolLevel, readonly number[]> = {
  primary: [1, 2, 3, 4, 5],
  lower_secondary: [6, 7, 8, 9],
  upper_secondary: [10, 11, 12],
};
const LEVEL_NAMES: Record<SchoolLevel, string> = { primary: "Tiểu học", lower_secondary: "THCS", upper_secondary: "THPT" };
const PROVINCES = ["Bắc Sơn", "Nam Hà"];
const DISTRICTS = ["Đông Hưng", "Tây Sơn", "Phú Lộc", "Thanh Hà", "Bắc Bình", "Nam Trực", "Kim Sơn", "An Lão"];

interface School {
  code: string;
  level: SchoolLevel;
  districtCode: string;
  provinceCode: string;
  author: Actor;
  leader: Actor;
}

/** 2 provinces × 4 districts × 10 schools under the demo ministry, a teacher and a subject-group leader per school. */
async function createOrganisations() {
  const units: OrganisationInput[] = [];
  const schoolPlans: Omit<School, "author" | "leader">[] = [];
  PROVINCES.forEach((province, p) => {
    const provinceCode = `SGD-BENCH-${p + 1}`;
    units.push({ code: provinceCode, name: `Sở GDĐT tỉnh ${province} (đo tải)`, type: "province", parentCode: "BGDDT" });
    for (let d = 0; d < 4; d++) {
      const districtCode = `PGD-BENCH-${p + 1}-${d + 1}`;
      units.push({
        code: districtCode,
        name: `Phòng GDĐT huyện ${DISTRICTS[p * 4 + d]} (đo tải)`,
        type: "district",
        parentCode: provinceCode,
      });
      for (let s = 0; s < 10; s++) {
        const level: SchoolLevel = s < 3 ? "primary" : s < 7 ? "lower_secondary" : "upper_secondary";
        const code = `${districtCode.replace("PGD-", "")}-${String(s + 1).padStart(2, "0")}`;
        const namesake = SCHOOL_NAMESAKES[(p * 40 + d * 10 + s) % SCHOOL_NAMESAKES.length]!;
        units.push({
          code,
          name: `Trường ${LEVEL_NAMES[level]} ${namesake} – ${DISTRICTS[p * 4 + d]}`,
          type: "school",
          schoolLevel: level,
          parentCode: districtCode,
        });
        schoolPlans.push({ code, level, districtCode, provinceCode });
      }
    }
  });
  for (const unit of units) await upsertOrganisation(unit);
  const schools: School[] = [];
  // A few at a time: each account hashes a password (argon2) on the thread pool.
  for (let start = 0; start < schoolPlans.length; start += 8) {
    schools.push(
      ...(await Promise.all(
        schoolPlans.slice(start, start + 8).map(async (plan) => {
          const user = plan.code.toLowerCase();
          const [author, leader] = await Promise.all([
            testActor(`bench.gv.${user}`, plan.code, "teacher", personName(random)),
            testActor(`bench.tt.${user}`, plan.code, "teacher", personName(random)),
          ]);
          return { ...plan, author, leader };
        }),
      )),
    );
  }
  const reviewers = new Map<string, Actor>();
  for (const unit of units.filter((unit) => unit.type !== "school")) {
    reviewers.set(unit.code, await testActor(`bench.cv.${unit.code.toLowerCase()}`, unit.code, "reviewer", personName(random)));
  }
  reviewers.set("BGDDT", await testActor("bench.cv.bgddt", "BGDDT", "reviewer", personName(random)));
  return { schools, reviewers, units: units.length };
}

/** Every topic of the seeded catalogue, with its subject's name. */
async function loadCurriculum(): Promise<CurriculumTopic[]> {
  const [subjects, topics] = await Promise.all([
    Subject.find({}, { code: 1, name: 1 }).lean(),
    Topic.find({}, { subjectCode: 1, grade: 1, name: 1, outcomes: 1 }).sort({ subjectCode: 1, grade: 1, order: 1 }).lean(),
  ]);
  const names = new Map(subjects.map((subject) => [subject.code, subject.name]));
  return topics.map((topic) => ({
    id: String(topic._id),
    subjectCode: topic.subjectCode,
    subjectName: names.get(topic.subjectCode) ?? topic.subjectCode,
    grade: topic.grade,
    name: topic.name,
    outcomes: topic.outcomes.map((outcome) => outcome.text),
  }));
}

// ---- Materials, written as an approval leaves them -------------------------------------------------------------

const KINDS: readonly (readonly [MaterialKind, number])[] = [
  ["document", 30],
  ["slides", 20],
  ["lecture", 15],
  ["video", 12],
  ["link", 8],
  ["image", 5],
  ["ebook", 4],
  ["simulation", 3],
  ["audio", 3],
];
const SHARED_SCOPES: readonly (readonly [ReviewLevel, number])[] = [
  ["school", 45],
  ["district", 25],
  ["province", 15],
  ["national", 15],
];
const LICENCES: readonly (readonly [Licence, number])[] = [
  ["CC-BY-4.0", 60],
  ["CC-BY-SA-4.0", 12],
  ["CC-BY-NC-4.0", 10],
  ["CC-BY-NC-SA-4.0", 6],
  ["CC-BY-ND-4.0", 4],
  ["CC0-1.0", 3],
  ["all-rights-reserved", 5],
];
const FILE_TYPES: Partial<Record<MaterialKind, { mimeType: string; extension: string; maxMb: number }>> = {
  video: { mimeType: "video/mp4", extension: "mp4", maxMb: 400 },
  audio: { mimeType: "audio/mpeg", extension: "mp3", maxMb: 30 },
  document: { mimeType: "application/pdf", extension: "pdf", maxMb: 8 },
  slides: { mimeType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extension: "pptx", maxMb: 40 },
  ebook: { mimeType: "application/pdf", extension: "pdf", maxMb: 60 },
  simulation: { mimeType: "application/zip", extension: "h5p", maxMb: 20 },
  image: { mimeType: "image/png", extension: "png", maxMb: 3 },
};
const LEVEL_ORDER: readonly ReviewLevel[] = ["school", "district", "province", "national"];

const slug = (text: string) =>
  stripDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);

/** The materials of each grade's topics, grouped once. */
const byGrade = (topics: readonly CurriculumTopic[]) => {
  const map = new Map<number, CurriculumTopic[]>();
  for (const grade of GRADES)
    map.set(
      grade,
      topics.filter((topic) => topic.grade === grade),
    );
  return map;
};

/**
 * One published material as the review steps leave it in the database: version 1 published, `live` metadata and
 * `liveVersion: 1` as reviewStep's approval writes them, scope widened by approved nominations, reviews and trail.
 */
function materialDocument(school: School, topic: CurriculumTopic, reviewers: Map<string, Actor>, now: number) {
  const id = new Types.ObjectId();
  const kind = random.weighted(KINDS);
  const scope = random.weighted(SHARED_SCOPES);
  const licence = random.weighted(LICENCES);
  const text = materialText(random, topic, kind);
  const author = random.chance(0.8) ? school.author : school.leader;
  const leader = author === school.author ? school.leader : school.author;
  // At least 10 days ago, so that the widening approvals (3 days apart) are in the past too: a later `updatedAt`
  // would make reindexMaterials sync the item again one by one, as changed during the rebuild.
  const publishedAt = new Date(now - random.int(10, 730) * DAY - random.int(0, DAY));
  const createdAt = new Date(publishedAt.getTime() - random.int(1, 20) * DAY);
  const submittedAt = new Date(createdAt.getTime() + random.int(1, 5) * DAY);
  const grades = [topic.grade];
  const topicIds = [new Types.ObjectId(topic.id)];
  const fileType = isFileKind(kind) ? FILE_TYPES[kind] : undefined;
  const file = fileType
    ? {
        uploadId: new Types.ObjectId(),
        key: `materials/${String(id)}/v1/${slug(text.title)}.${fileType.extension}`,
        name: `${slug(text.title)}.${fileType.extension}`,
        size: random.int(50_000, fileType.maxMb * 1024 * 1024),
        mimeType: fileType.mimeType,
        extension: fileType.extension,
        sha256: randomBytes(32).toString("hex"),
        duplicateOf: null,
      }
    : null;
  const authors = random.chance(0.3) ? [author.fullName, personName(random)] : [author.fullName];
  const approvals = LEVEL_ORDER.slice(0, LEVEL_ORDER.indexOf(scope) + 1);
  const reviewerAt = (level: ReviewLevel) => {
    if (level === "school") return leader;
    const office = level === "district" ? school.districtCode : level === "province" ? school.provinceCode : "BGDDT";
    return reviewers.get(office)!;
  };
  const approvedAt = (index: number) => new Date(publishedAt.getTime() + index * 3 * DAY);
  const trailEntry = (at: Date, actor: Actor, action: string, level: ReviewLevel, message = "") => ({
    at,
    actorId: new Types.ObjectId(actor.id),
    action,
    level,
    version: 1,
    message,
  });
  const uses = Math.floor(random.next() ** 3 * 300);
  const ratings = random.chance(0.4) ? random.int(1, 25) : 0;
  const ratingSum = Array.from({ length: ratings }, () =>
    random.weighted([
      [5, 5],
      [4, 3],
      [3, 1],
      [2, 0.5],
    ] as const),
  ).reduce((sum: number, stars: number) => sum + stars, 0);
  return {
    _id: id,
    kind,
    ownerOrganisationId: new Types.ObjectId(school.author.organisationId),
    organisationPath: school.author.organisationPath.map((ancestor) => new Types.ObjectId(ancestor)),
    createdBy: new Types.ObjectId(author.id),
    scope,
    latestVersion: 1,
    liveVersion: 1,
    versions: [
      {
        number: 1,
        status: "published",
        title: text.title,
        summary: text.summary,
        subjectCode: topic.subjectCode,
        grades,
        topicIds,
        language: "vi",
        licence,
        authors,
        body: text.body,
        url: kind === "link" ? `https://hoclieu.example.edu.vn/${slug(text.title)}` : null,
        file,
        // Thumbnails and previews would be here after processing; search does not read them.
        derived: [],
        processing: {
          state: file ? "done" : "none",
          error: null,
          attempts: file ? 1 : 0,
          updatedAt: submittedAt,
          durationSeconds: kind === "video" || kind === "audio" ? random.int(60, 2400) : null,
          pageCount: kind === "document" || kind === "ebook" || kind === "slides" ? random.int(2, 120) : null,
        },
        createdBy: new Types.ObjectId(author.id),
        createdAt,
        updatedAt: submittedAt,
      },
    ],
    title: text.title,
    subjectCode: topic.subjectCode,
    grades,
    status: "published",
    processingState: file ? "done" : "none",
    counters: { views: uses * random.int(2, 10), downloads: Math.floor(uses / 2), uses, copies: Math.floor(uses / 20) },
    live: { title: text.title, summary: text.summary, subjectCode: topic.subjectCode, grades, topicIds, licence, publishedAt },
    rating: { count: ratings, sum: ratingSum, average: ratings > 0 ? ratingSum / ratings : 0 },
    openReports: 0,
    derivedFrom: null,
    assignment: null,
    nomination:
      scope === "school"
        ? null
        : {
            level: scope,
            status: "approved",
            nominatedBy: new Types.ObjectId(author.id),
            nominatedAt: approvedAt(approvals.length - 2),
          },
    reviews: approvals.map((level, index) => ({
      version: 1,
      level,
      reviewerId: new Types.ObjectId(reviewerAt(level).id),
      decision: "approve",
      criteria: APPROVE.criteria,
      message: APPROVE.message,
      at: approvedAt(index),
    })),
    trail: [
      trailEntry(submittedAt, author, "submit", "school"),
      trailEntry(submittedAt, leader, "assign", "school"),
      ...approvals.flatMap((level, index) => [
        ...(index > 0 ? [trailEntry(approvedAt(index - 1), author, "nominate", level)] : []),
        trailEntry(approvedAt(index), reviewerAt(level), "approve", level, APPROVE.message),
      ]),
    ],
    deletedAt: null,
    outbox: [],
    createdAt,
    updatedAt: approvedAt(approvals.length - 1),
  };
}

async function createMaterials(schools: readonly School[], topics: readonly CurriculumTopic[], reviewers: Map<string, Actor>) {
  const grades = byGrade(topics);
  const now = Date.now();
  const started = performance.now();
  let batch: ReturnType<typeof materialDocument>[] = [];
  let written = 0;
  for (let index = 0; index < MATERIAL_COUNT; index++) {
    const school = random.pick(schools);
    const grade = random.pick(LEVEL_GRADES[school.level]);
    batch.push(materialDocument(school, random.pick(grades.get(grade)!), reviewers, now));
    if (batch.length === 500 || index === MATERIAL_COUNT - 1) {
      // Through mongoose: the schema's casting and validation check each document as the app's writes are checked.
      await Material.insertMany(batch, { ordered: true });
      written += batch.length;
      batch = [];
      if (written % 5000 === 0 || written === MATERIAL_COUNT)
        log(`  học liệu đã ghi: ${written}/${MATERIAL_COUNT} (${seconds(started)} s)`);
    }
  }
  return (performance.now() - started) / 1000;
}

// ---- Questions: a bench-only index standing in for the question bank (issue #7) -------------------------------

/** A bench-only index with the question bank's own settings (app/domain/search/question-index.server.ts). */
const QUESTIONS_INDEX = "questions_bench";
const QUESTION_FACETS = ["subjectCode", "grade", "topicIds", "level", "type"];
const QUESTION_SCOPES: readonly (readonly [string, number])[] = [
  ["private", 10],
  ["school", 40],
  ["district", 25],
  ["province", 10],
  ["national", 15],
];

async function createQuestions(schools: readonly School[], topics: readonly CurriculumTopic[]) {
  const index = await ensureSearchIndex(QUESTIONS_INDEX, QUESTIONS_INDEX_SETTINGS);
  const grades = byGrade(topics);
  const outcomesBySubject = new Map<string, string[]>();
  for (const topic of topics) {
    const list = outcomesBySubject.get(topic.subjectCode) ?? [];
    list.push(...(topic.outcomes.length > 0 ? topic.outcomes : [`Nêu được nội dung chính của ${topic.name.toLowerCase()}.`]));
    outcomesBySubject.set(topic.subjectCode, list);
  }
  const started = performance.now();
  const tasks: number[] = [];
  const BATCH = 5000;
  for (let start = 0; start < QUESTION_COUNT; start += BATCH) {
    const documents = [];
    for (let n = start; n < Math.min(QUESTION_COUNT, start + BATCH); n++) {
      const school = random.pick(schools);
      const topic = random.pick(grades.get(random.pick(LEVEL_GRADES[school.level]))!);
      const format = random.weighted<QuestionFormat>([
        ["single_choice", 50],
        ["true_false_group", 20],
        ["short_answer", 15],
        ["essay", 15],
      ]);
      const level = random.weighted<QuestionLevel>([
        ["nhan_biet", 35],
        ["thong_hieu", 35],
        ["van_dung", 20],
        ["van_dung_cao", 10],
      ]);
      const text = questionText(random, topic, outcomesBySubject.get(topic.subjectCode)!, format);
      const author = random.chance(0.7) ? school.author : school.leader;
      documents.push({
        id: new Types.ObjectId().toHexString(),
        type: format,
        stemText: text.stem,
        partsText: text.options.join(" "),
        solutionText: text.solution,
        topics: [topic.name],
        outcomes: [text.outcome],
        tags: [],
        subjectCode: topic.subjectCode,
        subjectName: topic.subjectName,
        grade: topic.grade,
        topicIds: [topic.id],
        level,
        difficulty: random.int(1, 5),
        scope: random.weighted(QUESTION_SCOPES),
        licence: "CC-BY-4.0",
        ownerOrganisationId: author.organisationId,
        organisationPath: author.organisationPath,
        createdBy: author.id,
        publishedAt: Date.now() - random.int(0, 730) * DAY,
      } satisfies QuestionSearchDocument);
    }
    tasks.push((await index.addDocuments(documents)).taskUid);
  }
  log(`  đã gửi ${QUESTION_COUNT} câu hỏi (${tasks.length} lô) sau ${seconds(started)} s; chờ Meilisearch lập chỉ mục …`);
  let done = 0;
  for (const taskUid of tasks) {
    const task = await getSearchClient().tasks.waitForTask(taskUid, { timeout: 20 * 60_000, interval: 250 });
    if (task.status !== "succeeded") throw new Error(`question batch ${task.status}: ${JSON.stringify(task.error)}`);
    done += 1;
    if (done % 4 === 0 || done === tasks.length)
      log(`  câu hỏi đã lập chỉ mục: ${Math.min(done * BATCH, QUESTION_COUNT)}/${QUESTION_COUNT} (${seconds(started)} s)`);
  }
  return { index, seconds: (performance.now() - started) / 1000 };
}

// ---- Query mix -----------------------------------------------------------------------------------------------

const QUERY_CLASSES = ["có dấu", "không dấu", "gõ sai 1 chữ", "bộ lọc (môn/khối/chủ đề/loại)", "chuyên viên phòng"] as const;
type QueryClass = (typeof QUERY_CLASSES)[number];

interface QuerySpec {
  klass: QueryClass;
  actor: Actor;
  q: string;
  subject?: string;
  grade?: number;
  topic?: string;
  kind?: MaterialKind;
  level?: QuestionLevel;
  format?: QuestionFormat;
}

/** Phrases teachers type: pieces of lesson and topic names, and the well-known queries of services.md. */
function querySources(topics: readonly CurriculumTopic[]): QuerySource[] {
  const sources: QuerySource[] = [];
  for (const topic of topics)
    sources.push({ text: topic.name, subjectCode: topic.subjectCode, grade: topic.grade, topicId: topic.id });
  for (const entry of LESSONS) {
    for (const grade of entry.grades) {
      const gradeTopics = topics.filter((topic) => topic.subjectCode === entry.subjectCode && topic.grade === grade);
      if (gradeTopics.length === 0) continue;
      // Lessons weigh as much as topics: they are what titles are made of.
      for (const name of entry.names) {
        for (let copies = 0; copies < 3; copies++) {
          sources.push({ text: name, subjectCode: entry.subjectCode, grade, topicId: random.pick(gradeTopics).id });
        }
      }
    }
  }
  return sources;
}

function buildQueries(topics: readonly CurriculumTopic[], teachers: readonly Actor[], reviewers: readonly Actor[]): QuerySpec[] {
  const sources = querySources(topics);
  const phrase = () => (random.chance(0.15) ? random.pick(FAMOUS_QUERIES) : phraseOf(random, random.pick(sources).text));
  const specs: QuerySpec[] = [];
  let turn = 0;
  const teacher = () => teachers[turn++ % teachers.length]!;
  for (let n = 0; n < QUERIES_PER_CLASS; n++) {
    specs.push({ klass: "có dấu", actor: teacher(), q: phrase() });
    specs.push({ klass: "không dấu", actor: teacher(), q: stripDiacritics(phrase()) });
    specs.push({ klass: "gõ sai 1 chữ", actor: teacher(), q: withTypo(random, stripDiacritics(phrase())) });
    const source = random.pick(sources);
    const typed = phraseOf(random, source.text);
    specs.push({
      klass: "bộ lọc (môn/khối/chủ đề/loại)",
      actor: teacher(),
      // A quarter browse a subject and grade without words; the rest type as well, half without accents.
      q: random.chance(0.25) ? "" : random.chance(0.5) ? stripDiacritics(typed) : typed,
      subject: source.subjectCode,
      grade: source.grade,
      topic: random.chance(0.4) ? source.topicId : undefined,
      kind: random.chance(0.4) ? random.weighted(KINDS) : undefined,
      level: random.chance(0.4) ? random.pick(QUESTION_LEVELS)[0] : undefined,
      format: random.chance(0.3) ? random.pick(QUESTION_FORMATS)[0] : undefined,
    });
    const reviewerQuery = random.pick([phrase(), stripDiacritics(phrase()), withTypo(random, stripDiacritics(phrase())), ""]);
    specs.push({ klass: "chuyên viên phòng", actor: reviewers[n % reviewers.length]!, q: reviewerQuery });
  }
  // Classes interleaved, so that noise on the machine falls on all of them alike.
  for (let index = specs.length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [specs[index], specs[other]] = [specs[other]!, specs[index]!];
  }
  return specs;
}

const repositoryQuery = (spec: QuerySpec) =>
  repositoryQuerySchema.parse({
    q: spec.q || undefined,
    subject: spec.subject,
    grade: spec.grade,
    topic: spec.topic,
    kind: spec.kind,
  });

// ---- Measuring -----------------------------------------------------------------------------------------------

interface Outcome {
  hits: number;
  /** The round trip to Meilisearch as the app's client saw it, and Meilisearch's own processingTimeMs (summed over a multi-search). */
  meiliMs: number;
  processingMs: number;
}
interface Sample extends Outcome {
  klass: QueryClass;
  ms: number;
}

/** The Meilisearch call made while serving one query, recorded by wrapping the app's client (below). */
const meiliCalls = new AsyncLocalStorage<Outcome>();

function recordMeiliCalls() {
  const client = getSearchClient();
  const multiSearch = client.multiSearch.bind(client);
  client.multiSearch = (async (...args: Parameters<typeof multiSearch>) => {
    const started = performance.now();
    const response = await multiSearch(...args);
    const call = meiliCalls.getStore();
    if (call) {
      call.meiliMs += performance.now() - started;
      const results = (response as { results?: { processingTimeMs: number }[] }).results ?? [];
      call.processingMs += results.reduce((sum, result) => sum + result.processingTimeMs, 0);
    }
    return response;
  }) as typeof client.multiSearch;
}

async function measure(
  specs: readonly QuerySpec[],
  concurrency: number,
  run: (spec: QuerySpec) => Promise<Outcome>,
  progress?: string,
) {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < specs.length) {
        const spec = specs[next++]!;
        const begun = performance.now();
        const outcome = await run(spec);
        samples.push({ klass: spec.klass, ms: performance.now() - begun, ...outcome });
        if (progress && samples.length % 1000 === 0)
          log(`  ${progress}: ${samples.length}/${specs.length} (${seconds(started)} s)`);
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

async function searchMaterials(spec: QuerySpec): Promise<Outcome> {
  const call: Outcome = { hits: 0, meiliMs: 0, processingMs: 0 };
  const page = await meiliCalls.run(call, () => searchRepository(spec.actor, repositoryQuery(spec)));
  if (page.degraded) throw new Error("search answered from the database (degraded): Meilisearch did not answer");
  return { ...call, hits: page.total };
}

/** The question index searched as the materials page searches: permission filter, facet filters, facet counts, highlights. */
function questionSearchParams(spec: QuerySpec): SearchParams | null {
  const visibility = searchVisibilityFilter(spec.actor, "Question");
  if ("none" in visibility) return null;
  const parts = "filter" in visibility ? [visibility.filter] : [];
  const chosen: [string, string | number | undefined][] = [
    ["subjectCode", spec.subject],
    ["grade", spec.grade],
    ["topicIds", spec.topic],
    ["level", spec.level],
    ["type", spec.format],
  ];
  for (const [field, value] of chosen) if (value !== undefined) parts.push(`${field} = ${JSON.stringify(String(value))}`);
  return {
    filter: parts.map((part) => `(${part})`).join(" AND "),
    locales: [...SEARCH_LOCALES],
    matchingStrategy: "all",
    facets: QUESTION_FACETS,
    page: 1,
    hitsPerPage: 20,
    attributesToHighlight: ["stemText"],
    attributesToCrop: ["solutionText"],
    cropLength: 40,
    highlightPreTag: "\u0001",
    highlightPostTag: "\u0002",
  };
}

function questionSearcher(index: Awaited<ReturnType<typeof createQuestions>>["index"]) {
  return async (spec: QuerySpec): Promise<Outcome> => {
    const params = questionSearchParams(spec);
    if (!params) return { hits: 0, meiliMs: 0, processingMs: 0 };
    const started = performance.now();
    const response = await index.search(spec.q, params);
    return {
      hits: (response as { totalHits?: number }).totalHits ?? response.hits.length,
      meiliMs: performance.now() - started,
      processingMs: response.processingTimeMs,
    };
  };
}

/**
 * The same question searches sent with node:http over one keep-alive connection, request written in one piece:
 * shows how much of the round trip is the transport of the app's client (fetch) rather than Meilisearch.
 */
async function plainHttpRoundTrips(specs: readonly QuerySpec[], uid: string) {
  const env = getSearchClient().config;
  const url = new URL(`/indexes/${uid}/search`, env.host);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  for (const spec of specs) {
    const body = JSON.stringify({ q: spec.q, ...questionSearchParams(spec) });
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            Authorization: `Bearer ${env.apiKey ?? ""}`,
          },
        },
        (response) => {
          response.resume();
          response.on("end", () =>
            response.statusCode === 200 ? resolve() : reject(new Error(`search ${response.statusCode}`)),
          );
        },
      );
      request.on("error", reject);
      request.end(body);
    });
    times.push(performance.now() - started);
  }
  agent.destroy();
  return summarise(times);
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
function summarise(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

function report(title: string, run: { samples: Sample[]; seconds: number }) {
  log(
    `${title}: ${run.samples.length} truy vấn trong ${run.seconds.toFixed(1)} s (${(run.samples.length / run.seconds).toFixed(1)} truy vấn/s)`,
  );
  log(
    `  ${"lớp truy vấn".padEnd(30)} ${"n".padStart(5)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"p99".padStart(7)} ${"max".padStart(7)} ms | Meili khứ hồi p50, xử lý p50 | có kết quả`,
  );
  const rows: [string, Sample[]][] = [
    ...QUERY_CLASSES.map((klass) => [klass, run.samples.filter((sample) => sample.klass === klass)] as [string, Sample[]]),
    ["tất cả", run.samples],
  ];
  for (const [label, samples] of rows) {
    if (samples.length === 0) continue;
    const total = summarise(samples.map((sample) => sample.ms));
    const meili = summarise(samples.map((sample) => sample.meiliMs));
    const processing = summarise(samples.map((sample) => sample.processingMs));
    const found = samples.filter((sample) => sample.hits > 0).length / samples.length;
    log(
      `  ${label.padEnd(30)} ${String(total.n).padStart(5)} ${fixed(total.p50).padStart(7)} ${fixed(total.p95).padStart(7)} ${fixed(total.p99).padStart(7)} ${fixed(total.max).padStart(7)}    | ${fixed(meili.p50).padStart(8)} ms, ${fixed(processing.p50, 0).padStart(4)} ms   | ${(found * 100).toFixed(0).padStart(4)}%`,
    );
  }
  return {
    ...summarise(run.samples.map((sample) => sample.ms)),
    meiliP50: summarise(run.samples.map((sample) => sample.meiliMs)).p50,
    processingP50: summarise(run.samples.map((sample) => sample.processingMs)).p50,
  };
}

/** The first results of well-known queries for one teacher: the relevance the figures go with. */
async function relevanceCheck(teacher: Actor) {
  const expectations: [string, RegExp][] = [
    ["phương trình bậc hai", /bậc hai/i],
    ["phuong trinh bac hai", /bậc hai/i],
    ["phuong trnh bac hai", /bậc hai/i],
    ["dinh luat om", /định luật (Ôm|Ohm)/i],
    ["truyen kieu", /Kiều/],
    ["ham so luong giac", /hàm số lượng giác/i],
    ["he thuc vi-et", /Vi-ét/i],
    ["quang hop", /quang hợp/i],
  ];
  let good = 0;
  for (const [q, expected] of expectations) {
    const page = await searchRepository(teacher, repositoryQuerySchema.parse({ q }));
    const titles = page.items.slice(0, 3).map((item) => item.title);
    const ok = titles.length > 0 && expected.test(titles[0]!);
    if (ok) good += 1;
    log(
      `  ${ok ? "✓" : "✗"} «${q}» → ${page.total} kết quả; đầu: ${titles.map((title) => `«${title}»`).join(", ") || "(không có)"}`,
    );
  }
  return `${good}/${expectations.length}`;
}

// ---- Approval → searchable -----------------------------------------------------------------------------------

interface ApprovalSetup {
  author: Actor;
  leader: Actor;
  reader: Actor;
  topicId: string;
}

/** A subject group at a demo school: a leader who approves and an author, plus a colleague who searches. */
async function approvalSetup(topics: readonly CurriculumTopic[]): Promise<ApprovalSetup> {
  const schoolCode = "THCS-NGUYEN-DU";
  const school = await organisationByCode(schoolCode);
  const author = await testActor("bench.tacgia", schoolCode, "teacher", "Đỗ Minh Khoa");
  const leader = await testActor("bench.totruong", schoolCode, "teacher", "Phạm Thu Trang");
  const reader = await testActor("bench.giaovien", schoolCode, "teacher", "Vũ Thanh Hải");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Khoa học tự nhiên (đo tìm kiếm)",
    subjectCodes: ["KHTN"],
    leaderId: leader.id,
    memberIds: [leader.id, author.id],
  });
  if (!group.ok) throw new Error(`subject group: ${JSON.stringify(group.errors)}`);
  const topic = topics.find((candidate) => candidate.subjectCode === "KHTN" && candidate.grade === 9)!;
  return { author, leader, reader, topicId: topic.id };
}

const letters = (count: number) => Array.from({ length: count }, () => String.fromCharCode(97 + random.int(0, 25))).join("");

interface PreparedApprovals {
  marker: string;
  ids: string[];
}

/**
 * `count` materials created, submitted and assigned through the domain functions, waiting for the leader's
 * decision; returns once the worker has relayed those steps' events (at most `capSeconds`).
 */
async function prepareApprovals(setup: ApprovalSetup, count: number, capSeconds: number): Promise<PreparedApprovals> {
  const { author, leader } = setup;
  const marker = `maduyet${letters(8)}`;
  const ids: string[] = [];
  for (let n = 1; n <= count; n++) {
    const created = await createMaterial(
      author,
      createMaterialSchema.parse({
        kind: "link",
        url: `https://hoclieu.example.edu.vn/thi-nghiem-dinh-luat-om-${marker}-${n}`,
        title: `Thí nghiệm định luật Ôm – ${marker} – bài ${n}`,
        summary: "Học sinh đo cường độ dòng điện qua điện trở ở các hiệu điện thế khác nhau.",
        subjectCode: "KHTN",
        grades: [9],
        topicIds: [setup.topicId],
      }),
    );
    if (!created.ok) throw new Error(created.reason);
    const id = created.value.id;
    for (const step of [
      () => reviewStep(author, id, { action: "submit" }),
      () => reviewStep(leader, id, { action: "assign", reviewerId: leader.id, dueAt: new Date(Date.now() + 7 * DAY) }),
    ]) {
      const result = await step();
      if (!result.ok) throw new Error(result.reason);
    }
    ids.push(id);
  }
  const started = performance.now();
  for (const id of ids) {
    while (!(await outboxEmpty(id)) && performance.now() - started < capSeconds * 1000) await sleep(100);
  }
  return { marker, ids };
}

async function outboxEmpty(id: string) {
  const document = await Material.collection.findOne({ _id: new Types.ObjectId(id) }, { projection: { outbox: 1 } });
  return ((document?.outbox as unknown[] | undefined) ?? []).length === 0;
}

/**
 * The leader approves the prepared items one after another, 1–2 s apart (as a group leader works through a queue),
 * starting no new approval after `budgetSeconds`. From the moment each approving reviewStep returns, a teacher of
 * the school searches for them every 25 ms (below), and each item's outbox is watched (every 100 ms) to split the
 * time into the relay's share and the job's + indexing's. Also records how long each approval itself took.
 */
async function measureApprovals(setup: ApprovalSetup, prepared: PreparedApprovals, budgetSeconds: number, capSeconds: number) {
  const { leader, reader } = setup;
  const { marker, ids } = prepared;
  const approvedAt = new Map<string, number>();
  const relayed = new Map<string, number>();
  const searchable = new Map<string, number>();
  const stepMs: number[] = [];
  let approving = true;
  const started = performance.now();
  const approvals = (async () => {
    for (const id of ids) {
      if (performance.now() - started > budgetSeconds * 1000) break;
      const begun = performance.now();
      const decided = await reviewStep(leader, id, { action: "decide", decision: APPROVE });
      const now = performance.now();
      if (!decided.ok) throw new Error(decided.reason);
      approvedAt.set(id, now);
      stepMs.push(now - begun);
      await sleep(1000 + random.int(0, 1000));
    }
    approving = false;
  })();
  const pending = (done: Map<string, number>) => approving || done.size < approvedAt.size;
  const deadline = () => !approving && performance.now() - Math.max(...approvedAt.values()) > capSeconds * 1000;
  // The reader's search, every 25 ms: the same index, words and permission filter as searchRepository, sent straight
  // to Meilisearch with only the ids retrieved, so that the polling itself stays light; each item seen is then
  // confirmed through searchRepository before it counts.
  const visibility = searchVisibilityFilter(reader, "Material");
  const readerFilter = "filter" in visibility ? visibility.filter : undefined;
  const searching = (async () => {
    while (!deadline() && pending(searchable)) {
      const response = await materialsIndex().search(marker, {
        filter: readerFilter,
        locales: [...SEARCH_LOCALES],
        attributesToRetrieve: ["id"],
        limit: 100,
      });
      const now = performance.now();
      const seen = response.hits.filter((hit) => approvedAt.has(hit.id) && !searchable.has(hit.id));
      if (seen.length > 0) {
        const page = await searchRepository(reader, repositoryQuerySchema.parse({ q: marker, pageSize: 100 }));
        const confirmed = new Set(page.items.map((item) => item.id));
        for (const hit of seen) if (confirmed.has(hit.id)) searchable.set(hit.id, now - approvedAt.get(hit.id)!);
      }
      await sleep(25);
    }
  })();
  const relaying = (async () => {
    while (!deadline() && pending(relayed)) {
      for (const [id, at] of approvedAt) {
        if (!relayed.has(id) && (await outboxEmpty(id))) relayed.set(id, performance.now() - at);
      }
      await sleep(100);
    }
  })();
  await Promise.all([approvals, searching, relaying]);
  // An item not found (or not relayed) within the cap counts as slower than every other one.
  const times = (done: Map<string, number>) => [...approvedAt.keys()].map((id) => done.get(id) ?? Number.POSITIVE_INFINITY);
  return {
    approved: approvedAt.size,
    total: summarise(times(searchable)),
    relay: summarise(times(relayed)),
    step: summarise(stepMs),
    missed: approvedAt.size - searchable.size,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Seconds, or "> cap" for items not seen within the cap. */
const wait = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : `> ${APPROVAL_CAP_SECONDS} s`);

function approvalLine(label: string, round: Awaited<ReturnType<typeof measureApprovals>>) {
  log(
    `${label}: ${round.approved} lần duyệt trong ${round.seconds.toFixed(0)} s — duyệt → tìm thấy p50 ${wait(round.total.p50)}, p95 ${wait(round.total.p95)}, max ${wait(round.total.max)}${round.missed ? ` (${round.missed} mục chưa thấy sau ${APPROVAL_CAP_SECONDS} s)` : ""}; trong đó chuyển sự kiện outbox → hàng đợi p50 ${wait(round.relay.p50)}, p95 ${wait(round.relay.p95)}; bản thân bước duyệt (reviewStep) p50 ${wait(round.step.p50)}, max ${wait(round.step.max)}`,
  );
}

// ---- Main ----------------------------------------------------------------------------------------------------

async function main() {
  log("khởi động ứng dụng, worker và dịch vụ riêng (có dữ liệu mẫu) …");
  let started = performance.now();
  const app = await startApp();
  log(`ứng dụng sẵn sàng sau ${seconds(started)} s tại ${app.url}`);
  let questionIndexUid: string | undefined;
  try {
    Object.assign(process.env, app.services.env);
    const { connection } = await connectDatabase(app.services.env.MONGODB_URI);
    const buildInfo = (await connection.db!.admin().command({ buildInfo: 1 })) as { version: string; ferretdbVersion?: string };
    const search = getSearchClient();
    const meiliVersion = (await search.getVersion()).pkgVersion;

    started = performance.now();
    const { schools, reviewers, units } = await createOrganisations();
    const topics = await loadCurriculum();
    log(
      `tạo ${units} đơn vị (${schools.length} trường), ${schools.length * 2 + reviewers.size} tài khoản trong ${seconds(started)} s; danh mục: ${topics.length} chủ đề`,
    );

    // The pipeline's floor, before the bulk data: the same measurement as at the end, on an almost empty database.
    const setup = await approvalSetup(topics);
    log(`duyệt → tìm thấy trên cơ sở dữ liệu gần như trống (${APPROVALS_BEFORE} lần) …`);
    const approvalBefore = await measureApprovals(
      setup,
      await prepareApprovals(setup, APPROVALS_BEFORE, APPROVAL_CAP_SECONDS),
      APPROVAL_BUDGET_SECONDS,
      APPROVAL_CAP_SECONDS,
    );
    approvalLine("  trước khi nạp dữ liệu", approvalBefore);
    // The items approved at the end are written, submitted and assigned now: with 20,000 materials in FerretDB each of
    // these steps takes seconds (docs/search.md, Benchmark), and only the approval itself is measured.
    const preparedAfter = await prepareApprovals(setup, APPROVALS, APPROVAL_CAP_SECONDS);
    log(`  ${APPROVALS} học liệu khác đã gửi duyệt và được phân công, chờ duyệt ở cuối phép đo`);

    log(`ghi ${MATERIAL_COUNT} học liệu đã xuất bản thẳng vào cơ sở dữ liệu (lô 500) …`);
    const writeSeconds = await createMaterials(schools, topics, reviewers);
    log(`dựng lại chỉ mục học liệu (reindexMaterials) …`);
    started = performance.now();
    let lastPrinted = 0;
    const reindexed = await reindexMaterials((done, total) => {
      if (done === total || performance.now() - lastPrinted > 10_000) {
        lastPrinted = performance.now();
        log(`  chỉ mục học liệu: ${done}/${total} (${seconds(started)} s)`);
      }
    });
    const reindexSeconds = (performance.now() - started) / 1000;
    log(
      `chỉ mục học liệu: ${reindexed.indexed} mục (${reindexed.resynced} mục đồng bộ lại) trong ${reindexSeconds.toFixed(1)} s; ghi vào CSDL trước đó: ${writeSeconds.toFixed(1)} s`,
    );

    questionIndexUid = indexUid(QUESTIONS_INDEX);
    log(
      `câu hỏi: chỉ mục riêng của phép đo "${questionIndexUid}" (cùng thiết lập và dạng tài liệu với ngân hàng câu hỏi, ghi thẳng vào Meilisearch) — ${QUESTION_COUNT} câu sinh từ danh mục …`,
    );
    const questions = await createQuestions(schools, topics);
    log(`chỉ mục câu hỏi: ${QUESTION_COUNT} câu trong ${questions.seconds.toFixed(1)} s`);

    // Nothing left in Meilisearch's queue before measuring.
    while ((await search.tasks.getTasks({ statuses: ["enqueued", "processing"], limit: 1 })).results.length > 0) await sleep(200);
    const [materialStats, questionStats] = await Promise.all([materialsIndex().getStats(), questions.index.getStats()]);
    log(
      `điều kiện: ${os.availableParallelism()} CPU (${os.cpus()[0]?.model ?? "?"}), RAM ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Meilisearch ${meiliVersion}, ${buildInfo.ferretdbVersion ? `FerretDB ${buildInfo.ferretdbVersion} (SQLite)` : `MongoDB ${buildInfo.version}`}; trong chỉ mục: ${materialStats.numberOfDocuments} học liệu, ${questionStats.numberOfDocuments} câu hỏi; tải trung bình của máy (1 phút, gồm cả tiến trình khác): ${os.loadavg()[0]!.toFixed(1)}`,
    );

    const idleBefore = await cpuSecondsByPart();
    await sleep(10_000);
    log(`CPU khi không có truy vấn (10 s, % của một lõi): ${cpuPercent(idleBefore, await cpuSecondsByPart(), 10)}`);

    // Teachers of 12 schools across both provinces and all districts, and the reviewers of two districts.
    const teachers = Array.from({ length: 12 }, (_, n) => schools[(n * 7) % schools.length]!.author);
    const districtReviewers = [reviewers.get("PGD-BENCH-1-1")!, reviewers.get("PGD-BENCH-2-3")!];
    const specs = buildQueries(topics, teachers, districtReviewers);
    recordMeiliCalls();
    const questionSearch = questionSearcher(questions.index);
    log("khởi động: 100 truy vấn học liệu và 100 truy vấn câu hỏi (không tính) …");
    await measure(specs.slice(0, 100), 1, searchMaterials);
    await measure(specs.slice(0, 100), 1, questionSearch);

    log("mức liên quan (giáo viên một trường, kết quả đầu tiên):");
    const relevance = await relevanceCheck(teachers[0]!);

    let cpuBefore = await cpuSecondsByPart();
    let phaseStarted = performance.now();
    const materialsSequential = report(
      "HỌC LIỆU qua searchRepository (như trang kho dùng chung: multi-search, lọc quyền, đếm theo mục), tuần tự",
      await measure(specs, 1, searchMaterials, "học liệu, tuần tự"),
    );
    const materialsConcurrent = report(
      `HỌC LIỆU qua searchRepository, ${CONCURRENCY} truy vấn đồng thời`,
      await measure(specs, CONCURRENCY, searchMaterials, `học liệu, ${CONCURRENCY} đồng thời`),
    );
    log(
      `  CPU trong phần học liệu: ${cpuPercent(cpuBefore, await cpuSecondsByPart(), (performance.now() - phaseStarted) / 1000)}`,
    );

    // The web's own cost: the same queries by one teacher, in-process and through the HTTP API with a personal token.
    const httpTeacher = teachers[0]!;
    const token = await createAccessToken(httpTeacher, { name: "bench-search", scopes: ["read"], lifetimeDays: 1 }, "127.0.0.1");
    const httpSpecs = specs
      .filter((spec) => spec.klass !== "chuyên viên phòng")
      .slice(0, HTTP_QUERIES)
      .map((spec) => ({ ...spec, actor: httpTeacher }));
    const inProcess = summarise((await measure(httpSpecs, 1, searchMaterials)).samples.map((sample) => sample.ms));
    const overHttp = await measure(httpSpecs, 1, async (spec) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(repositoryQuery(spec))) if (value !== undefined) params.set(key, String(value));
      const response = await fetch(`${app.url}/api/v1/repository?${params}`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { total?: number; degraded?: boolean; detail?: string };
      if (!response.ok || body.degraded)
        throw new Error(`GET /api/v1/repository: ${response.status} ${body.detail ?? "degraded"}`);
      return { hits: body.total ?? 0, meiliMs: 0, processingMs: 0 };
    });
    const viaApi = summarise(overHttp.samples.map((sample) => sample.ms));
    log(
      `HTTP GET /api/v1/repository (mã truy cập cá nhân, ${httpSpecs.length} truy vấn tuần tự của một giáo viên): p50 ${fixed(viaApi.p50)} ms, p95 ${fixed(viaApi.p95)} ms, p99 ${fixed(viaApi.p99)} ms — cùng các truy vấn trong tiến trình: p50 ${fixed(inProcess.p50)} ms, p95 ${fixed(inProcess.p95)} ms (phần web ≈ ${fixed(viaApi.p50 - inProcess.p50)} ms ở p50)`,
    );

    cpuBefore = await cpuSecondsByPart();
    phaseStarted = performance.now();
    log(
      `CÂU HỎI (${QUESTION_COUNT} câu, thiết lập của ngân hàng câu hỏi, gọi thẳng Meilisearch bằng client của ứng dụng): lọc quyền như ngân hàng, lọc môn/khối/chủ đề/mức độ/dạng, đếm theo mục`,
    );
    const questionsSequential = report("CÂU HỎI, tuần tự", await measure(specs, 1, questionSearch, "câu hỏi, tuần tự"));
    const questionsConcurrent = report(
      `CÂU HỎI, ${CONCURRENCY} truy vấn đồng thời`,
      await measure(specs, CONCURRENCY, questionSearch, `câu hỏi, ${CONCURRENCY} đồng thời`),
    );
    log(
      `  CPU trong phần câu hỏi: ${cpuPercent(cpuBefore, await cpuSecondsByPart(), (performance.now() - phaseStarted) / 1000)}`,
    );
    const transportSpecs = specs.slice(0, 300);
    const viaClient = summarise((await measure(transportSpecs, 1, questionSearch)).samples.map((sample) => sample.ms));
    const viaHttp = await plainHttpRoundTrips(transportSpecs, questions.index.uid);
    log(
      `  đường truyền: cùng ${transportSpecs.length} truy vấn câu hỏi — client meilisearch của ứng dụng (qua app/services/meili-transport.server.ts) p50 ${fixed(viaClient.p50)} ms, p95 ${fixed(viaClient.p95)} ms; node:http keep-alive, yêu cầu gửi một lần: p50 ${fixed(viaHttp.p50)} ms, p95 ${fixed(viaHttp.p95)} ms`,
    );

    log(
      `duyệt → tìm thấy với ${materialStats.numberOfDocuments} học liệu (tối đa ${APPROVALS} lần trong ${APPROVAL_BUDGET_SECONDS} s, qua outbox → worker → Meilisearch) …`,
    );
    const approval = await measureApprovals(setup, preparedAfter, APPROVAL_BUDGET_SECONDS, APPROVAL_CAP_SECONDS);
    approvalLine(`  với ${materialStats.numberOfDocuments} học liệu`, approval);

    const verdict = (ok: boolean) => (ok ? "met" : "missed");
    console.log(
      [
        "summary:",
        `cpus=${os.availableParallelism()}`,
        `materials=${materialStats.numberOfDocuments}`,
        `questions=${questionStats.numberOfDocuments}(bench index, bank settings)`,
        `materials_p50=${fixed(materialsSequential.p50)}ms`,
        `materials_p95=${fixed(materialsSequential.p95)}ms`,
        `materials_p99=${fixed(materialsSequential.p99)}ms`,
        `materials_meili_p50=${fixed(materialsSequential.meiliP50)}ms`,
        `materials_c${CONCURRENCY}_p95=${fixed(materialsConcurrent.p95)}ms`,
        `questions_p50=${fixed(questionsSequential.p50)}ms`,
        `questions_p95=${fixed(questionsSequential.p95)}ms`,
        `questions_p99=${fixed(questionsSequential.p99)}ms`,
        `questions_c${CONCURRENCY}_p95=${fixed(questionsConcurrent.p95)}ms`,
        `meili_processing_p50=${fixed(materialsSequential.processingP50, 0)}/${fixed(questionsSequential.processingP50, 0)}ms`,
        `http_p50=${fixed(viaApi.p50)}ms`,
        `http_p95=${fixed(viaApi.p95)}ms`,
        `approval_empty_db_p50=${wait(approvalBefore.total.p50).replace(/ /g, "")}`,
        `approval_empty_db_p95=${wait(approvalBefore.total.p95).replace(/ /g, "")}`,
        `approval_p50=${wait(approval.total.p50).replace(/ /g, "")}`,
        `approval_p95=${wait(approval.total.p95).replace(/ /g, "")}`,
        `approval_max=${wait(approval.total.max).replace(/ /g, "")}`,
        `approvals=${approval.approved}`,
        `approval_missed=${approval.missed}`,
        `approve_step_p50=${wait(approval.step.p50).replace(/ /g, "")}`,
        `relevance=${relevance}`,
        `target_p95<50ms=${verdict(materialsSequential.p95 < 50 && questionsSequential.p95 < 50)}`,
        `target_approval_p95<2s=${verdict(approval.missed === 0 && approval.total.p95 < 2000)}`,
        `reindex=${reindexSeconds.toFixed(0)}s`,
        `question_indexing=${questions.seconds.toFixed(0)}s`,
        `runtime=${seconds(benchStarted)}s`,
        `loadavg_end=${os.loadavg()[0]!.toFixed(1)}`,
      ].join(" "),
    );
  } finally {
    if (questionIndexUid) {
      await getSearchClient()
        .deleteIndex(questionIndexUid)
        .waitTask({ timeout: 60_000 })
        .catch(() => undefined);
    }
    await disconnectDatabase().catch(() => undefined);
    await app.stop();
  }
}

await main();
process.exit(0);
