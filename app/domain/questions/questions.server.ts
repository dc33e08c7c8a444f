import { createHash } from "node:crypto";
import { subject } from "@casl/ability";
import { Types, type QueryFilter } from "mongoose";
import { richTextPlainText } from "#content-schemas/lecture";
import { EDITABLE_STATUSES, type ReviewStatus } from "#content-schemas/materials";
import {
  questionBodySchema,
  richTextSchema,
  type BulkQuestionAction,
  type CognitiveLevel,
  type ListQuestionsQuery,
  type QuestionDraft,
  type QuestionSummary,
  type QuestionView,
} from "#content-schemas/questions";
import { Question, type QuestionDoc, type QuestionVersionDoc } from "#models/question";
import { defineAbilityFor, permittedConditions, type Action } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { checkClassification } from "~/domain/curriculum/topics.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { searchSharedQuestionIds } from "~/domain/search/question-index.server";
import { accentInsensitivePattern } from "~/utils/vietnamese-search";

export type QuestionResult<T> = DomainResult<T>;

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy câu hỏi." } as const;
const CONFLICT = {
  ok: false,
  status: 409,
  reason: "Câu hỏi vừa được thay đổi ở nơi khác (hoặc đã gửi duyệt). Hãy tải lại trang rồi sửa tiếp.",
} as const;

/** Every query for questions starts here: what this person may `action`, never a client-sent id alone. */
export function questionsFilter(actor: Actor, action: Action = "read"): QueryFilter<QuestionDoc> {
  return { $and: [permittedConditions(actor, action, "Question"), { deletedAt: null }] };
}

async function findQuestion(actor: Actor, questionId: string, action: Action) {
  if (!Types.ObjectId.isValid(questionId)) return null;
  return Question.findOne({
    $and: [{ _id: new Types.ObjectId(questionId) }, questionsFilter(actor, action)],
  }).lean<QuestionDoc>();
}

const itemSubject = (question: QuestionDoc) =>
  subject("Question", {
    ownerOrganisationId: String(question.ownerOrganisationId),
    organisationPath: question.organisationPath.map(String),
    createdBy: String(question.createdBy),
    scope: question.scope,
    liveVersion: question.liveVersion ?? null,
  });

/**
 * The comparable form of a stem: its words and formulas, lower case, without accents' variants of
 * composition, punctuation or runs of spaces — "Câu 1: Tính  x+1 ." and "tính x + 1" are the same stem.
 */
export function normaliseStem(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/^\s*câu\s*\d+\s*[.:)]\s*/u, "")
    .replace(/[\s\p{P}]+/gu, "")
    .trim();
}

/** Same stem and format in one school: the key duplicate detection looks up. */
export function stemKeyOf(draft: Pick<QuestionDraft, "stem" | "body">): string {
  return createHash("sha256")
    .update(`${draft.body.type}\n${normaliseStem(richTextPlainText(draft.stem))}`)
    .digest("hex");
}

/** A question of the school with the same stem and format, other than `exceptId`. */
export async function findDuplicate(actor: Actor, stemKey: string, exceptId?: Types.ObjectId) {
  const duplicate = await Question.findOne(
    {
      ownerOrganisationId: new Types.ObjectId(actor.organisationId),
      stemKey,
      deletedAt: null,
      ...(exceptId && { _id: { $ne: exceptId } }),
    },
    { _id: 1, stemText: 1 },
  ).lean();
  return duplicate ? { id: String(duplicate._id), stemText: duplicate.stemText } : null;
}

const versionFields = (draft: QuestionDraft) => ({
  type: draft.body.type,
  stem: draft.stem,
  body: draft.body,
  solution: draft.solution,
  subjectCode: draft.subject,
  grade: draft.grade,
  topicIds: draft.topicIds.map((id) => new Types.ObjectId(id)),
  outcomes: draft.outcomes,
  level: draft.level,
  difficulty: draft.difficulty,
  tags: draft.tags,
  source: draft.source,
  licence: draft.licence,
});

