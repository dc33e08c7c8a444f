import { Types } from "mongoose";
import type { Settings } from "meilisearch";
import { richTextPlainText } from "#content-schemas/lecture";
import { Material, type MaterialDoc } from "#models/material";
import { Organisation } from "#models/organisation";
import { Subject } from "#models/subject";
import { Topic } from "#models/topic";
import { ratingOf } from "~/domain/materials/materials.server";
import { ensureSearchIndex, VIETNAMESE_TEXT_SETTINGS } from "~/services/search.server";
import { reindex, searchIndexOf, syncToSearch, type SearchCollection } from "./search-collection.server";

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

/** Published materials in search: their live version only, nothing from drafts. */
export const MATERIAL_SEARCH: SearchCollection<MaterialDoc, MaterialSearchDocument> = {
  name: MATERIALS_INDEX,
  settings: MATERIALS_INDEX_SETTINGS,
  model: Material as unknown as SearchCollection<MaterialDoc, MaterialSearchDocument>["model"],
  searchable: { deletedAt: null, live: { $ne: null }, scope: { $ne: "private" } },
  documents: materialSearchDocuments,
};

export const materialsIndex = () => searchIndexOf<MaterialSearchDocument>(MATERIALS_INDEX);
export const ensureMaterialsIndex = () => ensureSearchIndex(MATERIALS_INDEX, MATERIALS_INDEX_SETTINGS);
export const syncMaterialToSearch = (materialId: string) => syncToSearch(MATERIAL_SEARCH, materialId);
export const reindexMaterials = (progress?: (done: number, total: number) => void) => reindex(MATERIAL_SEARCH, progress);
