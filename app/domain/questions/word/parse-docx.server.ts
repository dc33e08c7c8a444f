import type { ImportedQuestion, ImportParseResult, StoreImage } from "#content-schemas/question-import";
import {
  CLOZE_GAP_PATTERN,
  questionContentSchema,
  type CognitiveLevel,
  type QuestionBody,
  type QuestionType,
  type RichText,
} from "#content-schemas/questions";
import {
  describeTrueFalse,
  type KeyEntry,
  looksLikeAnswerTable,
  matchKeyEntries,
  normalizeShortAnswer,
  parseChoiceAnswer,
  parseShortAnswer,
  parseTrueFalseAnswer,
  readAnswerTable,
  readKeyText,
  readRubric,
  sameTrueFalse,
  sectionInHeading,
} from "./answer-key.server";
import {
  ANSWER_KEY_HEADING,
  ANSWER_LINE,
  CHOOSE_LINE,
  GAP_ANSWER_LINE,
  ITEM_START,
  LEVEL_TAG,
  OPTION_LETTERS,
  RUBRIC_HEADING,
  SECTION_HEADING,
  SOLUTION_START,
  SOLUTIONS_HEADING,
  TYPE_TAG,
  itemWord,
  levelFromWord,
  sectionKind,
  typeFromTag,
  type SectionKind,
} from "./conventions.server";
import {
  type AnswerMark,
  blocksToUnits,
  cellText,
  formatAt,
  isBlank,
  isEmptyDoc,
  type Line,
  type RichTextContext,
  richText,
  sliceLine,
  sourceText,
  type Unit,
} from "./docx-lines.server";
import { type DocxImage, DocxReadError, type RunFormat, readDocx, type Table } from "./docx-reader.server";

/**
 * Import of Word question files (vn-assessment.md, "Word (.docx) question files"): sections
 * "PHẦN I/II/III", items "Câu N.", options "A."–"D." (several per line allowed), true/false
 * statements "a)"–"d)", answers marked by underline, bold, red, highlight, "*", an "Đáp án:" line or
 * an answer table at the end, solutions after "Lời giải", levels "(NB)", equations (OMML → LaTeX)
 * and images. Every item comes back with its source text and either its content or the reasons,
 * in Vietnamese, why it cannot be imported; nothing is stored except the images.
 */

// ---- Splitting the file into items -------------------------------------------------------------

interface RawItem {
  number: number;
  label: string;
  section: string | null;
  sectionKind: SectionKind | null;
  level: CognitiveLevel | null;
  typeTag: QuestionType | null;
  /** Everything after "Câu N." up to the next item. */
  units: Unit[];
  /** The item's part in a solutions section at the end ("Câu 3. Chọn A. …"). */
  lateUnits: Unit[];
  source: string[];
}

const LEVEL_AT_START = new RegExp(`^\\s*${LEVEL_TAG.source}`, "iu");

const LEVEL_AT_END = new RegExp(`\\s*${LEVEL_TAG.source}\\s*[.:]?\\s*$`, "iu");

const POINTS_AT_START = /^\s*[([][^)\]]{0,40}?điểm\s*[)\]]/iu;

/** "." ":" ")" after the number, or a dash with a space after it ("Câu 1 - Cho …", not "Câu 1. -2 là …"). */
const PUNCTUATION_AT_START = /^\s*(?:[.:)]|[-–—](?=\s))/u;

interface ItemStart {
  label: string;
  number: number;
  rest: Line;
  level: CognitiveLevel | null;
  typeTag: QuestionType | null;
}

/** "Câu 12.", "Câu 12:", "Câu 12 (NB):", "Câu 12 (0,5 điểm)." — or "Câu 12" in bold followed by the stem. */
function matchItemStart(line: Line): ItemStart | null {
  const match = ITEM_START.exec(line.text);
  if (!match) return null;
  let offset = match[0].length;
  let level: CognitiveLevel | null = null;
  let marked = false;
  // Tags and one punctuation mark, in either order: "Câu 1 (NB):", "Câu 1. (NB)", "Câu 1 (0,5 điểm)."
  let punctuationAllowed = true;
  for (;;) {
    const tail = line.text.slice(offset);
    const levelMatch = LEVEL_AT_START.exec(tail);
    const tag = levelMatch ?? POINTS_AT_START.exec(tail);
    const punctuation = tag || !punctuationAllowed ? null : PUNCTUATION_AT_START.exec(tail);
    const consumed = tag ?? punctuation;
    if (!consumed) break;
    if (levelMatch) level = levelFromWord(levelMatch[1]!);
    punctuationAllowed = !!tag;
    offset += consumed[0].length;
    marked = true;
  }
  const restText = line.text.slice(offset);
  const bold = formatAt(line, match[0].search(/\S/))?.bold ?? false;
  if (!marked && restText.trim() !== "" && !(bold && /^\s/.test(restText))) return null;
  const typeMatch = TYPE_TAG.exec(restText);
  if (typeMatch) offset += typeMatch[0].length;
  return {
    label: `${itemWord(match[1]!)} ${match[2]}`,
    number: Number(match[2]),
    rest: sliceLine(line, offset),
    level,
    typeTag: typeMatch ? typeFromTag(typeMatch[1]!) : null,
  };
}

