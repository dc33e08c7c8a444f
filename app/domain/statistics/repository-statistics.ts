import { SCOPES, type Scope } from "#content-schemas/materials";
import { REVIEW_LEVELS, type ReviewLevel } from "#content-schemas/review";
import type { ReviewTurnaround } from "#content-schemas/statistics";

/** One step of a material's review trail, as stored (`models/material.ts`). */
export interface TrailStep {
  action: string;
  level: string;
  at: Date;
}

/** One review from the moment it was asked for to the decision that answered it. */
export interface CompletedReview {
  level: ReviewLevel;
  requestedAt: Date;
  decidedAt: Date;
}

/** Calendar days are Vietnamese school days, whatever the server's time zone. */
const VIETNAM_OFFSET = "+07:00";
const HOUR_MS = 60 * 60 * 1000;

const isReviewLevel = (level: string): level is ReviewLevel => (REVIEW_LEVELS as readonly string[]).includes(level);

/** What asks for a review at each level, and what answers it (review.server.ts writes these trail actions). */
const REQUESTS: Record<string, "school" | "office"> = { submit: "school", nominate: "office" };
const ANSWERS: Record<"school" | "office", readonly string[]> = {
  school: ["approve", "request_changes"],
  office: ["approve", "decline"],
};

/**
 * Pairs each request for review in a trail with the decision that answered it: at school level a
 * `submit` with the next `approve`/`request_changes`, at an office a `nominate` with the next
 * `approve`/`decline` at that level. A request still waiting has no pair; a new request at a level
 * replaces one that was never answered (an item archived while nominated is nominated afresh).
 */
export function completedReviews(trail: readonly TrailStep[]): CompletedReview[] {
  const waitingSince = new Map<ReviewLevel, Date>();
  const completed: CompletedReview[] = [];
  for (const step of trail) {
    if (!isReviewLevel(step.level)) continue;
    const kind = step.level === "school" ? "school" : "office";
    if (REQUESTS[step.action] === kind) {
      waitingSince.set(step.level, step.at);
      continue;
    }
    const requestedAt = waitingSince.get(step.level);
    if (requestedAt && ANSWERS[kind].includes(step.action)) {
      completed.push({ level: step.level, requestedAt, decidedAt: step.at });
      waitingSince.delete(step.level);
    }
  }
  return completed;
}

/** A reporting period: inclusive calendar days in Vietnam time; either end may be open. */
export interface Period {
  start: Date | null;
  end: Date | null;
}

export function periodOf({ from, to }: { from?: string; to?: string }): Period {
  return {
    start: from ? new Date(`${from}T00:00:00${VIETNAM_OFFSET}`) : null,
    end: to ? new Date(`${to}T23:59:59.999${VIETNAM_OFFSET}`) : null,
  };
}

export function isWithin(moment: Date, period: Period): boolean {
  return (!period.start || moment >= period.start) && (!period.end || moment <= period.end);
}

const roundToTenth = (value: number) => Math.round(value * 10) / 10;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Median and mean time to a decision at each level, in hours, over the decisions taken within the
 * period. The median is the figure to quote: one item forgotten for a month would dominate the mean.
 */
export function summariseTurnaround(reviews: readonly CompletedReview[], period: Period): ReviewTurnaround[] {
  return REVIEW_LEVELS.map((level) => {
    const hours = reviews
      .filter((review) => review.level === level && isWithin(review.decidedAt, period))
      .map((review) => (review.decidedAt.getTime() - review.requestedAt.getTime()) / HOUR_MS)
      .sort((a, b) => a - b);
    if (hours.length === 0) return { level, decisions: 0, medianHours: null, meanHours: null };
    const mean = hours.reduce((sum, value) => sum + value, 0) / hours.length;
    return { level, decisions: hours.length, medianHours: roundToTenth(median(hours)), meanHours: roundToTenth(mean) };
  });
}

/** Counts for every known key in its canonical order, zero where nothing was counted (tables read alike everywhere). */
export function countsInOrder<Key extends string>(
  keys: readonly Key[],
  counted: ReadonlyMap<string, number>,
): { key: Key; count: number }[] {
  return keys.map((key) => ({ key, count: counted.get(key) ?? 0 }));
}

const SCOPE_RANK = new Map<Scope, number>(SCOPES.map((scope, rank) => [scope, rank]));

/** How many items are shared at each office level or wider, from the count per current scope. */
export function reachedScopes(countByScope: ReadonlyMap<string, number>) {
  const atLeast = (level: Scope) =>
    SCOPES.filter((scope) => SCOPE_RANK.get(scope)! >= SCOPE_RANK.get(level)!).reduce(
      (sum, scope) => sum + (countByScope.get(scope) ?? 0),
      0,
    );
  return { district: atLeast("district"), province: atLeast("province"), national: atLeast("national") };
}

export interface OrganisationNode {
  id: string;
  name: string;
  /** Root-first ids of the ancestors. */
  ancestorIds: readonly string[];
}

/**
 * Organisations in tree order (each unit followed by the units under it, siblings by Vietnamese name),
 * with their depth below the shallowest one given: the indentation of a picker.
 */
export function inTreeOrder<Node extends OrganisationNode>(nodes: readonly Node[]): (Node & { depth: number })[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const sortKey = (node: Node) => [...node.ancestorIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!.name] : [])), node.name];
  const shallowest = Math.min(...nodes.map((node) => node.ancestorIds.length));
  return [...nodes]
    .map((node) => ({ node, key: sortKey(node) }))
    .sort((a, b) => compareNamePaths(a.key, b.key))
    .map(({ node }) => ({ ...node, depth: node.ancestorIds.length - shallowest }));
}

function compareNamePaths(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const order = a[index]!.localeCompare(b[index]!, "vi");
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
