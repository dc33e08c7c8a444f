// Learning materials of other repositories, as harvested over OAI-PMH (oai-harvest.server.ts): a
// read-only catalogue for staff, each item opened at its source, searched through Meilisearch
// (external-item-index.server.ts). See docs/interoperability.md.
import type { QueryFilter } from "mongoose";
import { objectIdSchema } from "#content-schemas/common";
import type { ExternalItem, ExternalItemList, ListExternalItemsQuery } from "#content-schemas/external-items";
import { HarvestedItem, HarvestSource, type HarvestedItemDoc } from "#models/harvested-item";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { getInteropEnv } from "~/config/interop-env.server";
import { searchExternalItems, type ExternalItemMatches, type FacetCount } from "~/domain/search/external-item-index.server";
import { connectDatabase } from "~/services/db.server";
import { accentInsensitivePattern } from "~/utils/vietnamese-search";
import { normaliseSource } from "./oai-harvest.server";

type Outcome<T> = { ok: true; value: T } | { ok: false; status: 403 | 404; reason: string };

const FORBIDDEN = {
  ok: false,
  status: 403,
  reason: "Chỉ giáo viên, cán bộ quản lý và chuyên viên xem được học liệu từ kho khác.",
} as const;
const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy học liệu này trong các kho đã thu thập." } as const;

/** Subject values offered for filtering: the most frequent ones (and the one selected). */
const SUBJECT_FACET_LIMIT = 50;
/** Words of a search that count; more only make the pattern longer. */
const SEARCH_WORD_LIMIT = 10;

/**
 * Staff only (teachers, group leaders, reviewers, administrators). Harvested records are public
 * metadata of other repositories, so no school filter applies; students are kept to the
 * materials assigned to their class.
 */
export function mayBrowseExternalItems(actor: Actor): boolean {
  return actor.roles.some((binding) => binding.role !== "student");
}

const hostOf = (source: string) => (URL.canParse(source) ? new URL(source).host : source);

/** The page renders the address as a link: only http(s) ever becomes one, whatever is stored. */
const httpUrlOrNull = (value: string | null | undefined) =>
  value && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) ? value : null;

function toExternalItem(item: HarvestedItemDoc): ExternalItem {
  return {
    id: String(item._id),
    source: item.source,
    sourceHost: hostOf(item.source),
    identifier: item.identifier,
    title: item.title,
    description: item.description,
    subjects: item.subjects,
    creators: item.creators,
    publisher: item.publisher,
    url: httpUrlOrNull(item.identifierUrl),
    type: item.type,
    language: item.language,
    rights: item.rights,
    datestamp: item.datestamp.toISOString(),
    harvestedAt: item.harvestedAt.toISOString(),
  };
}

/**
 * In the database, live records matching the query: every word of `q` in the title or the description, in any order.
 * A facet counts what the other filters leave, so `except` drops that facet's own filter (the
 * source counts stay visible once a source is chosen).
 */
function itemsFilter(query: ListExternalItemsQuery, except?: "source" | "subject"): QueryFilter<HarvestedItemDoc> {
  const words = (query.q ?? "").split(/\s+/).filter(Boolean).slice(0, SEARCH_WORD_LIMIT);
  return {
    deleted: false,
    ...(query.source && except !== "source" ? { source: query.source } : {}),
    ...(query.subject && except !== "subject" ? { subjects: query.subject } : {}),
    ...(words.length > 0
      ? {
          $and: words.map((word) => {
            const pattern = { $regex: accentInsensitivePattern(word), $options: "i" };
            return { $or: [{ title: pattern }, { description: pattern }] };
          }),
        }
      : {}),
  };
}

interface GroupCount {
  _id: string;
  count: number;
}

/** A page of records with the total and the counts for filtering, whichever of search or the database found them. */
type Matches = Omit<ExternalItemMatches, "ids"> & { items: HarvestedItemDoc[] };

