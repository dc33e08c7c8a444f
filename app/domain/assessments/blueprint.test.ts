import { describe, expect, it } from "vitest";
import type { Blueprint, BlueprintCell, LevelScale } from "#content-schemas/assessments";
import { COGNITIVE_LEVELS, type CognitiveLevel, type QuestionType } from "#content-schemas/questions";
import {
  apportion,
  BLUEPRINT_PRESETS,
  blueprintCells,
  blueprintFromPreset,
  blueprintProblems,
  blueprintTotals,
  formatPoints,
  levelFits,
  levelsOf,
  presetById,
  type BlueprintPreset,
} from "./blueprint";

const TOPIC_IDS = ["64b000000000000000000001", "64b000000000000000000002", "64b000000000000000000003"] as const;
const FIVE_TOPICS = [
  "64b00000000000000000000a",
  "64b00000000000000000000b",
  "64b00000000000000000000c",
  "64b00000000000000000000d",
  "64b00000000000000000000e",
];

const cell = (format: QuestionType, level: CognitiveLevel, count: number, pointsEach: number): BlueprintCell => ({
  format,
  level,
  count,
  pointsEach,
});

/** A blueprint with one row per list of cells. */
const blueprintOf = (cellsPerRow: BlueprintCell[][], levelScale: LevelScale = "three"): Blueprint => ({
  levelScale,
  rows: cellsPerRow.map((cells, index) => ({
    topicId: `64b0000000000000000001${String(index).padStart(2, "0")}`,
    cells,
    outcomes: {},
  })),
});

