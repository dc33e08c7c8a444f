import { Types, type Model } from "mongoose";
import type { Settings } from "meilisearch";
import { ensureSearchIndex, getSearchClient, indexUid } from "~/services/search.server";

/**
 * A collection kept in a Meilisearch index: which documents belong in search, how each becomes a search
 * document, and the index's settings. Materials and questions are two of these; syncing and rebuilding work
 * the same for both.
 */
export interface SearchCollection<Doc extends { _id: Types.ObjectId }, SearchDocument extends { id: string }> {
  name: string;
  settings: Settings;
  model: Model<Doc>;
  /** The database query for what belongs in search (used by the rebuild). */
  searchable: Record<string, unknown>;
  /** The date field of an item's last change (default `updatedAt`): the rebuild syncs again what changed while it ran. */
  changedAt?: string;
  /** Search documents for those of `docs` that belong in search, looked up in bulk. */
  documents(docs: Doc[]): Promise<SearchDocument[]>;
}

/** Meilisearch accepts a task and runs it later: wait for it, and fail (so a job retries) unless it succeeded. */
export async function settled(task: { waitTask(options: { timeout: number }): Promise<{ status: string; error?: unknown }> }) {
  const done = await task.waitTask({ timeout: 30_000 });
  if (done.status !== "succeeded") throw new Error(`search task ${done.status}: ${JSON.stringify(done.error)}`);
}

export const searchIndexOf = <SearchDocument extends { id: string }>(name: string) =>
  getSearchClient().index<SearchDocument>(indexUid(name));

const ready = new Map<string, Promise<unknown>>();
/** Settings are applied once per process before the first write (a write to a missing index would create it bare). */
export function indexReady({ name, settings }: { name: string; settings: Settings }) {
  let pending = ready.get(name);
  if (!pending) {
    pending = ensureSearchIndex(name, settings).catch((error: unknown) => {
      ready.delete(name);
      throw error;
    });
    ready.set(name, pending);
  }
  return pending;
}

/**
 * Brings the search documents of `ids` in line with `items`, their state as just read from the database: written
 * for the items that belong in search, removed for the others and for ids no longer in the database. Waits until
 * Meilisearch has applied both, and throws (so a job retries) when it cannot.
 */
export async function writeToSearch<Doc extends { _id: Types.ObjectId }, SearchDocument extends { id: string }>(
  collection: SearchCollection<Doc, SearchDocument>,
  ids: readonly string[],
  items: Doc[],
): Promise<{ indexed: number; removed: number }> {
  await indexReady(collection);
  const documents = await collection.documents(items);
  const kept = new Set(documents.map((document) => document.id));
  const removed = ids.filter((id) => !kept.has(id));
  const index = searchIndexOf<SearchDocument>(collection.name);
  if (documents.length > 0) await settled(index.addDocuments(documents));
  if (removed.length > 0) await settled(index.deleteDocuments(removed));
  return { indexed: documents.length, removed: removed.length };
}

/**
 * Brings one item's search document in line with the database: written when it belongs in search, removed
 * otherwise. Reads the current state whatever the event said, so running it twice or out of order is harmless.
 */
export async function syncToSearch<Doc extends { _id: Types.ObjectId }, SearchDocument extends { id: string }>(
  collection: SearchCollection<Doc, SearchDocument>,
  id: string,
): Promise<"indexed" | "removed"> {
  const item = Types.ObjectId.isValid(id) ? await collection.model.findById(id).lean<Doc>() : null;
  const { indexed } = await writeToSearch(collection, [id], item ? [item] : []);
  return indexed > 0 ? "indexed" : "removed";
}

const REINDEX_BATCH = 500;

/**
 * Rebuilds an index from the database into a fresh index, then swaps it with the live one in one step, so
 * searches keep answering (from the old index) during the rebuild. Changes made while it ran are synced again
 * after the swap. Reports progress as it goes.
 */
export async function reindex<Doc extends { _id: Types.ObjectId }, SearchDocument extends { id: string }>(
  collection: SearchCollection<Doc, SearchDocument>,
  progress: (done: number, total: number) => void = () => {},
) {
  const search = getSearchClient();
  const startedAt = new Date();
  const liveUid = indexUid(collection.name);
  const rebuildUid = `${liveUid}_rebuild_${startedAt.getTime()}`;
  await ensureSearchIndex(collection.name, collection.settings);
  await settled(search.createIndex(rebuildUid, { primaryKey: "id" }));
  await settled(search.index(rebuildUid).updateSettings(collection.settings));
  const total = await collection.model.countDocuments(collection.searchable);
  let done = 0;
  let batch: Doc[] = [];
  const flush = async () => {
    await settled(search.index(rebuildUid).addDocuments(await collection.documents(batch)));
    done += batch.length;
    batch = [];
    progress(done, total);
  };
  for await (const item of collection.model.find(collection.searchable).sort({ _id: 1 }).lean<Doc>().cursor()) {
    batch.push(item as Doc);
    if (batch.length === REINDEX_BATCH) await flush();
  }
  if (batch.length > 0 || total === 0) await flush();
  await settled(search.swapIndexes([{ indexes: [liveUid, rebuildUid], rename: false }]));
  await settled(search.deleteIndex(rebuildUid));
  // Whatever changed during the rebuild was written to the old index by the worker; write it again.
  const changed = await collection.model
    .find({ [collection.changedAt ?? "updatedAt"]: { $gte: startedAt } }, { _id: 1 })
    .lean<{ _id: Types.ObjectId }[]>();
  for (const item of changed) await syncToSearch(collection, String(item._id));
  return { indexed: done, resynced: changed.length };
}
