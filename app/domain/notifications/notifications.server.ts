import { Types } from "mongoose";
import { z } from "zod";
import { objectIdSchema } from "#content-schemas/common";
import { Material } from "#models/material";
import { Question } from "#models/question";
import { Notification, NOTIFICATION_KINDS } from "#models/notification";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { emailTransport } from "./email.server";
import { isDuplicateKeyError } from "~/services/db.server";

export const reviewEventSchema = z
  .object({
    eventId: z.string().min(1),
    /** One of the two: the event is about a material or about a question. */
    materialId: objectIdSchema.optional(),
    questionId: objectIdSchema.optional(),
    kind: z.enum(NOTIFICATION_KINDS),
    recipientIds: z.array(objectIdSchema),
    actorId: objectIdSchema,
  })
  .loose()
  .refine((event) => Boolean(event.materialId) !== Boolean(event.questionId), "An event names one material or one question.");

const SUBJECT_LINES: Record<(typeof NOTIFICATION_KINDS)[number], string> = {
  submitted: "Có học liệu mới gửi duyệt",
  assigned: "Bạn được phân công duyệt học liệu",
  changes_requested: "Học liệu của bạn cần chỉnh sửa",
  approved: "Học liệu của bạn đã được duyệt",
  nominated: "Có học liệu được đề cử lên đơn vị bạn",
  reported: "Học liệu bị báo lỗi",
  report_resolved: "Báo cáo của bạn đã được xử lý",
};

/**
 * Turns one review event into a notification per recipient (never the person who acted) and an e-mail to
 * those with an address. Idempotent: the unique (event, recipient) index makes a repeated delivery a no-op.
 */
export async function deliverReviewEvent(event: z.infer<typeof reviewEventSchema>): Promise<number> {
  const item = event.materialId
    ? await Material.findById(event.materialId, { title: 1 }).lean()
    : await Question.findById(event.questionId, { stemText: 1 })
        .lean()
        .then((question) => question && { _id: question._id, title: `Câu hỏi: ${question.stemText.slice(0, 120)}` });
  if (!item) return 0;
  const actor = await User.findById(event.actorId, { fullName: 1 }).lean();
  const recipients = await User.find(
    { _id: { $in: [...new Set(event.recipientIds)].filter((id) => id !== event.actorId).map((id) => new Types.ObjectId(id)) } },
    { email: 1 },
  ).lean();
  let delivered = 0;
  for (const recipient of recipients) {
    try {
      await Notification.create({
        recipientId: recipient._id,
        kind: event.kind,
        materialId: event.materialId ? item._id : null,
        questionId: event.questionId ? item._id : null,
        title: item.title,
        actorName: actor?.fullName ?? "",
        eventId: event.eventId,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) continue;
      throw error;
    }
    delivered += 1;
    if (recipient.email) {
      await emailTransport().send({
        to: recipient.email,
        subject: `${SUBJECT_LINES[event.kind]}: ${item.title}`,
        text: `${SUBJECT_LINES[event.kind]}: «${item.title}»${actor ? ` (${actor.fullName})` : ""}. Mở Kho Học Liệu để xem chi tiết.`,
      });
    }
  }
  return delivered;
}

/** Review tasks open the review screen; everything else the item's own page. */
function notificationLink(notification: { kind: string; materialId?: unknown; questionId?: unknown }) {
  const task = ["assigned", "submitted", "nominated"].includes(notification.kind);
  if (notification.questionId)
    return task ? `/review/questions/${String(notification.questionId)}` : `/questions/${String(notification.questionId)}`;
  return task ? `/review/${String(notification.materialId)}` : `/materials/${String(notification.materialId)}`;
}

export async function myNotifications(actor: Actor) {
  const items = await Notification.find({ recipientId: actor.id }).sort({ createdAt: -1 }).limit(100).lean();
  return items.map((item) => ({
    id: String(item._id),
    kind: item.kind,
    materialId: item.materialId ? String(item.materialId) : null,
    questionId: item.questionId ? String(item.questionId) : null,
    href: notificationLink(item),
    title: item.title,
    actorName: item.actorName,
    createdAt: item.createdAt.toISOString(),
    read: Boolean(item.readAt),
  }));
}

export async function markAllRead(actor: Actor) {
  await Notification.updateMany({ recipientId: actor.id, readAt: null }, { $set: { readAt: new Date() } });
}
