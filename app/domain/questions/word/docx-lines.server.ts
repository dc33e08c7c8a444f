import {
  isSafeLinkHref,
  type LectureBlockNode,
  type LectureInlineNode,
  type LectureMark,
  type LectureTableRow,
} from "#content-schemas/lecture";
import type { RichText } from "#content-schemas/questions";
import type { Block, Inline, RunFormat, Table } from "./docx-reader.server";

/**
 * The lines of a Word document as the importer matches its conventions on them (a paragraph, or
 * the part of one between soft line breaks, with its plain text), and their conversion to the rich
 * text of questions (tiptap JSON: marks, equations, images, tables).
 */

/** Ways a teacher marks the answer; the formats among them are removed from the answer's text. */
export type AnswerMark = "underline" | "red" | "highlight" | "bold" | "star";

/** Stands for an equation, an image or a problem in a line's plain text, one character each. */
const OBJECT = "\ufffc";

/** A paragraph, or the part of one between soft line breaks: what the conventions are matched on. */
export interface Line {
  kind: "line";
  inlines: Exclude<Inline, { kind: "break" }>[];
  text: string;
  /** Where each inline starts in `text`. */
  starts: number[];
  /** After a soft line break: joined to the previous line with a line break, not a new paragraph. */
  continuesParagraph: boolean;
}

export interface TableUnit {
  kind: "table";
  table: Table;
}

export type Unit = Line | TableUnit;

function makeLine(inlines: Line["inlines"], continuesParagraph: boolean): Line {
  let text = "";
  const starts: number[] = [];
  for (const inline of inlines) {
    starts.push(text.length);
    text += inline.kind === "text" ? inline.text : OBJECT;
  }
  return { kind: "line", inlines, text, starts, continuesParagraph };
}

/** The part of a line between two offsets of its text. */
export function sliceLine(line: Line, start: number, end = line.text.length): Line {
  const inlines: Line["inlines"] = [];
  line.inlines.forEach((inline, index) => {
    const from = line.starts[index]!;
    if (inline.kind === "text") {
      const to = from + inline.text.length;
      const text = inline.text.slice(Math.max(0, start - from), Math.max(0, Math.min(to, end) - from));
      if (text) inlines.push({ ...inline, text });
    } else if (from >= start && from < end) inlines.push(inline);
  });
  return makeLine(inlines, line.continuesParagraph);
}

/** The formatting of the run at `offset` of the line's text (of the equation, for an equation). */
export function formatAt(line: Line, offset: number): RunFormat | null {
  for (let index = line.inlines.length - 1; index >= 0; index--) {
    if (line.starts[index]! <= offset) {
      const inline = line.inlines[index]!;
      return inline.kind === "text" || inline.kind === "math" ? inline.format : null;
    }
  }
  return null;
}

/** Paragraphs split at soft line breaks into lines; tables kept whole. */
export function blocksToUnits(blocks: readonly Block[]): Unit[] {
  const units: Unit[] = [];
  for (const block of blocks) {
    if (block.kind === "table") {
      units.push({ kind: "table", table: block });
      continue;
    }
    let current: Line["inlines"] = [];
    let continues = false;
    for (const inline of block.inlines) {
      if (inline.kind === "break") {
        units.push(makeLine(current, continues));
        current = [];
        continues = true;
      } else current.push(inline);
    }
    units.push(makeLine(current, continues));
  }
  return units;
}

export const isBlank = (line: Line) => line.text.trim() === "";

/** Plain text of units for the preview: equations as $LaTeX$, images as [hình ảnh]. */
export function sourceText(units: readonly Unit[]): string[] {
  return units.flatMap((unit) => {
    if (unit.kind === "table")
      return unit.table.rows.map((row) =>
        row
          .filter((cell) => !cell.mergedAway)
          .map((cell) => sourceText(blocksToUnits(cell.blocks)).join(" "))
          .join(" | "),
      );
    const text = unit.inlines
      .map((inline) =>
        inline.kind === "text"
          ? inline.text
          : inline.kind === "math"
            ? `$${inline.latex}$`
            : inline.kind === "image"
              ? "[hình ảnh]"
              : inline.placeholder,
      )
      .join("")
      .replace(/[\t ]+/g, " ")
      .trim();
    return text ? [text] : [];
  });
}

/** A table cell's text on one line (answer tables, rubric tables). */
export function cellText(cell: { blocks: Block[] }): string {
  return sourceText(blocksToUnits(cell.blocks)).join(" ").replace(/\s+/g, " ").trim();
}

export interface RichTextContext {
  /** Package path of each stored image → its `src`. */
  images: ReadonlyMap<string, string>;
  /** Collects what could not be converted (MathType objects, unreadable pictures …). */
  problems: string[];
}

type InlineNode = LectureInlineNode;

function marksOf(format: RunFormat, stripped: ReadonlySet<AnswerMark>): LectureMark[] | undefined {
  const marks: LectureMark[] = [];
  if (format.bold && !stripped.has("bold")) marks.push({ type: "bold" });
  if (format.italic) marks.push({ type: "italic" });
  if (format.underline && !stripped.has("underline")) marks.push({ type: "underline" });
  if (format.strike) marks.push({ type: "strike" });
  if (format.link && isSafeLinkHref(format.link)) marks.push({ type: "link", attrs: { href: format.link } });
  return marks.length > 0 ? marks : undefined;
}

