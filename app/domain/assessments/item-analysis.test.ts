import { describe, expect, it } from "vitest";
import { analyseTest, type AnalysedAttempt, type ItemAnalysis, type ItemDefinition, type TestAnalysis } from "./item-analysis";

const definitionsOf = (keys: readonly string[], points = 1): ItemDefinition[] => keys.map((key) => ({ key, max: points }));

/** Attempts from a matrix of shares of each item (1 right, 0 wrong, partial credit between), one row per student. */
function attemptsFrom(rows: Record<string, readonly number[]>, keys: readonly string[], points = 1): AnalysedAttempt[] {
  return Object.entries(rows).map(([attemptId, shares]) => {
    const earned = shares.map((share) => share * points);
    return {
      attemptId,
      total: earned.reduce((sum, value) => sum + value, 0),
      items: Object.fromEntries(keys.map((key, index) => [key, { earned: earned[index]!, max: points, unanswered: false }])),
    };
  });
}

const itemsByKey = (analysis: TestAnalysis) => new Map(analysis.items.map((item) => [item.key, item]));
const itemOf = (analysis: TestAnalysis, key: string): ItemAnalysis => itemsByKey(analysis).get(key)!;

/** Every number anywhere in the result is finite: a NaN would print as "NaN %" on the report page. */
function expectOnlyFiniteNumbers(value: unknown): void {
  if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
  else if (Array.isArray(value)) value.forEach(expectOnlyFiniteNumbers);
  else if (value !== null && typeof value === "object") Object.values(value).forEach(expectOnlyFiniteNumbers);
}

/**
 * Ten students, four one-point items (rows given out of rank order so the ranking is exercised):
 *
 *          q1 q2 q3 q4  total   rest without q1   rest without q4
 *   s01     1  1  1  0    3            2                 3
 *   s02     1  1  1  0    3            2                 3
 *   s03     1  1  0  1    3            2                 2
 *   s04     1  1  0  0    2            1                 2
 *   s05     1  1  0  0    2            1                 2
 *   s06     1  0  1  0    2            1                 2
 *   s07     1  0  0  0    1            0                 1
 *   s08–10  0  0  0  0    0            0                 0
 *
 * Facility p = 0.7, 0.5, 0.3, 0.1. Totals: mean 1.6, σ² = (3·1.4² + 3·0.4² + 0.6² + 3·1.6²) / 10 = 14.4 / 10 = 1.44.
 * KR-20: Σpq = 0.21 + 0.25 + 0.21 + 0.09 = 0.76, so 4/3 · (1 − 0.76 / 1.44) = 17/27 ≈ 0.6296.
 * Groups: round(10 · 0.27) = 3, upper s01–s03 (total 3), lower s08–s10 (total 0).
 * D = 3/3 − 0/3 = 1 (q1, q2), 2/3 − 0 = 2/3 (q3), 1/3 − 0 = 1/3 (q4).
 * Point-biserial r = (M₁ − M₀) / σ_rest · √(pq), with M₁ / M₀ the mean rest score of those right / wrong:
 *   q1: M₁ = 9/7, M₀ = 0; rest mean 0.9, σ²_rest = (3·1.1² + 3·0.1² + 4·0.9²) / 10 = 0.69 → 9/7 · √(0.21 / 0.69) ≈ 0.7093.
 *   q4: M₁ = 2, M₀ = 13/9; rest mean 1.5, σ²_rest = (2·1.5² + 4·0.5² + 0.5² + 3·1.5²) / 10 = 1.25
 *       → (5/9) · 0.3 / √1.25 = √5 / 15 ≈ 0.1491. The uncorrected total would give q4 a higher r.
 */
const KEYS = ["q1", "q2", "q3", "q4"];
const MATRIX: Record<string, readonly number[]> = {
  s08: [0, 0, 0, 0],
  s04: [1, 1, 0, 0],
  s01: [1, 1, 1, 0],
  s10: [0, 0, 0, 0],
  s06: [1, 0, 1, 0],
  s03: [1, 1, 0, 1],
  s07: [1, 0, 0, 0],
  s02: [1, 1, 1, 0],
  s09: [0, 0, 0, 0],
  s05: [1, 1, 0, 0],
};

