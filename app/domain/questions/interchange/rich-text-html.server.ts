import { DomUtils, ElementType, parseDocument } from "htmlparser2";
import katex from "katex";
import { MathMLToLaTeX } from "mathml-to-latex";
import {
  isSafeLinkHref,
  LECTURE_LIMITS,
  type LectureBlockNode,
  type LectureInlineNode,
  type LectureListItem,
  type LectureMark,
  type LectureTableCell,
  type LectureTableRow,
} from "#content-schemas/lecture";
import type { RichText } from "#content-schemas/questions";
import { KATEX_OPTIONS } from "~/utils/katex";

/**
 * HTML ↔ rich text for the interchange formats. Moodle XML and GIFT carry question text as HTML
 * fragments and QTI as XHTML inside the item body; the question bank stores the tiptap document of
 * `content-schemas/lecture.ts`. Both directions go through a small markup tree (`MarkupNode`) so the
 * HTML parser (htmlparser2) and the XML parser (fast-xml-parser, for QTI) feed the same converter.
 *
 * Import keeps what the schema can hold and the text of everything else: paragraphs, headings,
 * lists, tables, quotes, code, links, bold/italic/underline/strike; sub/sup, colours and fonts
 * become plain text. TeX written in text — `\( … \)` inline, `\[ … \]` display, `$$ … $$` display
 * when it stands alone in its paragraph and inline inside a sentence (Moodle's TeX filter shows it
 * inline there) — becomes formula nodes, and so does MathML (its TeX annotation when it has one).
 *
 * Export writes formulas as `\( … \)` / `\[ … \]`, which Moodle's MathJax filter typesets, or as
 * MathML for QTI, never as rendered KaTeX HTML.
 */

export interface MarkupText {
  type: "text";
  text: string;
}
export interface MarkupElement {
  type: "element";
  /** Local name, lower case, without a namespace prefix ("m:math" → "math"). */
  name: string;
  attributes: Record<string, string>;
  children: MarkupNode[];
}
export type MarkupNode = MarkupText | MarkupElement;

/** Past this depth a hostile file's nesting is read as plain text, so no walk can overflow the stack. */
const MAX_MARKUP_DEPTH = 200;
/** Lists, tables and quotes nested deeper than this are flattened, far inside the lecture schema's depth limit. */
const MAX_BLOCK_NESTING = 8;

/** "m:math" → "math": elements are recognised by local name, whatever prefix a file uses. */
export function localName(name: string): string {
  const colon = name.indexOf(":");
  return (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
}

type DomNode = ReturnType<typeof parseDocument>["children"][number];

/** Parses an HTML fragment as browsers do (unclosed tags, entities, void elements). */
export function parseHtml(html: string): MarkupNode[] {
  const document = parseDocument(html, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    recognizeSelfClosing: true,
  });
  return fromDom(document.children, 0);
}

function fromDom(nodes: DomNode[], depth: number): MarkupNode[] {
  const result: MarkupNode[] = [];
  for (const node of nodes) {
    if (node.type === ElementType.Text && "data" in node) result.push({ type: "text", text: node.data });
    else if (node.type === ElementType.CDATA) result.push({ type: "text", text: DomUtils.textContent(node) });
    else if ("attribs" in node) {
      if (depth >= MAX_MARKUP_DEPTH) result.push({ type: "text", text: DomUtils.textContent(node) });
      else
        result.push({
          type: "element",
          name: localName(node.name),
          attributes: { ...node.attribs },
          children: fromDom(node.children, depth + 1),
        });
    }
  }
  return result;
}

/** The text of an HTML fragment, entities decoded and tags dropped. */
export const decodeHtmlText = (html: string) => markupText(parseHtml(html));

/** All text below the nodes, in document order (no markup). */
export function markupText(nodes: readonly MarkupNode[]): string {
  return nodes.map((node) => (node.type === "text" ? node.text : markupText(node.children))).join("");
}

/** The first element below `nodes` (depth first) that `matches`. */
export function findElement(nodes: readonly MarkupNode[], matches: (element: MarkupElement) => boolean): MarkupElement | null {
  for (const node of nodes) {
    if (node.type !== "element") continue;
    if (matches(node)) return node;
    const found = findElement(node.children, matches);
    if (found) return found;
  }
  return null;
}

