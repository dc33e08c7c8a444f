import { Types, type Model } from "mongoose";
import type { ReviewStatus } from "#content-schemas/materials";
import type { ReviewDecision, ReviewLevel } from "#content-schemas/review";
import { Organisation } from "#models/organisation";
import { outboxEvent } from "#models/outbox";
import { SubjectGroup } from "#models/subject-group";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { mayAct, nextNominationLevel, nextStatus, widerScope, type ReviewAction } from "./workflow";

export type ReviewResult<T> = { ok: true; value: T } | { ok: false; status: 403 | 404 | 409 | 422; reason: string };

/** What the review workflow reads of an item: the fields materials and questions share (models/review-parts.ts). */
export interface ReviewableItem {
  _id: Types.ObjectId;
  ownerOrganisationId: Types.ObjectId;
  organisationPath: Types.ObjectId[];
  createdBy: Types.ObjectId;
  scope: string;
  status: string;
  subjectCode: string;
  latestVersion: number;
  liveVersion?: number | null;
  assignment?: { reviewerId: Types.ObjectId; dueAt: Date; assignedBy: Types.ObjectId } | null;
  nomination?: { level: string; status: string; nominatedBy: Types.ObjectId; nominatedAt: Date } | null;
  reviews: {
    version: number;
    level: string;
    reviewerId: Types.ObjectId;
    decision: string;
    criteria: { criterion: string; pass?: boolean | null; comment?: string | null }[];
    message?: string | null;
    at: Date;
  }[];
  trail: { at: Date; actorId: Types.ObjectId; action: string; level: string; version: number; message?: string | null }[];
}

/** A version as the workflow sees it. */
interface ReviewableVersion {
  number: number;
  status: string;
}

/**
 * One kind of reviewed item (material, question): its collection, the outbox topic its steps announce, its words,
 * and what differs between kinds. The workflow — states, guards, atomic updates, nominations — is the same.
 */
export interface ReviewKind<Item extends ReviewableItem, Version extends ReviewableVersion> {
  model: Model<Item>;
  topic: string;
  /** Name of the item's id in the events' payload (`materialId`, `questionId`). */
  idKey: string;
  /** "học liệu", "câu hỏi": for messages ("Học liệu vừa được người khác xử lý …"). */
  noun: string;
  versionsOf(item: Item): readonly Version[];
  /** Why this version cannot be submitted yet (a file kind without its file), if it cannot. */
  submitProblem(item: Item, version: Version): string | null;
  /** The listing fields of the approved version, written by the update that approves it (`live`). */
  liveFields(version: Version): Record<string, unknown>;
}

const STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: "bản nháp",
  submitted: "đã gửi duyệt",
  in_review: "đang duyệt",
  changes_requested: "cần chỉnh sửa",
  approved: "đã duyệt",
  published: "đã xuất bản",
  archived: "đã lưu trữ",
};
const ACTION_LABELS: Record<ReviewAction, string> = {
  submit: "gửi duyệt",
  assign: "phân công duyệt",
  request_changes: "yêu cầu chỉnh sửa",
  approve: "duyệt",
  archive: "lưu trữ",
};

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const notFound = (noun: string) => ({ ok: false, status: 404, reason: `Không tìm thấy ${noun}.` }) as const;
const FORBIDDEN = { ok: false, status: 403, reason: "Bạn không có quyền thực hiện bước duyệt này." } as const;
const raced = (noun: string) =>
  ({
    ok: false,
    status: 409,
    reason: `${capitalised(noun)} vừa được người khác xử lý. Hãy tải lại trang để xem quyết định mới nhất.`,
  }) as const;

/** The item by id, whatever the person may see: callers then check the person's part in its review. */
export async function loadReviewable<Item extends ReviewableItem, Version extends ReviewableVersion>(
  kind: ReviewKind<Item, Version>,
  id: string,
) {
  if (!Types.ObjectId.isValid(id)) return null;
  return kind.model.findOne({ _id: id, deletedAt: null }).lean<Item>();
}

/** Subject groups of the item's school that cover its subject: they review it. */
export const groupsFor = (item: Pick<ReviewableItem, "ownerOrganisationId" | "subjectCode">) =>
  SubjectGroup.find({ schoolId: item.ownerOrganisationId, subjectCodes: item.subjectCode }).lean();