describe("analyseTest on a right-or-wrong test", () => {
  const analysis = analyseTest(definitionsOf(KEYS), attemptsFrom(MATRIX, KEYS));

  it("describes the totals", () => {
    expect(analysis).toMatchObject({ attempts: 10, maxScore: 4, mean: 1.6, median: 2, min: 0, max: 3 });
    expect(analysis.standardDeviation).toBeCloseTo(1.2, 12);
    // Scaled to 10 points: 0 → 0, 1 → 2.5, 2 → 5, 3 → 7.5.
    expect(analysis.distribution).toEqual([3, 0, 1, 0, 0, 3, 0, 3, 0, 0]);
  });

  it("computes KR-20 from Σpq and the variance of the totals", () => {
    expect(analysis.reliability?.method).toBe("kr20");
    expect(analysis.reliability?.value).toBeCloseTo(17 / 27, 12);
  });

  it("keeps the items in the order of the definitions", () => {
    expect(analysis.items.map((item) => item.key)).toEqual(KEYS);
  });

  it("computes facility and the 27% discrimination index", () => {
    expect(analysis.items.map((item) => item.facility)).toEqual([0.7, 0.5, 0.3, 0.1]);
    const discrimination = analysis.items.map((item) => item.discrimination);
    expect(discrimination[0]).toBe(1);
    expect(discrimination[1]).toBe(1);
    expect(discrimination[2]).toBeCloseTo(2 / 3, 12);
    expect(discrimination[3]).toBeCloseTo(1 / 3, 12);
  });

  it("correlates each item with the rest of the test, not with a total that contains it", () => {
    expect(itemOf(analysis, "q1").pointBiserial).toBeCloseTo((9 / 7) * Math.sqrt(0.21 / 0.69), 12);
    expect(itemOf(analysis, "q4").pointBiserial).toBeCloseTo(Math.sqrt(5) / 15, 12);
  });

  it("flags only the item that is too hard", () => {
    expect(analysis.items.map((item) => item.flags)).toEqual([[], [], [], ["too_hard"]]);
    expect(analysis.items.every((item) => item.responses === 10 && item.unanswered === 0)).toBe(true);
  });

  it("gives the same figures when every item is worth 0.25 points (all are scale-free)", () => {
    const quarterPoints = analyseTest(definitionsOf(KEYS, 0.25), attemptsFrom(MATRIX, KEYS, 0.25));
    expect(quarterPoints.maxScore).toBe(1);
    expect(quarterPoints.distribution).toEqual(analysis.distribution);
    expect(quarterPoints.reliability?.method).toBe("kr20");
    expect(quarterPoints.reliability?.value).toBeCloseTo(17 / 27, 12);
    quarterPoints.items.forEach((item, index) => {
      const onePoint = analysis.items[index]!;
      expect(item.facility).toBeCloseTo(onePoint.facility!, 12);
      expect(item.discrimination).toBeCloseTo(onePoint.discrimination!, 12);
      expect(item.pointBiserial).toBeCloseTo(onePoint.pointBiserial!, 12);
    });
  });
});

describe("reliability method", () => {
  it("switches to Cronbach's alpha as soon as one score is partial", () => {
    const attempts = attemptsFrom({ ...MATRIX, s07: [0.5, 0, 0, 0] }, KEYS);
    expect(analyseTest(definitionsOf(KEYS), attempts).reliability?.method).toBe("cronbach_alpha");
  });

  it("keeps KR-20 when full marks differ from the item's points only by float noise, or an item is missing", () => {
    const attempts = attemptsFrom(MATRIX, KEYS, 0.3);
    const s04 = attempts[1]!;
    s04.items["q1"] = { earned: 0.1 + 0.2, max: 0.3, unanswered: false };
    delete s04.items["q4"];
    expect(analyseTest(definitionsOf(KEYS, 0.3), attempts).reliability?.method).toBe("kr20");
  });
});