/** XML text of markup: `&`, `<`, `>` and quotes escaped; characters XML 1.0 forbids dropped. */
export function escapeXml(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

/** Writes markup back as XML (used to hand MathML to the MathML → LaTeX converter). */
function serializeMarkup(nodes: readonly MarkupNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === "text") return escapeXml(node.text);
      const attributes = Object.entries(node.attributes)
        .filter(([name]) => name !== "xmlns" && !name.startsWith("xmlns:"))
        .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
        .join("");
      const namespace = node.name === "math" ? ` xmlns="${MATHML_NAMESPACE}"` : "";
      return `<${node.name}${namespace}${attributes}>${serializeMarkup(node.children)}</${node.name}>`;
    })
    .join("");
}

const MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML";
const TEX_ANNOTATION = /^(application\/x-tex|application\/x-latex|tex|latex)$/i;

/**
 * LaTeX of a MathML `<math>` element: its TeX annotation when it has one (KaTeX, MathType and this
 * project's QTI export write it), otherwise converted by mathml-to-latex. Null when neither works.
 */
export function mathMlToLatex(math: MarkupElement): string | null {
  const annotation = findElement(
    math.children,
    (element) => element.name === "annotation" && TEX_ANNOTATION.test(element.attributes.encoding ?? ""),
  );
  const annotated = annotation ? markupText(annotation.children).trim() : "";
  if (annotated) return annotated;
  try {
    return MathMLToLaTeX.convert(serializeMarkup([math])).trim() || null;
  } catch {
    return null;
  }
}

// ---- TeX in text --------------------------------------------------------------------------------

type TextSegment = { kind: "text"; text: string } | { kind: "math"; latex: string; display: "inline" | "block" | "dollars" };

const MATH_DELIMITERS = [
  { open: "\\(", close: "\\)", display: "inline" },
  { open: "\\[", close: "\\]", display: "block" },
  { open: "$$", close: "$$", display: "dollars" },
] as const;

/**
 * Splits text at TeX formulas: `\( … \)` inline, `\[ … \]` display and `$$ … $$` (display or
 * inline depending on what surrounds it, decided by the caller). A delimiter without its closing
 * partner, or around nothing, stays text. Single `$` is money, not math (MathJax in Moodle agrees).
 */
function splitMath(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let textStart = 0;
  let position = 0;
  while (position < text.length) {
    const delimiter = MATH_DELIMITERS.find((candidate) => text.startsWith(candidate.open, position));
    if (delimiter) {
      const end = text.indexOf(delimiter.close, position + delimiter.open.length);
      const latex = end === -1 ? "" : text.slice(position + delimiter.open.length, end).trim();
      if (latex) {
        if (position > textStart) segments.push({ kind: "text", text: text.slice(textStart, position) });
        segments.push({ kind: "math", latex, display: delimiter.display });
        position = end + delimiter.close.length;
        textStart = position;
        continue;
      }
    }
    position += 1;
  }
  if (textStart < text.length) segments.push({ kind: "text", text: text.slice(textStart) });
  return segments;
}

// ---- Import: markup → rich text -----------------------------------------------------------------

export interface RichTextImportOptions {
  /**
   * Turns the `src` of an image in the file into the `src` to store (`/media/…` or https), or null
   * when the image cannot be used — then the resolver records why, and the image is left out.
   */
  resolveImage: (image: { src: string; alt: string }) => Promise<string | null>;
}

type InlineMath = Extract<LectureInlineNode, { type: "inlineMath" }>;
type InlineText = Extract<LectureInlineNode, { type: "text" }>;

/** Collects blocks; inline content waits until a block boundary closes the paragraph. */
class BlockBuilder {
  readonly blocks: LectureBlockNode[] = [];
  private inline: LectureInlineNode[] = [];
  /** `$$ … $$` formulas: display when alone in their paragraph, inline otherwise. */
  private displayCandidates = new Set<InlineMath>();

  addText(text: string, marks: readonly LectureMark[]) {
    if (text) this.inline.push({ type: "text", text, ...(marks.length > 0 ? { marks: [...marks] } : {}) });
  }

  addHardBreak() {
    this.inline.push({ type: "hardBreak" });
  }

  addMath(latex: string, displayCandidate: boolean) {
    const node: InlineMath = { type: "inlineMath", attrs: { latex } };
    this.inline.push(node);
    if (displayCandidate) this.displayCandidates.add(node);
  }

  addBlocks(...blocks: LectureBlockNode[]) {
    this.flush();
    this.blocks.push(...blocks);
  }

  /** Closes the open paragraph; a paragraph of whitespace only is dropped (editors leave many). */
  flush() {
    const content = tidyInline(this.inline);
    const candidates = this.displayCandidates;
    this.inline = [];
    this.displayCandidates = new Set();
    if (content.length === 0) return;
    const only = content[0];
    if (content.length === 1 && only?.type === "inlineMath" && candidates.has(only)) {
      this.blocks.push({ type: "blockMath", attrs: { latex: only.attrs.latex } });
      return;
    }
    this.blocks.push({ type: "paragraph", content });
  }

