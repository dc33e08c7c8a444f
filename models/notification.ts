import { Schema, type InferSchemaType, type Types } from "mongoose";
import { defineModel } from "./define";

export const NOTIFICATION_KINDS = [
  "submitted",
  "assigned",
  "changes_requested",
  "approved",
  "nominated",
  "reported",
  "report_resolved",
] as const;

/** An in-app message to one person about an item they work on. */
const notificationSchema = new Schema({
  recipientId: { type: Schema.Types.ObjectId, ref: "User", required: true },
  kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
  /** The item it is about: a material or a question. */
  materialId: { type: Schema.Types.ObjectId, ref: "Material", default: null },
  questionId: { type: Schema.Types.ObjectId, ref: "Question", default: null },
  title: { type: String, required: true },
  actorName: { type: String, default: "" },
  /** The outbox event it came from: delivering an event twice never notifies twice. */
  eventId: { type: String, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
  readAt: { type: Date, default: null },
});

notificationSchema.index({ eventId: 1, recipientId: 1 }, { unique: true });
notificationSchema.index({ recipientId: 1, createdAt: -1 });

export type NotificationDoc = InferSchemaType<typeof notificationSchema> & { _id: Types.ObjectId };

export const Notification = defineModel("Notification", notificationSchema);
