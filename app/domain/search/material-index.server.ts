import { Types } from "mongoose";
import type { Settings } from "meilisearch";
import { richTextPlainText } from "#content-schemas/lecture";
import { Material, type MaterialDoc } from "#models/material";
import { Organisation } from "#models/organisation";
import { Subject } from "#models/subject";
import { Topic } from "#models/topic";
import { ratingOf } from "~/domain/materials/materials.server";
import { ensureSearchIndex, getSearchClient, indexUid, VIETNAMESE_TEXT_SETTINGS } from "~/services/search.server";

export const MATERIALS_INDEX = "materials";

/**
 * Ranked by where a word is found: the title first, then the curriculum (topics, learning outcomes), then the
 * summary and the lecture's text. Every field a filter, facet or permission rule needs is filterable.
 */
export const MATERIALS_INDEX_SETTINGS: Settings = {
  ...VIETNAMESE_TEXT_SETTINGS,
  searchableAttributes: ["title", "topics", "outcomes", "summary", "bodyText", "authors", "subjectName", "ownerName"],
  filterableAttributes: [
    "subjectCode",
    "grades",
    "topicIds",
    "kind",
    "scope",
    "licence",
    "ownerOrganisationId",
    "organisationPath",
    "createdBy",
    "publishedAt",
    "ratingAverage",
  ],
  sortableAttributes: ["publishedAt", "ratingAverage", "ratingCount", "uses"],
  displayedAttributes: ["*"],
};

/** What is searched and shown of one published material: its live version, nothing from drafts. */
export interface MaterialSearchDocument {
  id: string;
  kind: string;
  title: string;
  summary: string;
  bodyText: string;
  topics: string[];
  outcomes: string[];
  authors: string[];
  subjectCode: string;
  subjectName: string;
  grades: number[];
  topicIds: string[];
  scope: string;
  licence: string;
  ownerOrganisationId: string;
  ownerName: string;
  organisationPath: string[];
  createdBy: string;
  publishedAt: number;
  ratingAverage: number;
  ratingCount: number;
  uses: number;
}

/** Whether a material belongs in search: published with a live version, not deleted. */
export const isSearchable = (material: Pick<MaterialDoc, "deletedAt" | "live" | "liveVersion" | "scope">) =>
  !material.deletedAt && Boolean(material.live) && Boolean(material.liveVersion) && material.scope !== "private";

/** Search documents for materials, with the names of their subjects, topics and owner schools looked up once. */
export async function materialSearchDocuments(materials: MaterialDoc[]): Promise<MaterialSearchDocument[]> {
  const searchable = materials.filter(isSearchable);
  const topicIds = [...new Set(searchable.flatMap((material) => material.live!.topicIds.map(String)))];
  const [subjects, topics, owners] = await Promise.all([
    Subject.find(
      { code: { $in: [...new Set(searchable.map((material) => material.live!.subjectCode))] } },
      { code: 1, name: 1 },
    ).lean(),
    Topic.find({ _id: { $in: topicIds.map((id) => new Types.ObjectId(id)) } }, { name: 1, outcomes: 1 }).lean(),
    Organisation.find({ _id: { $in: searchable.map((material) => material.ownerOrganisationId) } }, { name: 1 }).lean(),
  ]);
  const subjectNames = new Map(subjects.map((subject) => [subject.code, subject.name]));
  const topicsById = new Map(topics.map((topic) => [String(topic._id), topic]));
  const ownerNames = new Map(owners.map((owner) => [String(owner._id), owner.name]));
  return searchable.map((material) => {
    const live = material.live!;
    const version = material.versions[material.liveVersion! - 1];
    const materialTopics = live.topicIds.map((id) => topicsById.get(String(id))).filter((topic) => topic !== undefined);
    const rating = ratingOf(material);
    return {
      id: String(material._id),
      kind: material.kind,
      title: live.title,
      summary: live.summary ?? "",
      bodyText: richTextPlainText(version?.body),
      topics: materialTopics.map((topic) => topic.name),
      outcomes: materialTopics.flatMap((topic) => topic.outcomes.map((outcome) => outcome.text)),
      authors: [...(version?.authors ?? [])],
      subjectCode: live.subjectCode,
      subjectName: subjectNames.get(live.subjectCode) ?? live.subjectCode,
      grades: [...live.grades],
      topicIds: live.topicIds.map(String),
      scope: material.scope,
      licence: live.licence,
      ownerOrganisationId: String(material.ownerOrganisationId),
      ownerName: ownerNames.get(String(material.ownerOrganisationId)) ?? "",
      organisationPath: material.organisationPath.map(String),
      createdBy: String(material.createdBy),
      publishedAt: live.publishedAt.getTime(),
      ratingAverage: rating.average ?? 0,
      ratingCount: rating.count,
      uses: material.counters?.uses ?? 0,
    };
  });
}

