/**
 * Item analysis of one test given to one or more classes, from its graded attempts, by classical test
 * theory (the "phân tích câu hỏi" Vietnamese schools read: độ khó, độ phân biệt, độ tin cậy). Pure code;
 * nothing is rounded here, the pages round for display.
 *
 * Conventions:
 * - Facility p is the share of the item's points earned; above 0.9 the item is too easy, below 0.2 too hard.
 * - Discrimination D = p(upper) − p(lower) over the top and bottom 27% of attempts by total score (Kelley, 1939).
 *   Below 0.2 the item separates strong from weak students poorly (Ebel's bands); below 0 the wrong way round.
 * - The point-biserial is corrected: it correlates the item with the rest of the test, so an item does not
 *   correlate with its own points (which inflates it most on short tests).
 * - Reliability is KR-20 when every item is right-or-wrong, otherwise Cronbach's alpha, both with population
 *   variances. For an item scored 0 or max its variance is max²·p·q, so the two are one computation and
 *   KR-20 = k/(k−1) · (1 − Σpq / σ²) exactly when the items are worth one point each.
 * - A wrong option nobody picks does no work as a distractor (a non-functioning distractor); it is only
 *   reported from 20 attempts, below which nobody picking it is too likely by chance. A wrong option that
 *   draws more of the upper group than the key suggests a wrong or ambiguous key.
 */

/** One graded attempt as the analysis sees it. */
export interface AnalysedAttempt {
  attemptId: string;
  /** The attempt's total score (sum of item earned points, unrounded). */
  total: number;
  /** By item key. */
  items: Record<string, AnalysedItemResponse>;
}

export interface AnalysedItemResponse {
  earned: number;
  max: number;
  /** For choice items: the option id(s) the student chose, for distractor counts; omitted otherwise. */
  chosen?: string[];
  /** Left blank. */
  unanswered: boolean;
}

export interface ItemDefinition {
  key: string;
  /** Points of the item. */
  max: number;
  /** Option ids of a choice item with the correct ones marked, for distractor analysis; omitted for other formats. */
  options?: { id: string; label: string; correct: boolean }[];
}

export type ItemFlag =
  "too_easy" | "too_hard" | "low_discrimination" | "negative_discrimination" | "distractor_unused" | "distractor_attracts_strong";

export interface DistractorCount {
  id: string;
  label: string;
  correct: boolean;
  count: number;
  upper: number;
  lower: number;
}

export interface ItemAnalysis {
  key: string;
  /** Attempts analysed. */
  responses: number;
  unanswered: number;
  /** Facility (độ khó) p: mean earned / max, 0..1; null when no attempts (or the item is worth no points). */
  facility: number | null;
  /** Upper-lower 27% discrimination index D = p(upper) − p(lower) using earned/max; null when fewer than 2 attempts per group. */
  discrimination: number | null;
  /**
   * Point-biserial (dichotomous items) / item-rest correlation (polytomous): correlation between the item score
   * and the total score without this item; null when undefined (zero variance or fewer than 3 attempts).
   */
  pointBiserial: number | null;
  /** For choice items: how many chose each option, and how many in the upper / lower group. */
  distractors: DistractorCount[];
  flags: ItemFlag[];
}

export interface TestAnalysis {
  attempts: number;
  maxScore: number;
  mean: number | null;
  median: number | null;
  /** Population standard deviation of the totals. */
  standardDeviation: number | null;
  min: number | null;
  max: number | null;
  /** Attempts per band of the total on the 10-point scale: [0,1), [1,2) … [9,10], so 10 is in the last band. */
  distribution: number[];
  /** KR-20 when every item is dichotomous (scores only 0 or max), else Cronbach's alpha; null when < 2 attempts, < 2 items, or zero total variance. */
  reliability: { method: "kr20" | "cronbach_alpha"; value: number } | null;
  /** In the order of the definitions. */
  items: ItemAnalysis[];
}

/** Share of the attempts in each of the upper and lower groups (Kelley's 27%). */
const GROUP_SHARE = 0.27;
const TOO_EASY_ABOVE = 0.9;
const TOO_HARD_BELOW = 0.2;
const LOW_DISCRIMINATION_BELOW = 0.2;
const MIN_ATTEMPTS_FOR_UNUSED_DISTRACTORS = 20;
const MIN_GROUP_SIZE = 2;
const MIN_ATTEMPTS_FOR_CORRELATION = 3;
const DISTRIBUTION_BANDS = 10;

