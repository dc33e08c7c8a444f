// Learning materials harvested from other repositories (OAI-PMH) in search: their words found with or without
// accents and with a typo, narrowed and counted by source and subject. The harvester marks each record it writes;
// the sync below writes the marked ones to Meilisearch in batches (docs/search.md).
import type { Settings } from "meilisearch";
import type { Types } from "mongoose";
import type { ListExternalItemsQuery } from "#content-schemas/external-items";
import { HarvestedItem, type HarvestedItemDoc } from "#models/harvested-item";
import { VIETNAMESE_TEXT_SETTINGS } from "~/services/search.server";
import { facetedSearch } from "./faceted-search.server";
import { indexReady, reindex, writeToSearch, type SearchCollection } from "./search-collection.server";

export const EXTERNAL_ITEMS_INDEX = "external_items";

/** Ranked by where a word is found: the title first, then the subjects, the description, the people and publisher. */
export const EXTERNAL_ITEMS_INDEX_SETTINGS: Settings = {
  ...VIETNAMESE_TEXT_SETTINGS,
  searchableAttributes: ["title", "subjects", "description", "creators", "publisher"],
  filterableAttributes: ["source", "subjects", "type", "language", "datestamp"],
  sortableAttributes: ["datestamp"],
  // The listing offers the most frequent subjects, so Meilisearch must keep those rather than the first alphabetically.
  faceting: { sortFacetValuesBy: { "*": "count" } },
  displayedAttributes: ["*"],
};

/** What is searched of one live harvested record (the listing reads the record itself from the database). */
export interface ExternalItemSearchDocument {
  id: string;
  source: string;
  title: string;
  description: string;
  subjects: string[];
  creators: string[];
  publisher: string;
  type: string;
  language: string;
  datestamp: number;
}

function externalItemSearchDocuments(items: HarvestedItemDoc[]): Promise<ExternalItemSearchDocument[]> {
  return Promise.resolve(
    items
      .filter((item) => !item.deleted)
      .map((item) => ({
        id: String(item._id),
        source: item.source,
        title: item.title,
        description: item.description,
        subjects: [...item.subjects],
        creators: [...item.creators],
        publisher: item.publisher,
        type: item.type,
        language: item.language,
        datestamp: item.datestamp.getTime(),
      })),
  );
}

/** Live harvested records in search; those the source reported deleted are not. */
export const EXTERNAL_ITEM_SEARCH: SearchCollection<HarvestedItemDoc, ExternalItemSearchDocument> = {
  name: EXTERNAL_ITEMS_INDEX,
  settings: EXTERNAL_ITEMS_INDEX_SETTINGS,
  model: HarvestedItem as unknown as SearchCollection<HarvestedItemDoc, ExternalItemSearchDocument>["model"],
  searchable: { deleted: false },
  changedAt: "harvestedAt",
  documents: externalItemSearchDocuments,
};

export const reindexExternalItems = (progress?: (done: number, total: number) => void) => reindex(EXTERNAL_ITEM_SEARCH, progress);

// Records harvested before the mark existed have none: search has not seen them either.
const STALE = { searchStale: { $ne: false } };
const SYNC_BATCH = 500;

/**
 * Writes every harvested record marked stale to search, in batches: live ones added, deleted ones removed. Then
 * clears each mark unless the record was harvested again meanwhile (its harvestedAt moved on), so that change
 * stays marked for the next run. Throws while search is down, leaving the marks for the retry; with nothing
 * marked it does nothing.
 */
export async function syncStaleExternalItems(): Promise<{ indexed: number; removed: number }> {
  // Created even with nothing to write: until it exists, every search of harvested items falls back to the database.
  await indexReady(EXTERNAL_ITEM_SEARCH);
  const synced = { indexed: 0, removed: 0 };
  let after: Types.ObjectId | undefined;
  for (;;) {
    const batch = await HarvestedItem.find(after ? { ...STALE, _id: { $gt: after } } : STALE)
      .sort({ _id: 1 })
      .limit(SYNC_BATCH)
      .lean<HarvestedItemDoc[]>();
    if (batch.length === 0) return synced;
    const written = await writeToSearch(
      EXTERNAL_ITEM_SEARCH,
      batch.map((item) => String(item._id)),
      batch,
    );
    synced.indexed += written.indexed;
    synced.removed += written.removed;
    await clearStaleMarks(batch);
    after = batch.at(-1)!._id;
  }
}

/** One guarded update per harvest time: a harvest stores each page of records with one time. */
async function clearStaleMarks(items: HarvestedItemDoc[]) {
  const byHarvestTime = new Map<number, Types.ObjectId[]>();
  for (const item of items) {
    const time = item.harvestedAt.getTime();
    const ids = byHarvestTime.get(time) ?? [];
    ids.push(item._id);
    byHarvestTime.set(time, ids);
  }
  for (const [time, ids] of byHarvestTime) {
    await HarvestedItem.updateMany({ _id: { $in: ids }, harvestedAt: new Date(time) }, { $set: { searchStale: false } });
  }
}

type Facet = "source" | "subject";

const FACET_ATTRIBUTES = { source: "source", subject: "subjects" } as const satisfies Record<
  Facet,
  keyof ExternalItemSearchDocument
>;

export interface FacetCount {
  value: string;
  count: number;
}

/** One page of matching records (ids, best match first), how many match, and the counts for filtering. */
export interface ExternalItemMatches {
  ids: string[];
  total: number;
  facets: Record<Facet, FacetCount[]>;
}

/**
 * The live harvested records matching `q` — every word, with or without accents, one typo forgiven from 4
 * letters — within the chosen source and subject. Each chosen facet is counted by its own query without its own
 * filter (one multi-search), as the database listing counts. Null when search is unavailable: the listing then
 * matches words in the database.
 */
export async function searchExternalItems(query: ListExternalItemsQuery): Promise<ExternalItemMatches | null> {
  const found = await facetedSearch<ExternalItemSearchDocument, Facet>({
    index: EXTERNAL_ITEMS_INDEX,
    q: query.q,
    filters: [],
    facets: {
      source: { attribute: FACET_ATTRIBUTES.source, chosen: query.source },
      subject: { attribute: FACET_ATTRIBUTES.subject, chosen: query.subject },
    },
    page: { attributesToRetrieve: ["id"], page: query.page, hitsPerPage: query.pageSize },
  });
  if (!found) return null;
  const counts = (facet: Facet) => Object.entries(found.counts(facet)).map(([value, count]) => ({ value, count }));
  return {
    ids: found.page.hits.map((hit) => hit.id),
    total: found.page.totalHits ?? found.page.hits.length,
    facets: { source: counts("source"), subject: counts("subject") },
  };
}