/** Meilisearch accepts a task and runs it later: wait for it, and fail (so the job retries) unless it succeeded. */
async function settled(task: { waitTask(options: { timeout: number }): Promise<{ status: string; error?: unknown }> }) {
  const done = await task.waitTask({ timeout: 30_000 });
  if (done.status !== "succeeded") throw new Error(`search task ${done.status}: ${JSON.stringify(done.error)}`);
}

export const materialsIndex = () => getSearchClient().index<MaterialSearchDocument>(indexUid(MATERIALS_INDEX));

export const ensureMaterialsIndex = () => ensureSearchIndex(MATERIALS_INDEX, MATERIALS_INDEX_SETTINGS);

let indexReady: Promise<unknown> | undefined;
/** Settings are applied once per process before the first write (a write to a missing index would create it bare). */
function materialsIndexReady() {
  indexReady ??= ensureMaterialsIndex().catch((error: unknown) => {
    indexReady = undefined;
    throw error;
  });
  return indexReady;
}

/**
 * Brings one material's search document in line with the database: written when it is searchable, removed
 * otherwise. Reads the current state whatever the event said, so running it twice or out of order is harmless.
 */
export async function syncMaterialToSearch(materialId: string): Promise<"indexed" | "removed"> {
  await materialsIndexReady();
  const material = Types.ObjectId.isValid(materialId) ? await Material.findById(materialId).lean<MaterialDoc>() : null;
  const [document] = material ? await materialSearchDocuments([material]) : [];
  if (document) {
    await settled(materialsIndex().addDocuments([document]));
    return "indexed";
  }
  await settled(materialsIndex().deleteDocument(materialId));
  return "removed";
}

const REINDEX_BATCH = 500;

/**
 * Rebuilds the materials index from the database into a fresh index, then swaps it with the live one in one
 * step, so searches keep answering (from the old index) during the rebuild. Changes made while it ran are
 * synced again after the swap. Reports progress as it goes.
 */
export async function reindexMaterials(progress: (done: number, total: number) => void = () => {}) {
  const search = getSearchClient();
  const startedAt = new Date();
  const liveUid = indexUid(MATERIALS_INDEX);
  const rebuildUid = `${liveUid}_rebuild_${startedAt.getTime()}`;
  await ensureMaterialsIndex();
  await settled(search.createIndex(rebuildUid, { primaryKey: "id" }));
  await settled(search.index(rebuildUid).updateSettings(MATERIALS_INDEX_SETTINGS));
  const filter: Record<string, unknown> = { deletedAt: null, live: { $ne: null }, scope: { $ne: "private" } };
  const total = await Material.countDocuments(filter);
  let done = 0;
  let batch: MaterialDoc[] = [];
  const flush = async () => {
    await settled(search.index(rebuildUid).addDocuments(await materialSearchDocuments(batch)));
    done += batch.length;
    batch = [];
    progress(done, total);
  };
  for await (const material of Material.find(filter).sort({ _id: 1 }).lean<MaterialDoc>().cursor()) {
    batch.push(material as MaterialDoc);
    if (batch.length === REINDEX_BATCH) await flush();
  }
  if (batch.length > 0 || total === 0) await flush();
  await settled(search.swapIndexes([{ indexes: [liveUid, rebuildUid], rename: false }]));
  await settled(search.deleteIndex(rebuildUid));
  // Whatever changed during the rebuild was written to the old index by the worker; write it again.
  const changed = await Material.find({ updatedAt: { $gte: startedAt } }, { _id: 1 }).lean();
  for (const material of changed) await syncMaterialToSearch(String(material._id));
  return { indexed: done, resynced: changed.length };
}
