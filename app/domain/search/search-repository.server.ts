import type { MultiSearchQuery, SearchResponse } from "meilisearch";
import type { Licence, MaterialKind } from "#content-schemas/materials";
import type { RepositoryQuery } from "#content-schemas/sharing";
import type { Actor } from "~/auth/session.server";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import { browseRepository } from "~/domain/sharing/repository.server";
import { getSearchClient, indexUid, SEARCH_LOCALES } from "~/services/search.server";
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

/** The person's filters, each a Meilisearch condition on a validated value (quoted all the same). */
function chosenFilters(query: RepositoryQuery, except?: Facet) {
  return (Object.keys(FACET_ATTRIBUTES) as Facet[])
    .filter((facet) => facet !== except && FACET_VALUES[facet](query) !== undefined)
    .map((facet) => `${FACET_ATTRIBUTES[facet]} = ${JSON.stringify(String(FACET_VALUES[facet](query)))}`);
}

const facetRows = (distribution: Record<string, number> | undefined) =>
  Object.entries(distribution ?? {})
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
  const permission = "filter" in visibility ? [visibility.filter] : [];
  const base = {
    indexUid: indexUid(MATERIALS_INDEX),
    q: query.q ?? "",
    locales: [...SEARCH_LOCALES],
    // Every word typed must match (each with its typo tolerance): a teacher narrowing a search expects fewer results.
    matchingStrategy: "all",
  } satisfies Partial<MultiSearchQuery>;
  const filterFor = (except?: Facet) => [...permission, ...chosenFilters(query, except)].map((part) => `(${part})`).join(" AND ");
  // Each chosen facet is counted without its own filter, so a teacher sees what choosing another value would give.
  const chosenFacets = (Object.keys(FACET_ATTRIBUTES) as Facet[]).filter((facet) => FACET_VALUES[facet](query) !== undefined);
  const queries: MultiSearchQuery[] = [
    {
      ...base,
      filter: filterFor(),
      facets: Object.values(FACET_ATTRIBUTES),
      sort: SORTS[query.q ? query.sort : query.sort === "relevance" ? "newest" : query.sort],
      page: query.page,
      hitsPerPage: query.pageSize,
      attributesToHighlight: ["title", "summary"],
      attributesToCrop: ["summary"],
      cropLength: 40,
      highlightPreTag: HIGHLIGHT_START,
      highlightPostTag: HIGHLIGHT_END,
    },
    ...chosenFacets.map((facet) => ({ ...base, filter: filterFor(facet), facets: [FACET_ATTRIBUTES[facet]], hitsPerPage: 0 })),
  ];
  let results: SearchResponse<MaterialSearchDocument>[];
  try {
    const response = await getSearchClient().multiSearch({ queries });
    results = response.results as unknown as SearchResponse<MaterialSearchDocument>[];
  } catch (error) {
    console.warn(`search unavailable, answering from the database: ${(error as Error).message}`);
    return { ...(await browseRepository(actor, query)), degraded: true, highlights: {} };
  }
  const [main, ...perFacet] = results as [SearchResponse<MaterialSearchDocument>, ...SearchResponse<MaterialSearchDocument>[]];
  const distribution = (facet: Facet) => {
    const own = chosenFacets.indexOf(facet);
    return facetRows((own >= 0 ? perFacet[own] : main)?.facetDistribution?.[FACET_ATTRIBUTES[facet]]);
  };
  const facets = {
    subject: distribution("subject"),
    grade: distribution("grade"),
    topic: distribution("topic"),
    kind: distribution("kind"),
    scope: distribution("scope"),
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