interface Segmentation {
  items: RawItem[];
  keyEntries: KeyEntry[];
}

/** "ĐÁP ÁN" alone could be a line of an item; it starts the key when it says "BẢNG", is in capitals or heads a table. */
function isAnswerKeyHeading(line: Line, next: Unit | undefined): boolean {
  if (!ANSWER_KEY_HEADING.test(line.text)) return false;
  return /bảng/iu.test(line.text) || line.text === line.text.toLocaleUpperCase("vi") || next?.kind === "table";
}

/** Walks the document once: sections, items and their lines, then the answer key and solutions at the end. */
function segment(units: readonly Unit[]): Segmentation {
  const items: RawItem[] = [];
  const keyEntries: KeyEntry[] = [];
  let section: string | null = null;
  let kind: SectionKind | null = null;
  let inKey = false;
  let keySection: string | null = null;
  let keySectionKind: SectionKind | null = null;
  let current: RawItem | null = null;
  /** Where the lines go: the current item, its part of the solutions section, or nowhere (title, instructions, key). */
  let target: Unit[] | null = null;

  /** In the key, "Câu N" refers to an item already read: in the key's section if it names one. */
  const findItem = (number: number) => {
    const candidates = items.filter((item) => item.number === number && (keySection === null || item.section === keySection));
    return candidates.length === 1 ? candidates[0] : undefined;
  };
  const nextUnit = (from: number) => {
    for (let index = from + 1; index < units.length; index++) {
      const unit = units[index]!;
      if (unit.kind === "table" || !isBlank(unit)) return unit;
    }
    return undefined;
  };
  const enterKey = (heading: string | null) => {
    inKey = true;
    keySection = heading ? sectionInHeading(heading) : null;
    keySectionKind = null;
    current = null;
    target = null;
  };

  units.forEach((unit, index) => {
    if (unit.kind === "table") {
      if (inKey && target) target.push(unit);
      else if (inKey || looksLikeAnswerTable(unit.table)) {
        if (!inKey) enterKey(null);
        keyEntries.push(...readAnswerTable(unit.table, keySection));
      } else if (target && current) {
        target.push(unit);
        current.source.push(...sourceText([unit]));
      }
      return;
    }
    const text = unit.text;
    const heading = unit.continuesParagraph ? null : SECTION_HEADING.exec(text);
    if (heading && !ITEM_START.test(text)) {
      const name = `PHẦN ${(heading[1] ?? heading[2])!.toUpperCase()}`;
      if (inKey) {
        keySection = name;
        keySectionKind = sectionKind(heading[3] ?? "");
        target = null;
      } else {
        section = name;
        kind = sectionKind(heading[3] ?? "");
        current = null;
        target = null;
      }
      return;
    }
    const following = nextUnit(index);
    const followedByKnownItem = () => {
      const start = following?.kind === "line" ? matchItemStart(following) : null;
      return !!start && items.some((item) => item.number === start.number);
    };
    if (isAnswerKeyHeading(unit, following) || (SOLUTIONS_HEADING.test(text) && followedByKnownItem())) {
      enterKey(text);
      return;
    }
    const start = matchItemStart(unit);
    if (start) {
      if (inKey) {
        const existing = findItem(start.number);
        if (existing) {
          current = existing;
          target = existing.lateUnits;
          if (!isBlank(start.rest)) target.push(start.rest);
          return;
        }
        // A new item after the key: the key belonged to the part before (keys per PHẦN).
        inKey = false;
        if (keySection) [section, kind] = [keySection, keySectionKind];
      }
      current = {
        number: start.number,
        label: start.label,
        section,
        sectionKind: kind,
        level: start.level,
        typeTag: start.typeTag,
        units: isBlank(start.rest) ? [] : [start.rest],
        lateUnits: [],
        source: sourceText([unit]),
      };
      items.push(current);
      target = current.units;
      return;
    }
    if (inKey && !target) {
      keyEntries.push(...readKeyText(text, keySection));
      return;
    }
    if (!target || !current) return;
    target.push(unit);
    if (target === current.units) current.source.push(...sourceText([unit]));
  });
  return { items, keyEntries };
}

// ---- Reading the parts of an item --------------------------------------------------------------

const MARK_NAMES: Record<AnswerMark, string> = {
  underline: "gạch chân",
  red: "tô đỏ",
  highlight: "tô nền",
  bold: "in đậm",
  star: "dấu *",
};

interface LabelledPart {
  letter: string;
  star: boolean;
  labelFormat: RunFormat | null;
  units: Unit[];
  /** "(Đ)" / "(S)" written after a statement. */
  explicit: boolean | null;
  /** The whole original line, to put a statement back into the stem when it turns out to be part of it. */
  original: Line | null;
}

interface ItemParts {
  stem: Unit[];
  options: LabelledPart[];
  statements: LabelledPart[];
  premises: LabelledPart[];
  solution: Unit[];
  rubric: Table | null;
  /** Answers written in the item ("Đáp án: B", "Chọn B") or in its part of the solutions section. */
  answerLines: string[];
  /** Answers written only inside the solution text ("… Vậy chọn B."). */
  solutionAnswers: string[];
  gapAnswers: Map<string, string>;
}

const STATEMENT_RESULT = /\s*[([]\s*(đúng|sai|đ|s)\s*[)\]]\s*$/iu;