export async function participantFor(actor: Actor, item: ReviewableItem) {
  const groups = await groupsFor(item);
  return {
    isAuthor: String(item.createdBy) === actor.id,
    isGroupLeader: groups.some((group) => String(group.leaderId) === actor.id),
    isAssignedReviewer: String(item.assignment?.reviewerId ?? "") === actor.id,
    isSchoolAdministrator: actor.roles.some(
      (binding) => binding.role === "org_admin" && item.organisationPath.some((id) => String(id) === binding.organisationId),
    ),
  };
}

/** Whether this person takes part in reviewing the item (leader, assigned reviewer, office reviewer of a nomination). */
export async function mayReview(actor: Actor, item: ReviewableItem): Promise<boolean> {
  const who = await participantFor(actor, item);
  if (who.isGroupLeader || who.isAssignedReviewer) return true;
  return item.nomination?.status === "pending" && (await officeReviewerLevel(actor, item)) === item.nomination.level;
}

/** The level of the office under which the item lies where this person is a subject specialist, if any. */
export async function officeReviewerLevel(actor: Actor, item: ReviewableItem): Promise<ReviewLevel | null> {
  const offices = actor.roles
    .filter((binding) => binding.role === "reviewer")
    .map((binding) => binding.organisationId)
    .filter((id) => item.organisationPath.some((ancestor) => String(ancestor) === id));
  if (offices.length === 0) return null;
  const organisations = await Organisation.find({ _id: { $in: offices } }, { type: 1 }).lean();
  const level = organisations.map((organisation) => organisation.type).find((type) => type === item.nomination?.level);
  return (level as ReviewLevel | undefined) ?? null;
}

const trailEntry = (actor: Actor, action: string, level: ReviewLevel, version: number, message = "") => ({
  at: new Date(),
  actorId: new Types.ObjectId(actor.id),
  action,
  level,
  version,
  message,
});

export type ReviewStepInput =
  | { action: "submit" | "archive" }
  | { action: "assign"; reviewerId: string; dueAt: Date }
  | { action: "decide"; decision: ReviewDecision };

/**
 * One step of the school-level review: submit, assign, request changes, approve, archive. The state
 * is checked and changed by one update guarded by the state it was read in, so of two reviewers
 * deciding at once exactly one succeeds; the other is told to reload.
 */
