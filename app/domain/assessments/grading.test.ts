import { describe, expect, it } from "vitest";
import type { RoundingPolicy } from "#content-schemas/assessments";
import { plainRichText, QUESTION_TYPES, type QuestionBodyOf, type QuestionResponse } from "#content-schemas/questions";
import { roundScore, scoreResponse } from "#content-schemas/questions-scoring";
import { emptyResponse } from "./form-responses";
import { scoreAttempt, type GradedItem, type ManualGrade } from "./grading";

const content = plainRichText("Nội dung");

const singleChoice: QuestionBodyOf<"single_choice"> = {
  type: "single_choice",
  options: ["A", "B", "C", "D"].map((id) => ({ id, content })),
  correctOptionId: "B",
  shuffleOptions: true,
};
/** a) Đ, b) S, c) Đ, d) S. */
const trueFalse: QuestionBodyOf<"true_false_group"> = {
  type: "true_false_group",
  statements: [
    { id: "a", content, correct: true },
    { id: "b", content, correct: false },
    { id: "c", content, correct: true },
    { id: "d", content, correct: false },
  ],
};
const numeric = (value: string): QuestionBodyOf<"short_answer"> => ({
  type: "short_answer",
  answer: { kind: "numeric", value, tolerance: 0 },
});
const essay: QuestionBodyOf<"essay"> = {
  type: "essay",
  rubric: [
    { criterion: "Đặt vấn đề", weight: 0.5, description: "" },
    { criterion: "Lập luận", weight: 0.5, description: "" },
  ],
  allowPhoto: true,
};

const choose = (optionId: string): QuestionResponse => ({ type: "single_choice", optionId });
const judge = (answers: Record<string, boolean>): QuestionResponse => ({ type: "true_false_group", answers });
const type = (text: string): QuestionResponse => ({ type: "short_answer", text });
const write = (text: string): QuestionResponse => ({ type: "essay", text, photoUploadIds: [] });
/** Statements right for each k: a) Đ, b) S, c) Đ, d) S, then k of them kept and the rest flipped. */
const tfRight = (k: number): QuestionResponse =>
  judge(
    Object.fromEntries(
      trueFalse.statements.map((statement, index) => [statement.id, index < k ? statement.correct : !statement.correct]),
    ),
  );

type Responses = Record<string, { response: QuestionResponse } | undefined>;
const answered = (entries: Record<string, QuestionResponse>): Responses =>
  Object.fromEntries(Object.entries(entries).map(([key, response]) => [key, { response }]));
const noMarks: Record<string, ManualGrade | undefined> = {};

/**
 * The 2025 Toán format, one student's paper:
 * - PHẦN I, 12 single choice × 0,25: 11 right → 11 × 0,25 = 2,75;
 * - PHẦN II, 4 true/false × 1: 3 of 4 statements right in each → 50 % → 4 × 0,5 = 2;
 * - PHẦN III, 6 short answers × 0,5, all right however the decimal is written → 3.
 * Total 7,75.
 */
const SHORT_ANSWERS: [key: string, typed: string][] = [
  ["-1.5", "-1,5"],
  ["2,25", "2.25"],
  ["12", "12"],
  ["0,5", ",5"],
  ["-1.5", "\u22121,5"],
  ["3.14", " 3,14 "],
];
const MATH_ITEMS: GradedItem[] = [
  ...Array.from({ length: 12 }, (_, index) => ({ key: `sc${index + 1}`, points: 0.25, body: singleChoice })),
  ...Array.from({ length: 4 }, (_, index) => ({ key: `tf${index + 1}`, points: 1, body: trueFalse })),
  ...SHORT_ANSWERS.map(([key], index) => ({ key: `sa${index + 1}`, points: 0.5, body: numeric(key) })),
];
const MATH_RESPONSES = answered({
  ...Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`sc${index + 1}`, choose(index === 6 ? "C" : "B")])),
  ...Object.fromEntries(Array.from({ length: 4 }, (_, index) => [`tf${index + 1}`, tfRight(3)])),
  ...Object.fromEntries(SHORT_ANSWERS.map(([, typed], index) => [`sa${index + 1}`, type(typed)])),
});

