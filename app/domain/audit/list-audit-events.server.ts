import { accessibleBy } from "@casl/mongoose";
import { isValidObjectId, Types } from "mongoose";
import { AuditEvent } from "#models/audit-event";
import { User } from "#models/user";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";

export interface AuditFilter {
  organisationId?: string;
  username?: string;
  /** "yyyy-mm-dd", inclusive, Vietnam time. */
  from?: string;
  to?: string;
}

const VIETNAM_OFFSET = "+07:00";
const LIMIT = 200;

/** Security events the person may see (their organisations and below), newest first, filtered. */
export async function listAuditEvents(actor: Actor, filter: AuditFilter) {
  const ability = defineAbilityFor(actor);
  if (!ability.can("read", "AuditEvent")) throw new Response("Bạn không có quyền xem nhật ký.", { status: 403 });
  const conditions: Record<string, unknown>[] = [accessibleBy(ability, "read").ofType("AuditEvent")];
  if (filter.organisationId && isValidObjectId(filter.organisationId))
    conditions.push({ organisationPath: new Types.ObjectId(filter.organisationId) });
  if (filter.username) {
    const person = await User.findOne({ username: filter.username.toLowerCase() }, { _id: 1 }).lean();
    conditions.push({
      $or: [
        { actorLabel: filter.username.toLowerCase() },
        ...(person ? [{ actorId: person._id }, { subjectUserId: person._id }] : []),
      ],
    });
  }
  if (filter.from) conditions.push({ at: { $gte: new Date(`${filter.from}T00:00:00${VIETNAM_OFFSET}`) } });
  if (filter.to) conditions.push({ at: { $lte: new Date(`${filter.to}T23:59:59.999${VIETNAM_OFFSET}`) } });
  const events = await AuditEvent.find({ $and: conditions }).sort({ at: -1 }).limit(LIMIT).lean();
  const people = await User.find(
    {
      _id: {
        $in: events.flatMap((event) => [event.actorId, event.subjectUserId]).filter((id): id is Types.ObjectId => Boolean(id)),
      },
    },
    { fullName: 1, username: 1 },
  ).lean();
  const nameOf = new Map(people.map((person) => [String(person._id), `${person.fullName} (${person.username})`]));
  return events.map((event) => ({
    id: String(event._id),
    action: event.action,
    at: event.at,
    actor: event.actorId ? (nameOf.get(String(event.actorId)) ?? event.actorLabel) : event.actorLabel || "—",
    subject: event.subjectUserId ? (nameOf.get(String(event.subjectUserId)) ?? "") : "",
    ipAddress: event.ipAddress,
  }));
}
