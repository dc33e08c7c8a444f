import { Types } from "mongoose";
import { isFileKind, type ReviewStatus } from "#content-schemas/materials";
import type { ReviewDecision, ReviewLevel } from "#content-schemas/review";
import { Material, type MaterialDoc } from "#models/material";
import { Organisation } from "#models/organisation";
import { outboxEvent } from "#models/outbox";
import { SubjectGroup } from "#models/subject-group";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { mayAct, nextNominationLevel, nextStatus, widerScope, type ReviewAction } from "~/domain/review/workflow";
import type { MaterialResult } from "./materials.server";

/** Announced on every review step; notifications subscribe to it. */
export const REVIEW_TOPIC = "material.review";

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

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy học liệu." } as const;
const FORBIDDEN = { ok: false, status: 403, reason: "Bạn không có quyền thực hiện bước duyệt này." } as const;
const RACED = {
  ok: false,
  status: 409,
  reason: "Học liệu vừa được người khác xử lý. Hãy tải lại trang để xem quyết định mới nhất.",
} as const;

async function loadMaterial(materialId: string) {
  if (!Types.ObjectId.isValid(materialId)) return null;
  return Material.findOne({ _id: materialId, deletedAt: null }).lean<MaterialDoc>();
}

/** Subject groups of the item's school that cover its subject: they review it. */
export const groupsFor = (material: MaterialDoc) =>
  SubjectGroup.find({ schoolId: material.ownerOrganisationId, subjectCodes: material.subjectCode }).lean();

export async function participantFor(actor: Actor, material: MaterialDoc) {
  const groups = await groupsFor(material);
  return {
    isAuthor: String(material.createdBy) === actor.id,
    isGroupLeader: groups.some((group) => String(group.leaderId) === actor.id),
    isAssignedReviewer: String(material.assignment?.reviewerId ?? "") === actor.id,
    isSchoolAdministrator: actor.roles.some(
      (binding) => binding.role === "org_admin" && material.organisationPath.some((id) => String(id) === binding.organisationId),
    ),
  };
}

/** Whether this person takes part in reviewing the item (leader, assigned reviewer, office reviewer of a nomination). */
export async function mayReview(actor: Actor, material: MaterialDoc): Promise<boolean> {
  const who = await participantFor(actor, material);
  if (who.isGroupLeader || who.isAssignedReviewer) return true;
  return material.nomination?.status === "pending" && (await officeReviewerLevel(actor, material)) === material.nomination.level;
}