/**
 * Three true/false groups worth 1 point each, scored 0 / 0.1 / 0.25 / 0.5 / 1 for 0–4 statements right:
 *
 *        g1    g2    g3    total
 *   a    1     1     0.5   2.5
 *   b    0.5   1     0.25  1.75
 *   c    0.25  0.5   0.25  1
 *   d    0.1   0.25  0     0.35
 *   e    0     0.1   0.1   0.2
 *
 * Item means 0.37, 0.57, 0.22; item variances 0.638/5 = 0.1276, 0.698/5 = 0.1396, 0.143/5 = 0.0286, Σ = 0.2958.
 * Totals: mean 1.16, variance 3.747/5 = 0.7494. Alpha = 3/2 · (1 − 0.2958 / 0.7494) = 1134/1249 ≈ 0.9079.
 * (KR-20's Σpq with p = item mean would give 3/2 · (1 − 0.6136 / 0.7494) ≈ 0.272.)
 */
describe("analyseTest on partial-credit items", () => {
  const keys = ["g1", "g2", "g3"];
  const analysis = analyseTest(
    definitionsOf(keys),
    attemptsFrom(
      {
        a: [1, 1, 0.5],
        b: [0.5, 1, 0.25],
        c: [0.25, 0.5, 0.25],
        d: [0.1, 0.25, 0],
        e: [0, 0.1, 0.1],
      },
      keys,
    ),
  );

  it("computes Cronbach's alpha from the item and total variances", () => {
    expect(analysis.reliability?.method).toBe("cronbach_alpha");
    expect(analysis.reliability?.value).toBeCloseTo(1134 / 1249, 12);
  });

  it("counts partial credit in the facility", () => {
    const facility = analysis.items.map((item) => item.facility);
    expect(facility[0]).toBeCloseTo(0.37, 12);
    expect(facility[1]).toBeCloseTo(0.57, 12);
    expect(facility[2]).toBeCloseTo(0.22, 12);
  });

  it("leaves discrimination out when five attempts make groups of one", () => {
    expect(analysis.items.every((item) => item.discrimination === null)).toBe(true);
    expect(analysis.items.every((item) => item.pointBiserial !== null)).toBe(true);
  });
});

