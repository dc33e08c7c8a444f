import type { MultiSearchQuery, SearchResponse } from "meilisearch";
import { getSearchClient, indexUid, SEARCH_LOCALES } from "~/services/search.server";

/** One facet of a listing: the index attribute it counts, and the value the person chose (if any). */
export interface FacetChoice {
  attribute: string;
  chosen?: string | number;
}

/**
 * A page of an index with facet counts that show what choosing another value would give: each chosen facet is
 * counted by its own query without its own filter, all in one multi-search. Every word typed must match (each with
 * its typo tolerance). `filters` (permission, fixed conditions) bound the page and every count. Returns null when
 * search is unavailable, so the listing answers from the database.
 */
export async function facetedSearch<Doc extends { id: string }, Facet extends string>(input: {
  index: string;
  q: string | undefined;
  filters: readonly string[];
  facets: Record<Facet, FacetChoice>;
  page: Omit<MultiSearchQuery, "indexUid" | "q" | "filter" | "facets">;
}): Promise<{ page: SearchResponse<Doc>; counts: (facet: Facet) => Record<string, number> } | null> {
  const facets = Object.keys(input.facets) as Facet[];
  const chosen = facets.filter((facet) => input.facets[facet].chosen !== undefined);
  const filterFor = (except?: Facet) =>
    [
      ...input.filters,
      ...chosen
        .filter((facet) => facet !== except)
        .map((facet) => `${input.facets[facet].attribute} = ${JSON.stringify(String(input.facets[facet].chosen))}`),
    ]
      .map((part) => `(${part})`)
      .join(" AND ");
  const base = {
    indexUid: indexUid(input.index),
    q: input.q ?? "",
    locales: [...SEARCH_LOCALES],
    matchingStrategy: "all",
  } satisfies Partial<MultiSearchQuery>;
  const queries: MultiSearchQuery[] = [
    { ...base, ...input.page, filter: filterFor(), facets: facets.map((facet) => input.facets[facet].attribute) },
    ...chosen.map((facet) => ({ ...base, filter: filterFor(facet), facets: [input.facets[facet].attribute], hitsPerPage: 0 })),
  ];
  let results: SearchResponse<Doc>[];
  try {
    results = (await getSearchClient().multiSearch({ queries })).results as unknown as SearchResponse<Doc>[];
  } catch (error) {
    console.warn(`search unavailable (${input.index}), answering from the database: ${(error as Error).message}`);
    return null;
  }
  const [page, ...perFacet] = results as [SearchResponse<Doc>, ...SearchResponse<Doc>[]];
  return {
    page,
    counts: (facet) => {
      const own = chosen.indexOf(facet);
      return (own >= 0 ? perFacet[own] : page)?.facetDistribution?.[input.facets[facet].attribute] ?? {};
    },
  };
}