/** The listing fields at the top of the document: they mirror the latest version. */
const listingFields = (draft: QuestionDraft, status: ReviewStatus) => ({
  status,
  type: draft.body.type,
  subjectCode: draft.subject,
  grade: draft.grade,
  topicIds: draft.topicIds.map((id) => new Types.ObjectId(id)),
  level: draft.level,
  difficulty: draft.difficulty,
  tags: draft.tags,
  stemText: richTextPlainText(draft.stem, 2_000),
  stemKey: stemKeyOf(draft),
});

const duplicateReason = (duplicate: { stemText: string }) =>
  `Trường đã có câu hỏi cùng nội dung: «${duplicate.stemText.slice(0, 120)}». Nếu vẫn muốn lưu, hãy chọn «Vẫn lưu câu trùng».`;

export interface SaveOptions {
  /** Save even when the school already has the same stem. */
  allowDuplicate?: boolean;
  importedFrom?: { importId: Types.ObjectId; label: string };
}

/** A new draft question of the author's school, after the curriculum and duplicate checks. */
export async function createQuestion(
  actor: Actor,
  draft: QuestionDraft,
  options: SaveOptions = {},
): Promise<QuestionResult<{ id: string }>> {
  if (!defineAbilityFor(actor).can("create", subject("Question", { ownerOrganisationId: actor.organisationId } as never))) {
    return { ok: false, status: 403, reason: "Chỉ giáo viên của trường mới tạo được câu hỏi." };
  }
  const problem = await checkClassification(draft.subject, [draft.grade], draft.topicIds);
  if (problem) return { ok: false, status: 422, reason: problem };
  const listing = listingFields(draft, "draft");
  if (!options.allowDuplicate) {
    const duplicate = await findDuplicate(actor, listing.stemKey);
    if (duplicate) return { ok: false, status: 409, reason: duplicateReason(duplicate) };
  }
  const now = new Date();
  const created = await Question.create({
    ownerOrganisationId: actor.organisationId,
    organisationPath: actor.organisationPath,
    createdBy: actor.id,
    latestVersion: 1,
    ...listing,
    importedFrom: options.importedFrom ?? null,
    versions: [{ number: 1, status: "draft", ...versionFields(draft), createdBy: actor.id, createdAt: now, updatedAt: now }],
  });
  return { ok: true, value: { id: String(created._id) } };
}

/**
 * Saves a change. A version still editable (draft, changes requested) is changed in place; an approved or
 * submitted one gets a new draft version and stays in use until that is approved (tests pin their version).
 */
export async function updateQuestion(
  actor: Actor,
  questionId: string,
  draft: QuestionDraft,
  options: SaveOptions = {},
): Promise<QuestionResult<{ id: string; version: number }>> {
  const question = await findQuestion(actor, questionId, "update");
  if (!question) return NOT_FOUND;
  const latest = question.versions[question.latestVersion - 1];
  if (!latest) return NOT_FOUND;
  const problem = await checkClassification(draft.subject, [draft.grade], draft.topicIds);
  if (problem) return { ok: false, status: 422, reason: problem };
  const listing = listingFields(draft, "draft");
  if (!options.allowDuplicate) {
    const duplicate = await findDuplicate(actor, listing.stemKey, question._id);
    if (duplicate) return { ok: false, status: 409, reason: duplicateReason(duplicate) };
  }
  const now = new Date();
  const inPlace = EDITABLE_STATUSES.includes(latest.status as ReviewStatus);
  const number = inPlace ? latest.number : question.latestVersion + 1;
  const version = {
    number,
    status: "draft",
    ...versionFields(draft),
    createdBy: inPlace ? latest.createdBy : new Types.ObjectId(actor.id),
    createdAt: inPlace ? latest.createdAt : now,
    updatedAt: now,
  };
  const index = question.latestVersion - 1;
  const result = inPlace
    ? await Question.updateOne(
        { _id: question._id, latestVersion: question.latestVersion, [`versions.${index}.status`]: { $in: EDITABLE_STATUSES } },
        { $set: { [`versions.${index}`]: version, ...listing } },
      )
    : await Question.updateOne(
        { _id: question._id, latestVersion: question.latestVersion },
        { $set: { latestVersion: number, ...listing }, $push: { versions: version } },
      );
  return result.modifiedCount === 1 ? { ok: true, value: { id: questionId, version: number } } : CONFLICT;
}

