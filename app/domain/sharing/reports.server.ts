import { Types } from "mongoose";
import type { ReportInput } from "#content-schemas/sharing";
import { Material, type MaterialDoc } from "#models/material";
import { MaterialReport } from "#models/material-report";
import { outboxEvent } from "#models/outbox";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { findReadableMaterial, type MaterialResult } from "~/domain/materials/materials.server";
import { groupsFor, participantFor, REVIEW_TOPIC } from "~/domain/materials/review.server";

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy học liệu." } as const;

/** The people a problem goes back to: the subject group's leaders, everyone who approved the item, and its author. */
async function reviewersOf(material: MaterialDoc) {
  const leaders = (await groupsFor(material)).map((group) => group.leaderId).filter(Boolean);
  const approvers = material.reviews.filter((review) => review.decision === "approve").map((review) => review.reviewerId);
  return [...new Set([...leaders, ...approvers, material.createdBy].map(String))];
}

/** Whether this person handles problems reported on the item: its group leaders, approvers, author, school administrators. */
async function handlesReports(actor: Actor, material: MaterialDoc) {
  const who = await participantFor(actor, material);
  return (
    who.isAuthor ||
    who.isGroupLeader ||
    who.isSchoolAdministrator ||
    material.reviews.some((review) => review.decision === "approve" && String(review.reviewerId) === actor.id)
  );
}

/**
 * "Report a problem": anyone who can open a published item (a student through their class too) sends
 * a problem back to the item's reviewers. The report, the open-report count and the notification event
 * are written together with the item's update.
 */
export async function reportProblem(
  actor: Actor,
  materialId: string,
  input: ReportInput,
): Promise<MaterialResult<{ id: string }>> {
  const readable = await findReadableMaterial(actor, materialId);
  if (!readable) return NOT_FOUND;
  const { material } = readable;
  const version = readable.pinnedVersion ?? material.liveVersion;
  if (!version)
    return {
      ok: false,
      status: 409,
      reason: "Chỉ báo cáo được học liệu đã xuất bản; bản nháp hãy trao đổi trực tiếp với tác giả.",
    };
  const report = await MaterialReport.create({
    materialId: material._id,
    version,
    reporterId: actor.id,
    reason: input.reason,
    message: input.message,
  });
  await Material.updateOne(
    { _id: material._id },
    {
      $inc: { openReports: 1 },
      $push: {
        outbox: outboxEvent(REVIEW_TOPIC, {
          materialId: String(material._id),
          kind: "reported",
          recipientIds: await reviewersOf(material),
          actorId: actor.id,
          reportId: String(report._id),
        }),
      },
    },
    { timestamps: false },
  );
  return { ok: true, value: { id: String(report._id) } };
}

/** The open problems of an item, for the people who handle them; null for anyone else. */
export async function openReportsFor(actor: Actor, material: MaterialDoc) {
  if (!material.openReports || !(await handlesReports(actor, material))) return null;
  const reports = await MaterialReport.find({ materialId: material._id, status: "open" }).sort({ createdAt: 1 }).lean();
  const reporters = await User.find({ _id: { $in: reports.map((report) => report.reporterId) } }, { fullName: 1 }).lean();
  const names = new Map(reporters.map((user) => [String(user._id), user.fullName]));
  return reports.map((report) => ({
    id: String(report._id),
    version: report.version,
    reason: report.reason,
    message: report.message,
    reporter: names.get(String(report.reporterId)) ?? "",
    createdAt: report.createdAt.toISOString(),
  }));
}

/** Closes a report with what was done; the reporter is told. Of two people closing it at once, one succeeds. */
export async function resolveReport(
  actor: Actor,
  materialId: string,
  input: { reportId: string; resolution: string },
): Promise<MaterialResult<null>> {
  const readable = await findReadableMaterial(actor, materialId);
  if (!readable || readable.pinnedVersion) return NOT_FOUND;
  const { material } = readable;
  if (!(await handlesReports(actor, material))) {
    return { ok: false, status: 403, reason: "Chỉ người duyệt, tác giả hoặc quản trị trường xử lý được báo cáo." };
  }
  const report = await MaterialReport.findOneAndUpdate(
    { _id: new Types.ObjectId(input.reportId), materialId: material._id, status: "open" },
    { $set: { status: "resolved", resolvedBy: actor.id, resolution: input.resolution, resolvedAt: new Date() } },
    { returnDocument: "after" },
  ).lean();
  if (!report) return { ok: false, status: 409, reason: "Báo cáo đã được xử lý hoặc không còn tồn tại." };
  await Material.updateOne(
    { _id: material._id },
    {
      $inc: { openReports: -1 },
      $push: {
        outbox: outboxEvent(REVIEW_TOPIC, {
          materialId: String(material._id),
          kind: "report_resolved",
          recipientIds: [String(report.reporterId)],
          actorId: actor.id,
        }),
      },
    },
    { timestamps: false },
  );
  return { ok: true, value: null };
}
