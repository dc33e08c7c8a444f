import type { Table } from "./docx-reader.server";
import { cellText } from "./docx-lines.server";
import { CASE_SENSITIVE_NOTE, FALSE_MARK, TOLERANCE_NOTE, TRUE_MARK, type SectionKind } from "./conventions.server";

/**
 * Answers as Word files write them: the answer table or compact key at the end ("1 | A",
 * "13 | Đ S Đ S", "a) Đ b) S …", horizontal "Câu | 1 | 2" tables, one row per statement), answer
 * lines ("Đáp án: -1,5 (sai số 0,01)"), essay rubric tables — and matching key entries to items.
 */

/** One answer of the answer table (or a compact key line "1.A 2.B …"), before it is matched to an item. */
export interface KeyEntry {
  number: number;
  /** The "PHẦN …" the key was under, when the key is split by sections. */
  section: string | null;
  /** A true/false statement letter, when the table has one row per statement. */
  statement: string | null;
  answer: string;
}

const NUMBER_CELL = /^(?:câu\s*)?(\d{1,4})\s*[.:]?$/iu;

const STATEMENT_CELL = /^([a-j])\s*[).]?$/u;

/** "PHẦN II" from a key heading "ĐÁP ÁN PHẦN II". */
export function sectionInHeading(text: string): string | null {
  const match = /phần\s+(X|IX|VIII|VII|VI|V|IV|III|II|I|\d{1,2})(?![\p{L}\d])/iu.exec(text);
  return match ? `PHẦN ${match[1]!.toUpperCase()}` : null;
}

/** A table of answers: a "Câu" header next to an "Đáp án"/"Chọn" header, in a row or a column. */
export function looksLikeAnswerTable(table: Table): boolean {
  const first = table.rows[0]?.map(cellText) ?? [];
  const firstColumn = table.rows.map((row) => (row[0] ? cellText(row[0]) : ""));
  const isQuestionHeader = (text: string) => /^câu(\s+hỏi)?$/iu.test(text);
  const isAnswerHeader = (text: string) => /^(đáp\s*án|chọn|đ\.?\s*a\.?|kết\s+quả|trả\s+lời)/iu.test(text);
  return (
    (first.some(isQuestionHeader) && first.some(isAnswerHeader)) ||
    (firstColumn.some(isQuestionHeader) && firstColumn.some(isAnswerHeader))
  );
}

/** Answers of a key table: vertical (Câu | Đáp án, possibly several pairs per row, or one row per statement) or horizontal. */
export function readAnswerTable(table: Table, section: string | null): KeyEntry[] {
  const rows = table.rows.map((row) => row.map(cellText));
  const entries: KeyEntry[] = [];
  const add = (number: number, statement: string | null, answer: string) => {
    if (answer.trim()) entries.push({ number, section, statement, answer: answer.trim() });
  };
  // Horizontal: a "Câu" row of numbers, then rows of answers (or of one statement each) below it.
  let numbers: (number | null)[] | null = null;
  for (const row of rows) {
    const head = row[0] ?? "";
    if (/^câu(\s+hỏi)?$/iu.test(head) && row.slice(1).some((cell) => NUMBER_CELL.test(cell))) {
      numbers = row.slice(1).map((cell) => (NUMBER_CELL.test(cell) ? Number(NUMBER_CELL.exec(cell)![1]) : null));
      continue;
    }
    if (!numbers) continue;
    const statement = STATEMENT_CELL.exec(head)?.[1] ?? null;
    row.slice(1).forEach((cell, index) => {
      const number = numbers![index];
      if (number !== null && number !== undefined) add(number, statement, cell);
    });
  }
  if (entries.length > 0) return entries;
  // Vertical.
  let lastNumber: number | null = null;
  for (const row of rows) {
    let index = 0;
    while (index < row.length) {
      const cell = row[index]!;
      const next = row[index + 1] ?? "";
      const numberMatch = NUMBER_CELL.exec(cell);
      const statementNext = STATEMENT_CELL.exec(next);
      if (numberMatch && statementNext) {
        lastNumber = Number(numberMatch[1]);
        add(lastNumber, statementNext[1]!, row[index + 2] ?? "");
        index += 3;
      } else if (numberMatch && next) {
        lastNumber = Number(numberMatch[1]);
        add(lastNumber, null, next);
        index += 2;
      } else if (cell === "" && statementNext && lastNumber !== null) {
        add(lastNumber, statementNext[1]!, row[index + 2] ?? "");
        index += 3;
      } else if (index === 0 && STATEMENT_CELL.test(cell) && lastNumber !== null) {
        add(lastNumber, STATEMENT_CELL.exec(cell)![1]!, next);
        index += 2;
      } else index += 1;
    }
  }
  return entries;
}

