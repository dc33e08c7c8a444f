import { Types } from "mongoose";
import type { Settings } from "meilisearch";
import { richTextPlainText } from "#content-schemas/lecture";
import { questionBodySchema, type ListQuestionsQuery, type QuestionBody } from "#content-schemas/questions";
import { Question, type QuestionDoc } from "#models/question";
import { Subject } from "#models/subject";
import { Topic } from "#models/topic";
import type { Actor } from "~/auth/session.server";
import { ensureSearchIndex, SEARCH_LOCALES, VIETNAMESE_TEXT_SETTINGS } from "~/services/search.server";
import { reindex, searchIndexOf, syncToSearch, type SearchCollection } from "./search-collection.server";
import { searchVisibilityFilter } from "./visibility-filter";

export const QUESTIONS_INDEX = "questions";

/**
 * Ranked by where a word is found: the stem first, then the curriculum (topics, learning outcomes), then the answer
 * parts and the solution. Every field a filter, facet or permission rule needs is filterable.
 */
export const QUESTIONS_INDEX_SETTINGS: Settings = {
  ...VIETNAMESE_TEXT_SETTINGS,
  searchableAttributes: ["stemText", "topics", "outcomes", "partsText", "solutionText", "tags", "subjectName"],
  filterableAttributes: [
    "subjectCode",
    "grade",
    "topicIds",
    "level",
    "type",
    "difficulty",
    "scope",
    "licence",
    "ownerOrganisationId",
    "organisationPath",
    "createdBy",
    "publishedAt",
  ],
  sortableAttributes: ["publishedAt", "difficulty"],
  displayedAttributes: ["*"],
};

/** What is searched and shown of one approved question: its live version, nothing from drafts. */
export interface QuestionSearchDocument {
  id: string;
  type: string;
  stemText: string;
  partsText: string;
  solutionText: string;
  topics: string[];
  outcomes: string[];
  tags: string[];
  subjectCode: string;
  subjectName: string;
  grade: number;
  topicIds: string[];
  level: string;
  difficulty: number;
  scope: string;
  licence: string;
  ownerOrganisationId: string;
  organisationPath: string[];
  createdBy: string;
  publishedAt: number;
}

/** The words of a question's answer parts: options, statements, pairs, items, accepted answers. */
function partsText(body: QuestionBody): string {
  const texts = (parts: readonly { content: unknown }[]) => parts.map((part) => richTextPlainText(part.content));
  switch (body.type) {
    case "single_choice":
    case "multiple_response":
      return texts(body.options).join(" ");
    case "true_false_group":
      return texts(body.statements).join(" ");
    case "matching":
      return [...texts(body.premises), ...texts(body.responses)].join(" ");
    case "ordering":
      return texts(body.items).join(" ");
    case "short_answer":
      return body.answer.kind === "text" ? body.answer.accepted.join(" ") : body.answer.value;
    case "cloze":
      return body.gaps.flatMap((gap) => gap.accepted).join(" ");
    case "essay":
      return body.rubric.map((row) => row.criterion).join(" ");
  }
}

const isSearchable = (question: QuestionDoc) =>
  !question.deletedAt && Boolean(question.live) && Boolean(question.liveVersion) && question.scope !== "private";