/**
 * The options ("A." … or "A)") or statements ("a)", also "a." in a true/false section) starting a
 * line, or null when it does not start with the next expected label. Several may share the line
 * ("A. 1\tB. 2\tC. 3\tD. 4"): labels after the first need a tab or two spaces before them, or at
 * least three labels on the line, so "A. Vitamin B. …" is not split.
 */
function splitLabels(
  line: Line,
  kind: "option" | "statement",
  already: number,
  sectionKind: SectionKind | null,
): LabelledPart[] | null {
  const letters = kind === "option" ? OPTION_LETTERS : OPTION_LETTERS.toLowerCase();
  const punctuation = kind === "option" ? "[.)]" : sectionKind === "true_false_group" ? "[).]" : "\\)";
  const expected = letters[already];
  if (!expected) return null;
  const first = new RegExp(`^\\s*(\\*?)\\s*(${expected})\\s*${punctuation}`, "u").exec(line.text);
  if (!first) return null;
  const labels: { start: number; end: number; letterAt: number; star: boolean; strong: boolean }[] = [
    {
      start: 0,
      end: first[0].length,
      letterAt: first[0].lastIndexOf(first[2]!, first[0].length - 1),
      star: first[1] === "*",
      strong: true,
    },
  ];
  for (let next = already + 1; next < letters.length; next++) {
    const pattern = new RegExp(`(\\s+)(\\*?)\\s*(${letters[next]})\\s*${punctuation}(?=\\s|$)`, "gu");
    pattern.lastIndex = labels.at(-1)!.end;
    const match = pattern.exec(line.text);
    if (!match) break;
    labels.push({
      start: match.index,
      end: match.index + match[0].length,
      letterAt: match.index + match[0].lastIndexOf(match[3]!),
      star: match[2] === "*",
      strong: /\t| {2}|\u00a0/.test(match[1]!),
    });
  }
  const firstWeak = labels.findIndex((label) => !label.strong);
  const accepted = labels.length >= 3 || firstWeak < 0 ? labels : labels.slice(0, firstWeak);
  return accepted.map((label, index) => {
    let content = sliceLine(line, label.end, accepted[index + 1]?.start ?? line.text.length);
    let star = label.star;
    const starAfter = /^\s*\*\s*/.exec(content.text);
    if (starAfter) {
      star = true;
      content = sliceLine(content, starAfter[0].length);
    }
    let explicit: boolean | null = null;
    if (kind === "statement") {
      const result = STATEMENT_RESULT.exec(content.text);
      if (result) {
        explicit = /^đ/iu.test(result[1]!);
        content = sliceLine(content, 0, result.index);
      }
    }
    return {
      letter: line.text[label.letterAt]!,
      star,
      labelFormat: formatAt(line, label.letterAt),
      units: [content],
      explicit,
      original: index === 0 ? line : null,
    };
  });
}

/** An answer written as a line of the item: "Đáp án: B", "Chọn đáp án B.", "Trả lời: -1,5". */
function answerInLine(text: string): string | null {
  const choose = CHOOSE_LINE.exec(text);
  if (choose) return choose[1]!;
  const match = ANSWER_LINE.exec(text);
  const answer = match ? (match[1] ?? match[2]) : undefined;
  // "Đáp án: ……" left blank for students is not an answer.
  return answer && /[\p{L}\d]/u.test(answer) ? answer : null;
}

/** Options or statements laid out in a table, one per cell: read as lines. */
function isLabelLayoutTable(table: Table): boolean {
  const cells = table.rows
    .flat()
    .filter((cell) => !cell.mergedAway)
    .map(cellText)
    .filter(Boolean);
  return cells.length >= 2 && cells.every((text) => /^\*?\s*([A-J][.)]|[a-j]\))/u.test(text));
}