/**
 * Differences smaller than this are binary float noise from sums of decimals such as 0.1 and 0.25, not
 * data: earned points carry at most 4 decimals. Without it, ten equal totals could show a variance of
 * 1e-33 and a reliability of any size, and a facility of exactly 0.9 could be flagged as too easy.
 */
const FLOAT_NOISE = 1e-9;

interface Groups {
  upper: readonly AnalysedAttempt[];
  lower: readonly AnalysedAttempt[];
}

export function analyseTest(definitions: ItemDefinition[], attempts: AnalysedAttempt[]): TestAnalysis {
  // Everything below works in rank order, so float sums, and with them the figures, do not depend on the
  // order the attempts arrive in either.
  const ranked = [...attempts].sort(byRank);
  const groupSize = Math.max(1, Math.round(ranked.length * GROUP_SHARE));
  const groups: Groups = { upper: ranked.slice(0, groupSize), lower: ranked.slice(ranked.length - groupSize) };
  const groupsComparable = groupSize >= MIN_GROUP_SIZE;
  // The correlations and the reliability use the sum of the analysed items, which is what their formulas
  // assume; a total that also holds points from elsewhere would distort them.
  const itemSums = ranked.map((attempt) => definitions.reduce((sum, definition) => sum + earnedOn(attempt, definition.key), 0));
  const totals = ranked.map((attempt) => attempt.total);
  const maxScore = definitions.reduce((sum, definition) => sum + definition.max, 0);
  const hasAttempts = ranked.length > 0;
  return {
    attempts: ranked.length,
    maxScore,
    mean: hasAttempts ? mean(totals) : null,
    median: hasAttempts ? median(totals) : null,
    standardDeviation: hasAttempts ? Math.sqrt(populationVariance(totals)) : null,
    min: totals.at(-1) ?? null,
    max: totals[0] ?? null,
    distribution: distribution(totals, maxScore),
    reliability: reliability(definitions, ranked, itemSums),
    items: definitions.map((definition) => analyseItem(definition, ranked, groups, groupsComparable, itemSums)),
  };
}

/** Highest total first; equal totals by attempt id (code units, not locale), so a rerun forms the same groups. */
function byRank(a: AnalysedAttempt, b: AnalysedAttempt): number {
  if (a.total !== b.total) return b.total - a.total;
  return a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0;
}

/** `items` is a plain record, so an item keyed "constructor" must not find Object's. */
function responseTo(attempt: AnalysedAttempt, key: string): AnalysedItemResponse | undefined {
  return Object.hasOwn(attempt.items, key) ? attempt.items[key] : undefined;
}

function earnedOn(attempt: AnalysedAttempt, key: string): number {
  return responseTo(attempt, key)?.earned ?? 0;
}

/**
 * Points earned over points available. Each attempt counts with the item's points as it was graded,
 * so attempts graded before the item was re-weighted still count by their share of it.
 */
function facilityOf(definition: ItemDefinition, attempts: readonly AnalysedAttempt[]): number | null {
  let earned = 0;
  let available = 0;
  for (const attempt of attempts) {
    const response = responseTo(attempt, definition.key);
    earned += response?.earned ?? 0;
    available += response?.max ?? definition.max;
  }
  if (available <= 0) return null;
  return clamp(earned / available, 0, 1);
}

function analyseItem(
  definition: ItemDefinition,
  attempts: readonly AnalysedAttempt[],
  groups: Groups,
  groupsComparable: boolean,
  itemSums: readonly number[],
): ItemAnalysis {
  const facility = facilityOf(definition, attempts);
  const upperFacility = facilityOf(definition, groups.upper);
  const lowerFacility = facilityOf(definition, groups.lower);
  const discrimination =
    groupsComparable && upperFacility !== null && lowerFacility !== null ? upperFacility - lowerFacility : null;
  const scores = attempts.map((attempt) => earnedOn(attempt, definition.key));
  const restScores = itemSums.map((sum, index) => sum - scores[index]!);
  const pointBiserial = attempts.length >= MIN_ATTEMPTS_FOR_CORRELATION ? correlation(scores, restScores) : null;
  const distractors = (definition.options ?? []).map(({ id, label, correct }) => ({
    id,
    label,
    correct,
    count: choosing(attempts, definition.key, id),
    upper: choosing(groups.upper, definition.key, id),
    lower: choosing(groups.lower, definition.key, id),
  }));
  return {
    key: definition.key,
    responses: attempts.length,
    unanswered: attempts.filter((attempt) => responseTo(attempt, definition.key)?.unanswered ?? true).length,
    facility,
    discrimination,
    pointBiserial,
    distractors,
    flags: flagsOf(facility, discrimination, distractors, attempts.length, groupsComparable),
  };
}