/** Newest first, words matched in the database; each facet counted by a $match/$unwind/$group pipeline. */
async function matchInDatabase(query: ListExternalItemsQuery): Promise<Matches> {
  const filter = itemsFilter(query);
  // Separate plain queries and $match/$unwind/$group pipelines: what the embedded FerretDB runs well.
  const [items, total, sources, subjects] = await Promise.all([
    HarvestedItem.find(filter)
      .sort({ datestamp: -1, _id: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<HarvestedItemDoc[]>(),
    HarvestedItem.countDocuments(filter),
    HarvestedItem.aggregate<GroupCount>([
      { $match: itemsFilter(query, "source") },
      { $group: { _id: "$source", count: { $sum: 1 } } },
    ]),
    HarvestedItem.aggregate<GroupCount>([
      { $match: itemsFilter(query, "subject") },
      { $unwind: "$subjects" },
      { $group: { _id: "$subjects", count: { $sum: 1 } } },
    ]),
  ]);
  const rows = (groups: GroupCount[]) => groups.map((group) => ({ value: group._id, count: group.count }));
  return { items, total, facets: { source: rows(sources), subject: rows(subjects) } };
}

/** The page search found, read from the database in search's order; a record deleted since is left out. */
async function readSearchPage({ ids, total, facets }: ExternalItemMatches): Promise<Matches> {
  const found = await HarvestedItem.find({ _id: { $in: ids }, deleted: false }).lean<HarvestedItemDoc[]>();
  const byId = new Map(found.map((item) => [String(item._id), item]));
  return { items: ids.map((id) => byId.get(id)).filter((item) => item !== undefined), total, facets };
}

const byCountThenValue = (a: FacetCount, b: FacetCount) =>
  b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/**
 * Newest first (by the source's datestamp) or, when words are searched, best match first through Meilisearch;
 * with counts per source and per subject value for filtering. While search is unavailable the words are matched
 * in the database instead (accents optional, no typo forgiven) and the list says `degraded`.
 */
export async function listExternalItems(actor: Actor, query: ListExternalItemsQuery): Promise<Outcome<ExternalItemList>> {
  if (!mayBrowseExternalItems(actor)) return FORBIDDEN;
  await connectDatabase();
  const searched = query.q ? await searchExternalItems(query) : null;
  const { items, total, facets } = searched ? await readSearchPage(searched) : await matchInDatabase(query);
  return {
    ok: true,
    value: {
      items: items.map(toExternalItem),
      total,
      page: query.page,
      pageSize: query.pageSize,
      facets: {
        sources: facets.source
          .sort(byCountThenValue)
          .map((row) => ({ source: row.value, sourceHost: hostOf(row.value), count: row.count })),
        subjects: facets.subject
          .sort(byCountThenValue)
          .filter((row, index) => index < SUBJECT_FACET_LIMIT || row.value === query.subject)
          .map((row) => ({ value: row.value, count: row.count })),
      },
      degraded: Boolean(query.q) && !searched,
    },
  };
}

/** One live harvested record; deleted ones (the source withdrew them) are not found, as in the list. */
export async function externalItem(actor: Actor, itemId: string): Promise<Outcome<ExternalItem>> {
  if (!mayBrowseExternalItems(actor)) return FORBIDDEN;
  if (!objectIdSchema.safeParse(itemId).success) return NOT_FOUND;
  await connectDatabase();
  const item = await HarvestedItem.findOne({ _id: itemId, deleted: false }).lean<HarvestedItemDoc>();
  return item ? { ok: true, value: toExternalItem(item) } : NOT_FOUND;
}

export interface HarvestSourceStatus {
  source: string;
  sourceHost: string;
  lastSucceededAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** Records the last successful harvest received (incremental: only what changed since the one before). */
  lastRecordCount: number;
}

/**
 * How the harvest of each configured source (OAI_HARVEST_SOURCES) stands, for the people who see
 * the job status page — the harvest is one of those jobs; null for everyone else.
 */
export async function harvestStatusFor(actor: Actor): Promise<HarvestSourceStatus[] | null> {
  if (!defineAbilityFor(actor).can("read", "Job")) return null;
  await connectDatabase();
  const sources = getInteropEnv().OAI_HARVEST_SOURCES.map(normaliseSource);
  const states = new Map(
    (await HarvestSource.find({ source: { $in: sources } }).lean()).map((state) => [state.source, state] as const),
  );
  return sources.map((source) => {
    const state = states.get(source);
    return {
      source,
      sourceHost: hostOf(source),
      lastSucceededAt: state?.lastSucceededAt?.toISOString() ?? null,
      lastAttemptAt: state?.lastAttemptAt?.toISOString() ?? null,
      lastError: state?.lastError ?? null,
      lastRecordCount: state?.lastRecordCount ?? 0,
    };
  });
}