/** The level of the office under which the item lies where this person is a subject specialist, if any. */
async function officeReviewerLevel(actor: Actor, material: MaterialDoc): Promise<ReviewLevel | null> {
  const offices = actor.roles
    .filter((binding) => binding.role === "reviewer")
    .map((binding) => binding.organisationId)
    .filter((id) => material.organisationPath.some((ancestor) => String(ancestor) === id));
  if (offices.length === 0) return null;
  const organisations = await Organisation.find({ _id: { $in: offices } }, { type: 1 }).lean();
  const level = organisations.map((organisation) => organisation.type).find((type) => type === material.nomination?.level);
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

/**
 * One step of the school-level review: submit, assign, request changes, approve, archive. The state
 * is checked and changed by one update guarded by the state it was read in, so of two reviewers
 * deciding at once exactly one succeeds; the other is told to reload.
 */
export async function reviewStep(
  actor: Actor,
  materialId: string,
  step:
    | { action: "submit" | "archive" }
    | { action: "assign"; reviewerId: string; dueAt: Date }
    | { action: "decide"; decision: ReviewDecision },
): Promise<MaterialResult<{ status: ReviewStatus }>> {
  const material = await loadMaterial(materialId);
  if (!material) return NOT_FOUND;
  const action: ReviewAction = step.action === "decide" ? step.decision.decision : step.action;
  const index = material.latestVersion - 1;
  const version = material.versions[index];
  if (!version) return NOT_FOUND;
  const current = version.status as ReviewStatus;
  const to = nextStatus(action, current);
  if (!to) {
    return {
      ok: false,
      status: 409,
      reason: `Học liệu đang ở trạng thái «${STATUS_LABELS[current]}» nên không thể ${ACTION_LABELS[action]}.`,
    };
  }
  const who = await participantFor(actor, material);
  if (!mayAct(action, who)) return FORBIDDEN;

  const set: Record<string, unknown> = { [`versions.${index}.status`]: to, status: to };
  const push: Record<string, unknown> = {};
  const events: ReturnType<typeof outboxEvent>[] = [];
  const announce = (recipients: unknown[], kind: string) =>
    events.push(outboxEvent(REVIEW_TOPIC, { materialId, kind, recipientIds: recipients.map(String), actorId: actor.id }));

  if (step.action === "submit") {
    if (isFileKind(material.kind) && !version.file)
      return { ok: false, status: 422, reason: "Hãy tải tệp lên trước khi gửi duyệt." };
    const groups = await groupsFor(material);
    if (groups.length === 0) {
      return { ok: false, status: 422, reason: "Trường chưa có tổ chuyên môn phụ trách môn này; hãy báo quản trị trường." };
    }
    set.assignment = null;
    announce(groups.map((group) => group.leaderId).filter(Boolean), "submitted");
  }
  if (step.action === "assign") {
    const groups = await groupsFor(material);
    const eligible = groups.some(
      (group) => String(group.leaderId) === step.reviewerId || group.memberIds.some((id) => String(id) === step.reviewerId),
    );
    if (!eligible || step.reviewerId === String(material.createdBy)) {
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
      const previous = material.liveVersion;
      if (previous && previous !== version.number) set[`versions.${previous - 1}.status`] = "archived";
      set.liveVersion = version.number;
      set.live = {
        title: version.title,
        summary: version.summary ?? "",
        subjectCode: version.subjectCode,
        grades: version.grades,
        topicIds: version.topicIds,
        licence: version.licence,
        publishedAt: new Date(),
      };
      set.scope = widerScope(material.scope, "school");
      announce([material.createdBy], "approved");
    } else {
      announce([material.createdBy], "changes_requested");
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

  const result = await Material.updateOne(
    { _id: material._id, latestVersion: material.latestVersion, [`versions.${index}.status`]: current, deletedAt: null },
    { $set: set, $push: push },
  );
  return result.modifiedCount === 1 ? { ok: true, value: { status: to } } : RACED;
}

/** Asks the next office up to share a published item at its level (author or subject-group leader). */
export async function nominate(actor: Actor, materialId: string): Promise<MaterialResult<{ level: ReviewLevel }>> {
  const material = await loadMaterial(materialId);
  if (!material) return NOT_FOUND;
  const who = await participantFor(actor, material);
  if (!who.isAuthor && !who.isGroupLeader) return FORBIDDEN;
  const level = material.liveVersion ? nextNominationLevel(material.scope) : null;
  if (!level) return { ok: false, status: 409, reason: "Chỉ đề cử được học liệu đã xuất bản và chưa ở phạm vi toàn quốc." };
  if (material.nomination?.status === "pending")
    return { ok: false, status: 409, reason: "Học liệu đang chờ cấp trên thẩm định." };
  const office = material.organisationPath[{ district: 2, province: 1, national: 0, school: 3 }[level]];
  // FerretDB 1.24 has no $elemMatch on documents: match both fields loosely, then check the binding itself.
  const candidates = await User.find({ "roles.role": "reviewer", "roles.organisationId": office }, { roles: 1 }).lean();
  const reviewers = candidates.filter((user) =>
    user.roles.some((binding) => binding.role === "reviewer" && String(binding.organisationId) === String(office)),
  );
  const result = await Material.updateOne(
    { _id: material._id, scope: material.scope, "nomination.status": { $ne: "pending" }, deletedAt: null },
    {
      $set: { nomination: { level, status: "pending", nominatedBy: new Types.ObjectId(actor.id), nominatedAt: new Date() } },
      $push: {
        trail: trailEntry(actor, "nominate", level, material.liveVersion ?? material.latestVersion),
        outbox: outboxEvent(REVIEW_TOPIC, {
          materialId,
          kind: "nominated",
          recipientIds: reviewers.map((reviewer) => String(reviewer._id)),
          actorId: actor.id,
        }),
      },
    },
  );
  return result.modifiedCount === 1 ? { ok: true, value: { level } } : RACED;
}

/** An office's subject specialist decides on a nomination: approval widens the item's scope to that level. */
export async function decideNomination(
  actor: Actor,
  materialId: string,
  decision: ReviewDecision,
): Promise<MaterialResult<{ scope: string }>> {
  const material = await loadMaterial(materialId);
  if (!material?.nomination || material.nomination.status !== "pending") {
    return material ? { ok: false, status: 409, reason: "Học liệu không có đề cử đang chờ thẩm định." } : NOT_FOUND;
  }
  const level = material.nomination.level as ReviewLevel;
  if ((await officeReviewerLevel(actor, material)) !== level) return FORBIDDEN;
  const approved = decision.decision === "approve";
  const scope = approved ? widerScope(material.scope, level) : material.scope;
  const result = await Material.updateOne(
    { _id: material._id, "nomination.status": "pending", "nomination.level": level, deletedAt: null },
    {
      $set: { scope, "nomination.status": approved ? "approved" : "declined" },
      $push: {
        reviews: {
          version: material.liveVersion ?? material.latestVersion,
          level,
          reviewerId: new Types.ObjectId(actor.id),
          decision: decision.decision,
          criteria: decision.criteria,
          message: decision.message,
          at: new Date(),
        },
        trail: trailEntry(actor, approved ? "approve" : "decline", level, material.liveVersion ?? 1, decision.message),
        outbox: outboxEvent(REVIEW_TOPIC, {
          materialId,
          kind: approved ? "approved" : "changes_requested",
          recipientIds: [String(material.createdBy), String(material.nomination.nominatedBy)],
          actorId: actor.id,
        }),
      },
    },
  );
  return result.modifiedCount === 1 ? { ok: true, value: { scope } } : RACED;
}

/** What waits for this person: items to assign (leaders), to review (assigned), nominations (office specialists). */
export async function reviewQueue(actor: Actor) {
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
    // Problems reported by users come back to the subject group that approved the item.
    ...led.map((group) => ({
      ownerOrganisationId: group.schoolId,
      subjectCode: { $in: group.subjectCodes },
      openReports: { $gt: 0 },
    })),
    { "assignment.reviewerId": new Types.ObjectId(actor.id), status: "in_review" },
    ...offices.map((binding) => ({
      organisationPath: new Types.ObjectId(binding.organisationId),
      "nomination.status": "pending",
      "nomination.level": officeTypes.get(binding.organisationId) as ReviewLevel,
    })),
  ];
  const items = await Material.find({ $or: conditions, deletedAt: null }, { versions: 0, outbox: 0, trail: 0, reviews: 0 })
    .sort({ "assignment.dueAt": 1, updatedAt: 1 })
    .limit(200)
    .lean<MaterialDoc[]>();
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
      grades: [...item.grades],
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
export async function assignableReviewers(material: MaterialDoc) {
  const groups = await groupsFor(material);
  const ids = groups
    .flatMap((group) => [group.leaderId, ...group.memberIds])
    .filter((id) => id && String(id) !== String(material.createdBy));
  const users = await User.find({ _id: { $in: ids } }, { fullName: 1 })
    .sort({ fullName: 1 })
    .lean();
  return users.map((user) => ({ id: String(user._id), fullName: user.fullName }));
}

/** The review history shown with the item: every step with who, when, at which level, and the decisions' criteria. */
export async function reviewHistory(material: MaterialDoc) {
  const ids = [...material.trail.map((entry) => entry.actorId), ...material.reviews.map((review) => review.reviewerId)];
  const users = await User.find({ _id: { $in: ids } }, { fullName: 1 }).lean();
  const names = new Map(users.map((user) => [String(user._id), user.fullName]));
  return {
    trail: material.trail.map((entry) => ({
      at: entry.at.toISOString(),
      actor: names.get(String(entry.actorId)) ?? "",
      action: entry.action,
      level: entry.level as ReviewLevel,
      version: entry.version,
      message: entry.message ?? "",
    })),
    reviews: material.reviews.map((review) => ({
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

export { loadMaterial as loadMaterialForReview };

/** Everything the review screen needs about one item, or null when this person has nothing to review on it. */
export async function reviewScreen(actor: Actor, materialId: string) {
  const material = await loadMaterial(materialId);
  if (!material || !(await mayReview(actor, material))) return null;
  const nominationLevel = material.nomination?.status === "pending" ? await officeReviewerLevel(actor, material) : null;
  const who = await participantFor(actor, material);
  const task = nominationLevel
    ? ("nomination" as const)
    : who.isGroupLeader && material.status === "submitted"
      ? ("assign" as const)
      : ("review" as const);
  // Offices review what is live; the school reviews the submitted (latest) version.
  const versionNumber = task === "nomination" ? (material.liveVersion ?? material.latestVersion) : material.latestVersion;
  return {
    material,
    version: material.versions[versionNumber - 1]!,
    task,
    level: (nominationLevel ?? "school") as ReviewLevel,
    canDecide: task === "nomination" || (material.status === "in_review" && !who.isAuthor),
    reviewers: task === "assign" || who.isGroupLeader ? await assignableReviewers(material) : [],
    dueAt: material.assignment?.dueAt?.toISOString() ?? null,
  };
}

/** The review state an item's author (or its group leader) sees on the material page, with what they may do next. */
export async function reviewSummary(actor: Actor, material: MaterialDoc) {
  const who = await participantFor(actor, material);
  if (!who.isAuthor && !who.isGroupLeader && !who.isSchoolAdministrator) return null;
  const status = material.status as ReviewStatus;
  const nominationPending = material.nomination?.status === "pending";
  const nextLevel = material.liveVersion ? nextNominationLevel(material.scope) : null;
  return {
    scope: material.scope,
    nomination: nominationPending ? (material.nomination!.level as ReviewLevel) : null,
    canSubmit: Boolean(nextStatus("submit", status)) && mayAct("submit", who),
    canNominate: Boolean(nextLevel) && !nominationPending && (who.isAuthor || who.isGroupLeader),
    nextLevel,
    canArchive: Boolean(nextStatus("archive", status)) && mayAct("archive", who),
    history: await reviewHistory(material),
  };
}
