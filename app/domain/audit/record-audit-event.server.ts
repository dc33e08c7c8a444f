import type { Types } from "mongoose";
import type { AuditAction } from "#content-schemas/audit";
import { AuditEvent } from "#models/audit-event";

export interface AuditEntry {
  action: AuditAction;
  actorId?: Types.ObjectId | string | null;
  actorLabel?: string;
  subjectUserId?: Types.ObjectId | string | null;
  organisationPath?: readonly (Types.ObjectId | string)[];
  ipAddress?: string;
  details?: Record<string, unknown>;
}

/** Appends one security-relevant event to the audit log. */
export async function recordAuditEvent(entry: AuditEntry): Promise<void> {
  await AuditEvent.create({ ...entry, organisationPath: [...(entry.organisationPath ?? [])], at: new Date() });
}
