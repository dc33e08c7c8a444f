import { type QuestionBody, type QuestionBodyOf, type QuestionResponse, type QuestionResponseOf } from "./questions";

/**
 * Automatic scoring of one response to one question (vn-assessment.md, Item formats). Pure code:
 * the quiz, the test results and the statistics all call this, so a response scores the same
 * everywhere. Essays are only marked as needing manual grading here.
 */

export type ScoreStatus = "correct" | "partial" | "incorrect" | "unanswered" | "needs_grading";
export interface ScoreResult {
  earned: number;
  max: number;
  status: ScoreStatus;
}

/**
 * Share of a true/false group's points for k statements right out of 4, indexed by k: 1 → 10%,
 * 2 → 25%, 3 → 50%, 4 → 100% (2025 national exam: an item worth 1 point gives 0.1 / 0.25 / 0.5 / 1).
 */
export const TRUE_FALSE_SHARES: readonly number[] = Object.freeze([0, 0.1, 0.25, 0.5, 1]);

/** Decimal places kept in `earned`: enough for 0.25 × 0.25 = 0.0625, few enough to drop float noise. */
const EARNED_DECIMALS = 4;

/**
 * Two numbers that differ by less than this are equal: "0,3" typed by a student and 0.1 + 0.2
 * computed anywhere, or a difference of exactly the tolerance, must not fail on binary float noise.
 */
const NUMERIC_EPSILON = 1e-9;

/** Digits with at most one decimal separator; "5," and ",5" are accepted as a student may type them. */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/**
 * Reads a number as Vietnamese students and teachers write it: comma or dot as the decimal
 * separator, an optional sign, surrounding spaces ignored ("-1,5", " -1.5 ", "+2", ",5").
 * There are no thousands separators, so "1,000" is 1 and "1.000,5" is not a number.
 * The Unicode minus sign "−" (from math keyboards and copied formulas) counts as "-".
 * Returns null for anything else, including an empty string, exponents and Infinity.
 */
export function parseDecimal(text: string): number | null {
  const cleaned = text.trim().replace(/\u2212/g, "-");
  if (!DECIMAL_PATTERN.test(cleaned)) return null;
  const value = Number(cleaned.replace(",", "."));
  // "-0" is 0: a negative zero would compare unequal in strict test assertions and display as "-0".
  return value === 0 ? 0 : value;
}

/**
 * Vietnamese writes the tone of "oa", "oe" and "uy" in two accepted places: on the first vowel (the older style,
 * "hòa", "thủy") or on the second ("hoà", "thuỷ"). Both spellings are correct, so answers compare in one of them.
 */
const TONE_PLACEMENT: Record<string, string> = Object.fromEntries(
  [
    ["oa", "òóỏõọ", "àáảãạ"],
    ["oe", "òóỏõọ", "èéẻẽẹ"],
    ["uy", "ùúủũụ", "ỳýỷỹỵ"],
  ].flatMap(([pair, onFirst, onSecond]) =>
    [...onFirst!].flatMap((first, tone) => {
      const older = `${first}${pair![1]}`;
      const newer = `${pair![0]}${onSecond![tone]}`;
      return [
        [older, newer],
        [older.toUpperCase(), newer.toUpperCase()],
        [`${older[0]!.toUpperCase()}${older[1]}`, `${newer[0]!.toUpperCase()}${newer[1]}`],
      ];
    }),
  ),
);
const TONE_PLACEMENT_PATTERN = new RegExp(Object.keys(TONE_PLACEMENT).join("|"), "g");

/**
 * The comparable form of a typed answer: Unicode NFC (so a decomposed "ệ" from some keyboards
 * equals the precomposed one), the tone of oa/oe/uy in one place ("hòa" = "hoà"), trimmed, runs of
 * whitespace as one space, and lower case unless the question is case-sensitive. Vietnamese
 * diacritics are kept: "Hà Nội" and "Ha Noi" differ.
 */
export function normaliseTextAnswer(text: string, caseSensitive: boolean): string {
  const spaced = text
    .normalize("NFC")
    .replace(TONE_PLACEMENT_PATTERN, (spelling) => TONE_PLACEMENT[spelling]!)
    .trim()
    .replace(/\s+/g, " ");
  return caseSensitive ? spaced : spaced.toLowerCase().normalize("NFC");
}

/** Rounding steps of a test total, as units per point. */
const ROUNDING_UNITS_PER_POINT = { "0.1": 10, "0.25": 4 } as const;