function readParts(item: RawItem): ItemParts {
  const parts: ItemParts = {
    stem: [],
    options: [],
    statements: [],
    premises: [],
    solution: [],
    rubric: null,
    answerLines: [],
    solutionAnswers: [],
    gapAnswers: new Map(),
  };
  let part: "stem" | "options" | "statements" | "premises" | "solution" | "rubric" = "stem";
  const target = (): Unit[] => {
    if (part === "options") return parts.options.at(-1)!.units;
    if (part === "statements") return parts.statements.at(-1)!.units;
    if (part === "premises") return parts.premises.at(-1)!.units;
    if (part === "solution" || part === "rubric") return parts.solution;
    return parts.stem;
  };

  const readLine = (line: Line, fromKey: boolean) => {
    const text = line.text;
    const answer = answerInLine(text);
    const gap = GAP_ANSWER_LINE.exec(text);
    if (gap) parts.gapAnswers.set(gap[1]!, gap[2]!);
    if (RUBRIC_HEADING.test(text)) {
      part = "rubric";
      return;
    }
    if (part === "solution") {
      if (answer) (fromKey ? parts.answerLines : parts.solutionAnswers).push(answer);
      parts.solution.push(line);
      return;
    }
    const solutionStart = SOLUTION_START.exec(text);
    if (solutionStart) {
      part = "solution";
      const rest = sliceLine(line, solutionStart[0].length);
      if (!isBlank(rest)) readLine(rest, fromKey);
      return;
    }
    if (answer || gap) {
      if (answer) parts.answerLines.push(answer);
      return;
    }
    if (item.typeTag === "matching" && parts.options.length === 0) {
      const premise = /^\s*(\d{1,2})\s*[.)]\s*/u.exec(text);
      if (premise && Number(premise[1]) === parts.premises.length + 1) {
        parts.premises.push({
          letter: premise[1]!,
          star: false,
          labelFormat: null,
          units: [sliceLine(line, premise[0].length)],
          explicit: null,
          original: null,
        });
        part = "premises";
        return;
      }
    }
    const options = splitLabels(line, "option", parts.options.length, item.sectionKind);
    if (options) {
      if (parts.options.length === 0 && parts.statements.length > 0) {
        // "a) … b) …" before the options belong to the stem ("Cho các mệnh đề: a) … Số mệnh đề đúng là").
        parts.stem.push(...parts.statements.flatMap(statementUnits));
        parts.statements = [];
      }
      parts.options.push(...options);
      part = "options";
      return;
    }
    if (parts.options.length === 0) {
      const statements = splitLabels(line, "statement", parts.statements.length, item.sectionKind);
      if (statements) {
        parts.statements.push(...statements);
        part = "statements";
        return;
      }
    }
    target().push(line);
  };

  const read = (unit: Unit, fromKey: boolean) => {
    if (unit.kind === "line") return readLine(unit, fromKey);
    if (part === "rubric") {
      parts.rubric = unit.table;
      part = "solution";
      return;
    }
    if (part !== "solution" && isLabelLayoutTable(unit.table)) {
      for (const cell of unit.table.rows.flat()) for (const inner of blocksToUnits(cell.blocks)) read(inner, fromKey);
      return;
    }
    target().push(unit);
  };

  for (const unit of item.units) read(unit, false);
  if (item.lateUnits.length > 0) {
    part = "solution";
    for (const unit of item.lateUnits) read(unit, true);
  }
  return parts;
}

function statementUnits(statement: LabelledPart): Unit[] {
  return statement.original ? [statement.original, ...statement.units.slice(1)] : statement.units.slice(1);
}

// ---- Answers -----------------------------------------------------------------------------------

/** Every non-blank character of a part's text (and each of its equations) carries `flag`. */
function wholePartHas(part: LabelledPart, flag: Exclude<AnswerMark, "star">): boolean {
  let seen = false;
  for (const unit of part.units) {
    if (unit.kind !== "line") continue;
    for (const inline of unit.inlines) {
      if (inline.kind === "text") {
        if (inline.text.trim() === "") continue;
        if (!inline.format[flag]) return false;
        seen = true;
      } else if (inline.kind === "math") {
        if (!inline.format[flag]) return false;
        seen = true;
      }
    }
  }
  return seen;
}

interface Marking {
  flag: AnswerMark;
  letters: string[];
}

/**
 * Which parts are marked, by each way of marking. A format on every label is style, not a mark
 * (all "A." … "D." bold); for true/false, underline/red/highlight on all four means all are true.
 */
function markings(parts: readonly LabelledPart[], allMayBeMarked: boolean): Marking[] {
  const result: Marking[] = [];
  const count = parts.length;
  const meaningful = (marked: number, flag: AnswerMark) => marked > 0 && (marked < count || (allMayBeMarked && flag !== "bold"));
  for (const flag of ["underline", "red", "highlight", "bold"] as const) {
    const byLabel = parts.filter((part) => part.labelFormat?.[flag]);
    if (meaningful(byLabel.length, flag)) {
      result.push({ flag, letters: byLabel.map((part) => part.letter) });
      continue;
    }
    if (byLabel.length > 0 && byLabel.length < count) continue;
    const byText = parts.filter((part) => wholePartHas(part, flag));
    if (meaningful(byText.length, flag)) result.push({ flag, letters: byText.map((part) => part.letter) });
  }
  const starred = parts.filter((part) => part.star);
  if (starred.length > 0) result.push({ flag: "star", letters: starred.map((part) => part.letter) });
  return result;
}

interface MarkResult {
  letters: string[] | null;
  /** Formats that marked whole texts, removed from those texts. */
  stripped: Map<string, Set<AnswerMark>>;
  problem: string | null;
}

const describeLetters = (letters: readonly string[]) => letters.join(", ");

/** The answer the formatting gives: strong marks (underline, red, highlight, *) must agree; bold counts only alone. */
function answerFromMarks(parts: readonly LabelledPart[], allMayBeMarked: boolean): MarkResult {
  const found = markings(parts, allMayBeMarked);
  const strong = found.filter((marking) => marking.flag !== "bold");
  const used = strong.length > 0 ? strong : found;
  // A mark that covers the whole text of a marked part ("B. 2" underlined as a whole) is not the text's own formatting.
  const stripped = new Map<string, Set<AnswerMark>>();
  for (const { flag, letters } of used) {
    if (flag === "star") continue;
    for (const part of parts)
      if (letters.includes(part.letter) && wholePartHas(part, flag))
        stripped.set(part.letter, (stripped.get(part.letter) ?? new Set()).add(flag));
  }
  if (used.length === 0) return { letters: null, stripped, problem: null };
  const distinct = new Map(used.map((marking) => [[...marking.letters].sort().join(","), marking]));
  if (distinct.size > 1) {
    const detail = [...distinct.values()]
      .map((marking) => `${MARK_NAMES[marking.flag]}: ${describeLetters(marking.letters)}`)
      .join("; ");
    return { letters: used[0]!.letters, stripped, problem: `các cách đánh dấu đáp án không khớp nhau (${detail}).` };
  }
  return { letters: [...used[0]!.letters].sort(), stripped, problem: null };
}

