import type { RoundingPolicy } from "#content-schemas/assessments";
import type { QuestionBody, QuestionResponse } from "#content-schemas/questions";
import { roundScore, scoreResponse, type ScoreStatus } from "#content-schemas/questions-scoring";

/**
 * Scores a whole attempt (vn-assessment.md › Scores): every objective item by `scoreResponse`, essays by the
 * teacher's marks, the test score as the exact sum and, once nothing waits for a teacher, rounded by the test's policy.
 */

export interface GradedItem {
  key: string;
  points: number;
  body: QuestionBody;
}

export interface ManualGrade {
  points: number;
  comment: string;
}

export interface ItemScore {
  earned: number;
  max: number;
  status: ScoreStatus;
}

export interface AttemptScore {
  itemScores: Record<string, ItemScore>;
  /** The exact sum of earned points (essays not yet graded count 0 here). */
  score: number;
  /** Null while essays wait for grading. */
  roundedScore: number | null;
  pendingGrading: number;
}

/** Sums to 4 decimals, as `scoreResponse` rounds `earned`: 12 × 0.25 is 3, not 2.9999999999999996. */
const sum = (values: number[]) => Math.round(values.reduce((acc, value) => acc + value, 0) * 10_000) / 10_000;

export function scoreAttempt(
  items: readonly GradedItem[],
  responses: Readonly<Record<string, { response: QuestionResponse } | undefined>>,
  manualGrades: Readonly<Record<string, ManualGrade | undefined>>,
  rounding: RoundingPolicy,
): AttemptScore {
  const itemScores: Record<string, ItemScore> = {};
  let pendingGrading = 0;
  for (const item of items) {
    const automatic = scoreResponse(item.body, responses[item.key]?.response, item.points);
    const manual = manualGrades[item.key];
    if (automatic.status === "needs_grading" && manual) {
      const earned = Math.min(Math.max(manual.points, 0), item.points);
      itemScores[item.key] = {
        earned,
        max: item.points,
        status: earned >= item.points ? "correct" : earned > 0 ? "partial" : "incorrect",
      };
    } else {
      if (automatic.status === "needs_grading") pendingGrading++;
      itemScores[item.key] = automatic;
    }
  }
  const score = sum(Object.values(itemScores).map((itemScore) => itemScore.earned));
  return { itemScores, score, roundedScore: pendingGrading ? null : roundScore(score, rounding), pendingGrading };
}