/** Which version a person sees: the author and those who may edit see the latest, others the approved one. */
function visibleVersion(actor: Actor, question: QuestionDoc): QuestionVersionDoc | undefined {
  const mayEdit = defineAbilityFor(actor).can("update", itemSubject(question));
  const number = mayEdit || !question.liveVersion ? question.latestVersion : question.liveVersion;
  return question.versions[number - 1];
}

function viewOf(actor: Actor, question: QuestionDoc, version: QuestionVersionDoc): QuestionView {
  return {
    id: String(question._id),
    type: version.type as QuestionView["type"],
    stem: richTextSchema.parse(version.stem),
    body: questionBodySchema.parse(version.body),
    solution: version.solution ? richTextSchema.parse(version.solution) : null,
    subject: version.subjectCode,
    grade: version.grade,
    topicIds: version.topicIds.map(String),
    outcomes: [...version.outcomes],
    level: version.level as CognitiveLevel,
    difficulty: version.difficulty ?? 3,
    tags: [...version.tags],
    source: version.source ?? "",
    licence: version.licence as QuestionView["licence"],
    status: version.status,
    scope: question.scope,
    version: version.number,
    latestVersion: question.latestVersion,
    liveVersion: question.liveVersion ?? null,
    ownerOrganisationId: String(question.ownerOrganisationId),
    createdBy: String(question.createdBy),
    mayEdit: defineAbilityFor(actor).can("update", itemSubject(question)),
    stats: {
      attempts: question.stats?.attempts ?? 0,
      usageCount: question.stats?.usageCount ?? 0,
      facility: question.stats?.facility ?? null,
      discrimination: question.stats?.discrimination ?? null,
    },
    updatedAt: version.updatedAt.toISOString(),
  };
}

/** The stored question, if this person may read it. */
export const findReadableQuestion = (actor: Actor, questionId: string) => findQuestion(actor, questionId, "read");

/** A readable question as this person sees it: the version they may see, with what they may do. */
export function questionViewFor(actor: Actor, question: QuestionDoc): QuestionView | null {
  const version = visibleVersion(actor, question);
  return version ? viewOf(actor, question, version) : null;
}

/** One question as this person may see it, or null when it does not exist for them. */
export async function getQuestion(actor: Actor, questionId: string): Promise<QuestionView | null> {
  const question = await findReadableQuestion(actor, questionId);
  return question && questionViewFor(actor, question);
}

/** The metadata filters of the bank browser, on the latest version's fields (prefix "") or the approved one's ("live."). */
function metadataConditions(query: ListQuestionsQuery, prefix: "" | "live.") {
  const conditions: Record<string, unknown>[] = [];
  if (query.subject) conditions.push({ [`${prefix}subjectCode`]: query.subject });
  if (query.grade) conditions.push({ [`${prefix}grade`]: query.grade });
  if (query.topic) conditions.push({ [`${prefix}topicIds`]: new Types.ObjectId(query.topic) });
  if (query.level) conditions.push({ [`${prefix}level`]: query.level });
  if (query.type) conditions.push({ [`${prefix}type`]: query.type });
  if (query.q) conditions.push({ [`${prefix}stemText`]: { $regex: accentInsensitivePattern(query.q), $options: "i" } });
  return conditions;
}

/**
 * Authors list their questions as last written; everyone else as last approved (`live`), never an unreviewed draft
 * of someone else's — except administrators overseeing drafts that were never approved.
 */