/** A compact key written as text: "1.A 2.B 3-C 4D". */
export function readKeyText(text: string, section: string | null): KeyEntry[] {
  return [...text.matchAll(/(?:câu\s*)?(\d{1,4})\s*[.:\-–)]?\s*([A-J])(?![\p{L}\d])/giu)].map((match) => ({
    number: Number(match[1]),
    section,
    statement: null,
    answer: match[2]!,
  }));
}

/** "B", "Chọn B.", "A, C", "AC" → the letters, sorted; null when it is not a choice answer. */
export function parseChoiceAnswer(raw: string): string[] | null {
  const cleaned = raw
    .replace(/^\s*(chọn|đáp\s+án|phương\s+án)\s*/iu, "")
    .replace(/[.\s]+$/u, "")
    .trim();
  if (!/^[A-J](\s*(?:[,;]|và)?\s*[A-J])*$/u.test(cleaned)) return null;
  return [...new Set(cleaned.match(/[A-J]/g) ?? [])].sort();
}

/** "Đ S Đ S", "ĐSĐS", "a) Đ b) S …", "a-Đ, b-S", "Đúng, Sai, …" → truth per statement letter. */
export function parseTrueFalseAnswer(raw: string, letters: readonly string[]): Map<string, boolean> | null {
  const result = new Map<string, boolean>();
  const truth = (word: string) => /^(đ|đúng|d|true|t)$/iu.test(word);
  const isTruthWord = (word: string) => /^(đ|đúng|s|sai|d|true|false|t|f)$/iu.test(word);
  const labelled = [...raw.matchAll(/([a-j])\s*[).:\-–]?\s*(đúng|sai|đ|s|d)(?![\p{L}])/giu)];
  if (labelled.length > 0 && /[a-j]\s*[).:\-–]/iu.test(raw)) {
    for (const match of labelled) result.set(match[1]!.toLowerCase(), truth(match[2]!));
    return result;
  }
  const words = raw.match(/đúng|sai|[đsdtf]/giu) ?? [];
  const compact = raw.replace(/[\s,;\-–/|.]+/g, "");
  if (words.length === 0 || !words.every(isTruthWord) || words.join("").length !== compact.length) return null;
  words.forEach((word, index) => {
    const letter = letters[index];
    if (letter) result.set(letter, truth(word));
  });
  return result;
}

/** "a) Đ b) S …", for problems shown to the teacher. */
export function describeTrueFalse(answer: ReadonlyMap<string, boolean>): string {
  return [...answer].map(([letter, value]) => `${letter}) ${value ? TRUE_MARK : FALSE_MARK}`).join(" ");
}

/** Whether two true/false answers agree on every statement both give. */
export function sameTrueFalse(left: ReadonlyMap<string, boolean>, right: ReadonlyMap<string, boolean>): boolean {
  return [...right].every(([letter, value]) => !left.has(letter) || left.get(letter) === value);
}

/** A short answer as compared: spaces collapsed, decimal comma as a point, lower case. */
export const normalizeShortAnswer = (answer: string) =>
  answer
    .trim()
    .replace(/\s+/g, " ")
    .replace(/,(?=\d)/g, ".")
    .toLocaleLowerCase("vi");

export interface ShortAnswerValue {
  values: string[];
  tolerance: number;
  caseSensitive: boolean;
}

