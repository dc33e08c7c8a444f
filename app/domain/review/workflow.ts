import type { ReviewStatus } from "#content-schemas/materials";
import { REVIEW_LEVELS, type ReviewLevel } from "#content-schemas/review";

/**
 * The review workflow shared by materials and (later) questions, as data: each action, the states it
 * may start from and the state it leads to. Persistence applies a transition as one update guarded by
 * the `from` state, so two people acting at once cannot both succeed.
 */
export const TRANSITIONS = {
  submit: { from: ["draft", "changes_requested"], to: "submitted" },
  assign: { from: ["submitted", "in_review"], to: "in_review" },
  request_changes: { from: ["in_review"], to: "changes_requested" },
  // Approval by the school's subject group publishes the item to the school.
  approve: { from: ["in_review"], to: "published" },
  archive: { from: ["published"], to: "archived" },
} as const satisfies Record<string, { from: readonly ReviewStatus[]; to: ReviewStatus }>;
export type ReviewAction = keyof typeof TRANSITIONS;

export function nextStatus(action: ReviewAction, current: ReviewStatus): ReviewStatus | null {
  const transition = TRANSITIONS[action];
  return (transition.from as readonly ReviewStatus[]).includes(current) ? transition.to : null;
}

/** Who the person is with respect to one item. */
export interface ReviewParticipant {
  isAuthor: boolean;
  /** Leader of a subject group of the item's school that covers its subject. */
  isGroupLeader: boolean;
  isAssignedReviewer: boolean;
  isSchoolAdministrator: boolean;
}

/** Whether this person may take this action (the state is checked separately, atomically). */
export function mayAct(action: ReviewAction, who: ReviewParticipant): boolean {
  switch (action) {
    case "submit":
      return who.isAuthor;
    case "assign":
      return who.isGroupLeader;
    case "request_changes":
    case "approve":
      // Nobody approves their own work.
      return !who.isAuthor && (who.isAssignedReviewer || who.isGroupLeader);
    case "archive":
      return who.isAuthor || who.isGroupLeader || who.isSchoolAdministrator;
  }
}

const SCOPE_RANK: Record<string, number> = { private: 0, school: 1, district: 2, province: 3, national: 4 };

/** The level a published item can be nominated to next, or null at national scope (or if unpublished). */
export function nextNominationLevel(scope: string): ReviewLevel | null {
  const rank = SCOPE_RANK[scope] ?? 0;
  if (rank === 0) return null;
  return REVIEW_LEVELS[rank] ?? null;
}

/** Scope never shrinks when a wider approval arrives. */
export function widerScope(current: string, level: ReviewLevel): string {
  return (SCOPE_RANK[level] ?? 0) > (SCOPE_RANK[current] ?? 0) ? level : current;
}