/** Removes a level tag at the end of the stem ("… bằng bao nhiêu? (VD)") and returns it. */
function takeTrailingLevel(stem: Unit[]): CognitiveLevel | null {
  const index = stem.findLastIndex((unit) => unit.kind === "line" && !isBlank(unit));
  const last = stem[index];
  if (!last || last.kind !== "line") return null;
  const match = LEVEL_AT_END.exec(last.text);
  if (!match) return null;
  stem[index] = sliceLine(last, 0, match.index);
  return levelFromWord(match[1]!);
}

// ---- Building an item --------------------------------------------------------------------------

interface BuiltItem {
  body: QuestionBody | null;
  problems: string[];
  stripped: Map<string, Set<AnswerMark>>;
}

function agreeOrProblem<T>(
  sources: readonly { name: string; value: T | null }[],
  same: (left: T, right: T) => boolean,
  describe: (value: T) => string,
  problems: string[],
): T | null {
  const present = sources.filter((source): source is { name: string; value: T } => source.value !== null);
  const [first, ...rest] = present;
  if (!first) return null;
  for (const other of rest)
    if (!same(first.value, other.value))
      problems.push(
        `đáp án theo ${first.name} (${describe(first.value)}) khác đáp án theo ${other.name} (${describe(other.value)}).`,
      );
  return first.value;
}

const NO_ANSWER = "không tìm thấy đáp án đúng (gạch chân, in đậm, tô đỏ, dấu * hoặc bảng đáp án).";

/** The first answer of `raws` that `parse` can read; each unreadable one before it is a problem. */
function firstReadable<T>(
  raws: readonly string[],
  parse: (raw: string) => T | null,
  where: string,
  problems: string[],
): T | null {
  for (const raw of raws) {
    const parsed = parse(raw);
    if (parsed) return parsed;
    problems.push(`không đọc được đáp án “${raw}” ${where}.`);
  }
  return null;
}

function buildChoice(item: RawItem, parts: ItemParts, keyAnswers: readonly string[]): BuiltItem {
  const problems: string[] = [];
  const marks = answerFromMarks(parts.options, false);
  if (marks.problem) problems.push(marks.problem);
  const fromLines = firstReadable(parts.answerLines, parseChoiceAnswer, "trong câu", problems);
  const fromKey = firstReadable(keyAnswers, parseChoiceAnswer, "trong bảng đáp án", problems);
  const fromSolution = parts.solutionAnswers.map(parseChoiceAnswer).find(Boolean) ?? null;
  const letters = agreeOrProblem(
    [
      { name: "đánh dấu trong câu", value: marks.letters },
      { name: "dòng đáp án", value: fromLines },
      { name: "bảng đáp án", value: fromKey },
      { name: "lời giải", value: fromSolution },
    ],
    (left, right) => left.join() === right.join(),
    describeLetters,
    problems,
  );
  if (!letters) return { body: null, problems: [...problems, NO_ANSWER], stripped: marks.stripped };
  const known = new Set(parts.options.map((option) => option.letter));
  const unknown = letters.filter((letter) => !known.has(letter));
  if (unknown.length > 0) problems.push(`đáp án ${describeLetters(unknown)} không có trong các phương án.`);
  const multiple = item.typeTag === "multiple_response" || (letters.length > 1 && item.sectionKind !== "single_choice");
  if (letters.length > 1 && !multiple)
    problems.push(
      `có ${letters.length} phương án được đánh dấu đúng (${describeLetters(letters)}) nhưng câu trắc nghiệm nhiều phương án lựa chọn chỉ có một đáp án.`,
    );
  return {
    body: multiple
      ? {
          type: "multiple_response",
          options: parts.options.map((option) => ({
            id: option.letter,
            content: EMPTY_DOC,
            correct: letters.includes(option.letter),
          })),
          shuffleOptions: true,
          scoring: "all_or_nothing",
        }
      : {
          type: "single_choice",
          options: parts.options.map((option) => ({ id: option.letter, content: EMPTY_DOC })),
          correctOptionId: letters[0]!,
          shuffleOptions: true,
        },
    problems,
    stripped: marks.stripped,
  };
}

/** Placeholder content, replaced by the real rich text once the answer marks are known. */
const EMPTY_DOC: RichText = { type: "doc", content: [{ type: "paragraph" }] };

/** True/false answers from the statements themselves: formatting marks the true ones; "(Đ)"/"(S)" after them. */
function trueFalseFromParts(parts: ItemParts): {
  fromMarks: Map<string, boolean> | null;
  fromResults: Map<string, boolean> | null;
  marks: MarkResult;
} {
  const marks = answerFromMarks(parts.statements, true);
  const marked = new Set(marks.letters ?? []);
  const fromMarks = marks.letters
    ? new Map(parts.statements.map((statement) => [statement.letter, marked.has(statement.letter)]))
    : null;
  const withResults = parts.statements.filter((statement) => statement.explicit !== null);
  const fromResults =
    withResults.length > 0 ? new Map(withResults.map((statement) => [statement.letter, statement.explicit!])) : null;
  return { fromMarks, fromResults, marks };
}