  finish(): LectureBlockNode[] {
    this.flush();
    return this.blocks;
  }
}

const sameMarks = (a: readonly LectureMark[] | undefined, b: readonly LectureMark[] | undefined) =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** Drops trailing spaces of the last text node (and the node itself when nothing is left). */
function trimTrailingSpace(nodes: LectureInlineNode[]) {
  for (let last = nodes.at(-1); last?.type === "text"; last = nodes.at(-1)) {
    const trimmed = last.text.replace(/ +$/, "");
    if (trimmed) {
      last.text = trimmed;
      return;
    }
    nodes.pop();
  }
}

/**
 * HTML whitespace rules on collapsed text: one space between words across element boundaries,
 * none at the start or end of a line; adjacent text with the same marks merged; breaks at the
 * edges of a paragraph dropped.
 */
function tidyInline(nodes: readonly LectureInlineNode[]): LectureInlineNode[] {
  const result: LectureInlineNode[] = [];
  let atLineStart = true;
  for (const node of nodes) {
    if (node.type === "text") {
      const last = result.at(-1);
      const afterSpace = atLineStart || (last?.type === "text" && last.text.endsWith(" "));
      const text = afterSpace ? node.text.replace(/^ +/, "") : node.text;
      if (!text) continue;
      if (last?.type === "text" && sameMarks(last.marks, node.marks)) last.text += text;
      else result.push({ ...node, text } satisfies InlineText);
      atLineStart = false;
    } else if (node.type === "hardBreak") {
      trimTrailingSpace(result);
      if (result.length > 0) result.push(node);
      atLineStart = true;
    } else {
      result.push(node);
      atLineStart = false;
    }
  }
  trimTrailingSpace(result);
  while (result.at(-1)?.type === "hardBreak") {
    result.pop();
    trimTrailingSpace(result);
  }
  return result;
}

const collapseWhitespace = (text: string) => text.replace(/[ \t\n\r\f\u00a0]+/g, " ");

const BOLD: LectureMark = { type: "bold" };
const ITALIC: LectureMark = { type: "italic" };
const UNDERLINE: LectureMark = { type: "underline" };
const STRIKE: LectureMark = { type: "strike" };
const CODE: LectureMark = { type: "code" };

const TAG_MARKS: Record<string, LectureMark> = {
  b: BOLD,
  strong: BOLD,
  i: ITALIC,
  em: ITALIC,
  u: UNDERLINE,
  ins: UNDERLINE,
  s: STRIKE,
  strike: STRIKE,
  del: STRIKE,
  code: CODE,
  kbd: CODE,
  samp: CODE,
  tt: CODE,
};

/** Marks an element adds: its tag, its inline style (Moodle's editors write `font-style: italic` spans), a safe link. */
function marksOf(element: MarkupElement): LectureMark[] {
  const marks: LectureMark[] = [];
  const tagMark = TAG_MARKS[element.name];
  if (tagMark) marks.push(tagMark);
  const style = (element.attributes.style ?? "").toLowerCase();
  if (/font-weight\s*:\s*(bold|bolder|[6-9]00)/.test(style)) marks.push(BOLD);
  if (/font-style\s*:\s*(italic|oblique)/.test(style)) marks.push(ITALIC);
  if (/text-decoration(-line)?\s*:[^;]*underline/.test(style)) marks.push(UNDERLINE);
  if (/text-decoration(-line)?\s*:[^;]*line-through/.test(style)) marks.push(STRIKE);
  const href = element.name === "a" ? (element.attributes.href ?? "").trim() : "";
  if (href && isSafeLinkHref(href)) {
    const title = element.attributes.title?.slice(0, LECTURE_LIMITS.maxTitleLength);
    marks.push({ type: "link", attrs: { href, ...(title ? { title } : {}) } });
  }
  return marks;
}

function withMarks(marks: readonly LectureMark[], added: readonly LectureMark[]): readonly LectureMark[] {
  const result = [...marks];
  for (const mark of added) if (!result.some((existing) => existing.type === mark.type)) result.push(mark);
  return result;
}

/** Elements whose content is not question text (scripts, media, form controls): left out with their content. */
const SKIPPED = new Set([
  "script",
  "style",
  "head",
  "title",
  "meta",
  "link",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "video",
  "audio",
  "source",
  "track",
  "canvas",
  "svg",
  "button",
  "input",
  "select",
  "textarea",
  "map",
  "colgroup",
  "col",
]);

