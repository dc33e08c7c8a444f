import {
  ASSESSMENT_LIMITS,
  type Blueprint,
  type BlueprintCell,
  type BlueprintRow,
  type LevelScale,
} from "#content-schemas/assessments";
import {
  COGNITIVE_LEVELS_3,
  COGNITIVE_LEVELS_4,
  toThreeLevel,
  type CognitiveLevel,
  type QuestionType,
} from "#content-schemas/questions";

/**
 * Blueprint rules (vn-assessment.md › Test matrix): the presets, totals, and the checks run before anything is
 * generated. Pure code shared by the editor (live totals) and the server (the same checks again).
 */

export const levelsOf = (scale: LevelScale): readonly CognitiveLevel[] =>
  scale === "three" ? COGNITIVE_LEVELS_3 : COGNITIVE_LEVELS_4;

/** Whether a question tagged `questionLevel` fills a cell asking for `cellLevel` (4-level tags count on a 3-level scale). */
export function levelFits(questionLevel: CognitiveLevel, cellLevel: CognitiveLevel, scale: LevelScale): boolean {
  return scale === "three" ? toThreeLevel(questionLevel) === cellLevel : questionLevel === cellLevel;
}

interface PresetSection {
  format: QuestionType;
  count: number;
  pointsEach: number;
}

export interface BlueprintPreset {
  id: string;
  /** Subjects it is meant for; empty: any subject. */
  subjects: readonly string[];
  sections: readonly PresetSection[];
  /** Share of the items per level (3-level scale). */
  levelShares: Readonly<Record<(typeof COGNITIVE_LEVELS_3)[number], number>>;
}

/** About 40% Biết, 30% Hiểu, 30% Vận dụng (the periodic-test guidance; a starting point for exam matrices too). */
const USUAL_LEVEL_SHARES = { biet: 0.4, hieu: 0.3, van_dung: 0.3 } as const;

/**
 * The 2025 national exam formats (points per item) and the school periodic test from semester 2 of 2024–25: objective
 * part 7 points (single choice 3, true/false 2, short answer 2 — or 4 for true/false where a subject has no short
 * answer) plus essays 3 points.
 */
export const BLUEPRINT_PRESETS: readonly BlueprintPreset[] = [
  {
    id: "national_2025_math",
    subjects: ["TOAN"],
    sections: [
      { format: "single_choice", count: 12, pointsEach: 0.25 },
      { format: "true_false_group", count: 4, pointsEach: 1 },
      { format: "short_answer", count: 6, pointsEach: 0.5 },
    ],
    levelShares: USUAL_LEVEL_SHARES,
  },
  {
    id: "national_2025_science",
    subjects: ["VAT_LI", "HOA_HOC", "SINH_HOC"],
    sections: [
      { format: "single_choice", count: 18, pointsEach: 0.25 },
      { format: "true_false_group", count: 4, pointsEach: 1 },
      { format: "short_answer", count: 6, pointsEach: 0.25 },
    ],
    levelShares: USUAL_LEVEL_SHARES,
  },
  {
    id: "school_periodic",
    subjects: [],
    sections: [
      { format: "single_choice", count: 12, pointsEach: 0.25 },
      { format: "true_false_group", count: 2, pointsEach: 1 },
      { format: "short_answer", count: 4, pointsEach: 0.5 },
      { format: "essay", count: 2, pointsEach: 1.5 },
    ],
    levelShares: USUAL_LEVEL_SHARES,
  },
  {
    id: "school_periodic_no_short_answer",
    subjects: [],
    sections: [
      { format: "single_choice", count: 12, pointsEach: 0.25 },
      { format: "true_false_group", count: 4, pointsEach: 1 },
      { format: "essay", count: 2, pointsEach: 1.5 },
    ],
    levelShares: USUAL_LEVEL_SHARES,
  },
];

export const presetById = (id: string) => BLUEPRINT_PRESETS.find((preset) => preset.id === id);

/** Splits `total` into whole parts proportional to `weights` (largest remainder; earlier parts win ties). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) }));
  order.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let left = total - parts.reduce((acc, part) => acc + part, 0), next = 0; left > 0; left--, next++) {
    const target = order[next % order.length]!.index;
    parts[target] = parts[target]! + 1;
  }
  return parts;
}

/**
 * A blueprint filled from a preset for the chosen topics: each format's items split over the levels by the preset's
 * shares, and each level's items spread over the topics in turn. The teacher adjusts the cells afterwards.
 */