describe("few attempts", () => {
  it("answers nulls and empty counts for no attempts", () => {
    const definitions: ItemDefinition[] = [
      { key: "q1", max: 1, options: [{ id: "A", label: "A", correct: true }] },
      { key: "q2", max: 2 },
    ];
    const analysis = analyseTest(definitions, []);
    expect(analysis).toEqual({
      attempts: 0,
      maxScore: 3,
      mean: null,
      median: null,
      standardDeviation: null,
      min: null,
      max: null,
      distribution: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      reliability: null,
      items: [
        {
          key: "q1",
          responses: 0,
          unanswered: 0,
          facility: null,
          discrimination: null,
          pointBiserial: null,
          distractors: [{ id: "A", label: "A", correct: true, count: 0, upper: 0, lower: 0 }],
          flags: [],
        },
        {
          key: "q2",
          responses: 0,
          unanswered: 0,
          facility: null,
          discrimination: null,
          pointBiserial: null,
          distractors: [],
          flags: [],
        },
      ],
    });
  });

  it("describes one attempt without correlations, discrimination or reliability", () => {
    const analysis = analyseTest(definitionsOf(KEYS), attemptsFrom({ s01: [1, 1, 0, 0] }, KEYS));
    expect(analysis).toMatchObject({ attempts: 1, mean: 2, median: 2, standardDeviation: 0, min: 2, max: 2, reliability: null });
    expect(analysis.distribution).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(analysis.items.map((item) => item.facility)).toEqual([1, 1, 0, 0]);
    expect(analysis.items.map((item) => [item.discrimination, item.pointBiserial])).toEqual(Array(4).fill([null, null]));
    expectOnlyFiniteNumbers(analysis);
  });

  it("computes reliability but no correlation from two attempts", () => {
    const analysis = analyseTest(definitionsOf(KEYS), attemptsFrom({ s01: [1, 1, 1, 0], s02: [0, 0, 0, 0] }, KEYS));
    // Items 1–3 vary together (p = 0.5, pq = 0.25 each), item 4 never: 4/3 · (1 − 0.75 / 2.25) = 8/9.
    expect(analysis.reliability?.value).toBeCloseTo(8 / 9, 12);
    expect(analysis.items.every((item) => item.pointBiserial === null)).toBe(true);
  });

  it("has no NaN when no item or no score varies, or the test is worth nothing", () => {
    const sameScores = attemptsFrom({ s01: [1, 0, 1, 0], s02: [1, 0, 1, 0], s03: [1, 0, 1, 0] }, KEYS);
    const flat = analyseTest(definitionsOf(KEYS), sameScores);
    expect(flat.reliability).toBeNull();
    expect(flat.items.every((item) => item.pointBiserial === null)).toBe(true);
    expectOnlyFiniteNumbers(flat);

    const worthless = analyseTest(definitionsOf(["q1", "q2"], 0), attemptsFrom({ s01: [0, 0], s02: [0, 0] }, ["q1", "q2"], 0));
    expect(worthless.items.map((item) => item.facility)).toEqual([null, null]);
    expect(worthless.distribution).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expectOnlyFiniteNumbers(worthless);

    expectOnlyFiniteNumbers(analyseTest([], attemptsFrom({ s01: [], s02: [] }, [])));
  });
});