/** "-1,5", "3,14 (sai số 0,01)", "Hà Nội; Thủ đô Hà Nội (phân biệt chữ hoa/thường)" → accepted values and options. */
export function parseShortAnswer(raw: string): ShortAnswerValue {
  let text = raw.trim();
  let tolerance = 0;
  const toleranceMatch = TOLERANCE_NOTE.exec(text);
  if (toleranceMatch) {
    tolerance = Number(toleranceMatch[1]!.replace(",", "."));
    text = text.replace(toleranceMatch[0], "");
  }
  const caseSensitive = CASE_SENSITIVE_NOTE.test(text);
  text = text.replace(CASE_SENSITIVE_NOTE, "");
  const values = text
    .split(/\s*[;|]\s*/u)
    .map((value) => value.trim().replace(/\.$/u, ""))
    .filter(Boolean);
  return { values, tolerance: Number.isFinite(tolerance) ? tolerance : 0, caseSensitive };
}

/** Rubric rows from a table "Tiêu chí | Tỉ trọng | Mô tả"; weights in % or points, scaled to add up to 1. */
export function readRubric(table: Table | null): { criterion: string; weight: number; description: string }[] {
  if (!table) return [];
  const rows = table.rows.map((row) => row.filter((cell) => !cell.mergedAway).map(cellText));
  // The header row has no weight, so it falls out with the rows that cannot be read.
  const parsed = rows
    .map((row) => {
      const weightIndex = row.findIndex((cell, index) => index > 0 && /^[\d.,]+\s*(%|điểm|đ)?$/iu.test(cell));
      const weight = weightIndex > 0 ? Number(row[weightIndex]!.replace(/[^\d.,]/g, "").replace(",", ".")) : NaN;
      const description = row.filter((_, index) => index !== 0 && index !== weightIndex).join(" ");
      return { criterion: row[0] ?? "", weight, description };
    })
    .filter((row) => row.criterion && Number.isFinite(row.weight) && row.weight > 0);
  const total = parsed.reduce((sum, row) => sum + row.weight, 0);
  return parsed.map((row) => ({ ...row, weight: row.weight / total }));
}

/** What the key needs to know of an item to find it. */
export interface KeyedItem {
  number: number;
  section: string | null;
  sectionKind: SectionKind | null;
}

/**
 * Matches the key's entries to items: by number, then section, then kind of answer (when numbering
 * restarts in each PHẦN). Entries that fit no item, or several, become file warnings.
 */
export function matchKeyEntries<Item extends KeyedItem>(
  items: readonly Item[],
  entries: readonly KeyEntry[],
  warnings: string[],
): Map<Item, KeyEntry[]> {
  const matched = new Map<Item, KeyEntry[]>();
  const unmatched = new Set<number>();
  for (const entry of entries) {
    const candidates = items.filter((item) => item.number === entry.number);
    const inSection = candidates.filter((item) => item.section === entry.section);
    let chosen = inSection.length === 1 ? inSection[0] : candidates.length === 1 ? candidates[0] : undefined;
    if (!chosen && candidates.length > 1) {
      // Numbering restarts in each PHẦN and the key does not say which: pick by the kind of answer.
      // One letter is a choice ("D"), not one true/false mark.
      const looksTrueFalse =
        entry.statement !== null || (parseTrueFalseAnswer(entry.answer, ["a", "b", "c", "d"])?.size ?? 0) > 1;
      const looksChoice = parseChoiceAnswer(entry.answer) !== null;
      const fitting = candidates.filter((item) =>
        looksTrueFalse
          ? item.sectionKind === "true_false_group"
          : looksChoice
            ? item.sectionKind === "single_choice"
            : item.sectionKind === "short_answer",
      );
      chosen = fitting.length === 1 ? fitting[0] : undefined;
    }
    if (!chosen) {
      unmatched.add(entry.number);
      continue;
    }
    matched.set(chosen, [...(matched.get(chosen) ?? []), entry]);
  }
  for (const number of unmatched)
    warnings.push(
      `Bảng đáp án có câu ${number} nhưng không xác định được câu hỏi tương ứng trong tệp (không có, hoặc trùng số ở nhiều phần).`,
    );
  return matched;
}