describe("scoreAttempt on a national-format math paper", () => {
  const result = scoreAttempt(MATH_ITEMS, MATH_RESPONSES, noMarks, "none");

  it("adds the items to exactly 7,75", () => {
    expect(result.score).toBe(7.75);
    expect(result.roundedScore).toBe(7.75);
    expect(result.pendingGrading).toBe(0);
  });

  it("scores every item", () => {
    expect(Object.keys(result.itemScores)).toEqual(MATH_ITEMS.map((entry) => entry.key));
    expect(result.itemScores.sc1).toEqual({ earned: 0.25, max: 0.25, status: "correct" });
    expect(result.itemScores.sc7).toEqual({ earned: 0, max: 0.25, status: "incorrect" });
    for (const key of ["tf1", "tf2", "tf3", "tf4"])
      expect(result.itemScores[key]).toEqual({ earned: 0.5, max: 1, status: "partial" });
    // "-1,5" for a key written "-1.5" (and the other separators, a Unicode minus, spaces) are right.
    for (let index = 1; index <= 6; index++)
      expect(result.itemScores[`sa${index}`]).toEqual({ earned: 0.5, max: 0.5, status: "correct" });
  });

  it("rounds 7,75 by the test's policy", () => {
    expect(scoreAttempt(MATH_ITEMS, MATH_RESPONSES, noMarks, "0.25").roundedScore).toBe(7.75);
    // 77,5 tenths, a half: up to 7,8.
    expect(scoreAttempt(MATH_ITEMS, MATH_RESPONSES, noMarks, "0.1").roundedScore).toBe(7.8);
    // The exact sum is kept whatever the policy.
    expect(scoreAttempt(MATH_ITEMS, MATH_RESPONSES, noMarks, "0.1").score).toBe(7.75);
  });

  it("gives the true/false shares 10 / 25 / 50 / 100 % of a 1-point item", () => {
    const items = [0, 1, 2, 3, 4].map((k) => ({ key: `tf${k}`, points: 1, body: trueFalse }));
    const responses = answered(Object.fromEntries([0, 1, 2, 3, 4].map((k) => [`tf${k}`, tfRight(k)])));
    const scores = scoreAttempt(items, responses, noMarks, "none");
    expect([0, 1, 2, 3, 4].map((k) => scores.itemScores[`tf${k}`]!.earned)).toEqual([0, 0.1, 0.25, 0.5, 1]);
    // 0 + 0,1 + 0,25 + 0,5 + 1.
    expect(scores.score).toBe(1.85);
  });
});

describe("sums without float noise", () => {
  it("adds three 0,1 to 0,3 (not 0.30000000000000004)", () => {
    const items = ["a", "b", "c"].map((key) => ({ key, points: 1, body: trueFalse }));
    const result = scoreAttempt(items, answered({ a: tfRight(1), b: tfRight(1), c: tfRight(1) }), noMarks, "none");
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3);
    expect(result.score).toBe(0.3);
  });

  it("adds eight 0,1 and a 0,25 to 1,05 and rounds it up to 1,1", () => {
    // As floats the sum is 1.0499999999999998, which would round down to 1,0.
    const items = [
      ...Array.from({ length: 8 }, (_, index) => ({ key: `tf${index}`, points: 1, body: trueFalse })),
      { key: "sc", points: 0.25, body: singleChoice },
    ];
    const responses = answered({
      ...Object.fromEntries(items.slice(0, 8).map((entry) => [entry.key, tfRight(1)])),
      sc: choose("B"),
    });
    expect(scoreAttempt(items, responses, noMarks, "none").score).toBe(1.05);
    expect(scoreAttempt(items, responses, noMarks, "0.1").roundedScore).toBe(1.1);
  });
});

describe("rounding policies", () => {
  /** 6 × 1 point + a true/false of 1 point with 1 right (0,1) + one with 2 right (0,25) = 6,35. */
  const items: GradedItem[] = [
    ...Array.from({ length: 6 }, (_, index) => ({ key: `sc${index}`, points: 1, body: singleChoice })),
    { key: "tfA", points: 1, body: trueFalse },
    { key: "tfB", points: 1, body: trueFalse },
    { key: "miss", points: 0.65, body: singleChoice },
  ];
  const responses = answered({
    ...Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`sc${index}`, choose("B")])),
    tfA: tfRight(1),
    tfB: tfRight(2),
    miss: choose("A"),
  });
  const rounded = (policy: RoundingPolicy) => scoreAttempt(items, responses, noMarks, policy);

  it("keeps 6,35 exact without rounding, and rounds it to 6,25 (quarters) or 6,4 (tenths)", () => {
    expect(rounded("none")).toMatchObject({ score: 6.35, roundedScore: 6.35 });
    // 6,35 × 4 = 25,4 quarters → 25 → 6,25.
    expect(rounded("0.25")).toMatchObject({ score: 6.35, roundedScore: 6.25 });
    // 6,35 × 10 = 63,5 tenths, a half (6.35 is 6.3499999… in binary) → up to 64 → 6,4.
    expect(rounded("0.1")).toMatchObject({ score: 6.35, roundedScore: 6.4 });
  });

  it("rounds 7,125 (7 points + 25 % of a 0,5-point true/false) half up to 7,25, and to 7,1 in tenths", () => {
    const sevenPointOne: GradedItem[] = [
      ...Array.from({ length: 7 }, (_, index) => ({ key: `sc${index}`, points: 1, body: singleChoice })),
      { key: "tf", points: 0.5, body: trueFalse },
    ];
    const paper = answered({
      ...Object.fromEntries(Array.from({ length: 7 }, (_, index) => [`sc${index}`, choose("B")])),
      tf: tfRight(2),
    });
    expect(scoreAttempt(sevenPointOne, paper, noMarks, "none").score).toBe(7.125);
    // 28,5 quarters → 29 → 7,25; 71,25 tenths → 71 → 7,1.
    expect(scoreAttempt(sevenPointOne, paper, noMarks, "0.25").roundedScore).toBe(7.25);
    expect(scoreAttempt(sevenPointOne, paper, noMarks, "0.1").roundedScore).toBe(7.1);
  });

  it("follows roundScore's rule: nearest step, halves up", () => {
    const cases: [score: number, policy: RoundingPolicy, expected: number][] = [
      [7.375, "0.25", 7.5], // 29,5 quarters → 30
      [7.625, "0.25", 7.75], // 30,5 → 31
      [7.6, "0.25", 7.5], // 30,4 → 30
      [7.63, "0.25", 7.75], // 30,52 → 31
      [6.65, "0.1", 6.7], // 66,5 tenths (6.6499999… in binary) → 67
      [6.05, "0.1", 6.1], // 60,5 → 61
      [6.04, "0.1", 6], // 60,4 → 60
      [10, "0.25", 10],
      [0, "0.1", 0],
      [8.123, "none", 8.123],
    ];
    for (const [score, policy, expected] of cases)
      expect([score, policy, roundScore(score, policy)]).toEqual([score, policy, expected]);
  });
});