const preset = (id: string): BlueprintPreset => {
  const found = presetById(id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
};

/** Items and points per format, as written in vn-assessment.md. */
const sectionsOf = (presetToRead: BlueprintPreset) =>
  presetToRead.sections.map(({ format, count, pointsEach }) => ({ format, count, points: count * pointsEach }));

describe("the presets (vn-assessment.md › Item formats, School periodic tests)", () => {
  it("has the four presets, each found by its id", () => {
    expect(BLUEPRINT_PRESETS.map((entry) => entry.id)).toEqual([
      "national_2025_math",
      "national_2025_science",
      "school_periodic",
      "school_periodic_no_short_answer",
    ]);
    for (const entry of BLUEPRINT_PRESETS) expect(presetById(entry.id)).toBe(entry);
    expect(presetById("national_2018")).toBeUndefined();
  });

  it("Toán 2025: 12 single choice × 0,25, 4 true/false × 1, 6 short answer × 0,5", () => {
    const math = preset("national_2025_math");
    expect(math.subjects).toEqual(["TOAN"]);
    expect(math.sections).toEqual([
      { format: "single_choice", count: 12, pointsEach: 0.25 },
      { format: "true_false_group", count: 4, pointsEach: 1 },
      { format: "short_answer", count: 6, pointsEach: 0.5 },
    ]);
  });

  it("Lí/Hoá/Sinh 2025: 18 single choice × 0,25, 4 true/false × 1, 6 short answer × 0,25", () => {
    const science = preset("national_2025_science");
    expect([...science.subjects].sort()).toEqual(["HOA_HOC", "SINH_HOC", "VAT_LI"]);
    expect(science.sections).toEqual([
      { format: "single_choice", count: 18, pointsEach: 0.25 },
      { format: "true_false_group", count: 4, pointsEach: 1 },
      { format: "short_answer", count: 6, pointsEach: 0.25 },
    ]);
  });

  it("school periodic test: objective part 3 + 2 + 2 points, essays 3 points, for any subject", () => {
    const periodic = preset("school_periodic");
    expect(periodic.subjects).toEqual([]);
    expect(sectionsOf(periodic).map(({ format, points }) => [format, points])).toEqual([
      ["single_choice", 3],
      ["true_false_group", 2],
      ["short_answer", 2],
      ["essay", 3],
    ]);
  });

  it("school periodic test without short answer: its 2 points move to true/false (3 + 4 + essays 3)", () => {
    const periodic = preset("school_periodic_no_short_answer");
    expect(periodic.subjects).toEqual([]);
    expect(sectionsOf(periodic).map(({ format, points }) => [format, points])).toEqual([
      ["single_choice", 3],
      ["true_false_group", 4],
      ["essay", 3],
    ]);
  });

  it("uses about 40 % Biết, 30 % Hiểu, 30 % Vận dụng everywhere", () => {
    for (const entry of BLUEPRINT_PRESETS) expect(entry.levelShares).toEqual({ biet: 0.4, hieu: 0.3, van_dung: 0.3 });
  });

  it.each(BLUEPRINT_PRESETS.map((entry) => [entry.id, entry] as const))(
    "%s totals exactly 10 points and passes every check once filled for three topics",
    (_id, entry) => {
      const blueprint = blueprintFromPreset(entry, TOPIC_IDS);
      const itemCount = entry.sections.reduce((sum, section) => sum + section.count, 0);
      expect(blueprintTotals(blueprint)).toMatchObject({ items: itemCount, points: 10 });
      expect(blueprintProblems(blueprint)).toEqual([]);
    },
  );
});

describe("apportion (largest remainder)", () => {
  it("splits 12 single choice items 40/30/30 as 5/4/3", () => {
    // Exact shares 4.8 / 3.6 / 3.6 → floors 4/3/3 (10 items), 2 left: the largest remainder (0.8, Biết) gets one and
    // the tie between the two 0.6 goes to the earlier level (Hiểu).
    expect(apportion(12, [0.4, 0.3, 0.3])).toEqual([5, 4, 3]);
  });

  it("splits 4 true/false items as 2/1/1 and 6 short answers as 2/2/2", () => {
    // 4: 1.6 / 1.2 / 1.2 → 1/1/1, the one left goes to the largest remainder 0.6 (Biết).
    expect(apportion(4, [0.4, 0.3, 0.3])).toEqual([2, 1, 1]);
    // 6: 2.4 / 1.8 / 1.8 → 2/1/1, the two left go to the remainders 0.8 (Hiểu, Vận dụng), not to 0.4 (Biết).
    expect(apportion(6, [0.4, 0.3, 0.3])).toEqual([2, 2, 2]);
  });

  it("splits 18 items as 7/6/5 and 2 items as 1/1/0", () => {
    // 18: 7.2 / 5.4 / 5.4 → 7/5/5, one left for the first 0.4 remainder (Hiểu).
    expect(apportion(18, [0.4, 0.3, 0.3])).toEqual([7, 6, 5]);
    // 2: 0.8 / 0.6 / 0.6 → 0/0/0, two left: Biết (0.8), then Hiểu (first of the tied 0.6).
    expect(apportion(2, [0.4, 0.3, 0.3])).toEqual([1, 1, 0]);
  });

  it("lets the earlier part win a tie", () => {
    expect(apportion(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(apportion(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(apportion(5, [1, 1])).toEqual([3, 2]);
    // 1 / 0.5 / 0.5: the first part is exact, the tie is between the last two and the earlier one wins.
    expect(apportion(2, [2, 1, 1])).toEqual([1, 1, 0]);
  });

  it("does not need the weights to add up to 1", () => {
    expect(apportion(10, [4, 3, 3])).toEqual([4, 3, 3]);
    expect(apportion(7, [1, 0, 0])).toEqual([7, 0, 0]);
    expect(apportion(7, [0, 0, 2])).toEqual([0, 0, 7]);
  });

  it("gives zeros when there is nothing to split or nothing to weigh by", () => {
    expect(apportion(0, [0.4, 0.3, 0.3])).toEqual([0, 0, 0]);
    expect(apportion(12, [0, 0, 0])).toEqual([0, 0, 0]);
    expect(apportion(12, [])).toEqual([]);
    expect(apportion(-3, [1, 1])).toEqual([0, 0]);
  });

  it("always hands out exactly the total", () => {
    const weightSets = [
      [0.4, 0.3, 0.3],
      [1, 1, 1],
      [0.1, 0.2, 0.7],
      [3, 1, 1, 1, 1, 1, 1],
    ];
    for (const weights of weightSets)
      for (let total = 0; total <= 60; total++) {
        const parts = apportion(total, weights);
        expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
        expect(parts.every((part) => Number.isInteger(part) && part >= 0)).toBe(true);
      }
  });
});

describe("blueprintFromPreset", () => {
  it("puts everything in one row for a single topic, split over the levels 40/30/30", () => {
    const blueprint = blueprintFromPreset(preset("national_2025_math"), [TOPIC_IDS[0]]);
    expect(blueprint.levelScale).toBe("three");
    expect(blueprint.rows).toHaveLength(1);
    expect(blueprint.rows[0]).toEqual({
      topicId: TOPIC_IDS[0],
      outcomes: {},
      cells: [
        cell("single_choice", "biet", 5, 0.25),
        cell("single_choice", "hieu", 4, 0.25),
        cell("single_choice", "van_dung", 3, 0.25),
        cell("true_false_group", "biet", 2, 1),
        cell("true_false_group", "hieu", 1, 1),
        cell("true_false_group", "van_dung", 1, 1),
        cell("short_answer", "biet", 2, 0.5),
        cell("short_answer", "hieu", 2, 0.5),
        cell("short_answer", "van_dung", 2, 0.5),
      ],
    });
  });

  it("splits every format of the periodic presets over the levels by largest remainder", () => {
    const perFormatAndLevel = (id: string) =>
      blueprintFromPreset(preset(id), [TOPIC_IDS[0]]).rows[0]!.cells.map(
        (entry) => `${entry.format}/${entry.level}=${entry.count}`,
      );
    // 12 → 5/4/3, 2 → 1/1/0 (no Vận dụng cell at all), 4 → 2/1/1, 2 essays → 1/1/0.
    expect(perFormatAndLevel("school_periodic")).toEqual([
      "single_choice/biet=5",
      "single_choice/hieu=4",
      "single_choice/van_dung=3",
      "true_false_group/biet=1",
      "true_false_group/hieu=1",
      "short_answer/biet=2",
      "short_answer/hieu=1",
      "short_answer/van_dung=1",
      "essay/biet=1",
      "essay/hieu=1",
    ]);
    // 18 → 7/6/5.
    expect(perFormatAndLevel("national_2025_science").slice(0, 3)).toEqual([
      "single_choice/biet=7",
      "single_choice/hieu=6",
      "single_choice/van_dung=5",
    ]);
  });

  it("deals the items of the math preset round robin over five topics, continuing across levels and formats", () => {
    // 22 items dealt in order SC Biết ×5, SC Hiểu ×4, SC VD ×3, TF 2/1/1, SA 2/2/2 to rows 0,1,2,3,4,0,1,…:
    //   SC Biết → 0 1 2 3 4 | SC Hiểu → 0 1 2 3 | SC VD → 4 0 1 | TF Biết → 2 3 | TF Hiểu → 4 | TF VD → 0
    //   SA Biết → 1 2 | SA Hiểu → 3 4 | SA VD → 0 1
    const blueprint = blueprintFromPreset(preset("national_2025_math"), FIVE_TOPICS);
    const summary = blueprint.rows.map((row) => row.cells.map((entry) => `${entry.format}/${entry.level}=${entry.count}`));
    expect(blueprint.rows.map((row) => row.topicId)).toEqual(FIVE_TOPICS);
    expect(summary).toEqual([
      [
        "single_choice/biet=1",
        "single_choice/hieu=1",
        "single_choice/van_dung=1",
        "true_false_group/van_dung=1",
        "short_answer/van_dung=1",
      ],
      [
        "single_choice/biet=1",
        "single_choice/hieu=1",
        "single_choice/van_dung=1",
        "short_answer/biet=1",
        "short_answer/van_dung=1",
      ],
      ["single_choice/biet=1", "single_choice/hieu=1", "true_false_group/biet=1", "short_answer/biet=1"],
      ["single_choice/biet=1", "single_choice/hieu=1", "true_false_group/biet=1", "short_answer/hieu=1"],
      ["single_choice/biet=1", "single_choice/van_dung=1", "true_false_group/hieu=1", "short_answer/hieu=1"],
    ]);
    // Row points: 3 × 0,25 + 1 + 0,5 = 2,25; 0,75 + 2 × 0,5 = 1,75; the other three 0,5 + 1 + 0,5 = 2.
    expect(blueprint.rows.map((row) => blueprintTotals({ rows: [row] }).points)).toEqual([2.25, 1.75, 2, 2, 2]);
    expect(blueprintTotals(blueprint)).toMatchObject({ items: 22, points: 10 });
    expect(blueprintProblems(blueprint)).toEqual([]);
  });

  it("keeps each format's points per item and never makes two cells of the same format and level in a row", () => {
    const blueprint = blueprintFromPreset(preset("school_periodic"), ["64b000000000000000000001", "64b000000000000000000002"]);
    const pointsOf: Partial<Record<QuestionType, number>> = {
      single_choice: 0.25,
      true_false_group: 1,
      short_answer: 0.5,
      essay: 1.5,
    };
    for (const row of blueprint.rows) {
      for (const entry of row.cells) expect(entry.pointsEach).toBe(pointsOf[entry.format]);
      expect(new Set(row.cells.map((entry) => `${entry.format}/${entry.level}`)).size).toBe(row.cells.length);
    }
  });

  it("gives an empty three-level blueprint without topics", () => {
    expect(blueprintFromPreset(preset("national_2025_math"), [])).toEqual({ levelScale: "three", rows: [] });
  });

  it("does not change the preset it reads", () => {
    const before = JSON.stringify(BLUEPRINT_PRESETS);
    blueprintFromPreset(preset("school_periodic"), FIVE_TOPICS);
    expect(JSON.stringify(BLUEPRINT_PRESETS)).toBe(before);
  });
});

describe("blueprintTotals", () => {
  it("totals the math preset by format and by level", () => {
    const totals = blueprintTotals(blueprintFromPreset(preset("national_2025_math"), TOPIC_IDS));
    expect(totals.items).toBe(22);
    expect(totals.points).toBe(10);
    expect(totals.byFormat).toEqual({
      single_choice: { items: 12, points: 3 },
      true_false_group: { items: 4, points: 4 },
      short_answer: { items: 6, points: 3 },
    });
    // Biết: 5 × 0,25 + 2 × 1 + 2 × 0,5 = 4,25; Hiểu: 4 × 0,25 + 1 + 2 × 0,5 = 3; Vận dụng: 3 × 0,25 + 1 + 1 = 2,75.
    expect(totals.byLevel).toEqual({
      biet: { items: 9, points: 4.25 },
      hieu: { items: 7, points: 3 },
      van_dung: { items: 6, points: 2.75 },
    });
  });

  it("adds 40 cells of 0,25 to exactly 10", () => {
    const rows = Array.from({ length: 40 }, () => [cell("single_choice", "biet", 1, 0.25)]);
    expect(blueprintTotals(blueprintOf(rows))).toMatchObject({ items: 40, points: 10 });
  });

  it("counts in cents, so points that are not exact in binary add up exactly", () => {
    // Added as floats, 0.1 + 0.1 + 0.1 is 0.30000000000000004 and a hundred 0.1 are 9.99999999999998.
    const tenths = blueprintOf([
      [cell("essay", "hieu", 1, 0.1)],
      [cell("essay", "hieu", 1, 0.1)],
      [cell("essay", "hieu", 1, 0.1)],
    ]);
    expect(blueprintTotals(tenths).points).toBe(0.3);
    expect(blueprintTotals(tenths).byLevel.hieu).toEqual({ items: 3, points: 0.3 });
    expect(blueprintTotals(tenths).byFormat.essay).toEqual({ items: 3, points: 0.3 });
    const hundredTenths = blueprintOf(Array.from({ length: 100 }, () => [cell("single_choice", "biet", 1, 0.1)]));
    expect(blueprintTotals(hundredTenths).points).toBe(10);
    expect(blueprintProblems(hundredTenths)).toEqual([]);
    // 0.7 + 0.1 + 0.2 = 0.9999999999999999 as floats.
    const mixed = blueprintOf([
      [cell("essay", "biet", 1, 0.7), cell("essay", "hieu", 1, 0.1), cell("essay", "van_dung", 1, 0.2)],
    ]);
    expect(blueprintTotals(mixed).points).toBe(1);
  });

  it("counts a cell of 0 items as nothing", () => {
    const totals = blueprintTotals(blueprintOf([[cell("single_choice", "biet", 0, 0.25), cell("essay", "hieu", 2, 5)]]));
    expect(totals).toMatchObject({ items: 2, points: 10 });
    expect(totals.byFormat.single_choice).toEqual({ items: 0, points: 0 });
  });
});

describe("blueprintProblems", () => {
  const tenPoints = () => blueprintFromPreset(preset("national_2025_math"), TOPIC_IDS);

  it("finds nothing wrong with a preset", () => {
    expect(blueprintProblems(tenPoints())).toEqual([]);
  });

  it("says what the total is when it is not 10, with a decimal comma", () => {
    const blueprint = tenPoints();
    // One single choice item fewer: 10 − 0,25.
    blueprint.rows[0]!.cells[0]!.count--;
    expect(blueprintProblems(blueprint)).toEqual(["Tổng điểm phải bằng 10 (hiện là 9,75)."]);
    blueprint.rows[0]!.cells[0]!.count += 3;
    expect(blueprintProblems(blueprint)).toEqual(["Tổng điểm phải bằng 10 (hiện là 10,5)."]);
  });

  it("refuses a blueprint without items (and says its total is 0)", () => {
    expect(blueprintProblems(blueprintOf([[cell("single_choice", "biet", 0, 0.25)], []]))).toEqual([
      "Ma trận chưa có câu hỏi nào.",
      "Tổng điểm phải bằng 10 (hiện là 0).",
    ]);
  });

  it("allows 120 items and refuses 121", () => {
    // 100 × 0,05 + 20 × 0,25 = 10 points in 120 items.
    const atLimit = blueprintOf([
      [cell("single_choice", "biet", 50, 0.05), cell("single_choice", "hieu", 20, 0.25)],
      [cell("single_choice", "biet", 50, 0.05)],
    ]);
    expect(blueprintTotals(atLimit)).toMatchObject({ items: 120, points: 10 });
    expect(blueprintProblems(atLimit)).toEqual([]);
    // 120 × 0,05 + 1 × 4 = 10 points in 121 items.
    const overLimit = blueprintOf([
      [cell("single_choice", "biet", 60, 0.05), cell("essay", "van_dung", 1, 4)],
      [cell("single_choice", "biet", 60, 0.05)],
    ]);
    expect(blueprintTotals(overLimit)).toMatchObject({ items: 121, points: 10 });
    expect(blueprintProblems(overLimit)).toEqual(["Một bài kiểm tra không quá 120 câu."]);
  });

  it("refuses a four-level level on a three-level blueprint, and the other way round", () => {
    const fourOnThree = tenPoints();
    fourOnThree.rows[0]!.cells.push(cell("single_choice", "van_dung_cao", 1, 0.25));
    fourOnThree.rows[0]!.cells[0]!.count--;
    expect(blueprintTotals(fourOnThree).points).toBe(10);
    expect(blueprintProblems(fourOnThree)).toEqual(["Có ô dùng mức độ không thuộc thang mức độ đã chọn."]);

    const threeOnFour = blueprintOf([[cell("essay", "biet", 1, 4), cell("essay", "van_dung", 1, 6)]], "four");
    expect(blueprintProblems(threeOnFour)).toEqual(["Có ô dùng mức độ không thuộc thang mức độ đã chọn."]);
    // "van_dung" is on both scales.
    const shared = blueprintOf([[cell("essay", "nhan_biet", 1, 4), cell("essay", "van_dung", 1, 6)]], "four");
    expect(blueprintProblems(shared)).toEqual([]);
  });

  it("ignores an off-scale level in a cell of 0 items", () => {
    const blueprint = tenPoints();
    blueprint.rows[1]!.cells.push(cell("essay", "thong_hieu", 0, 1));
    expect(blueprintProblems(blueprint)).toEqual([]);
  });

  it("refuses two cells of the same format and level in one row, but not in two rows", () => {
    const duplicate = blueprintOf([[cell("essay", "biet", 1, 5), cell("essay", "biet", 1, 5)]]);
    expect(blueprintProblems(duplicate)).toEqual(["Một chủ đề có hai ô cùng dạng và mức độ."]);
    const twoRows = blueprintOf([[cell("essay", "biet", 1, 5)], [cell("essay", "biet", 1, 5)]]);
    expect(blueprintProblems(twoRows)).toEqual([]);
    const otherLevel = blueprintOf([[cell("essay", "biet", 1, 5), cell("essay", "hieu", 1, 5)]]);
    expect(blueprintProblems(otherLevel)).toEqual([]);
  });

  it("lists every problem at once, in a fixed order", () => {
    const blueprint = blueprintOf([[cell("essay", "van_dung_cao", 1, 2), cell("essay", "van_dung_cao", 1, 2)]]);
    expect(blueprintProblems(blueprint)).toEqual([
      "Tổng điểm phải bằng 10 (hiện là 4).",
      "Có ô dùng mức độ không thuộc thang mức độ đã chọn.",
      "Một chủ đề có hai ô cùng dạng và mức độ.",
    ]);
  });
});

describe("cognitive levels (vn-assessment.md › Cognitive levels)", () => {
  it("lists the levels of each scale", () => {
    expect(levelsOf("three")).toEqual(["biet", "hieu", "van_dung"]);
    expect(levelsOf("four")).toEqual(["nhan_biet", "thong_hieu", "van_dung", "van_dung_cao"]);
  });

  it("maps four-level tags onto a three-level cell: NB → Biết, TH → Hiểu, VD and VDC → Vận dụng", () => {
    const fitsOnThree = (question: CognitiveLevel) => levelsOf("three").filter((level) => levelFits(question, level, "three"));
    expect(fitsOnThree("nhan_biet")).toEqual(["biet"]);
    expect(fitsOnThree("thong_hieu")).toEqual(["hieu"]);
    expect(fitsOnThree("van_dung")).toEqual(["van_dung"]);
    expect(fitsOnThree("van_dung_cao")).toEqual(["van_dung"]);
    expect(fitsOnThree("biet")).toEqual(["biet"]);
    expect(fitsOnThree("hieu")).toEqual(["hieu"]);
  });

  it("matches exactly on the four-level scale (a three-level tag or a neighbouring level does not fit)", () => {
    for (const question of COGNITIVE_LEVELS)
      for (const level of levelsOf("four")) expect(levelFits(question, level, "four")).toBe(question === level);
    expect(levelFits("biet", "nhan_biet", "four")).toBe(false);
    expect(levelFits("van_dung_cao", "van_dung", "four")).toBe(false);
  });
});

describe("formatPoints", () => {
  it("writes points with a decimal comma and at most two decimals", () => {
    expect(formatPoints(0.25)).toBe("0,25");
    expect(formatPoints(10)).toBe("10");
    expect(formatPoints(7.5)).toBe("7,5");
    expect(formatPoints(9.75)).toBe("9,75");
    expect(formatPoints(0)).toBe("0");
    // Float noise does not show: 0.1 + 0.2 is 0.30000000000000004.
    expect(formatPoints(0.1 + 0.2)).toBe("0,3");
    expect(formatPoints(2 / 3)).toBe("0,67");
  });
});

describe("blueprintCells", () => {
  it("lists the non-empty cells with their topic, in row order", () => {
    const blueprint = blueprintOf([
      [cell("single_choice", "biet", 2, 0.25), cell("single_choice", "hieu", 0, 0.25)],
      [cell("essay", "van_dung", 1, 3)],
    ]);
    expect(blueprintCells(blueprint)).toEqual([
      { ...cell("single_choice", "biet", 2, 0.25), topicId: blueprint.rows[0]!.topicId },
      { ...cell("essay", "van_dung", 1, 3), topicId: blueprint.rows[1]!.topicId },
    ]);
  });
});