/** Elements that start and end a block; their content flows into paragraphs. */
const BLOCK_CONTAINERS = new Set([
  "html",
  "body",
  "p",
  "div",
  "section",
  "article",
  "aside",
  "header",
  "footer",
  "main",
  "nav",
  "center",
  "figure",
  "figcaption",
  "address",
  "dl",
  "dt",
  "dd",
  "details",
  "summary",
  "fieldset",
  "legend",
  "form",
  "li",
  "tr",
  "td",
  "th",
  "thead",
  "tbody",
  "tfoot",
  "caption",
]);

const HEADING_LEVEL: Record<string, 2 | 3 | 4> = { h1: 2, h2: 2, h3: 3, h4: 4, h5: 4, h6: 4 };
const ORDERED_LIST_TYPES = ["1", "a", "A", "i", "I"] as const;

/** A positive integer attribute within bounds, or undefined. */
function integerAttribute(value: string | undefined, max: number): number | undefined {
  if (!value || !/^\s*\d+\s*$/.test(value)) return undefined;
  const number = Number.parseInt(value, 10);
  return number >= 1 && number <= max ? number : undefined;
}

class MarkupConverter {
  constructor(private readonly options: RichTextImportOptions) {}

  async convert(nodes: readonly MarkupNode[], builder: BlockBuilder, marks: readonly LectureMark[], nesting: number) {
    for (const node of nodes) {
      if (node.type === "text") this.addText(node.text, builder, marks);
      else await this.convertElement(node, builder, marks, nesting);
    }
  }

  async blocksOf(nodes: readonly MarkupNode[], marks: readonly LectureMark[], nesting: number): Promise<LectureBlockNode[]> {
    const builder = new BlockBuilder();
    await this.convert(nodes, builder, marks, nesting);
    return builder.finish();
  }

  private addText(raw: string, builder: BlockBuilder, marks: readonly LectureMark[]) {
    for (const segment of splitMath(raw)) {
      if (segment.kind === "text") builder.addText(collapseWhitespace(segment.text), marks);
      else if (segment.display === "block") builder.addBlocks({ type: "blockMath", attrs: { latex: segment.latex } });
      else builder.addMath(segment.latex, segment.display === "dollars");
    }
  }

  private async convertElement(element: MarkupElement, builder: BlockBuilder, marks: readonly LectureMark[], nesting: number) {
    const { name } = element;
    if (SKIPPED.has(name)) return;
    // tiptap's own HTML for formulas, e.g. pasted from this site's editor.
    const dataLatex = element.attributes["data-latex"]?.trim();
    if (dataLatex) {
      if (name === "div") builder.addBlocks({ type: "blockMath", attrs: { latex: dataLatex } });
      else builder.addMath(dataLatex, false);
      return;
    }
    if (name === "br") return builder.addHardBreak();
    if (name === "hr") return builder.addBlocks({ type: "horizontalRule" });
    if (name === "img") return this.addImage(element, builder);
    if (name === "math") return this.addMathMl(element, builder);
    if (name === "pre") return this.addCode(element, builder);
    const canNest = nesting < MAX_BLOCK_NESTING;
    if (canNest && (name === "ul" || name === "ol")) return this.addList(element, builder, marks, nesting);
    if (canNest && name === "table") return this.addTable(element, builder, marks, nesting);
    if (canNest && name === "blockquote") {
      const blocks = await this.blocksOf(element.children, marks, nesting + 1);
      if (blocks.length > 0) builder.addBlocks({ type: "blockquote", content: blocks });
      else builder.flush();
      return;
    }
    const level = HEADING_LEVEL[name];
    if (level) return this.addHeading(element, level, builder, marks, nesting);
    if (BLOCK_CONTAINERS.has(name) || ["ul", "ol", "table", "blockquote"].includes(name)) {
      builder.flush();
      await this.convert(element.children, builder, withMarks(marks, marksOf(element)), nesting);
      builder.flush();
      return;
    }
    await this.convert(element.children, builder, withMarks(marks, marksOf(element)), nesting);
  }

  private async addHeading(
    element: MarkupElement,
    level: 2 | 3 | 4,
    builder: BlockBuilder,
    marks: readonly LectureMark[],
    nesting: number,
  ) {
    const [first, ...rest] = await this.blocksOf(element.children, marks, nesting);
    if (!first) return builder.flush();
    if (first.type === "paragraph") builder.addBlocks({ type: "heading", attrs: { level }, content: first.content }, ...rest);
    else builder.addBlocks(first, ...rest);
  }