function choosing(attempts: readonly AnalysedAttempt[], key: string, optionId: string): number {
  return attempts.filter((attempt) => responseTo(attempt, key)?.chosen?.includes(optionId) ?? false).length;
}

function flagsOf(
  facility: number | null,
  discrimination: number | null,
  distractors: readonly DistractorCount[],
  attempts: number,
  groupsComparable: boolean,
): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (facility !== null && isAbove(facility, TOO_EASY_ABOVE)) flags.push("too_easy");
  if (facility !== null && isBelow(facility, TOO_HARD_BELOW)) flags.push("too_hard");
  if (discrimination !== null && isBelow(discrimination, 0)) flags.push("negative_discrimination");
  else if (discrimination !== null && isBelow(discrimination, LOW_DISCRIMINATION_BELOW)) flags.push("low_discrimination");
  const wrong = distractors.filter((option) => !option.correct);
  const keys = distractors.filter((option) => option.correct);
  if (attempts >= MIN_ATTEMPTS_FOR_UNUSED_DISTRACTORS && wrong.some((option) => option.count === 0))
    flags.push("distractor_unused");
  // With several correct options (multiple response) the least chosen one is the key a distractor competes with.
  // Groups of one student would flag an item for a single slip, so this waits for groups D is computed on.
  const keyUppers = keys.map((option) => option.upper);
  if (groupsComparable && keyUppers.length > 0 && wrong.some((option) => option.upper > Math.min(...keyUppers)))
    flags.push("distractor_attracts_strong");
  return flags;
}

const isAbove = (value: number, threshold: number) => value - threshold > FLOAT_NOISE;
const isBelow = (value: number, threshold: number) => threshold - value > FLOAT_NOISE;

function reliability(
  definitions: readonly ItemDefinition[],
  attempts: readonly AnalysedAttempt[],
  itemSums: readonly number[],
): TestAnalysis["reliability"] {
  const itemCount = definitions.length;
  if (attempts.length < 2 || itemCount < 2) return null;
  const totalVariance = populationVariance(itemSums);
  if (totalVariance === 0) return null;
  const itemVariances = definitions.reduce(
    (sum, definition) => sum + populationVariance(attempts.map((attempt) => earnedOn(attempt, definition.key))),
    0,
  );
  const dichotomous = definitions.every((definition) =>
    attempts.every((attempt) => {
      const response = responseTo(attempt, definition.key);
      const earned = response?.earned ?? 0;
      return Math.abs(earned) <= FLOAT_NOISE || Math.abs(earned - (response?.max ?? definition.max)) <= FLOAT_NOISE;
    }),
  );
  // Alpha cannot exceed 1; float noise must not make it.
  const value = Math.min(1, (itemCount / (itemCount - 1)) * (1 - itemVariances / totalVariance));
  return { method: dichotomous ? "kr20" : "cronbach_alpha", value };
}

/** Totals on the 10-point scale Vietnamese marks use, whatever the test's maximum; nothing to scale from a test worth 0. */
function distribution(totals: readonly number[], maxScore: number): number[] {
  const bands = new Array<number>(DISTRIBUTION_BANDS).fill(0);
  if (maxScore <= 0) return bands;
  for (const total of totals) {
    // A scaled 7 computed as 6.9999999999 belongs in the band of 7.
    const scaled = (total * DISTRIBUTION_BANDS) / maxScore + FLOAT_NOISE;
    const band = clamp(Math.floor(scaled), 0, DISTRIBUTION_BANDS - 1);
    bands[band]! += 1;
  }
  return bands;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Of values sorted either way. */
function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** 0 when the values are equal up to float noise, so that "no spread" can be tested exactly. */
function populationVariance(values: readonly number[]): number {
  if (values.length === 0 || Math.max(...values) - Math.min(...values) <= FLOAT_NOISE) return 0;
  const average = mean(values);
  return values.reduce((sum, value) => sum + (value - average) ** 2, 0) / values.length;
}

/** Pearson's r; null when either side has no spread, where it is undefined. */
function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const xVariance = populationVariance(xs);
  const yVariance = populationVariance(ys);
  if (xVariance === 0 || yVariance === 0) return null;
  const xMean = mean(xs);
  const yMean = mean(ys);
  const covariance = xs.reduce((sum, x, index) => sum + (x - xMean) * (ys[index]! - yMean), 0) / xs.length;
  return clamp(covariance / Math.sqrt(xVariance * yVariance), -1, 1);
}