/**
 * Rounds a test total per the test's policy: "none" keeps it exact; "0.1" and "0.25" round to the
 * nearest multiple, halves up (7.125 → 7.1 or 7.25; 7.375 → 7.5 at 0.25; 6.65 → 6.7 at 0.1).
 * A negative score, which the scorer never produces, rounds symmetrically (halves away from zero).
 */
export function roundScore(score: number, policy: "none" | "0.1" | "0.25"): number {
  if (policy === "none" || !Number.isFinite(score)) return score;
  const unitsPerPoint = ROUNDING_UNITS_PER_POINT[policy];
  // Float sums land just below a half (eight 0.1 + 0.25 = 1.0499999999999998), so clean the noise before looking for it.
  const units = Math.round(Math.abs(score) * unitsPerPoint * 1e6) / 1e6;
  const rounded = (Math.sign(score) * Math.floor(units + 0.5)) / unitsPerPoint;
  return rounded === 0 ? 0 : rounded;
}

/**
 * Scores one response to one question worth `points`. The share of the question that is right is
 * computed first and `earned` = share × points rounded to 4 decimals, so sums display exactly.
 * - No response (null/undefined) is "unanswered" for every type, essays included.
 * - A response of another type than the question scores 0, "incorrect" (never throws).
 * - Essays are "needs_grading" with 0 earned: a teacher grades them with the rubric (a blank one is "unanswered").
 * - Otherwise "correct" (all right), "incorrect" (nothing right) or "partial" (proportional and
 *   true/false formats, when only some of it is right); "unanswered" when nothing was answered.
 * Throws a RangeError when `points` is negative or not finite: that is a bug in the caller.
 */
export function scoreResponse(body: QuestionBody, response: QuestionResponse | null | undefined, points: number): ScoreResult {
  if (!Number.isFinite(points) || points < 0) throw new RangeError(`Invalid points for a question: ${points}`);
  if (response == null) return { earned: 0, max: points, status: "unanswered" };
  // Each case checks the response type itself, which is what narrows the response for its scorer.
  switch (body.type) {
    case "single_choice":
      return response.type === "single_choice" ? fromShare(singleChoiceShare(body, response), points) : mismatch(points);
    case "true_false_group":
      return response.type === "true_false_group" ? fromShare(trueFalseGroupShare(body, response), points) : mismatch(points);
    case "short_answer":
      return response.type === "short_answer" ? fromShare(shortAnswerShare(body, response), points) : mismatch(points);
    case "essay":
      if (response.type !== "essay") return mismatch(points);
      // A cleared essay is left blank, not work for the teacher.
      return response.text.trim() === "" && response.photoUploadIds.length === 0
        ? { earned: 0, max: points, status: "unanswered" }
        : { earned: 0, max: points, status: "needs_grading" };
    case "multiple_response":
      return response.type === "multiple_response" ? fromShare(multipleResponseShare(body, response), points) : mismatch(points);
    case "matching":
      return response.type === "matching" ? fromShare(matchingShare(body, response), points) : mismatch(points);
    case "ordering":
      return response.type === "ordering" ? fromShare(orderingShare(body, response), points) : mismatch(points);
    case "cloze":
      return response.type === "cloze" ? fromShare(clozeShare(body, response), points) : mismatch(points);
    default:
      return body satisfies never;
  }
}

/** The part of a question that is right, from 0 to 1, or that nothing was answered. */
type Share = number | "unanswered";

function mismatch(points: number): ScoreResult {
  return { earned: 0, max: points, status: "incorrect" };
}

/**
 * Status follows the share, not `earned`, so an item worth 0 points still reports whether it was
 * right; for positive points this is the same as 0 < earned < max meaning "partial".
 */