/** Search documents for questions, with the names of their subjects and topics looked up once. */
export async function questionSearchDocuments(questions: QuestionDoc[]): Promise<QuestionSearchDocument[]> {
  const searchable = questions.filter(isSearchable);
  const topicIds = [...new Set(searchable.flatMap((question) => question.live!.topicIds.map(String)))];
  const [subjects, topics] = await Promise.all([
    Subject.find(
      { code: { $in: [...new Set(searchable.map((question) => question.live!.subjectCode))] } },
      { code: 1, name: 1 },
    ).lean(),
    Topic.find({ _id: { $in: topicIds.map((id) => new Types.ObjectId(id)) } }, { name: 1, outcomes: 1 }).lean(),
  ]);
  const subjectNames = new Map(subjects.map((subject) => [subject.code, subject.name]));
  const topicsById = new Map(topics.map((topic) => [String(topic._id), topic]));
  return searchable.map((question) => {
    const live = question.live!;
    const version = question.versions[question.liveVersion! - 1]!;
    const body = questionBodySchema.parse(version.body);
    const questionTopics = live.topicIds.map((id) => topicsById.get(String(id))).filter((topic) => topic !== undefined);
    return {
      id: String(question._id),
      type: live.type,
      stemText: live.stemText,
      partsText: partsText(body),
      solutionText: richTextPlainText(version.solution),
      topics: questionTopics.map((topic) => topic.name),
      outcomes: [...version.outcomes, ...questionTopics.flatMap((topic) => topic.outcomes.map((outcome) => outcome.text))],
      tags: [...live.tags],
      subjectCode: live.subjectCode,
      subjectName: subjectNames.get(live.subjectCode) ?? live.subjectCode,
      grade: live.grade,
      topicIds: live.topicIds.map(String),
      level: live.level,
      difficulty: live.difficulty ?? 3,
      scope: question.scope,
      licence: live.licence,
      ownerOrganisationId: String(question.ownerOrganisationId),
      organisationPath: question.organisationPath.map(String),
      createdBy: String(question.createdBy),
      publishedAt: live.publishedAt.getTime(),
    };
  });
}

/** Approved, shared questions in search (drafts and private questions never are). */
export const QUESTION_SEARCH: SearchCollection<QuestionDoc, QuestionSearchDocument> = {
  name: QUESTIONS_INDEX,
  settings: QUESTIONS_INDEX_SETTINGS,
  model: Question as unknown as SearchCollection<QuestionDoc, QuestionSearchDocument>["model"],
  searchable: { deletedAt: null, live: { $ne: null }, scope: { $ne: "private" } },
  documents: questionSearchDocuments,
};

export const questionsIndex = () => searchIndexOf<QuestionSearchDocument>(QUESTIONS_INDEX);
export const ensureQuestionsIndex = () => ensureSearchIndex(QUESTIONS_INDEX, QUESTIONS_INDEX_SETTINGS);
export const syncQuestionToSearch = (questionId: string) => syncToSearch(QUESTION_SEARCH, questionId);
export const reindexQuestions = (progress?: (done: number, total: number) => void) => reindex(QUESTION_SEARCH, progress);

/** Most shared questions one text search takes into the bank listing (the listing pages and counts them). */
const MAX_SEARCH_MATCHES = 1_000;

/**
 * The approved questions this person may see whose text matches `q` — Vietnamese-aware: without accents, with a
 * typo — within the bank's filters, as ids for the listing to page and count. Null when search is down (the
 * listing then matches text in the database).
 */
export async function searchSharedQuestionIds(
  actor: Actor,
  query: Pick<ListQuestionsQuery, "q" | "subject" | "grade" | "topic" | "level" | "type" | "scope">,
): Promise<string[] | null> {
  const visibility = searchVisibilityFilter(actor, "Question");
  if ("none" in visibility) return [];
  const chosen: [string, string | number | undefined][] = [
    ["subjectCode", query.subject],
    ["grade", query.grade],
    ["topicIds", query.topic],
    ["level", query.level],
    ["type", query.type],
    ["scope", query.scope],
  ];
  const filter = [
    ...("filter" in visibility ? [visibility.filter] : []),
    ...chosen.flatMap(([field, value]) => (value === undefined ? [] : [`${field} = ${JSON.stringify(String(value))}`])),
  ]
    .map((part) => `(${part})`)
    .join(" AND ");
  try {
    const result = await questionsIndex().search(query.q ?? "", {
      filter,
      locales: [...SEARCH_LOCALES],
      matchingStrategy: "all",
      attributesToRetrieve: ["id"],
      limit: MAX_SEARCH_MATCHES,
    });
    return result.hits.map((hit) => hit.id);
  } catch (error) {
    console.warn(`search unavailable, matching question text in the database: ${(error as Error).message}`);
    return null;
  }
}