function keyTrueFalse(
  keyAnswers: readonly string[],
  statementKeys: ReadonlyMap<string, string>,
  letters: readonly string[],
  problems: string[],
) {
  const fromRows = new Map<string, boolean>();
  for (const [letter, raw] of statementKeys) {
    const parsed = parseTrueFalseAnswer(raw, [letter]);
    if (parsed?.has(letter)) fromRows.set(letter, parsed.get(letter)!);
    else problems.push(`không đọc được đáp án “${raw}” của ý ${letter}) trong bảng đáp án.`);
  }
  for (const raw of keyAnswers) {
    const parsed = parseTrueFalseAnswer(raw, letters);
    if (parsed) for (const [letter, value] of parsed) fromRows.set(letter, value);
    else problems.push(`không đọc được đáp án “${raw}” trong bảng đáp án.`);
  }
  return fromRows.size > 0 ? fromRows : null;
}

function buildTrueFalse(parts: ItemParts, keyAnswers: readonly string[], statementKeys: ReadonlyMap<string, string>): BuiltItem {
  const problems: string[] = [];
  const letters = parts.statements.map((statement) => statement.letter);
  const { fromMarks, fromResults, marks } = trueFalseFromParts(parts);
  if (marks.problem) problems.push(marks.problem);
  const fromLines = parts.answerLines.map((raw) => parseTrueFalseAnswer(raw, letters)).find(Boolean) ?? null;
  const fromKey = keyTrueFalse(keyAnswers, statementKeys, letters, problems);
  const answer = agreeOrProblem(
    [
      { name: "đánh dấu trong câu", value: fromMarks },
      { name: "ghi chú (Đ)/(S)", value: fromResults },
      { name: "dòng đáp án", value: fromLines },
      { name: "bảng đáp án", value: fromKey },
    ],
    sameTrueFalse,
    describeTrueFalse,
    problems,
  );
  if (!answer) return { body: null, problems: [...problems, NO_ANSWER], stripped: marks.stripped };
  const missing = letters.filter((letter) => !answer.has(letter));
  if (missing.length > 0) problems.push(`thiếu đáp án đúng/sai của ý ${missing.map((letter) => `${letter})`).join(", ")}.`);
  return {
    body: {
      type: "true_false_group",
      statements: parts.statements.map((statement) => ({
        id: statement.letter,
        content: EMPTY_DOC,
        correct: answer.get(statement.letter) ?? false,
      })),
    },
    problems,
    stripped: marks.stripped,
  };
}

function buildShortAnswer(parts: ItemParts, keyAnswers: readonly string[], useSolutionAnswers: boolean): BuiltItem {
  const problems: string[] = [];
  const parse = (raw: string | undefined) => (raw === undefined ? null : parseShortAnswer(raw));
  const value = agreeOrProblem(
    [
      { name: "dòng đáp án", value: parse(parts.answerLines[0]) },
      { name: "bảng đáp án", value: parse(keyAnswers[0]) },
      { name: "lời giải", value: useSolutionAnswers ? parse(parts.solutionAnswers[0]) : null },
    ],
    (left, right) => normalizeShortAnswer(left.values[0] ?? "") === normalizeShortAnswer(right.values[0] ?? ""),
    (answer) => answer.values.join("; "),
    problems,
  );
  const first = value?.values[0];
  if (!value || first === undefined)
    return {
      body: null,
      problems: [...problems, "không tìm thấy đáp án (dòng “Đáp án: …” hoặc bảng đáp án)."],
      stripped: new Map(),
    };
  const numeric = value.values.length === 1 && /^[-+]?\d+([.,]\d+)?$/.test(first);
  return {
    body: numeric
      ? { type: "short_answer", answer: { kind: "numeric", value: first, tolerance: value.tolerance } }
      : { type: "short_answer", answer: { kind: "text", accepted: value.values, caseSensitive: value.caseSensitive } },
    problems,
    stripped: new Map(),
  };
}

const DEFAULT_RUBRIC = [{ criterion: "Chấm theo đáp án và hướng dẫn giải", weight: 1, description: "" }];

function issueMessages(error: { issues: readonly { message: string }[] }): string[] {
  return [...new Set(error.issues.map((issue) => issue.message))];
}