  private async addList(element: MarkupElement, builder: BlockBuilder, marks: readonly LectureMark[], nesting: number) {
    const items: LectureBlockNode[][] = [];
    for (const child of element.children) {
      if (child.type === "text" && child.text.trim() === "") continue;
      const isItem = child.type === "element" && child.name === "li";
      const blocks = await this.blocksOf(isItem ? child.children : [child], marks, nesting + 1);
      if (blocks.length === 0) continue;
      const previous = items.at(-1);
      // Content outside <li> (a nested list written directly in the list) belongs to the item before it.
      if (!isItem && previous) previous.push(...blocks);
      else items.push(blocks);
    }
    if (items.length === 0) return builder.flush();
    const content: LectureListItem[] = items.map((blocks) => ({
      type: "listItem",
      content: blocks[0]?.type === "paragraph" ? blocks : [{ type: "paragraph" }, ...blocks],
    }));
    if (element.name === "ul") return builder.addBlocks({ type: "bulletList", content });
    const start = integerAttribute(element.attributes.start, 1_000_000);
    const type = ORDERED_LIST_TYPES.find((candidate) => candidate === element.attributes.type);
    const attrs = { ...(start !== undefined && start !== 1 ? { start } : {}), ...(type ? { type } : {}) };
    builder.addBlocks({ type: "orderedList", ...(Object.keys(attrs).length > 0 ? { attrs } : {}), content });
  }

  private async addTable(element: MarkupElement, builder: BlockBuilder, marks: readonly LectureMark[], nesting: number) {
    const rows: LectureTableRow[] = [];
    const captions: LectureBlockNode[] = [];
    const rowElements: MarkupElement[] = [];
    for (const child of element.children) {
      if (child.type !== "element") continue;
      if (child.name === "tr") rowElements.push(child);
      else if (["thead", "tbody", "tfoot"].includes(child.name))
        rowElements.push(...child.children.filter((row): row is MarkupElement => row.type === "element" && row.name === "tr"));
      else if (child.name === "caption") captions.push(...(await this.blocksOf(child.children, marks, nesting + 1)));
    }
    for (const row of rowElements) {
      const cells: LectureTableCell[] = [];
      for (const cell of row.children) {
        if (cell.type !== "element" || (cell.name !== "td" && cell.name !== "th")) continue;
        const blocks = await this.blocksOf(cell.children, marks, nesting + 1);
        const colspan = integerAttribute(cell.attributes.colspan, 100);
        const rowspan = integerAttribute(cell.attributes.rowspan, 1000);
        const attrs = { ...(colspan && colspan > 1 ? { colspan } : {}), ...(rowspan && rowspan > 1 ? { rowspan } : {}) };
        cells.push({
          type: cell.name === "th" ? "tableHeader" : "tableCell",
          ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
          content: blocks.length > 0 ? blocks : [{ type: "paragraph" }],
        });
      }
      if (cells.length > 0) rows.push({ type: "tableRow", content: cells });
    }
    builder.addBlocks(...captions);
    if (rows.length > 0) builder.addBlocks({ type: "table", content: rows });
  }