const sameMarks = (left: InlineNode, right: InlineNode) => JSON.stringify(left.marks ?? []) === JSON.stringify(right.marks ?? []);

/** Collapses whitespace, trims the ends and merges neighbouring text with the same marks. */
function tidyParagraph(nodes: InlineNode[]): InlineNode[] {
  const merged: InlineNode[] = [];
  for (const node of nodes) {
    const previous = merged.at(-1);
    if (node.type === "text" && previous?.type === "text" && sameMarks(previous, node)) previous.text += node.text;
    else merged.push(node.type === "text" ? { ...node } : node);
  }
  for (const node of merged) if (node.type === "text") node.text = node.text.replace(/[\s\u00a0]+/g, " ");
  const first = merged[0];
  if (first?.type === "text") first.text = first.text.trimStart();
  const last = merged.at(-1);
  if (last?.type === "text") last.text = last.text.trimEnd();
  for (let index = 1; index < merged.length; index++) {
    const node = merged[index]!;
    const previous = merged[index - 1]!;
    if (node.type === "text" && (previous.type === "hardBreak" || (previous.type === "text" && previous.text.endsWith(" "))))
      node.text = node.text.trimStart();
  }
  const cleaned = merged.filter((node) => node.type !== "text" || node.text !== "");
  while (cleaned[0]?.type === "hardBreak") cleaned.shift();
  while (cleaned.at(-1)?.type === "hardBreak") cleaned.pop();
  return cleaned;
}

function tableNode(table: Table, context: RichTextContext): LectureBlockNode | null {
  const rows: LectureTableRow[] = [];
  for (const row of table.rows) {
    const cells = row
      .filter((cell) => !cell.mergedAway)
      .map((cell) => {
        const attrs = {
          ...(cell.colspan > 1 ? { colspan: cell.colspan } : {}),
          ...(cell.rowspan > 1 ? { rowspan: cell.rowspan } : {}),
        };
        const content = blocksFromUnits(blocksToUnits(cell.blocks), context, new Set());
        return {
          type: "tableCell" as const,
          ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
          content: content.length > 0 ? content : [{ type: "paragraph" as const }],
        };
      });
    if (cells.length > 0) rows.push({ type: "tableRow", content: cells });
  }
  return rows.length > 0 ? { type: "table", content: rows } : null;
}

function blocksFromUnits(
  units: readonly Unit[],
  context: RichTextContext,
  stripped: ReadonlySet<AnswerMark>,
): LectureBlockNode[] {
  const blocks: LectureBlockNode[] = [];
  let paragraph: InlineNode[] | null = null;
  const flush = () => {
    if (paragraph) {
      const content = tidyParagraph(paragraph);
      if (content.length > 0) blocks.push({ type: "paragraph", content });
    }
    paragraph = null;
  };
  for (const unit of units) {
    if (unit.kind === "table") {
      flush();
      const table = tableNode(unit.table, context);
      if (table) blocks.push(table);
      continue;
    }
    if (unit.continuesParagraph && paragraph) paragraph.push({ type: "hardBreak" });
    else {
      flush();
      paragraph = [];
    }
    for (const inline of unit.inlines) {
      if (inline.kind === "text") {
        const marks = marksOf(inline.format, stripped);
        paragraph!.push({ type: "text", text: inline.text.replace(/\t/g, " "), ...(marks ? { marks } : {}) });
      } else if (inline.kind === "math" && !inline.display)
        paragraph!.push({ type: "inlineMath", attrs: { latex: inline.latex } });
      else if (inline.kind === "math") {
        flush();
        blocks.push({ type: "blockMath", attrs: { latex: inline.latex } });
        paragraph = [];
      } else if (inline.kind === "image") {
        const src = context.images.get(inline.image.path);
        if (!src) continue;
        flush();
        const { alt, width, height } = inline.image;
        blocks.push({
          type: "image",
          attrs: { src, ...(alt ? { alt } : {}), ...(width ? { width } : {}), ...(height ? { height } : {}) },
        });
        paragraph = [];
      } else context.problems.push(inline.message);
    }
  }
  flush();
  return blocks;
}

/**
 * Units as question rich text: lines become paragraphs (soft breaks become hard breaks), display
 * equations and images become blocks, tables become tables. The formats in `stripped` marked the
 * answer and are left out of the text.
 */
export function richText(
  units: readonly Unit[],
  context: RichTextContext,
  stripped: ReadonlySet<AnswerMark> = new Set(),
): RichText {
  const content = blocksFromUnits(units, context, stripped);
  return { type: "doc", content: content.length > 0 ? content : [{ type: "paragraph" }] };
}

/** Rich text with nothing in it (one empty paragraph). */
export const isEmptyDoc = (doc: RichText) =>
  doc.content.length === 1 && doc.content[0]!.type === "paragraph" && !doc.content[0]!.content?.length;