function buildItem(
  item: RawItem,
  index: number,
  key: readonly KeyEntry[],
  images: ReadonlyMap<string, string>,
): ImportedQuestion {
  const parts = readParts(item);
  const context: RichTextContext = { images, problems: [] };
  const level = takeTrailingLevel(parts.stem) ?? item.level;
  const keyAnswers = key.filter((entry) => entry.statement === null).map((entry) => entry.answer);
  const statementKeys = new Map(key.filter((entry) => entry.statement !== null).map((entry) => [entry.statement!, entry.answer]));

  let built: BuiltItem;
  if (item.typeTag === "matching") built = buildMatching(parts, keyAnswers);
  else if (item.typeTag === "ordering") built = buildOrdering(parts, keyAnswers);
  else if (parts.options.length > 0) built = buildChoice(item, parts, keyAnswers);
  else {
    const fromStatements = trueFalseFromParts(parts);
    const hasTrueFalseAnswers =
      key.length > 0 ||
      fromStatements.fromMarks !== null ||
      fromStatements.fromResults !== null ||
      parts.answerLines.some((raw) => parseTrueFalseAnswer(raw, ["a", "b", "c", "d"]));
    if (
      parts.statements.length > 0 &&
      (item.sectionKind === "true_false_group" || (hasTrueFalseAnswers && item.sectionKind !== "essay"))
    )
      built = buildTrueFalse(parts, keyAnswers, statementKeys);
    else {
      // Sub-questions a), b) of an essay: part of its stem.
      parts.stem.push(...parts.statements.flatMap(statementUnits));
      parts.statements = [];
      built = buildOpenItem(item, parts, keyAnswers);
    }
  }

  const stem = richText(parts.stem, context);
  const solution = parts.solution.length > 0 ? richText(parts.solution, context) : null;
  const problems = [...built.problems];
  let body = built.body;
  const contentOf = (part: LabelledPart, what: string) => {
    const doc = richText(part.units, context, built.stripped.get(part.letter) ?? new Set());
    if (isEmptyDoc(doc)) problems.push(`${what} ${part.letter}${what === "ý" ? ")" : ""} trống.`);
    return doc;
  };
  if (body?.type === "single_choice" || body?.type === "multiple_response") {
    const contents = new Map(parts.options.map((option) => [option.letter, contentOf(option, "phương án")]));
    body =
      body.type === "single_choice"
        ? { ...body, options: body.options.map((option) => ({ ...option, content: contents.get(option.id)! })) }
        : { ...body, options: body.options.map((option) => ({ ...option, content: contents.get(option.id)! })) };
  } else if (body?.type === "true_false_group") {
    const contents = new Map(parts.statements.map((statement) => [statement.letter, contentOf(statement, "ý")]));
    body = { ...body, statements: body.statements.map((statement) => ({ ...statement, content: contents.get(statement.id)! })) };
  } else if (body?.type === "ordering") {
    const contents = new Map(parts.options.map((option) => [option.letter, contentOf(option, "mục")]));
    // The body lists the shown letters in the correct order; ids become A, B, C … of that order.
    body = {
      ...body,
      items: body.items.map((entry, position) => ({ id: OPTION_LETTERS[position]!, content: contents.get(entry.id)! })),
    };
  } else if (body?.type === "matching") {
    const premises = new Map(parts.premises.map((premise) => [premise.letter, contentOf(premise, "vế")]));
    const responses = new Map(parts.options.map((option) => [option.letter, contentOf(option, "vế")]));
    body = {
      ...body,
      premises: body.premises.map((premise) => ({ ...premise, content: premises.get(premise.id)! })),
      responses: body.responses.map((response) => ({ ...response, content: responses.get(response.id)! })),
    };
  }
  problems.push(...context.problems);

  let content: ImportedQuestion["content"] = null;
  if (body) {
    const parsed = questionContentSchema.safeParse(
      { stem, body, solution: solution && !isEmptyDoc(solution) ? solution : null },
      { error: () => "Nội dung câu hỏi không hợp lệ." },
    );
    if (parsed.success) content = parsed.data;
    else problems.push(...issueMessages(parsed.error));
  }
  if (isEmptyDoc(stem)) problems.push("đề bài trống.");
  const source = [
    ...item.source,
    ...sourceText(item.lateUnits).map((line, lineIndex) => (lineIndex === 0 ? `${item.label}. ${line}` : line)),
  ];
  return {
    index,
    label: item.label,
    sourceText: source.join("\n"),
    section: item.section,
    category: [],
    level,
    content,
    problems: [...new Set(problems)].map((problem) => `${item.label}: ${problem}`),
  };
}

/** No options or statements: cloze (gaps [[1]] in the stem), short answer (an answer is given) or essay. */
function buildOpenItem(item: RawItem, parts: ItemParts, keyAnswers: readonly string[]): BuiltItem {
  const gapKeys = [...sourceText(parts.stem).join("\n").matchAll(CLOZE_GAP_PATTERN)].map((match) => match[1]!);
  if (gapKeys.length > 0) {
    const problems: string[] = [];
    const gaps = gapKeys.map((key) => {
      const raw = parts.gapAnswers.get(key);
      if (!raw) problems.push(`thiếu đáp án cho chỗ trống [[${key}]] (dòng “[[${key}]]: …”).`);
      const value = parseShortAnswer(raw ?? "");
      return { key, accepted: value.values, caseSensitive: value.caseSensitive };
    });
    return { body: problems.length > 0 ? null : { type: "cloze", gaps, scoring: "proportional" }, problems, stripped: new Map() };
  }
  const rubric = readRubric(parts.rubric);
  if (rubric.length > 0 || item.sectionKind === "essay")
    return {
      body: { type: "essay", rubric: rubric.length > 0 ? rubric : DEFAULT_RUBRIC, allowPhoto: true },
      problems: [],
      stripped: new Map(),
    };
  if (parts.answerLines.length > 0 || keyAnswers.length > 0 || item.sectionKind === "short_answer")
    return buildShortAnswer(parts, keyAnswers, item.sectionKind === "short_answer");
  return { body: { type: "essay", rubric: DEFAULT_RUBRIC, allowPhoto: true }, problems: [], stripped: new Map() };
}