function listFilter(actor: Actor, query: ListQuestionsQuery, searched: string[] | null): QueryFilter<QuestionDoc> {
  const me = new Types.ObjectId(actor.id);
  const branches: Record<string, unknown>[] = [
    { $and: [{ createdBy: me }, ...metadataConditions(query, ""), ...(query.status ? [{ status: query.status }] : [])] },
  ];
  if (query.owner !== "mine") {
    branches.push({
      $and: [
        { createdBy: { $ne: me } },
        { live: null },
        ...metadataConditions(query, ""),
        ...(query.status ? [{ status: query.status }] : []),
      ],
    });
    // The version others see is the approved (published) one.
    if (!query.status || query.status === "published") {
      // Their text is matched by search when it answers (Vietnamese-aware, typos forgiven), else in the database.
      const text = searched
        ? [
            ...metadataConditions({ ...query, q: undefined }, "live."),
            { _id: { $in: searched.map((id) => new Types.ObjectId(id)) } },
          ]
        : metadataConditions(query, "live.");
      branches.push({ $and: [{ createdBy: { $ne: me } }, { live: { $ne: null } }, ...text] });
    }
  }
  const conditions: QueryFilter<QuestionDoc>[] = [questionsFilter(actor), { $or: branches }];
  if (query.scope) conditions.push({ scope: query.scope });
  return { $and: conditions };
}

/** The listing fields a person sees of a question: the latest version's for its author, else the approved one's. */
function listedFields(actor: Actor, question: QuestionDoc) {
  const mine = String(question.createdBy) === actor.id;
  const live = !mine ? question.live : null;
  return live
    ? { ...live, status: "published", version: question.liveVersion ?? question.latestVersion, mine }
    : {
        type: question.type,
        subjectCode: question.subjectCode,
        grade: question.grade,
        topicIds: question.topicIds,
        level: question.level,
        difficulty: question.difficulty,
        tags: question.tags,
        stemText: question.stemText,
        status: question.status,
        version: question.latestVersion,
        mine,
      };
}

const summaryOf = (actor: Actor, question: QuestionDoc): QuestionSummary => {
  const listed = listedFields(actor, question);
  return {
    id: String(question._id),
    type: listed.type as QuestionSummary["type"],
    stemText: listed.stemText,
    subject: listed.subjectCode,
    grade: listed.grade,
    topicIds: listed.topicIds.map(String),
    level: listed.level as CognitiveLevel,
    difficulty: listed.difficulty ?? 3,
    tags: [...listed.tags],
    status: listed.status,
    scope: question.scope,
    version: listed.version,
    mine: listed.mine,
    updatedAt: (question as { updatedAt?: Date }).updatedAt?.toISOString() ?? new Date(0).toISOString(),
  };
};

/** What a listing never shows: versions, outbox, trail and reviews stay in the database. */
const LISTED_FIELDS_ONLY = { versions: 0, outbox: 0, trail: 0, reviews: 0 } as const;

/**
 * A text search lists the best matches first, in the order search ranked them; the person's own questions that only
 * the database matched (drafts are not in search) follow, newest first.
 */
async function pageInSearchOrder(matching: QuestionDoc[], searched: string[], query: ListQuestionsQuery) {
  const rank = new Map(searched.map((id, index) => [id, index]));
  const rankOf = (question: QuestionDoc) => rank.get(String(question._id)) ?? searched.length;
  const updatedAt = (question: QuestionDoc) => (question as { updatedAt?: Date }).updatedAt?.getTime() ?? 0;
  const ids = matching
    .toSorted((a, b) => rankOf(a) - rankOf(b) || updatedAt(b) - updatedAt(a) || String(b._id).localeCompare(String(a._id)))
    .slice((query.page - 1) * query.pageSize, query.page * query.pageSize)
    .map((question) => question._id);
  const byId = new Map(
    (await Question.find({ _id: { $in: ids } }, LISTED_FIELDS_ONLY).lean<QuestionDoc[]>()).map((question) => [
      String(question._id),
      question,
    ]),
  );
  return ids.map((id) => byId.get(String(id))).filter((question) => question !== undefined);
}

/**
 * The bank browser: a page of the questions this person may read that match the filters, and the counts of all
 * of them per topic × cognitive level (a question with several topics counts under each).
 */
