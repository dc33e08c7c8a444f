import { isValidObjectId, Types } from "mongoose";
import { RosterImport } from "#models/roster-import";
import { assertCanOn } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import type { PreviewRow, RosterSummary } from "./preview-roster-import.server";

/** An import the person may see (administrators of its school or above), else 404/403. */
export async function loadRosterImport(actor: Actor, importId: string | undefined) {
  if (!importId || !isValidObjectId(importId)) throw new Response("Not Found", { status: 404 });
  const rosterImport = await RosterImport.findById(new Types.ObjectId(importId)).lean();
  if (!rosterImport) throw new Response("Not Found", { status: 404 });
  assertCanOn(actor, "read", "RosterImport", { organisationPath: rosterImport.organisationPath.map(String) });
  return {
    ...rosterImport,
    rows: rosterImport.rows as PreviewRow[],
    summary: rosterImport.summary as RosterSummary & { applied?: { created: number; updated: number } },
  };
}
