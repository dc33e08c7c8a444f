import { subject } from "@casl/ability";
import { Types, type PipelineStage } from "mongoose";
import { objectIdSchema } from "#content-schemas/common";
import { MATERIAL_KINDS, REVIEW_STATUSES, SCOPES } from "#content-schemas/materials";
import type { ORGANISATION_TYPES } from "#content-schemas/organisation";
import { REVIEW_LEVELS } from "#content-schemas/review";
import { TOP_CONTRIBUTORS, type RepositoryStatistics, type RepositoryStatisticsQuery } from "#content-schemas/statistics";
import { Material } from "#models/material";
import { Organisation } from "#models/organisation";
import { Subject } from "#models/subject";
import { User } from "#models/user";
import { assertCanOn, defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import {
  completedReviews,
  countsInOrder,
  inTreeOrder,
  periodOf,
  reachedScopes,
  summariseTurnaround,
  type CompletedReview,
  type Period,
} from "./repository-statistics";

type OrganisationType = (typeof ORGANISATION_TYPES)[number];

const organisationPathOf = (organisation: { _id: Types.ObjectId; ancestorIds: Types.ObjectId[] }) =>
  [...organisation.ancestorIds, organisation._id].map(String);

/** The organisation whose figures are asked for: 404 when there is no such unit, 403 when it is not the person's to see. */
async function readableOrganisation(actor: Actor, organisationId: string) {
  const notFound = new Response("Không tìm thấy đơn vị.", { status: 404 });
  if (!objectIdSchema.safeParse(organisationId).success) throw notFound;
  const organisation = await Organisation.findById(organisationId, { code: 1, name: 1, type: 1, ancestorIds: 1 }).lean();
  if (!organisation) throw notFound;
  assertCanOn(actor, "read", "RepositoryStatistics", { organisationPath: organisationPathOf(organisation) });
  return organisation;
}

/** Units whose statistics the person may open, in tree order with their depth: the choices of the picker. */
export async function statisticsOrganisations(actor: Actor) {
  const ability = defineAbilityFor(actor);
  const boundTo = [...new Set(actor.roles.map((binding) => binding.organisationId))].map((id) => new Types.ObjectId(id));
  const candidates = await Organisation.find(
    { $or: [{ _id: { $in: boundTo } }, { ancestorIds: { $in: boundTo } }] },
    { name: 1, type: 1, ancestorIds: 1 },
  ).lean();
  const readable = candidates.filter((organisation) =>
    ability.can("read", subject("RepositoryStatistics", { organisationPath: organisationPathOf(organisation) })),
  );
  return inTreeOrder(
    readable.map((organisation) => ({
      id: String(organisation._id),
      name: organisation.name,
      type: organisation.type as OrganisationType,
      ancestorIds: organisation.ancestorIds.map(String),
    })),
  ).map(({ id, name, type, depth }) => ({ id, name, type, depth }));
}

/** aggregate() does not cast like find() does: every id in a pipeline is an ObjectId already. */
type MaterialMatch = { organisationPath: Types.ObjectId; deletedAt: null };

async function countBy(match: MaterialMatch, field: "kind" | "subjectCode" | "status" | "scope") {
  const rows = await Material.aggregate<{ _id: string; count: number }>([
    { $match: match },
    { $group: { _id: `$${field}`, count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((row) => [String(row._id), row.count]));
}

/** Items per author and owner school: both the contributors and the per-school table come from it. */
function authorship(match: MaterialMatch) {
  return Material.aggregate<{ _id: { school: Types.ObjectId; author: Types.ObjectId }; items: number }>([
    { $match: match },
    { $group: { _id: { school: "$ownerOrganisationId", author: "$createdBy" }, items: { $sum: 1 } } },
  ]);
}

/** Items with an approved version in use, per owner school. */
async function publishedPerSchool(match: MaterialMatch) {
  const rows = await Material.aggregate<{ _id: Types.ObjectId; count: number }>([
    { $match: { ...match, liveVersion: { $ne: null } } },
    { $group: { _id: "$ownerOrganisationId", count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((row) => [String(row._id), row.count]));
}

/**
 * The sum of one counter over the organisation's items. FerretDB 1.24 sums a whole group to 0 when
 * the field is missing or null in any of its documents (docs/mongodb-compatibility.md), and items
 * stored before a counter existed lack it: only documents holding a number are summed.
 */
async function counterTotal(match: MaterialMatch, counter: "views" | "downloads" | "uses" | "copies") {
  const [row] = await Material.aggregate<{ total: number }>([
    { $match: { ...match, [`counters.${counter}`]: { $type: "number" } } },
    { $group: { _id: null, total: { $sum: `$counters.${counter}` } } },
  ]);
  return row?.total ?? 0;
}

async function reuseTotals(match: MaterialMatch) {
  const [views, downloads, classUses, copies] = await Promise.all([
    counterTotal(match, "views"),
    counterTotal(match, "downloads"),
    counterTotal(match, "uses"),
    counterTotal(match, "copies"),
  ]);
  return { views, downloads, classUses, copies };
}

/** Review decisions taken within the period, per level and decision. */
async function decisionsInPeriod(match: MaterialMatch, period: Period) {
  const taken: Record<string, Date> = {};
  if (period.start) taken.$gte = period.start;
  if (period.end) taken.$lte = period.end;
  const pipeline: PipelineStage[] = [{ $match: match }, { $project: { reviews: 1 } }, { $unwind: "$reviews" }];
  if (period.start || period.end) pipeline.push({ $match: { "reviews.at": taken } });
  pipeline.push({ $group: { _id: { level: "$reviews.level", decision: "$reviews.decision" }, count: { $sum: 1 } } });
  const rows = await Material.aggregate<{ _id: { level: string; decision: string }; count: number }>(pipeline);
  const count = (level: string, decision: string) =>
    rows.find((row) => row._id.level === level && row._id.decision === decision)?.count ?? 0;
  return REVIEW_LEVELS.map((level) => ({
    level,
    approved: count(level, "approve"),
    changesRequested: count(level, "request_changes"),
  }));
}

/** Every answered request for review in the organisation's items, read trail by trail. */
async function answeredReviews(match: MaterialMatch) {
  const reviews: CompletedReview[] = [];
  const withRequests = Material.find({ ...match, "trail.action": { $in: ["submit", "nominate"] } }, { trail: 1 })
    .lean()
    .cursor();
  for await (const material of withRequests) reviews.push(...completedReviews(material.trail));
  return reviews;
}

async function subjectNames(codes: readonly string[]) {
  const subjects = await Subject.find({ code: { $in: codes } }, { code: 1, name: 1, nameEn: 1 }).lean();
  return new Map(subjects.map((found) => [found.code, { name: found.name, nameEn: found.nameEn }]));
}

/**
 * The repository statistics of one organisation (a school, or an office with every school under it):
 * what it holds, who contributed, how reviews went and how far its items travelled. Item figures are
 * the current state; review figures cover the decisions taken within the optional period. Throws 404
 * for an unknown organisation and 403 for one the person may not see.
 */
export async function repositoryStatistics(actor: Actor, query: RepositoryStatisticsQuery): Promise<RepositoryStatistics> {
  const organisation = await readableOrganisation(actor, query.organisationId ?? actor.organisationId);
  const match: MaterialMatch = { organisationPath: organisation._id, deletedAt: null };
  const period = periodOf(query);
  const isSchool = organisation.type === "school";

  const [byKind, bySubject, byStatus, byScope, authors, published, reuse, decisions, answered, schools] = await Promise.all([
    countBy(match, "kind"),
    countBy(match, "subjectCode"),
    countBy(match, "status"),
    countBy(match, "scope"),
    authorship(match),
    publishedPerSchool(match),
    reuseTotals(match),
    decisionsInPeriod(match, period),
    answeredReviews(match),
    isSchool
      ? Promise.resolve([])
      : Organisation.find({ ancestorIds: organisation._id, type: "school" }, { code: 1, name: 1 }).lean(),
  ]);

  const itemsByAuthor = new Map<string, number>();
  const itemsBySchool = new Map<string, number>();
  const authorsBySchool = new Map<string, Set<string>>();
  for (const { _id, items } of authors) {
    const [school, author] = [String(_id.school), String(_id.author)];
    itemsByAuthor.set(author, (itemsByAuthor.get(author) ?? 0) + items);
    itemsBySchool.set(school, (itemsBySchool.get(school) ?? 0) + items);
    authorsBySchool.set(school, (authorsBySchool.get(school) ?? new Set()).add(author));
  }
  // Ties are broken by id so the same people are named on every request, then shown by name.
  const ranked = [...itemsByAuthor].sort(([idA, a], [idB, b]) => b - a || idA.localeCompare(idB)).slice(0, TOP_CONTRIBUTORS);
  const names = new Map(
    (await User.find({ _id: { $in: ranked.map(([id]) => new Types.ObjectId(id)) } }, { fullName: 1 }).lean()).map((user) => [
      String(user._id),
      user.fullName,
    ]),
  );
  const top = ranked
    .map(([id, items]) => ({ id, fullName: names.get(id) ?? "", items }))
    .sort((a, b) => b.items - a.items || a.fullName.localeCompare(b.fullName, "vi"));

  const subjects = await subjectNames([...bySubject.keys()]);
  const total = [...itemsBySchool.values()].reduce((sum, items) => sum + items, 0);

  return {
    organisation: {
      id: String(organisation._id),
      code: organisation.code,
      name: organisation.name,
      type: organisation.type as OrganisationType,
    },
    period: { from: query.from ?? null, to: query.to ?? null },
    generatedAt: new Date().toISOString(),
    items: {
      total,
      published: [...published.values()].reduce((sum, count) => sum + count, 0),
      byKind: countsInOrder(MATERIAL_KINDS, byKind).map(({ key, count }) => ({ kind: key, count })),
      bySubject: [...bySubject]
        .map(([subjectCode, count]) => ({
          subjectCode,
          name: subjects.get(subjectCode)?.name ?? subjectCode,
          nameEn: subjects.get(subjectCode)?.nameEn ?? subjectCode,
          count,
        }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "vi")),
      byStatus: countsInOrder(REVIEW_STATUSES, byStatus).map(({ key, count }) => ({ status: key, count })),
      byScope: countsInOrder(SCOPES, byScope).map(({ key, count }) => ({ scope: key, count })),
    },
    contributors: { total: itemsByAuthor.size, top },
    reviews: {
      total: decisions.reduce((sum, level) => sum + level.approved + level.changesRequested, 0),
      byLevel: decisions,
      turnaround: summariseTurnaround(answered, period),
    },
    reuse: { ...reuse, reachedScope: reachedScopes(byScope) },
    schools: schools
      .map((school) => ({
        id: String(school._id),
        code: school.code,
        name: school.name,
        items: itemsBySchool.get(String(school._id)) ?? 0,
        published: published.get(String(school._id)) ?? 0,
        contributors: authorsBySchool.get(String(school._id))?.size ?? 0,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "vi")),
  };
}