export async function listQuestions(actor: Actor, query: ListQuestionsQuery) {
  const searched = query.q && query.owner !== "mine" ? await searchSharedQuestionIds(actor, query) : null;
  const filter = listFilter(actor, query, searched);
  const [newestPage, total, classified] = await Promise.all([
    searched
      ? null
      : Question.find(filter, LISTED_FIELDS_ONLY)
          .sort({ updatedAt: -1, _id: -1 })
          .skip((query.page - 1) * query.pageSize)
          .limit(query.pageSize)
          .lean<QuestionDoc[]>(),
    Question.countDocuments(filter),
    // Counted here rather than by $unwind/$group, which FerretDB 1.24 does not handle on arrays of ids.
    Question.find(filter, {
      topicIds: 1,
      level: 1,
      createdBy: 1,
      live: 1,
      liveVersion: 1,
      latestVersion: 1,
      updatedAt: 1,
    }).lean<QuestionDoc[]>(),
  ]);
  const page = newestPage ?? (await pageInSearchOrder(classified, searched!, query));
  const counts = new Map<string, number>();
  for (const question of classified) {
    const listed = listedFields(actor, question);
    const topics = listed.topicIds.length > 0 ? listed.topicIds.map(String) : [""];
    for (const topicId of topics) {
      const key = `${topicId}|${listed.level}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const matrix = [...counts].map(([key, count]) => {
    const [topicId, level] = key.split("|");
    return { topicId: topicId || null, level: level as CognitiveLevel, count };
  });
  return {
    items: page.map((question) => summaryOf(actor, question)),
    total,
    page: query.page,
    pageSize: query.pageSize,
    matrix,
    /** True when a text search had to be answered from the database because search is down. */
    degraded: Boolean(query.q && query.owner !== "mine" && searched === null),
  };
}

/**
 * Changes metadata of many questions, or deletes drafts, at once. Only questions this person may edit
 * (delete: never approved) are touched; the rest are counted as refused.
 */
export async function bulkQuestionAction(actor: Actor, action: BulkQuestionAction) {
  const ids = action.ids.map((id) => new Types.ObjectId(id));
  if (action.action === "delete") {
    const result = await Question.updateMany(
      { $and: [{ _id: { $in: ids } }, questionsFilter(actor, "delete")] },
      { $set: { deletedAt: new Date() } },
    );
    return { changed: result.modifiedCount, refused: ids.length - result.modifiedCount };
  }
  const editable = await Question.find(
    { $and: [{ _id: { $in: ids } }, questionsFilter(actor, "update")] },
    { latestVersion: 1, versions: 1, subjectCode: 1, grade: 1, tags: 1 },
  ).lean<QuestionDoc[]>();
  let changed = 0;
  for (const question of editable) {
    const latest = question.versions[question.latestVersion - 1];
    if (!latest || !EDITABLE_STATUSES.includes(latest.status as ReviewStatus)) continue;
    if (action.topicIds && (await checkClassification(question.subjectCode, [question.grade], action.topicIds))) continue;
    const index = question.latestVersion - 1;
    const set: Record<string, unknown> = {};
    const assign = (field: string, value: unknown) => {
      set[field] = value;
      set[`versions.${index}.${field}`] = value;
    };
    if (action.topicIds)
      assign(
        "topicIds",
        action.topicIds.map((id) => new Types.ObjectId(id)),
      );
    if (action.level) assign("level", action.level);
    if (action.difficulty) assign("difficulty", action.difficulty);
    if (action.addTags) assign("tags", [...new Set([...question.tags, ...action.addTags])]);
    set[`versions.${index}.updatedAt`] = new Date();
    const result = await Question.updateOne(
      { _id: question._id, latestVersion: question.latestVersion, [`versions.${index}.status`]: { $in: EDITABLE_STATUSES } },
      { $set: set },
    );
    changed += result.modifiedCount;
  }
  return { changed, refused: ids.length - changed };
}