describe("essays", () => {
  const items: GradedItem[] = [
    { key: "sc1", points: 3.5, body: singleChoice },
    { key: "sc2", points: 3.5, body: singleChoice },
    { key: "essay", points: 3, body: essay },
  ];
  const responses = answered({ sc1: choose("B"), sc2: choose("A"), essay: write("Bài làm của em …") });

  it("waits for a teacher: the score so far counts the essay as 0 and there is no rounded score yet", () => {
    const result = scoreAttempt(items, responses, noMarks, "0.25");
    expect(result.pendingGrading).toBe(1);
    expect(result.roundedScore).toBeNull();
    expect(result.score).toBe(3.5);
    expect(result.itemScores.essay).toEqual({ earned: 0, max: 3, status: "needs_grading" });
  });

  it("counts each essay waiting for marks", () => {
    const twoEssays = [...items, { key: "essay2", points: 1, body: essay }];
    const result = scoreAttempt(
      twoEssays,
      { ...responses, ...answered({ essay2: write("…") }) },
      { essay: { points: 1, comment: "" } },
      "none",
    );
    expect(result.pendingGrading).toBe(1);
    expect(result.roundedScore).toBeNull();
    expect(result.score).toBe(4.5);
  });

  it("takes the teacher's marks, clamped to [0, points], with a status that follows them", () => {
    const withMark = (points: number) => scoreAttempt(items, responses, { essay: { points, comment: "Khá" } }, "0.25");
    expect(withMark(2.25)).toMatchObject({
      score: 5.75,
      roundedScore: 5.75,
      pendingGrading: 0,
      itemScores: { essay: { earned: 2.25, max: 3, status: "partial" } },
    });
    expect(withMark(3).itemScores.essay).toEqual({ earned: 3, max: 3, status: "correct" });
    expect(withMark(4.5)).toMatchObject({ score: 6.5, itemScores: { essay: { earned: 3, max: 3, status: "correct" } } });
    expect(withMark(0)).toMatchObject({
      score: 3.5,
      roundedScore: 3.5,
      itemScores: { essay: { earned: 0, max: 3, status: "incorrect" } },
    });
    expect(withMark(-1)).toMatchObject({ score: 3.5, itemScores: { essay: { earned: 0, max: 3, status: "incorrect" } } });
  });

  it("rounds the total once the essay is marked", () => {
    // 3,5 + 2,6 = 6,1 → 6 in quarters (24,4 → 24).
    expect(scoreAttempt(items, responses, { essay: { points: 2.6, comment: "" } }, "0.25")).toMatchObject({
      score: 6.1,
      roundedScore: 6,
    });
  });

  it("ignores marks given to an objective item", () => {
    const result = scoreAttempt(items, responses, { sc2: { points: 3.5, comment: "" } }, "none");
    expect(result.itemScores.sc2).toEqual({ earned: 0, max: 3.5, status: "incorrect" });
    expect(result.pendingGrading).toBe(1);
  });

  it("does not wait for marks on an essay that was never answered", () => {
    const result = scoreAttempt(items, answered({ sc1: choose("B") }), noMarks, "none");
    expect(result.itemScores.essay).toEqual({ earned: 0, max: 3, status: "unanswered" });
    expect(result).toMatchObject({ pendingGrading: 0, score: 3.5, roundedScore: 3.5 });
  });

  // The quiz page saves `emptyResponse(type)` when a student clears an answer (quiz-client.ts › changed). For every
  // other format that response scores "unanswered"; an essay typed and then deleted must not leave the attempt
  // waiting for a teacher to mark an empty answer (its rounded score stays null, the gradebook export is blank).
  it("treats every cleared answer as unanswered, essays included", () => {
    for (const format of QUESTION_TYPES.filter((entry) => entry !== "essay"))
      expect([format, scoreResponse(bodyFor(format), emptyResponse(format), 1).status]).toEqual([format, "unanswered"]);
    const result = scoreAttempt(items, answered({ sc1: choose("B"), essay: emptyResponse("essay") }), noMarks, "none");
    expect(result.itemScores.essay).toEqual({ earned: 0, max: 3, status: "unanswered" });
    expect(result).toMatchObject({ pendingGrading: 0, roundedScore: 3.5 });
  });
});