export async function reviewItemStep<Item extends ReviewableItem, Version extends ReviewableVersion>(
  kind: ReviewKind<Item, Version>,
  actor: Actor,
  id: string,
  step: ReviewStepInput,
): Promise<ReviewResult<{ status: ReviewStatus }>> {
  const item = await loadReviewable(kind, id);
  if (!item) return notFound(kind.noun);
  const action: ReviewAction = step.action === "decide" ? step.decision.decision : step.action;
  const index = item.latestVersion - 1;
  const version = kind.versionsOf(item)[index];
  if (!version) return notFound(kind.noun);
  const current = version.status as ReviewStatus;
  const to = nextStatus(action, current);
  if (!to) {
    return {
      ok: false,
      status: 409,
      reason: `${capitalised(kind.noun)} đang ở trạng thái «${STATUS_LABELS[current]}» nên không thể ${ACTION_LABELS[action]}.`,
    };
  }
  const who = await participantFor(actor, item);
  if (!mayAct(action, who)) return FORBIDDEN;

  const set: Record<string, unknown> = { [`versions.${index}.status`]: to, status: to };
  const push: Record<string, unknown> = {};
  const events: ReturnType<typeof outboxEvent>[] = [];
  const announce = (recipients: unknown[], notice: string) =>
    events.push(
      outboxEvent(kind.topic, { [kind.idKey]: id, kind: notice, recipientIds: recipients.map(String), actorId: actor.id }),
    );

  if (step.action === "submit") {
    const problem = kind.submitProblem(item, version);
    if (problem) return { ok: false, status: 422, reason: problem };
    const groups = await groupsFor(item);
    if (groups.length === 0) {
      return { ok: false, status: 422, reason: "Trường chưa có tổ chuyên môn phụ trách môn này; hãy báo quản trị trường." };
    }
    set.assignment = null;
    announce(groups.map((group) => group.leaderId).filter(Boolean), "submitted");
  }
  if (step.action === "assign") {
    const groups = await groupsFor(item);
    const eligible = groups.some(
      (group) =>
        String(group.leaderId) === step.reviewerId || group.memberIds.some((member) => String(member) === step.reviewerId),
    );
    if (!eligible || step.reviewerId === String(item.createdBy)) {
      return { ok: false, status: 422, reason: "Người duyệt phải là thành viên tổ chuyên môn và không phải tác giả." };
    }
    set.assignment = {
      reviewerId: new Types.ObjectId(step.reviewerId),
      dueAt: step.dueAt,
      assignedBy: new Types.ObjectId(actor.id),
    };
    announce([step.reviewerId], "assigned");
  }
  if (step.action === "decide") {
    push.reviews = {
      version: version.number,
      level: "school",
      reviewerId: new Types.ObjectId(actor.id),
      decision: step.decision.decision,
      criteria: step.decision.criteria,
      message: step.decision.message,
      at: new Date(),
    };
    set.assignment = null;
    if (step.decision.decision === "approve") {
      // The approved version goes live; the one it replaces is kept in the history as archived.
      const previous = item.liveVersion;
      if (previous && previous !== version.number) set[`versions.${previous - 1}.status`] = "archived";
      set.liveVersion = version.number;
      set.live = { ...kind.liveFields(version), publishedAt: new Date() };
      set.scope = widerScope(item.scope, "school");
      announce([item.createdBy], "approved");
    } else {
      announce([item.createdBy], "changes_requested");
    }
  }
  if (step.action === "archive") {
    set.liveVersion = null;
    set.live = null;
    set.scope = "private";
    set.nomination = null;
  }
  push.trail = trailEntry(actor, action, "school", version.number, step.action === "decide" ? step.decision.message : "");
  if (events.length > 0) push.outbox = { $each: events };

  const result = await kind.model.updateOne(
    { _id: item._id, latestVersion: item.latestVersion, [`versions.${index}.status`]: current, deletedAt: null },
    { $set: set, $push: push },
  );
  return result.modifiedCount === 1 ? { ok: true, value: { status: to } } : raced(kind.noun);
}

/** Asks the next office up to share a published item at its level (author or subject-group leader). */
export async function nominateItem<Item extends ReviewableItem, Version extends ReviewableVersion>(
  kind: ReviewKind<Item, Version>,
  actor: Actor,
  id: string,
): Promise<ReviewResult<{ level: ReviewLevel }>> {
  const item = await loadReviewable(kind, id);
  if (!item) return notFound(kind.noun);
  const who = await participantFor(actor, item);
  if (!who.isAuthor && !who.isGroupLeader) return FORBIDDEN;
  const level = item.liveVersion ? nextNominationLevel(item.scope) : null;
  if (!level) return { ok: false, status: 409, reason: `Chỉ đề cử được ${kind.noun} đã xuất bản và chưa ở phạm vi toàn quốc.` };
  if (item.nomination?.status === "pending")
    return { ok: false, status: 409, reason: `${capitalised(kind.noun)} đang chờ cấp trên thẩm định.` };
  const office = item.organisationPath[{ district: 2, province: 1, national: 0, school: 3 }[level]];
  // FerretDB 1.24 has no $elemMatch on documents: match both fields loosely, then check the binding itself.
  const candidates = await User.find({ "roles.role": "reviewer", "roles.organisationId": office }, { roles: 1 }).lean();
  const reviewers = candidates.filter((user) =>
    user.roles.some((binding) => binding.role === "reviewer" && String(binding.organisationId) === String(office)),
  );
  const result = await kind.model.updateOne(
    { _id: item._id, scope: item.scope, "nomination.status": { $ne: "pending" }, deletedAt: null },
    {
      $set: { nomination: { level, status: "pending", nominatedBy: new Types.ObjectId(actor.id), nominatedAt: new Date() } },
      $push: {
        trail: trailEntry(actor, "nominate", level, item.liveVersion ?? item.latestVersion),
        outbox: outboxEvent(kind.topic, {
          [kind.idKey]: id,
          kind: "nominated",
          recipientIds: reviewers.map((reviewer) => String(reviewer._id)),
          actorId: actor.id,
        }),
      },
    },
  );
  return result.modifiedCount === 1 ? { ok: true, value: { level } } : raced(kind.noun);
}

