import { Types } from "mongoose";
import type { Licence, MaterialKind } from "#content-schemas/materials";
import type { RepositoryQuery } from "#content-schemas/sharing";
import { Material, type MaterialDoc } from "#models/material";
import { Organisation } from "#models/organisation";
import { Subject } from "#models/subject";
import { Topic } from "#models/topic";
import type { Actor } from "~/auth/session.server";
import { materialsFilter, ratingOf } from "~/domain/materials/materials.server";
import { accentInsensitivePattern } from "~/utils/vietnamese-search";

type Facet = "subject" | "grade" | "topic" | "kind" | "scope";

/** The stored field behind each filter; list fields count each of their values. */
const FACET_FIELDS: Record<Facet, { field: string; list: boolean }> = {
  subject: { field: "live.subjectCode", list: false },
  grade: { field: "live.grades", list: true },
  topic: { field: "live.topicIds", list: true },
  kind: { field: "kind", list: false },
  scope: { field: "scope", list: false },
};

const SORTS: Record<RepositoryQuery["sort"], Record<string, 1 | -1>> = {
  relevance: { "live.publishedAt": -1, _id: -1 },
  newest: { "live.publishedAt": -1, _id: -1 },
  most_used: { "counters.uses": -1, "live.publishedAt": -1, _id: -1 },
  top_rated: { "rating.average": -1, "rating.count": -1, _id: -1 },
};

function filterCondition(facet: Facet, query: RepositoryQuery): Record<string, unknown> | null {
  switch (facet) {
    case "subject":
      return query.subject ? { "live.subjectCode": query.subject } : null;
    case "grade":
      return query.grade ? { "live.grades": query.grade } : null;
    case "topic":
      return query.topic ? { "live.topicIds": new Types.ObjectId(query.topic) } : null;
    case "kind":
      return query.kind ? { kind: query.kind } : null;
    case "scope":
      return query.scope ? { scope: query.scope } : null;
  }
}

/**
 * What the person may see of the shared repository (the sharing rule of materialsFilter) restricted to
 * published items, with every filter except `except` — facet counts ignore their own filter, so a teacher
 * sees how many items each other subject would give. Cast to the schema: aggregation does not cast ids.
 */
function repositoryFilter(actor: Actor, query: RepositoryQuery, except?: Facet) {
  const conditions = (Object.keys(FACET_FIELDS) as Facet[])
    .filter((facet) => facet !== except)
    .map((facet) => filterCondition(facet, query))
    .filter((condition): condition is Record<string, unknown> => condition !== null);
  const filter = {
    $and: [
      materialsFilter(actor),
      { live: { $ne: null }, scope: { $ne: "private" } },
      ...conditions,
      // Teachers often type without accents: «phan so» finds «Phân số» (full-text search is issue #6).
      ...(query.q ? [{ "live.title": { $regex: accentInsensitivePattern(query.q), $options: "i" } }] : []),
    ],
  };
  return Material.find().cast(Material, filter) as Record<string, unknown>;
}

async function facetCounts(actor: Actor, query: RepositoryQuery, facet: Facet) {
  const { field, list } = FACET_FIELDS[facet];
  const filter = repositoryFilter(actor, query, facet);
  if (!list) {
    const rows = await Material.aggregate<{ _id: unknown; count: number }>([
      { $match: filter },
      { $group: { _id: `$${field}`, count: { $sum: 1 } } },
    ]);
    return sortedFacet(rows.map((row) => [String(row._id), row.count]));
  }
  // FerretDB 1.24 cannot $unwind a dotted path (docs/mongodb-compatibility.md): list values are counted here.
  const counts = new Map<string, number>();
  const documents = await Material.find(filter, { [field]: 1 }).lean<{ live?: Record<string, unknown[]> }[]>();
  for (const document of documents) {
    for (const value of document.live?.[field.replace("live.", "")] ?? []) {
      counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
    }
  }
  return sortedFacet([...counts]);
}

const sortedFacet = (entries: [string, number][]) =>
  entries
    .filter(([value]) => value !== "null" && value !== "undefined")
    .sort(([valueA, countA], [valueB, countB]) => countB - countA || valueA.localeCompare(valueB, "vi", { numeric: true }))
    .slice(0, 200)
    .map(([value, count]) => ({ value, count }));

/** Names for the values the page shows: subjects, topics and owner schools. */
async function labelsFor(subjectCodes: string[], topicIds: string[], ownerIds: Types.ObjectId[]) {
  const [subjects, topics, owners] = await Promise.all([
    Subject.find({ code: { $in: subjectCodes } }, { code: 1, name: 1, nameEn: 1 }).lean(),
    Topic.find({ _id: { $in: topicIds.map((id) => new Types.ObjectId(id)) } }, { name: 1, grade: 1 }).lean(),
    Organisation.find({ _id: { $in: ownerIds } }, { name: 1 }).lean(),
  ]);
  return {
    subjects: Object.fromEntries(subjects.map((subject) => [subject.code, { vi: subject.name, en: subject.nameEn }])),
    topics: Object.fromEntries(topics.map((topic) => [String(topic._id), `${topic.name} (Lớp ${topic.grade})`])),
    owners: new Map(owners.map((owner) => [String(owner._id), owner.name])),
  };
}

/** One page of the shared repository with facet counts, all within what the person may see. */
export async function browseRepository(actor: Actor, query: RepositoryQuery) {
  const filter = repositoryFilter(actor, query);
  const [documents, total, subject, grade, topic, kind, scope] = await Promise.all([
    Material.find(filter, { kind: 1, scope: 1, live: 1, ownerOrganisationId: 1, counters: 1, rating: 1 })
      .sort(SORTS[query.sort])
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<Pick<MaterialDoc, "_id" | "kind" | "scope" | "live" | "ownerOrganisationId" | "counters" | "rating">[]>(),
    Material.countDocuments(filter),
    facetCounts(actor, query, "subject"),
    facetCounts(actor, query, "grade"),
    facetCounts(actor, query, "topic"),
    facetCounts(actor, query, "kind"),
    facetCounts(actor, query, "scope"),
  ]);
  const labels = await labelsFor(
    subject.map((row) => row.value),
    topic.map((row) => row.value),
    documents.map((document) => document.ownerOrganisationId),
  );
  return {
    items: documents.map((document) => ({
      id: String(document._id),
      kind: document.kind as MaterialKind,
      title: document.live!.title,
      summary: document.live!.summary ?? "",
      subjectCode: document.live!.subjectCode,
      grades: [...document.live!.grades],
      licence: document.live!.licence as Licence,
      scope: document.scope as "school" | "district" | "province" | "national",
      owner: { id: String(document.ownerOrganisationId), name: labels.owners.get(String(document.ownerOrganisationId)) ?? "" },
      uses: document.counters?.uses ?? 0,
      rating: ratingOf(document),
      publishedAt: document.live!.publishedAt?.toISOString() ?? null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
    facets: { subject, grade, topic, kind, scope },
    labels: { subjects: labels.subjects, topics: labels.topics },
  };
}