export function blueprintFromPreset(preset: BlueprintPreset, topicIds: readonly string[]): Blueprint {
  const rows: BlueprintRow[] = topicIds.map((topicId) => ({ topicId, cells: [], outcomes: {} }));
  if (rows.length === 0) return { levelScale: "three", rows };
  let nextRow = 0;
  for (const section of preset.sections) {
    const perLevel = apportion(
      section.count,
      COGNITIVE_LEVELS_3.map((level) => preset.levelShares[level]),
    );
    COGNITIVE_LEVELS_3.forEach((level, levelIndex) => {
      for (let item = 0; item < perLevel[levelIndex]!; item++) {
        const row = rows[nextRow % rows.length]!;
        nextRow++;
        const cell = row.cells.find((existing) => existing.format === section.format && existing.level === level);
        if (cell) cell.count++;
        else row.cells.push({ format: section.format, level, count: 1, pointsEach: section.pointsEach });
      }
    });
  }
  return { levelScale: "three", rows };
}

const cents = (points: number) => Math.round(points * 100);

export interface BlueprintTotals {
  items: number;
  /** Exact to the cent (points have at most two decimals). */
  points: number;
  byFormat: Partial<Record<QuestionType, { items: number; points: number }>>;
  byLevel: Partial<Record<CognitiveLevel, { items: number; points: number }>>;
}

export function blueprintTotals(blueprint: Pick<Blueprint, "rows">): BlueprintTotals {
  let items = 0;
  let pointCents = 0;
  const byFormat: BlueprintTotals["byFormat"] = {};
  const byLevel: BlueprintTotals["byLevel"] = {};
  for (const cell of blueprint.rows.flatMap((row) => row.cells)) {
    const cellCents = cents(cell.pointsEach) * cell.count;
    items += cell.count;
    pointCents += cellCents;
    for (const [bucket, key] of [
      [byFormat, cell.format],
      [byLevel, cell.level],
    ] as const) {
      const entry = ((bucket as Record<string, { items: number; points: number }>)[key] ??= { items: 0, points: 0 });
      entry.items += cell.count;
      entry.points = (cents(entry.points) + cellCents) / 100;
    }
  }
  return { items, points: pointCents / 100, byFormat, byLevel };
}

/** What stops a blueprint from being generated, in words for the teacher (empty when it can be). */
export function blueprintProblems(blueprint: Blueprint): string[] {
  const problems: string[] = [];
  const totals = blueprintTotals(blueprint);
  if (totals.items === 0) problems.push("Ma trận chưa có câu hỏi nào.");
  if (totals.items > ASSESSMENT_LIMITS.maxItems) problems.push(`Một bài kiểm tra không quá ${ASSESSMENT_LIMITS.maxItems} câu.`);
  if (cents(totals.points) !== cents(ASSESSMENT_LIMITS.totalPoints))
    problems.push(`Tổng điểm phải bằng 10 (hiện là ${formatPoints(totals.points)}).`);
  const levels = levelsOf(blueprint.levelScale);
  const offScale = blueprint.rows.some((row) => row.cells.some((cell) => cell.count > 0 && !levels.includes(cell.level)));
  if (offScale) problems.push("Có ô dùng mức độ không thuộc thang mức độ đã chọn.");
  const duplicateCells = blueprint.rows.some(
    (row) => new Set(row.cells.map((cell) => `${cell.format}/${cell.level}`)).size !== row.cells.length,
  );
  if (duplicateCells) problems.push("Một chủ đề có hai ô cùng dạng và mức độ.");
  return problems;
}

/** Points as Vietnamese write them: a decimal comma, at most two decimals ("0,25", "10"). */
export function formatPoints(points: number): string {
  return (Math.round(points * 100) / 100).toString().replace(".", ",");
}

/** Every non-empty cell with its row's topic, in row order. */
export function blueprintCells(blueprint: Pick<Blueprint, "rows">): (BlueprintCell & { topicId: string })[] {
  return blueprint.rows.flatMap((row) =>
    row.cells.filter((cell) => cell.count > 0).map((cell) => ({ ...cell, topicId: row.topicId })),
  );
}
