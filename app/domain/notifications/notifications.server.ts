import { Types } from "mongoose";
import { z } from "zod";
import { objectIdSchema } from "#content-schemas/common";
import { Material } from "#models/material";
import { Notification, NOTIFICATION_KINDS } from "#models/notification";
import { User } from "#models/user";
import type { Actor } from "~/auth/session.server";
import { emailTransport } from "./email.server";

export const reviewEventSchema = z
  .object({
    eventId: z.string().min(1),
    materialId: objectIdSchema,
    kind: z.enum(NOTIFICATION_KINDS),
    recipientIds: z.array(objectIdSchema),
    actorId: objectIdSchema,
  })
  .loose();

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
  const material = await Material.findById(event.materialId, { title: 1 }).lean();
  if (!material) return 0;
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
        materialId: material._id,
        title: material.title,
        actorName: actor?.fullName ?? "",
        eventId: event.eventId,
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) continue;
      throw error;
    }
    delivered += 1;
    if (recipient.email) {
      await emailTransport().send({
        to: recipient.email,
        subject: `${SUBJECT_LINES[event.kind]}: ${material.title}`,
        text: `${SUBJECT_LINES[event.kind]}: «${material.title}»${actor ? ` (${actor.fullName})` : ""}. Mở Kho Học Liệu để xem chi tiết.`,
      });
    }
  }
  return delivered;
}

export async function myNotifications(actor: Actor) {
  const items = await Notification.find({ recipientId: actor.id }).sort({ createdAt: -1 }).limit(100).lean();
  return items.map((item) => ({
    id: String(item._id),
    kind: item.kind,
    materialId: String(item.materialId),
    title: item.title,
    actorName: item.actorName,
    createdAt: item.createdAt.toISOString(),
    read: Boolean(item.readAt),
  }));
}

export async function markAllRead(actor: Actor) {
  await Notification.updateMany({ recipientId: actor.id, readAt: null }, { $set: { readAt: new Date() } });
}