/** An office's subject specialist decides on a nomination: approval widens the item's scope to that level. */
export async function decideItemNomination<Item extends ReviewableItem, Version extends ReviewableVersion>(
  kind: ReviewKind<Item, Version>,
  actor: Actor,
  id: string,
  decision: ReviewDecision,
): Promise<ReviewResult<{ scope: string }>> {
  const item = await loadReviewable(kind, id);
  if (!item?.nomination || item.nomination.status !== "pending") {
    return item
      ? { ok: false, status: 409, reason: `${capitalised(kind.noun)} không có đề cử đang chờ thẩm định.` }
      : notFound(kind.noun);
  }
  const level = item.nomination.level as ReviewLevel;
  if ((await officeReviewerLevel(actor, item)) !== level) return FORBIDDEN;
  const approved = decision.decision === "approve";
  const scope = approved ? widerScope(item.scope, level) : item.scope;
  const result = await kind.model.updateOne(
    { _id: item._id, "nomination.status": "pending", "nomination.level": level, deletedAt: null },
    {
      $set: { scope, "nomination.status": approved ? "approved" : "declined" },
      $push: {
        reviews: {
          version: item.liveVersion ?? item.latestVersion,
          level,
          reviewerId: new Types.ObjectId(actor.id),
          decision: decision.decision,
          criteria: decision.criteria,
          message: decision.message,
          at: new Date(),
        },
        trail: trailEntry(actor, approved ? "approve" : "decline", level, item.liveVersion ?? 1, decision.message),
        outbox: outboxEvent(kind.topic, {
          [kind.idKey]: id,
          kind: approved ? "approved" : "changes_requested",
          recipientIds: [String(item.createdBy), String(item.nomination.nominatedBy)],
          actorId: actor.id,
        }),
      },
    },
  );
  return result.modifiedCount === 1 ? { ok: true, value: { scope } } : raced(kind.noun);
}

/** The conditions under which an item waits for this person: to assign (leaders), to review (assigned), nominations. */
export async function reviewQueueConditions(actor: Actor) {
  const led = await SubjectGroup.find({ leaderId: actor.id }).lean();
  const offices = actor.roles.filter((binding) => binding.role === "reviewer");
  const officeTypes = new Map(
    (await Organisation.find({ _id: { $in: offices.map((binding) => binding.organisationId) } }, { type: 1 }).lean()).map(
      (organisation) => [String(organisation._id), organisation.type],
    ),
  );
  const conditions: Record<string, unknown>[] = [
    ...led.map((group) => ({
      ownerOrganisationId: group.schoolId,
      subjectCode: { $in: group.subjectCodes },
      status: { $in: ["submitted", "in_review"] as ReviewStatus[] },
    })),
    { "assignment.reviewerId": new Types.ObjectId(actor.id), status: "in_review" },
    ...offices.map((binding) => ({
      organisationPath: new Types.ObjectId(binding.organisationId),
      "nomination.status": "pending",
      "nomination.level": officeTypes.get(binding.organisationId) as ReviewLevel,
    })),
  ];
  return { led, conditions };
}

/** One row of a person's review queue. */
export async function queueRows<Item extends ReviewableItem & { title: string; grades?: number[] }>(
  items: readonly Item[],
  led: readonly { schoolId: Types.ObjectId; subjectCodes: string[] }[],
) {
  const reviewerNames = await User.find(
    { _id: { $in: items.flatMap((item) => (item.assignment ? [item.assignment.reviewerId] : [])) } },
    { fullName: 1 },
  ).lean();
  const names = new Map(reviewerNames.map((user) => [String(user._id), user.fullName]));
  return items.map((item) => {
    const nomination = item.nomination?.status === "pending" ? item.nomination : null;
    const leads = led.some(
      (group) => String(group.schoolId) === String(item.ownerOrganisationId) && group.subjectCodes.includes(item.subjectCode),
    );
    return {
      id: String(item._id),
      title: item.title,
      subjectCode: item.subjectCode,
      grades: [...(item.grades ?? [])],
      status: item.status as ReviewStatus,
      level: (nomination?.level ?? "school") as ReviewLevel,
      task: nomination
        ? ("nomination" as const)
        : leads && item.status === "submitted"
          ? ("assign" as const)
          : item.status === "submitted" || item.status === "in_review"
            ? ("review" as const)
            : ("report" as const),
      reviewer: item.assignment ? (names.get(String(item.assignment.reviewerId)) ?? "") : null,
      dueAt: item.assignment?.dueAt?.toISOString() ?? null,
      overdue: Boolean(item.assignment && item.assignment.dueAt < new Date()),
    };
  });
}

