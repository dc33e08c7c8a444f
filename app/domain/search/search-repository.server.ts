import type { Licence, MaterialKind } from "#content-schemas/materials";
import type { RepositoryQuery } from "#content-schemas/sharing";
import type { Actor } from "~/auth/session.server";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import { browseRepository } from "~/domain/sharing/repository.server";
import { facetedSearch, type FacetChoice } from "./faceted-search.server";
import { MATERIALS_INDEX, type MaterialSearchDocument } from "./material-index.server";
import { searchVisibilityFilter } from "./visibility-filter";

type Facet = "subject" | "grade" | "topic" | "kind" | "scope";

const FACET_ATTRIBUTES: Record<Facet, keyof MaterialSearchDocument> = {
  subject: "subjectCode",
  grade: "grades",
  topic: "topicIds",
  kind: "kind",
  scope: "scope",
};

/** Highlighted words come back between these control characters, never as HTML: the page makes <mark> of them. */
export const HIGHLIGHT_START = "\u0001";
export const HIGHLIGHT_END = "\u0002";

const SORTS: Record<RepositoryQuery["sort"], string[] | undefined> = {
  relevance: undefined,
  newest: ["publishedAt:desc"],
  most_used: ["uses:desc", "publishedAt:desc"],
  top_rated: ["ratingAverage:desc", "ratingCount:desc"],
};

const FACET_VALUES: Record<Facet, (query: RepositoryQuery) => string | number | undefined> = {
  subject: (query) => query.subject,
  grade: (query) => query.grade,
  topic: (query) => query.topic,
  kind: (query) => query.kind,
  scope: (query) => query.scope,
};

const facetRows = (distribution: Record<string, number>) =>
  Object.entries(distribution)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, "vi", { numeric: true }));

/**
 * The shared repository through Meilisearch: words typed with or without accents and with typos, ranked
 * title > curriculum > text, facet counts, highlights — always inside the person's permission filter, which
 * also bounds every facet count. When search is unavailable the database answers instead (`degraded`).
 */
export type RepositoryPage = Awaited<ReturnType<typeof browseRepository>> & {
  degraded: boolean;
  highlights: Record<string, { title: string; summary: string }>;
};

export async function searchRepository(actor: Actor, query: RepositoryQuery): Promise<RepositoryPage> {
  const visibility = searchVisibilityFilter(actor, "Material");
  if ("none" in visibility) return { ...emptyPage(query), degraded: false, highlights: {} };
  const facetChoices = Object.fromEntries(
    (Object.keys(FACET_ATTRIBUTES) as Facet[]).map((facet) => [
      facet,
      { attribute: FACET_ATTRIBUTES[facet], chosen: FACET_VALUES[facet](query) },
    ]),
  ) as Record<Facet, FacetChoice>;
  const found = await facetedSearch<MaterialSearchDocument, Facet>({
    index: MATERIALS_INDEX,
    q: query.q,
    filters: "filter" in visibility ? [visibility.filter] : [],
    facets: facetChoices,
    page: {
      sort: SORTS[query.q ? query.sort : query.sort === "relevance" ? "newest" : query.sort],
      page: query.page,
      hitsPerPage: query.pageSize,
      attributesToHighlight: ["title", "summary"],
      attributesToCrop: ["summary"],
      cropLength: 40,
      highlightPreTag: HIGHLIGHT_START,
      highlightPostTag: HIGHLIGHT_END,
    },
  });
  if (!found) return { ...(await browseRepository(actor, query)), degraded: true, highlights: {} };
  const main = found.page;
  const facets = {
    subject: facetRows(found.counts("subject")),
    grade: facetRows(found.counts("grade")),
    topic: facetRows(found.counts("topic")),
    kind: facetRows(found.counts("kind")),
    scope: facetRows(found.counts("scope")),
  };
  const { subjects, topics } = await curriculumLabels();
  const pick = <T>(names: Record<string, T>, rows: { value: string }[]) =>
    Object.fromEntries(rows.filter((row) => row.value in names).map((row) => [row.value, names[row.value]!]));
  const hits = main.hits;
  return {
    items: hits.map((hit) => ({
      id: hit.id,
      kind: hit.kind as MaterialKind,
      title: hit.title,
      summary: hit.summary,
      subjectCode: hit.subjectCode,
      grades: hit.grades,
      licence: hit.licence as Licence,
      scope: hit.scope as "school" | "district" | "province" | "national",
      owner: { id: hit.ownerOrganisationId, name: hit.ownerName },
      uses: hit.uses,
      rating: { average: hit.ratingCount > 0 ? Math.round(hit.ratingAverage * 10) / 10 : null, count: hit.ratingCount },
      publishedAt: new Date(hit.publishedAt).toISOString(),
    })),
    total: main.totalHits ?? hits.length,
    page: query.page,
    pageSize: query.pageSize,
    facets,
    labels: { subjects: pick(subjects, facets.subject), topics: pick(topics, facets.topic) },
    degraded: false,
    highlights: Object.fromEntries(
      hits.map((hit) => [hit.id, { title: hit._formatted?.title ?? hit.title, summary: hit._formatted?.summary ?? hit.summary }]),
    ),
  };
}

function emptyPage(query: RepositoryQuery): Omit<RepositoryPage, "degraded" | "highlights"> {
  const none = { subject: [], grade: [], topic: [], kind: [], scope: [] };
  return { items: [], total: 0, page: query.page, pageSize: query.pageSize, facets: none, labels: { subjects: {}, topics: {} } };
}