/**
 * "[Sắp xếp]": the options in the order shown, the answer their correct order ("Đáp án: C, A, B, D").
 * Items get ids A, B, C … by their correct position, so an exported ordering question reads back the same.
 */
function buildOrdering(parts: ItemParts, keyAnswers: readonly string[]): BuiltItem {
  const raw = parts.answerLines[0] ?? keyAnswers[0];
  const order = raw?.match(/[A-J]/g) ?? [];
  const letters = parts.options.map((option) => option.letter);
  if (
    order.length !== letters.length ||
    new Set(order).size !== order.length ||
    order.some((letter) => !letters.includes(letter))
  )
    return {
      body: null,
      problems: ["cần dòng “Đáp án: …” liệt kê đủ các mục theo thứ tự đúng (ví dụ C, A, B, D)."],
      stripped: new Map(),
    };
  return {
    body: { type: "ordering", items: order.map((letter) => ({ id: letter, content: EMPTY_DOC })), scoring: "all_or_nothing" },
    problems: [],
    stripped: new Map(),
  };
}

/** "[Ghép nối]": premises "1." "2." …, responses "A." "B." …, answer "Đáp án: 1-B, 2-A". */
function buildMatching(parts: ItemParts, keyAnswers: readonly string[]): BuiltItem {
  const raw = parts.answerLines[0] ?? keyAnswers[0] ?? "";
  const pairs = [...raw.matchAll(/(\d{1,2})\s*[-–:→>]+\s*([A-J])/gu)].map((match) => ({
    premiseId: match[1]!,
    responseId: match[2]!,
  }));
  if (pairs.length === 0)
    return { body: null, problems: ["cần dòng “Đáp án: 1-B, 2-A, …” nối mỗi vế trái với một vế phải."], stripped: new Map() };
  return {
    body: {
      type: "matching",
      premises: parts.premises.map((premise) => ({ id: premise.letter, content: EMPTY_DOC })),
      responses: parts.options.map((option) => ({ id: option.letter, content: EMPTY_DOC })),
      pairs,
      scoring: "all_or_nothing",
    },
    problems: [],
    stripped: new Map(),
  };
}

// ---- Images ------------------------------------------------------------------------------------

function imagesOf(units: readonly Unit[], found: Map<string, DocxImage>) {
  for (const unit of units) {
    if (unit.kind === "table") {
      for (const cell of unit.table.rows.flat()) imagesOf(blocksToUnits(cell.blocks), found);
      continue;
    }
    for (const inline of unit.inlines) if (inline.kind === "image") found.set(inline.image.path, inline.image);
  }
}

/** Hands each picture of the items to the caller once (a few at a time), and returns path → src. */
async function storeImages(items: readonly RawItem[], storeImage: StoreImage): Promise<Map<string, string>> {
  const found = new Map<string, DocxImage>();
  for (const item of items) imagesOf([...item.units, ...item.lateUnits], found);
  const pending = [...found.values()];
  const sources = new Map<string, string>();
  const worker = async () => {
    for (let image = pending.shift(); image; image = pending.shift()) {
      const fileName = image.path.slice(image.path.lastIndexOf("/") + 1);
      sources.set(image.path, await storeImage({ data: image.data, contentType: image.contentType, fileName }));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return sources;
}

// ---- Entry point -------------------------------------------------------------------------------

/**
 * Reads a Word question file (.docx) into items for the import preview. Items are found by
 * "Câu N."; each gets its source text, section ("PHẦN II"), level, and either content that passes
 * `questionContentSchema` or Vietnamese problems saying what is missing (then `content` is null,
 * or kept for the preview when only the answer sources disagree). Images of the items are handed
 * to `storeImage` and referenced by the `src` it returns. A file that is not a readable .docx gives
 * no items and a warning. Nothing is imported here.
 */
export async function parseQuestionDocx(data: Uint8Array, options: { storeImage: StoreImage }): Promise<ImportParseResult> {
  let document;
  try {
    document = await readDocx(data);
  } catch (error) {
    if (error instanceof DocxReadError) return { format: "docx", items: [], unsupported: [], warnings: [error.message] };
    throw error;
  }
  const warnings = [...document.warnings];
  const { items, keyEntries } = segment(blocksToUnits(document.blocks));
  if (items.length === 0)
    warnings.push("Không tìm thấy câu hỏi nào: mỗi câu phải bắt đầu bằng “Câu 1.”, “Câu 2:” … (hoặc “Bài 1.”, “Question 1.”).");
  const seen = new Set<string>();
  for (const item of items) {
    const id = `${item.section ?? ""}|${item.number}`;
    if (seen.has(id))
      warnings.push(
        `Có nhiều câu cùng số ${item.number}${item.section ? ` trong ${item.section}` : ""}; bảng đáp án có thể không khớp đúng câu.`,
      );
    seen.add(id);
  }
  const key = matchKeyEntries(items, keyEntries, warnings);
  const images = await storeImages(items, options.storeImage);
  return {
    format: "docx",
    items: items.map((item, index) => buildItem(item, index + 1, key.get(item) ?? [], images)),
    unsupported: [],
    warnings,
  };
}