/** A valid body of each format (only what the scorer reads for an empty response). */
function bodyFor(format: (typeof QUESTION_TYPES)[number]) {
  switch (format) {
    case "single_choice":
      return singleChoice;
    case "true_false_group":
      return trueFalse;
    case "short_answer":
      return numeric("1");
    case "essay":
      return essay;
    case "multiple_response":
      return {
        type: format,
        options: [
          { id: "A", content, correct: true },
          { id: "B", content, correct: false },
        ],
        shuffleOptions: true,
        scoring: "all_or_nothing",
      } satisfies QuestionBodyOf<"multiple_response">;
    case "matching":
      return {
        type: format,
        premises: [
          { id: "p1", content },
          { id: "p2", content },
        ],
        responses: [
          { id: "m1", content },
          { id: "m2", content },
        ],
        pairs: [
          { premiseId: "p1", responseId: "m1" },
          { premiseId: "p2", responseId: "m2" },
        ],
        scoring: "all_or_nothing",
      } satisfies QuestionBodyOf<"matching">;
    case "ordering":
      return {
        type: format,
        items: [
          { id: "o1", content },
          { id: "o2", content },
        ],
        scoring: "all_or_nothing",
      } satisfies QuestionBodyOf<"ordering">;
    case "cloze":
      return {
        type: format,
        gaps: [{ key: "1", accepted: ["Hà Nội"], caseSensitive: false }],
        scoring: "proportional",
      } satisfies QuestionBodyOf<"cloze">;
  }
}

describe("unanswered items", () => {
  it("count 0 and do not hold the score back", () => {
    const result = scoreAttempt(MATH_ITEMS, answered({ sc1: choose("B"), tf1: tfRight(4), sa1: type("-1,5") }), noMarks, "0.1");
    // 0,25 + 1 + 0,5.
    expect(result).toMatchObject({ score: 1.75, roundedScore: 1.8, pendingGrading: 0 });
    expect(result.itemScores.sc2).toEqual({ earned: 0, max: 0.25, status: "unanswered" });
    expect(result.itemScores.tf2).toEqual({ earned: 0, max: 1, status: "unanswered" });
    expect(result.itemScores.sa2).toEqual({ earned: 0, max: 0.5, status: "unanswered" });
    const statuses = Object.values(result.itemScores).map((itemScore) => itemScore.status);
    expect(statuses.filter((status) => status === "unanswered")).toHaveLength(19);
  });

  it("treats cleared answers and a blank short answer as unanswered", () => {
    const result = scoreAttempt(
      MATH_ITEMS,
      answered({ sc1: { type: "single_choice", optionId: null }, tf1: judge({}), sa1: type("   ") }),
      noMarks,
      "none",
    );
    expect([result.itemScores.sc1!.status, result.itemScores.tf1!.status, result.itemScores.sa1!.status]).toEqual([
      "unanswered",
      "unanswered",
      "unanswered",
    ]);
    expect(result).toMatchObject({ score: 0, roundedScore: 0 });
  });

  it("scores an empty paper 0, and a test without items 0", () => {
    expect(scoreAttempt(MATH_ITEMS, {}, noMarks, "0.25")).toMatchObject({ score: 0, roundedScore: 0, pendingGrading: 0 });
    expect(scoreAttempt([], {}, noMarks, "none")).toEqual({ itemScores: {}, score: 0, roundedScore: 0, pendingGrading: 0 });
  });

  it("scores a response of the wrong type as incorrect without throwing", () => {
    const result = scoreAttempt(MATH_ITEMS, answered({ sc1: type("B") }), noMarks, "none");
    expect(result.itemScores.sc1).toEqual({ earned: 0, max: 0.25, status: "incorrect" });
  });
});