/** The subject-group members a leader may assign to review this item. */
export async function assignableReviewers(item: ReviewableItem) {
  const groups = await groupsFor(item);
  const ids = groups
    .flatMap((group) => [group.leaderId, ...group.memberIds])
    .filter((member) => member && String(member) !== String(item.createdBy));
  const users = await User.find({ _id: { $in: ids } }, { fullName: 1 })
    .sort({ fullName: 1 })
    .lean();
  return users.map((user) => ({ id: String(user._id), fullName: user.fullName }));
}

/** The review history shown with the item: every step with who, when, at which level, and the decisions' criteria. */
export async function reviewHistory(item: Pick<ReviewableItem, "trail" | "reviews">) {
  const ids = [...item.trail.map((entry) => entry.actorId), ...item.reviews.map((review) => review.reviewerId)];
  const users = await User.find({ _id: { $in: ids } }, { fullName: 1 }).lean();
  const names = new Map(users.map((user) => [String(user._id), user.fullName]));
  return {
    trail: item.trail.map((entry) => ({
      at: entry.at.toISOString(),
      actor: names.get(String(entry.actorId)) ?? "",
      action: entry.action,
      level: entry.level as ReviewLevel,
      version: entry.version,
      message: entry.message ?? "",
    })),
    reviews: item.reviews.map((review) => ({
      at: review.at.toISOString(),
      reviewer: names.get(String(review.reviewerId)) ?? "",
      level: review.level as ReviewLevel,
      version: review.version,
      decision: review.decision as "approve" | "request_changes",
      message: review.message ?? "",
      criteria: review.criteria.map((verdict) => ({
        criterion: verdict.criterion,
        pass: Boolean(verdict.pass),
        comment: verdict.comment ?? "",
      })),
    })),
  };
}

/** Everything the review screen needs about one item, or null when this person has nothing to review on it. */
export async function itemReviewScreen<Item extends ReviewableItem, Version extends ReviewableVersion>(
  kind: ReviewKind<Item, Version>,
  actor: Actor,
  id: string,
) {
  const item = await loadReviewable(kind, id);
  if (!item || !(await mayReview(actor, item))) return null;
  const nominationLevel = item.nomination?.status === "pending" ? await officeReviewerLevel(actor, item) : null;
  const who = await participantFor(actor, item);
  const task = nominationLevel
    ? ("nomination" as const)
    : who.isGroupLeader && item.status === "submitted"
      ? ("assign" as const)
      : ("review" as const);
  // Offices review what is live; the school reviews the submitted (latest) version.
  const versionNumber = task === "nomination" ? (item.liveVersion ?? item.latestVersion) : item.latestVersion;
  return {
    item,
    version: kind.versionsOf(item)[versionNumber - 1]!,
    task,
    level: (nominationLevel ?? "school") as ReviewLevel,
    canDecide: task === "nomination" || (item.status === "in_review" && !who.isAuthor),
    reviewers: task === "assign" || who.isGroupLeader ? await assignableReviewers(item) : [],
    dueAt: item.assignment?.dueAt?.toISOString() ?? null,
  };
}

/** The review state an item's author (or its group leader) sees on the item's page, with what they may do next. */
export async function itemReviewSummary(actor: Actor, item: ReviewableItem) {
  const who = await participantFor(actor, item);
  if (!who.isAuthor && !who.isGroupLeader && !who.isSchoolAdministrator) return null;
  const status = item.status as ReviewStatus;
  const nominationPending = item.nomination?.status === "pending";
  const nextLevel = item.liveVersion ? nextNominationLevel(item.scope) : null;
  return {
    scope: item.scope,
    nomination: nominationPending ? (item.nomination!.level as ReviewLevel) : null,
    canSubmit: Boolean(nextStatus("submit", status)) && mayAct("submit", who),
    canNominate: Boolean(nextLevel) && !nominationPending && (who.isAuthor || who.isGroupLeader),
    nextLevel,
    canArchive: Boolean(nextStatus("archive", status)) && mayAct("archive", who),
    history: await reviewHistory(item),
  };
}