describe("float noise", () => {
  it("keeps a facility of full marks at exactly 1 when the earned points carry noise", () => {
    const attempts: AnalysedAttempt[] = ["s01", "s02"].map((attemptId) => ({
      attemptId,
      total: 0.1 + 0.2,
      items: { q1: { earned: 0.1 + 0.2, max: 0.3, unanswered: false } },
    }));
    expect(analyseTest([{ key: "q1", max: 0.3 }], attempts).items[0]!.facility).toBe(1);
  });

  it("treats totals equal up to noise as having no spread", () => {
    const keys = ["q1", "q2"];
    const attempts = attemptsFrom({ s01: [0.1, 0.2], s02: [0.2, 0.1], s03: [0.3, 0] }, keys);
    const analysis = analyseTest(definitionsOf(keys), attempts);
    expect(analysis.standardDeviation).toBe(0);
    expect(analysis.reliability).toBeNull();
  });

  it("puts a total that scales to 4.999999999999999 in the band of 5", () => {
    // Fourteen 0.1-point items add up to 1.4000000000000001, and 0.7 · 10 / that is just below 5.
    const keys = Array.from({ length: 14 }, (_, index) => `q${index + 1}`);
    const shares = keys.map((_, index) => (index < 7 ? 1 : 0));
    const analysis = analyseTest(definitionsOf(keys, 0.1), attemptsFrom({ s01: shares }, keys, 0.1));
    expect(analysis.distribution).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe("distribution", () => {
  it("counts totals of a 10-point test in bands with 10 in the last", () => {
    const totals = [0, 0.99, 1, 4.5, 9.5, 10];
    const attempts = totals.map((total, index) => ({ attemptId: `s${index}`, total, items: {} }));
    expect(analyseTest([{ key: "q1", max: 10 }], attempts).distribution).toEqual([2, 1, 0, 0, 1, 0, 0, 0, 0, 2]);
  });
});

describe("distractors", () => {
  const options = [
    { id: "A", label: "A. 12", correct: true },
    { id: "B", label: "B. 14", correct: false },
    { id: "C", label: "C. 16", correct: false },
    { id: "D", label: "D. 18", correct: false },
  ];
  /** One choice item worth 1 point and an essay worth 9 that sets the rank. */
  const definitions: ItemDefinition[] = [
    { key: "mc", max: 1, options },
    { key: "essay", max: 9 },
  ];
  function choiceAttempt(attemptId: string, essay: number, chosen: string[] | null): AnalysedAttempt {
    const earned = chosen?.length === 1 && chosen[0] === "A" ? 1 : 0;
    return {
      attemptId,
      total: earned + essay,
      items: {
        mc: { earned, max: 1, unanswered: chosen === null, ...(chosen ? { chosen } : {}) },
        essay: { earned: essay, max: 9, unanswered: false },
      },
    };
  }
  // Upper group t01–t03, lower t08–t10. Two of the strongest pick B over the key A.
  const attempts = [
    choiceAttempt("t01", 9, ["A"]),
    choiceAttempt("t02", 9, ["B"]),
    choiceAttempt("t03", 8.5, ["B"]),
    choiceAttempt("t04", 7, ["A"]),
    choiceAttempt("t05", 6, ["A"]),
    choiceAttempt("t06", 6, ["C"]),
    choiceAttempt("t07", 5, null),
    choiceAttempt("t08", 3, ["C"]),
    choiceAttempt("t09", 1, ["A"]),
    choiceAttempt("t10", 2, ["Z"]),
  ];
  const item = analyseTest(definitions, attempts).items[0]!;

  it("counts each option overall and in the upper and lower groups, ignoring unknown ids", () => {
    expect(item.distractors.map(({ id, count, upper, lower }) => ({ id, count, upper, lower }))).toEqual([
      { id: "A", count: 4, upper: 1, lower: 1 },
      { id: "B", count: 2, upper: 2, lower: 0 },
      { id: "C", count: 2, upper: 0, lower: 1 },
      { id: "D", count: 0, upper: 0, lower: 0 },
    ]);
    expect(item.distractors[0]).toMatchObject({ label: "A. 12", correct: true });
    expect(item.unanswered).toBe(1);
    expect(item.facility).toBe(0.4);
  });

  it("flags a distractor that draws the strong students, and D = 0 as low rather than negative", () => {
    expect(item.discrimination).toBe(0);
    expect(item.flags).toEqual(["low_discrimination", "distractor_attracts_strong"]);
  });

  it("counts every option picked in a multiple-response item", () => {
    const multiple: ItemDefinition = {
      key: "mr",
      max: 1,
      options: [
        { id: "A", label: "A", correct: true },
        { id: "B", label: "B", correct: true },
        { id: "C", label: "C", correct: false },
      ],
    };
    const picks = [["A", "B"], ["A", "C"], ["A"], ["B", "C"], ["A", "B", "C"]];
    const multipleAttempts = picks.map((chosen, index) => ({
      attemptId: `m${index}`,
      total: 0,
      items: { mr: { earned: 0, max: 1, chosen, unanswered: false } },
    }));
    const counts = analyseTest([multiple], multipleAttempts).items[0]!.distractors.map((option) => option.count);
    expect(counts).toEqual([4, 3, 3]);
  });
});

describe("flags", () => {
  /** One-item attempts with the given shares, ranked by a separate total so the groups are under control. */
  function oneItem(shares: readonly number[], options?: ItemDefinition["options"], chosen?: (index: number) => string[]) {
    const attempts: AnalysedAttempt[] = shares.map((share, index) => ({
      attemptId: `s${String(index).padStart(2, "0")}`,
      total: shares.length - index,
      items: { q: { earned: share, max: 1, unanswered: false, ...(chosen ? { chosen: chosen(index) } : {}) } },
    }));
    return analyseTest([{ key: "q", max: 1, ...(options ? { options } : {}) }], attempts).items[0]!;
  }
  const repeat = (share: number, times: number) => Array<number>(times).fill(share);

  it("flags facility above 0.9 as too easy and below 0.2 as too hard, not at the limits", () => {
    expect(oneItem([...repeat(1, 19), 0]).flags).toContain("too_easy");
    expect(oneItem([...repeat(1, 9), 0]).flags).not.toContain("too_easy");
    expect(oneItem([1, ...repeat(0, 9)]).flags).toContain("too_hard");
    expect(oneItem([1, 1, ...repeat(0, 8)]).flags).not.toContain("too_hard");
  });

  it("flags discrimination below 0 as negative, below 0.2 as low, and exactly 0.2 as neither despite float noise", () => {
    // Ten attempts, groups of 3: the weakest three right, the strongest wrong.
    const reversed = oneItem([0, 0, 0, 1, 1, 0, 0, 1, 1, 1]);
    expect(reversed.discrimination).toBe(-1);
    expect(reversed.flags).toEqual(["negative_discrimination"]);
    expect(reversed.pointBiserial).toBeNull(); // a one-item test has no rest to correlate with

    // Twenty attempts, groups of 5: 0.6 − 0.4 is 0.19999999999999996 in floats.
    const borderline = oneItem([1, 1, 1, 0, 0, ...repeat(0, 10), 1, 1, 0, 0, 0]);
    expect(borderline.discrimination).toBeCloseTo(0.2, 12);
    expect(borderline.flags).toEqual([]);

    const weak = oneItem([1, 1, 1, 0, 0, ...repeat(1, 10), 1, 1, 1, 0, 0]);
    expect(weak.discrimination).toBe(0);
    expect(weak.flags).toEqual(["low_discrimination"]);
  });

  it("flags a wrong option nobody chose, from 20 attempts on", () => {
    const options = [
      { id: "A", label: "A", correct: true },
      { id: "B", label: "B", correct: false },
      { id: "C", label: "C", correct: false },
    ];
    const pickAorB = (index: number) => [index % 2 === 0 ? "A" : "B"];
    const shares = (count: number) => Array.from({ length: count }, (_, index) => (index % 2 === 0 ? 1 : 0));
    expect(oneItem(shares(20), options, pickAorB).flags).toContain("distractor_unused");
    expect(oneItem(shares(19), options, pickAorB).flags).not.toContain("distractor_unused");
    const pickAny = (index: number) => [["A", "B", "C"][index % 3]!];
    expect(oneItem(shares(20), options, pickAny).flags).not.toContain("distractor_unused");
  });

  it("does not flag a distractor for the strong students when the groups hold one student", () => {
    const options = [
      { id: "A", label: "A", correct: true },
      { id: "B", label: "B", correct: false },
    ];
    const item = oneItem([0, 1, 1, 1, 1], options, (index) => [index === 0 ? "B" : "A"]);
    expect(item.distractors[1]).toMatchObject({ upper: 1 });
    expect(item.flags).not.toContain("distractor_attracts_strong");
  });
});

describe("ranking", () => {
  it("breaks tied totals by attempt id, so the groups do not depend on the input order", () => {
    // All ten totals are 1; only a01 has q1 right. By id the upper group is a01–a03 and the lower a08–a10.
    const keys = ["q1", "q2"];
    const rows = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [`a${String(index + 1).padStart(2, "0")}`, index === 0 ? [1, 0] : [0, 1]]),
    );
    const attempts = attemptsFrom(rows, keys);
    const forwards = analyseTest(definitionsOf(keys), attempts);
    const backwards = analyseTest(definitionsOf(keys), [...attempts].reverse());
    expect(forwards.items[0]!.discrimination).toBeCloseTo(1 / 3, 12);
    expect(backwards).toEqual(forwards);
  });

  it("counts an item missing from an attempt as unanswered with nothing earned", () => {
    const attempts: AnalysedAttempt[] = [
      { attemptId: "s01", total: 1, items: { q1: { earned: 1, max: 1, unanswered: false } } },
      { attemptId: "s02", total: 0, items: {} },
    ];
    const analysis = analyseTest(
      [
        { key: "q1", max: 1 },
        { key: "constructor", max: 1 },
      ],
      attempts,
    );
    expect(analysis.items.map((item) => [item.facility, item.unanswered])).toEqual([
      [0.5, 1],
      [0, 2],
    ]);
  });
});