function fromShare(share: Share, points: number): ScoreResult {
  if (share === "unanswered") return { earned: 0, max: points, status: "unanswered" };
  const earned = roundTo(share * points, EARNED_DECIMALS);
  const status: ScoreStatus = share >= 1 ? "correct" : share <= 0 ? "incorrect" : "partial";
  return { earned, max: points, status };
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Full share only when every part is right, or the share of parts right. */
function partsShare(rightParts: number, totalParts: number, scoring: "all_or_nothing" | "proportional"): number {
  if (totalParts === 0) return 0;
  if (scoring === "all_or_nothing") return rightParts === totalParts ? 1 : 0;
  return rightParts / totalParts;
}

function singleChoiceShare(body: QuestionBodyOf<"single_choice">, response: QuestionResponseOf<"single_choice">): Share {
  if (response.optionId === null) return "unanswered";
  return response.optionId === body.correctOptionId ? 1 : 0;
}

/** A statement left without an answer counts as wrong once any statement of the group is answered. */
function trueFalseGroupShare(body: QuestionBodyOf<"true_false_group">, response: QuestionResponseOf<"true_false_group">): Share {
  const answered = body.statements.filter((statement) => Object.hasOwn(response.answers, statement.id));
  if (answered.length === 0) return "unanswered";
  const rightCount = answered.filter((statement) => response.answers[statement.id] === statement.correct).length;
  return TRUE_FALSE_SHARES[rightCount] ?? 0;
}

/** A numeric answer that is not a number ("1,5cm", "x = 2") is wrong, not unanswered. */
function shortAnswerShare(body: QuestionBodyOf<"short_answer">, response: QuestionResponseOf<"short_answer">): Share {
  if (response.text.trim() === "") return "unanswered";
  const { answer } = body;
  if (answer.kind === "numeric") {
    const given = parseDecimal(response.text);
    const key = parseDecimal(answer.value);
    if (given === null || key === null) return 0;
    return Math.abs(given - key) <= answer.tolerance + NUMERIC_EPSILON ? 1 : 0;
  }
  const typed = normaliseTextAnswer(response.text, answer.caseSensitive);
  return answer.accepted.some((accepted) => normaliseTextAnswer(accepted, answer.caseSensitive) === typed) ? 1 : 0;
}

/**
 * Proportional: (right picks − wrong picks) / correct options, never below 0, so ticking every
 * option earns nothing. A picked id the question does not have counts as a wrong pick.
 */
function multipleResponseShare(
  body: QuestionBodyOf<"multiple_response">,
  response: QuestionResponseOf<"multiple_response">,
): Share {
  const picked = new Set(response.optionIds);
  if (picked.size === 0) return "unanswered";
  const correctIds = new Set(body.options.filter((option) => option.correct).map((option) => option.id));
  const rightPicks = [...picked].filter((id) => correctIds.has(id)).length;
  const wrongPicks = picked.size - rightPicks;
  if (body.scoring === "all_or_nothing") return wrongPicks === 0 && rightPicks === correctIds.size ? 1 : 0;
  return Math.max(0, (rightPicks - wrongPicks) / correctIds.size);
}

/** Each premise is judged on its own, so two premises matched to the same response can both be judged. */
function matchingShare(body: QuestionBodyOf<"matching">, response: QuestionResponseOf<"matching">): Share {
  const answeredAny = body.premises.some((premise) => Object.hasOwn(response.pairs, premise.id));
  if (!answeredAny) return "unanswered";
  const rightPairs = body.pairs.filter((pair) => response.pairs[pair.premiseId] === pair.responseId).length;
  return partsShare(rightPairs, body.premises.length, body.scoring);
}

/** An item is right when it sits at its own position in the correct order. */
function orderingShare(body: QuestionBodyOf<"ordering">, response: QuestionResponseOf<"ordering">): Share {
  if (response.order.every((id) => id === "")) return "unanswered";
  const inPlace = body.items.filter((item, index) => response.order[index] === item.id).length;
  // All-or-nothing also needs no extra ids after the items, which position matching alone would miss.
  if (body.scoring === "all_or_nothing")
    return inPlace === body.items.length && response.order.length === body.items.length ? 1 : 0;
  return partsShare(inPlace, body.items.length, body.scoring);
}

/** A gap left empty is wrong once any gap of the question is filled. */
function clozeShare(body: QuestionBodyOf<"cloze">, response: QuestionResponseOf<"cloze">): Share {
  const typedFor = (key: string) => (Object.hasOwn(response.gaps, key) ? (response.gaps[key] ?? "") : "");
  if (body.gaps.every((gap) => typedFor(gap.key).trim() === "")) return "unanswered";
  const rightGaps = body.gaps.filter((gap) => {
    const typed = typedFor(gap.key);
    return typed.trim() !== "" && gap.accepted.some((accepted) => clozeGapMatches(typed, accepted, gap.caseSensitive));
  }).length;
  return partsShare(rightGaps, body.gaps.length, body.scoring);
}

/**
 * A gap accepts a number written with either decimal separator ("1,5" for an accepted "1.5"), so
 * when both sides read as numbers they are compared as numbers; otherwise as normalised text.
 */
function clozeGapMatches(typed: string, accepted: string, caseSensitive: boolean): boolean {
  const typedNumber = parseDecimal(typed);
  const acceptedNumber = parseDecimal(accepted);
  if (typedNumber !== null && acceptedNumber !== null) return Math.abs(typedNumber - acceptedNumber) <= NUMERIC_EPSILON;
  return normaliseTextAnswer(typed, caseSensitive) === normaliseTextAnswer(accepted, caseSensitive);
}