  private addCode(element: MarkupElement, builder: BlockBuilder) {
    const text = markupText(element.children)
      .replace(/^\r?\n/, "")
      .replace(/\s+$/, "");
    if (!text) return builder.flush();
    const code = findElement(element.children, (child) => child.name === "code");
    const language = /(?:^|\s)language-([A-Za-z0-9_+#.-]{1,32})(?:\s|$)/.exec(code?.attributes.class ?? "")?.[1];
    builder.addBlocks({ type: "codeBlock", ...(language ? { attrs: { language } } : {}), content: [{ type: "text", text }] });
  }

  private async addImage(element: MarkupElement, builder: BlockBuilder) {
    const src = (element.attributes.src ?? "").trim();
    if (!src) return;
    const alt = (element.attributes.alt ?? "").trim();
    const stored = await this.options.resolveImage({ src, alt });
    if (!stored) return;
    const title = (element.attributes.title ?? "").trim();
    const width = integerAttribute(element.attributes.width, 10_000);
    const height = integerAttribute(element.attributes.height, 10_000);
    builder.addBlocks({
      type: "image",
      attrs: {
        src: stored,
        ...(alt ? { alt: alt.slice(0, LECTURE_LIMITS.maxAltLength) } : {}),
        ...(title ? { title: title.slice(0, LECTURE_LIMITS.maxTitleLength) } : {}),
        ...(width ? { width } : {}),
        ...(height ? { height } : {}),
      },
    });
  }

  private addMathMl(element: MarkupElement, builder: BlockBuilder) {
    const latex = mathMlToLatex(element);
    if (!latex) return builder.addText(collapseWhitespace(markupText(element.children)), []);
    if (element.attributes.display === "block") builder.addBlocks({ type: "blockMath", attrs: { latex } });
    else builder.addMath(latex, false);
  }
}

const EMPTY_DOC: RichText = { type: "doc", content: [{ type: "paragraph" }] };

/**
 * Rich text of markup (an HTML fragment's nodes, or the XHTML of a QTI item body). Images go
 * through `options.resolveImage`. An empty result is one empty paragraph, as the editor makes it.
 */
export async function markupToRichText(nodes: readonly MarkupNode[], options: RichTextImportOptions): Promise<RichText> {
  const blocks = await new MarkupConverter(options).blocksOf(nodes, [], 0);
  return blocks.length > 0 ? { type: "doc", content: blocks } : EMPTY_DOC;
}

/** Rich text of an HTML fragment as Moodle and GIFT store question text. */
export function htmlToRichText(html: string, options: RichTextImportOptions): Promise<RichText> {
  return markupToRichText(parseHtml(html), options);
}

/**
 * Rich text of plain text (Moodle's answers of matching questions, GIFT `[plain]`): a blank line
 * starts a paragraph, a line break stays one, TeX delimiters become formulas.
 */
export function plainTextToRichText(text: string): RichText {
  const builder = new BlockBuilder();
  for (const paragraph of text.split(/\r?\n\s*\r?\n/)) {
    paragraph.split(/\r?\n/).forEach((line, index) => {
      if (index > 0) builder.addHardBreak();
      for (const segment of splitMath(line)) {
        if (segment.kind === "text") builder.addText(segment.text.replace(/[ \t\u00a0]+/g, " "), []);
        else if (segment.display === "block") builder.addBlocks({ type: "blockMath", attrs: { latex: segment.latex } });
        else builder.addMath(segment.latex, segment.display === "dollars");
      }
    });
    builder.flush();
  }
  const blocks = builder.finish();
  return blocks.length > 0 ? { type: "doc", content: blocks } : EMPTY_DOC;
}

/** Inline Markdown of text outside formulas: images, links, bold, italic, code (HTML written in it stays HTML). */
function markdownInline(text: string): string {
  return splitMath(text)
    .map((segment) => {
      if (segment.kind === "math") {
        const [open, close] =
          segment.display === "inline" ? ["\\(", "\\)"] : segment.display === "block" ? ["\\[", "\\]"] : ["$$", "$$"];
        return `${open}${segment.latex}${close}`;
      }
      return segment.text
        .replace(
          /!\[([^\]]*)\]\(([^)\s]+)\)/g,
          (_, alt: string, src: string) => `<img src="${escapeXml(src)}" alt="${escapeXml(alt)}" />`,
        )
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) => `<a href="${escapeXml(href)}">${label}</a>`)
        .replace(/`([^`]+)`/g, (_, code: string) => `<code>${escapeXml(code)}</code>`)
        .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "<strong>$2</strong>")
        .replace(/(\*|_)(?=\S)(.+?)(?<=\S)\1/g, "<em>$2</em>");
    })
    .join("");
}

/**
 * HTML of the Markdown that Moodle's "markdown" format and GIFT `[markdown]` allow in questions:
 * paragraphs, headings, bullet and numbered lists, and the inline marks above. Formulas are kept
 * out of the conversion, so `_` and `*` inside TeX stay TeX.
 */
export function markdownToHtml(markdown: string): string {
  return markdown
    .split(/\r?\n\s*\r?\n/)
    .map((block) => {
      const lines = block.split(/\r?\n/).filter((line) => line.trim());
      if (lines.length === 0) return "";
      const heading = /^(#{1,6})\s+(.*)$/.exec(lines[0]!.trim());
      if (heading && lines.length === 1) {
        const level = Math.min(Math.max(heading[1]!.length, 2), 4);
        return `<h${level}>${markdownInline(heading[2]!)}</h${level}>`;
      }
      if (lines.every((line) => /^\s*[-*+]\s+/.test(line)))
        return `<ul>${lines.map((line) => `<li>${markdownInline(line.replace(/^\s*[-*+]\s+/, ""))}</li>`).join("")}</ul>`;
      if (lines.every((line) => /^\s*\d+[.)]\s+/.test(line)))
        return `<ol>${lines.map((line) => `<li>${markdownInline(line.replace(/^\s*\d+[.)]\s+/, ""))}</li>`).join("")}</ol>`;
      return `<p>${lines.map((line) => markdownInline(line.trim())).join(" ")}</p>`;
    })
    .join("");
}

/** Moodle's text formats, as GIFT (`[html]` …) and Moodle XML (`format="html"` …) name them. */
export type MoodleTextFormat = "html" | "moodle" | "plain" | "markdown";

/**
 * Rich text of a text in one of Moodle's formats: HTML; Moodle's "auto" format (HTML where a line
 * break is a `<br>`); plain text; Markdown.
 */
export function formattedTextToRichText(
  text: string,
  format: MoodleTextFormat,
  options: RichTextImportOptions,
): Promise<RichText> {
  if (format === "plain") return Promise.resolve(plainTextToRichText(text));
  if (format === "markdown") return htmlToRichText(markdownToHtml(text), options);
  return htmlToRichText(format === "moodle" ? text.replace(/\r?\n/g, "<br />") : text, options);
}

// ---- Export: rich text → HTML / plain text -----------------------------------------------------

export interface RichTextExportOptions {
  /** The address to write for an image, or null to leave it out (its description is written instead). */
  imageSrc: (src: string) => string | null;
  /**
   * "tex": `\( … \)` and `\[ … \]` for MathJax (Moodle, GIFT); "mathml": MathML with the TeX kept
   * as an annotation (QTI), so other QTI players show it and this importer reads the TeX back.
   */
  math: "tex" | "mathml";
}

/**
 * LaTeX as MathML with KaTeX (the site's options, MathML output only): the `<math>` element alone,
 * which carries the TeX source as `<annotation encoding="application/x-tex">`.
 */
function latexToMathMl(latex: string, displayMode: boolean): string {
  let html = "";
  try {
    html = katex.renderToString(latex, { ...KATEX_OPTIONS, output: "mathml", displayMode });
  } catch {
    // A formula KaTeX cannot read at all still travels as its source.
  }
  const start = html.indexOf("<math");
  const end = html.lastIndexOf("</math>");
  if (start !== -1 && end > start) return html.slice(start, end + "</math>".length);
  const display = displayMode ? ' display="block"' : "";
  return `<math xmlns="${MATHML_NAMESPACE}"${display}><semantics><mtext>${escapeXml(latex)}</mtext><annotation encoding="application/x-tex">${escapeXml(latex)}</annotation></semantics></math>`;
}

function attributesHtml(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] != null && entry[1] !== "")
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join("");
}

const MARK_TAGS = { bold: "strong", italic: "em", underline: "u", strike: "s", code: "code" } as const;

function inlineHtml(node: LectureInlineNode, options: RichTextExportOptions): string {
  let html: string;
  if (node.type === "text") html = escapeXml(node.text);
  else if (node.type === "hardBreak") return "<br />";
  else html = options.math === "tex" ? `\\(${escapeXml(node.attrs.latex)}\\)` : latexToMathMl(node.attrs.latex, false);
  if (node.type !== "text") return html;
  for (const mark of [...(node.marks ?? [])].reverse()) {
    if (mark.type === "link") html = `<a${attributesHtml({ href: mark.attrs.href, title: mark.attrs.title })}>${html}</a>`;
    else html = `<${MARK_TAGS[mark.type]}>${html}</${MARK_TAGS[mark.type]}>`;
  }
  return html;
}

const inlinesHtml = (nodes: readonly LectureInlineNode[] | undefined, options: RichTextExportOptions) =>
  (nodes ?? []).map((node) => inlineHtml(node, options)).join("");

const blocksHtml = (nodes: readonly LectureBlockNode[], options: RichTextExportOptions) =>
  nodes.map((node) => blockHtml(node, options)).join("");

function blockHtml(node: LectureBlockNode, options: RichTextExportOptions): string {
  switch (node.type) {
    case "paragraph":
      return `<p>${inlinesHtml(node.content, options)}</p>`;
    case "heading":
      return `<h${node.attrs.level}>${inlinesHtml(node.content, options)}</h${node.attrs.level}>`;
    case "codeBlock": {
      const language = node.attrs?.language ? ` class="language-${escapeXml(node.attrs.language)}"` : "";
      return `<pre><code${language}>${escapeXml((node.content ?? []).map((text) => text.text).join(""))}</code></pre>`;
    }
    case "horizontalRule":
      return "<hr />";
    case "image": {
      const { alt, title, width, height } = node.attrs;
      const src = options.imageSrc(node.attrs.src);
      if (src === null) return `<p>${escapeXml(`[Hình ảnh${alt ? `: ${alt}` : ""}]`)}</p>`;
      return `<p><img${attributesHtml({ src })} alt="${escapeXml(alt ?? "")}"${attributesHtml({ title, width, height })} /></p>`;
    }
    case "blockMath":
      return options.math === "tex"
        ? `<p>\\[${escapeXml(node.attrs.latex)}\\]</p>`
        : `<div>${latexToMathMl(node.attrs.latex, true)}</div>`;
    case "materialEmbed":
      // Embedded materials live on this site only; the title keeps their place in the text.
      return `<p>${escapeXml(`[Học liệu nhúng: ${node.attrs.title || "không có tên"}]`)}</p>`;
    case "blockquote":
      return `<blockquote>${blocksHtml(node.content, options)}</blockquote>`;
    case "bulletList":
      return `<ul>${node.content.map((item) => `<li>${blocksHtml(item.content, options)}</li>`).join("")}</ul>`;
    case "orderedList": {
      const start = node.attrs?.start !== undefined && node.attrs.start !== 1 ? node.attrs.start : null;
      const attributes = attributesHtml({ start, type: node.attrs?.type });
      return `<ol${attributes}>${node.content.map((item) => `<li>${blocksHtml(item.content, options)}</li>`).join("")}</ol>`;
    }
    case "table": {
      const rows = node.content.map((row) => {
        const cells = row.content.map((cell) => {
          const tag = cell.type === "tableHeader" ? "th" : "td";
          const colspan = cell.attrs?.colspan && cell.attrs.colspan > 1 ? cell.attrs.colspan : null;
          const rowspan = cell.attrs?.rowspan && cell.attrs.rowspan > 1 ? cell.attrs.rowspan : null;
          return `<${tag}${attributesHtml({ colspan, rowspan })}>${blocksHtml(cell.content, options)}</${tag}>`;
        });
        return `<tr>${cells.join("")}</tr>`;
      });
      return `<table><tbody>${rows.join("")}</tbody></table>`;
    }
    default:
      return node satisfies never;
  }
}

/** HTML (also well-formed XML) of rich text, for Moodle XML, GIFT `[html]` and QTI item bodies. */
export function richTextToHtml(doc: RichText, options: RichTextExportOptions): string {
  return blocksHtml(doc.content, options);
}

function inlinePlain(nodes: readonly LectureInlineNode[] | undefined): string {
  return (nodes ?? [])
    .map((node) => (node.type === "text" ? node.text : node.type === "hardBreak" ? "\n" : `\\(${node.attrs.latex}\\)`))
    .join("");
}

function blockPlain(node: LectureBlockNode): string {
  switch (node.type) {
    case "paragraph":
    case "heading":
      return inlinePlain(node.content);
    case "codeBlock":
      return (node.content ?? []).map((text) => text.text).join("");
    case "blockMath":
      return `\\[${node.attrs.latex}\\]`;
    case "image":
      return node.attrs.alt ? `[Hình ảnh: ${node.attrs.alt}]` : "[Hình ảnh]";
    case "materialEmbed":
      return `[Học liệu nhúng: ${node.attrs.title || "không có tên"}]`;
    case "horizontalRule":
      return "";
    case "blockquote":
      return node.content.map(blockPlain).join("\n");
    case "bulletList":
    case "orderedList":
      return node.content.map((item) => `- ${item.content.map(blockPlain).join("\n")}`).join("\n");
    case "table":
      return node.content.map((row) => row.content.map((cell) => cell.content.map(blockPlain).join(" ")).join(" | ")).join("\n");
    default:
      return node satisfies never;
  }
}

/**
 * Plain text of rich text, formulas as `\( … \)` / `\[ … \]`: for fields that hold no HTML (the
 * answers of Moodle matching questions, names) and for comparing short texts such as "Đúng".
 */
export function richTextToPlainText(doc: RichText): string {
  return doc.content.map(blockPlain).join("\n").trim();
}

/** Every image `src` in rich text, in document order, each once. */
export function richTextImageSources(doc: RichText | null): string[] {
  const sources = new Set<string>();
  const visit = (nodes: readonly LectureBlockNode[]) => {
    for (const node of nodes) {
      if (node.type === "image") sources.add(node.attrs.src);
      else if (node.type === "blockquote") visit(node.content);
      else if (node.type === "bulletList" || node.type === "orderedList") node.content.forEach((item) => visit(item.content));
      else if (node.type === "table") node.content.forEach((row) => row.content.forEach((cell) => visit(cell.content)));
    }
  };
  if (doc) visit(doc.content);
  return [...sources];
}
