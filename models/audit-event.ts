import { Schema, type InferSchemaType } from "mongoose";
import { AUDIT_ACTIONS } from "#content-schemas/audit";
import { defineModel } from "./define";

/** Append-only record of security-relevant events (never updated, never deleted by the app). */
const auditEventSchema = new Schema(
  {
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    at: { type: Date, required: true, default: () => new Date() },
    actorId: { type: Schema.Types.ObjectId, ref: "User", default: null },
    /** Username as typed, for failed sign-ins of accounts that may not exist. */
    actorLabel: { type: String, default: "" },
    subjectUserId: { type: Schema.Types.ObjectId, ref: "User", default: null },
    /** Organisations the event concerns (with ancestors), so each admin sees events under their unit. */
    organisationPath: { type: [Schema.Types.ObjectId], default: [] },
    ipAddress: { type: String, default: "" },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false },
);

auditEventSchema.index({ organisationPath: 1, at: -1 });
auditEventSchema.index({ actorId: 1, at: -1 });
auditEventSchema.index({ at: -1 });

export type AuditEventDoc = InferSchemaType<typeof auditEventSchema>;

export const AuditEvent = defineModel("AuditEvent", auditEventSchema);
