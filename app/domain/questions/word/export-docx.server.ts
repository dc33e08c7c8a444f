import type { LectureBlockNode, LectureInlineNode, LectureMark, LectureTable } from "#content-schemas/lecture";
import type { LoadImage } from "#content-schemas/question-import";
import type { CognitiveLevel, QuestionBody, QuestionContent, RichText } from "#content-schemas/questions";
import {
  ANSWER_KEY_TITLE,
  ANSWER_LINE_TITLE,
  CASE_SENSITIVE_TEXT,
  FALSE_MARK,
  OPTION_LETTERS,
  ROMAN_NUMERALS,
  RUBRIC_COLUMNS,
  RUBRIC_TITLE,
  SECTION_TITLES,
  SOLUTION_TITLE,
  TRUE_MARK,
  TYPE_TAGS,
  levelTag,
  type SectionKind,
} from "./conventions.server";
import { latexToOmml } from "./latex-to-omml.server";
import { WORD_NAMESPACES, escapeXml, writeZip } from "./ooxml.server";

/**
 * Export of questions to a Word file in the conventions the importer reads (parse-docx.server.ts):
 * sections like the 2025 exam (PHẦN I single choice, PHẦN II true/false, PHẦN III short answer, then
 * the rest), "Câu N.", options "A." (several per line when short), statements "a)", real Word
 * equations and embedded images. With `includeAnswers` (the teacher's copy): answers marked
 * (underlined red option letters, "Đáp án:" lines), levels "(NB)", "Lời giải", essay rubrics and a
 * "BẢNG ĐÁP ÁN" table at the end. Formats outside the exam use documented conventions:
 * multiple response "[Nhiều đáp án]" (several letters marked), ordering "[Sắp xếp]" (items shown
 * in another order, "Đáp án: B, C, A"), matching "[Ghép nối]" (premises "1.", responses "A.",
 * "Đáp án: 1-B, 2-A"), cloze (the stem keeps its [[1]] gaps, "[[1]]: answer" lines).
 */

export type ExportableQuestion = { label?: string } & QuestionContent & { level?: CognitiveLevel | null };

// ---- Page and text ------------------------------------------------------------------------------

/** A4 with 2 cm margins, in twentieths of a point. */
export const PAGE = { width: 11906, height: 16838, margin: 1134 } as const;
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const MAX_IMAGE_PIXELS = Math.floor((TEXT_WIDTH / 1440) * 96);
const EMU_PER_PIXEL = 9525;
const ANSWER_COLOR = "FF0000";

interface TextFormat {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  color?: string;
  monospace?: boolean;
  /** Half-points. */
  size?: number;
}

export function textRun(text: string, format: TextFormat = {}): string {
  const properties = [
    format.monospace ? '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>' : "",
    format.bold ? "<w:b/>" : "",
    format.italic ? "<w:i/>" : "",
    format.strike ? "<w:strike/>" : "",
    format.color ? `<w:color w:val="${format.color}"/>` : "",
    format.size ? `<w:sz w:val="${format.size}"/>` : "",
    format.underline ? '<w:u w:val="single"/>' : "",
  ].join("");
  const content = text
    .split(/(\t|\n)/)
    .map((piece) =>
      piece === "\t"
        ? "<w:tab/>"
        : piece === "\n"
          ? "<w:br/>"
          : piece
            ? `<w:t xml:space="preserve">${escapeXml(piece)}</w:t>`
            : "",
    )
    .join("");
  return `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ""}${content}</w:r>`;
}

/** Word rejects paragraph properties out of schema order; callers pass them in order (pBdr, tabs, spacing, ind, jc). */
export function paragraph(content: string, properties = ""): string {
  return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ""}${content}</w:p>`;
}

const indent = (twips: number) => (twips > 0 ? `<w:ind w:left="${twips}"/>` : "");
const tabStops = (positions: readonly number[]) =>
  positions.length > 0
    ? `<w:tabs>${positions.map((position) => `<w:tab w:val="left" w:pos="${position}"/>`).join("")}</w:tabs>`
    : "";

/** Equations the converter cannot read stay visible as their LaTeX. */
function equation(latex: string, display: boolean): string {
  try {
    return latexToOmml(latex, { display });
  } catch {
    return textRun(`$${latex}$`);
  }
}

// ---- Images -------------------------------------------------------------------------------------

const IMAGE_EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/gif": "gif",
  "image/bmp": "bmp",
  "image/webp": "webp",
};

/** The picture formats Word shows, by their first bytes, for storage that does not know the type. */
function sniffExtension(data: Uint8Array): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => data[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "png";
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "gif";
  if (starts(0x42, 0x4d)) return "bmp";
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...data.subarray(8, 12)) === "WEBP") return "webp";
  return undefined;
}

interface LoadedImage {
  data: Uint8Array;
  extension: string;
  width: number;
  height: number;
}

/** Pixel size from the file header (PNG, GIF, JPEG), for images whose node has no size. */
function imageSize(data: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length > 24 && view.getUint32(0) === 0x89504e47) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (data.length > 10 && view.getUint32(0) >>> 8 === 0x474946)
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (data.length > 4 && view.getUint16(0) === 0xffd8) {
    let offset = 2;
    while (offset + 9 < data.length && data[offset] === 0xff) {
      const marker = data[offset + 1]!;
      const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) return { width: view.getUint16(offset + 7), height: view.getUint16(offset + 5) };
      offset += 2 + view.getUint16(offset + 2);
    }
  }
  return null;
}

function collectImageSources(doc: RichText | null, sources: Set<string>) {
  const visit = (nodes: readonly LectureBlockNode[]) => {
    for (const node of nodes) {
      if (node.type === "image") sources.add(node.attrs.src);
      else if (node.type === "table") for (const row of node.content) for (const cell of row.content) visit(cell.content);
      else if (node.type === "blockquote") visit(node.content);
      else if (node.type === "bulletList" || node.type === "orderedList") visit(node.content.flatMap((item) => item.content));
    }
  };
  if (doc) visit(doc.content);
}

function richTextsOf(question: ExportableQuestion): RichText[] {
  const body = question.body;
  const parts: RichText[] = [question.stem, ...(question.solution ? [question.solution] : [])];
  if (body.type === "single_choice" || body.type === "multiple_response")
    parts.push(...body.options.map((option) => option.content));
  if (body.type === "true_false_group") parts.push(...body.statements.map((statement) => statement.content));
  if (body.type === "ordering") parts.push(...body.items.map((item) => item.content));
  if (body.type === "matching")
    parts.push(...body.premises.map((premise) => premise.content), ...body.responses.map((response) => response.content));
  return parts;
}

export async function loadImages(
  questions: readonly ExportableQuestion[],
  loadImage: LoadImage,
): Promise<Map<string, LoadedImage | null>> {
  const sources = new Set<string>();
  for (const question of questions) for (const doc of richTextsOf(question)) collectImageSources(doc, sources);
  const pending = [...sources];
  const images = new Map<string, LoadedImage | null>();
  const worker = async () => {
    for (let source = pending.shift(); source !== undefined; source = pending.shift()) {
      const loaded = await loadImage(source);
      const extension = loaded && (IMAGE_EXTENSIONS[loaded.contentType.toLowerCase()] ?? sniffExtension(loaded.data));
      const size = loaded && imageSize(loaded.data);
      images.set(
        source,
        loaded && extension ? { data: loaded.data, extension, width: size?.width ?? 300, height: size?.height ?? 200 } : null,
      );
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return images;
}

// ---- The document -------------------------------------------------------------------------------

interface Relationship {
  id: string;
  type: "image" | "hyperlink";
  target: string;
}

/** Builds document.xml and collects the images and links it refers to. */
export class DocumentWriter {
  readonly relationships: Relationship[] = [];
  readonly media: { name: string; data: Uint8Array }[] = [];
  private readonly imageRelationships = new Map<string, string>();
  private drawingId = 0;

  constructor(private readonly images: ReadonlyMap<string, LoadedImage | null>) {}

  private relationship(type: Relationship["type"], target: string): string {
    const id = `rId${this.relationships.length + 10}`;
    this.relationships.push({ id, type, target });
    return id;
  }

  private imageRun(attrs: {
    src: string;
    alt?: string | null;
    title?: string | null;
    width?: number | null;
    height?: number | null;
  }): string {
    const image = this.images.get(attrs.src);
    if (!image) return textRun(`[Không tải được hình ảnh${attrs.alt ? `: ${attrs.alt}` : ""}]`, { italic: true });
    let relationshipId = this.imageRelationships.get(attrs.src);
    if (!relationshipId) {
      const name = `image${this.media.length + 1}.${image.extension}`;
      this.media.push({ name, data: image.data });
      relationshipId = this.relationship("image", `media/${name}`);
      this.imageRelationships.set(attrs.src, relationshipId);
    }
    let width = attrs.width ?? (attrs.height ? Math.round((attrs.height * image.width) / image.height) : image.width);
    let height = attrs.height ?? Math.round((width * image.height) / image.width);
    if (width > MAX_IMAGE_PIXELS) [width, height] = [MAX_IMAGE_PIXELS, Math.round((height * MAX_IMAGE_PIXELS) / width)];
    const [cx, cy] = [Math.max(1, width) * EMU_PER_PIXEL, Math.max(1, height) * EMU_PER_PIXEL];
    this.drawingId += 1;
    const description = escapeXml(attrs.alt ?? "");
    const title = attrs.title ? ` title="${escapeXml(attrs.title)}"` : "";
    return (
      `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
      `<wp:docPr id="${this.drawingId}" name="Hình ${this.drawingId}" descr="${description}"${title}/>` +
      `<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
      `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
      `<pic:nvPicPr><pic:cNvPr id="${this.drawingId}" name="Hình ${this.drawingId}"/><pic:cNvPicPr/></pic:nvPicPr>` +
      `<pic:blipFill><a:blip r:embed="${relationshipId}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
      `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
      `</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
    );
  }

  inlines(nodes: readonly LectureInlineNode[] | undefined, base: TextFormat = {}): string {
    return (nodes ?? [])
      .map((node) => {
        if (node.type === "hardBreak") return "<w:r><w:br/></w:r>";
        if (node.type === "inlineMath") return equation(node.attrs.latex, false);
        const marks = new Set((node.marks ?? []).map((mark: LectureMark) => mark.type));
        const run = textRun(node.text, {
          ...base,
          bold: base.bold || marks.has("bold"),
          italic: base.italic || marks.has("italic"),
          underline: base.underline || marks.has("underline"),
          strike: marks.has("strike"),
          monospace: marks.has("code"),
        });
        const link = node.marks?.find((mark) => mark.type === "link");
        return link ? `<w:hyperlink r:id="${this.relationship("hyperlink", link.attrs.href)}">${run}</w:hyperlink>` : run;
      })
      .join("");
  }

  /**
   * Block nodes as paragraphs and tables. `prefix` (runs such as "Câu 3. ") goes at the start of the
   * first paragraph, or on a paragraph of its own when the content starts with something else.
   */
  blocks(nodes: readonly LectureBlockNode[], options: { prefix?: string; indentation?: number } = {}): string[] {
    const output: string[] = [];
    let prefix = options.prefix ?? "";
    const indentation = options.indentation ?? 0;
    const pPr = indent(indentation);
    const takePrefix = () => {
      const taken = prefix;
      prefix = "";
      return taken;
    };
    for (const node of nodes) {
      if (node.type === "paragraph") {
        output.push(paragraph(`${takePrefix()}${this.inlines(node.content)}`, pPr));
        continue;
      }
      if (prefix) output.push(paragraph(takePrefix(), pPr));
      switch (node.type) {
        case "heading":
          output.push(paragraph(this.inlines(node.content, { bold: true, size: 34 - 2 * node.attrs.level }), pPr));
          break;
        case "codeBlock":
          for (const line of (node.content ?? [])
            .map((child) => child.text)
            .join("")
            .split("\n"))
            output.push(paragraph(textRun(line, { monospace: true }), pPr));
          break;
        case "horizontalRule":
          output.push(
            paragraph(
              "",
              `<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>${indent(indentation)}`,
            ),
          );
          break;
        case "image":
          output.push(paragraph(this.imageRun(node.attrs), pPr));
          break;
        case "blockMath":
          output.push(paragraph(equation(node.attrs.latex, true), pPr));
          break;
        case "materialEmbed":
          output.push(
            paragraph(textRun(`[Học liệu nhúng${node.attrs.title ? `: ${node.attrs.title}` : ""}]`, { italic: true }), pPr),
          );
          break;
        case "blockquote":
          output.push(...this.blocks(node.content, { indentation: indentation + 567 }));
          break;
        case "bulletList":
          for (const item of node.content)
            output.push(...this.blocks(item.content, { prefix: textRun("•\t"), indentation: indentation + 567 }));
          break;
        case "orderedList": {
          // Numbers as text, never letters: "a)" or "A." at the start of a line would read back as statements or options.
          const start = node.attrs?.start ?? 1;
          node.content.forEach((item, index) => {
            output.push(...this.blocks(item.content, { prefix: textRun(`${start + index}.\t`), indentation: indentation + 567 }));
          });
          break;
        }
        case "table":
          output.push(this.table(node));
          break;
      }
    }
    if (prefix) output.push(paragraph(prefix, pPr));
    return output;
  }

  private table(table: LectureTable): string {
    const columns = Math.max(
      1,
      ...table.content.map((row) => row.content.reduce((sum, cell) => sum + (cell.attrs?.colspan ?? 1), 0)),
    );
    const width = Math.floor(TEXT_WIDTH / columns);
    // Cells spanning rows continue below as empty "vMerge" cells at the same grid column.
    const continuing = new Map<number, { rows: number; colspan: number }>();
    const rows = table.content.map((row) => {
      const cells: string[] = [];
      let column = 0;
      const emitContinuations = () => {
        for (let merged = continuing.get(column); merged; merged = continuing.get(column)) {
          cells.push(
            `<w:tc><w:tcPr>${merged.colspan > 1 ? `<w:gridSpan w:val="${merged.colspan}"/>` : ""}<w:vMerge/></w:tcPr><w:p/></w:tc>`,
          );
          if (--merged.rows === 0) continuing.delete(column);
          column += merged.colspan;
        }
      };
      for (const cell of row.content) {
        emitContinuations();
        const colspan = cell.attrs?.colspan ?? 1;
        const rowspan = cell.attrs?.rowspan ?? 1;
        if (rowspan > 1) continuing.set(column, { rows: rowspan - 1, colspan });
        const properties = `<w:tcW w:w="${width * colspan}" w:type="dxa"/>${colspan > 1 ? `<w:gridSpan w:val="${colspan}"/>` : ""}${rowspan > 1 ? '<w:vMerge w:val="restart"/>' : ""}`;
        const content = this.blocks(cell.content);
        cells.push(
          `<w:tc><w:tcPr>${properties}</w:tcPr>${content.length > 0 && content.at(-1)!.startsWith("<w:p") ? content.join("") : `${content.join("")}<w:p/>`}</w:tc>`,
        );
        column += colspan;
      }
      emitContinuations();
      return `<w:tr>${cells.join("")}</w:tr>`;
    });
    return tableXml(columns, width, rows);
  }
}

function tableXml(columns: number, width: number, rows: readonly string[]): string {
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>`;
  const borders = `<w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"].map(border).join("")}</w:tblBorders>`;
  const grid = `<w:tblGrid>${Array.from({ length: columns }, () => `<w:gridCol w:w="${width}"/>`).join("")}</w:tblGrid>`;
  return `<w:tbl><w:tblPr><w:tblW w:w="${width * columns}" w:type="dxa"/>${borders}<w:tblLayout w:type="fixed"/></w:tblPr>${grid}${rows.join("")}</w:tbl>`;
}

/** A simple table of text cells; the first row is the header (bold). */
export function textTable(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(1, ...rows.map((row) => row.length));
  const width = Math.floor(TEXT_WIDTH / columns);
  const xmlRows = rows.map(
    (row, index) =>
      `<w:tr>${row.map((cell) => `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${paragraph(textRun(cell, { bold: index === 0 }))}</w:tc>`).join("")}</w:tr>`,
  );
  return tableXml(columns, width, xmlRows);
}

// ---- Questions ----------------------------------------------------------------------------------

const SECTION_OF: Record<QuestionBody["type"], SectionKind | "other"> = {
  single_choice: "single_choice",
  true_false_group: "true_false_group",
  short_answer: "short_answer",
  essay: "other",
  multiple_response: "other",
  matching: "other",
  ordering: "other",
  cloze: "other",
};
const SECTION_ORDER = ["single_choice", "true_false_group", "short_answer", "other"] as const;

/** How long an option looks on paper, to decide how many fit on one line. */
function printedLength(doc: RichText): number | null {
  if (doc.content.length !== 1) return null;
  const [block] = doc.content;
  if (block?.type !== "paragraph") return null;
  let length = 0;
  for (const node of block.content ?? []) {
    if (node.type === "hardBreak") return null;
    length += node.type === "text" ? node.text.length : Math.ceil(node.attrs.latex.length / 2);
  }
  return length;
}

export const formatDecimal = (value: number) => String(Number(value.toFixed(4))).replace(".", ",");

interface Labelled {
  label: string;
  content: RichText;
  marked: boolean;
}

export class QuestionWriter {
  readonly body: string[] = [];
  readonly keyRows: string[][] = [];

  constructor(
    private readonly document: DocumentWriter,
    private readonly includeAnswers: boolean,
    private readonly withLabels: boolean,
  ) {}

  private labelRun(label: string, marked: boolean): string {
    const answer = marked && this.includeAnswers;
    return textRun(label, { bold: true, underline: answer, color: answer ? ANSWER_COLOR : undefined });
  }

  /** Options or statements: several per line (tab stops) when they are all short, else one per paragraph. */
  private labelled(parts: readonly Labelled[]) {
    const lengths = parts.map((part) => printedLength(part.content));
    const longest = lengths.every((length) => length !== null) ? Math.max(...(lengths as number[])) : Infinity;
    const perLine = parts.length >= 3 && longest <= 18 ? 4 : parts.length >= 2 && longest <= 40 ? 2 : 1;
    const step = Math.floor(TEXT_WIDTH / perLine);
    if (perLine === 1) {
      for (const part of parts)
        this.body.push(
          ...this.document.blocks(part.content.content, {
            prefix: `${this.labelRun(part.label, part.marked)}${textRun(" ")}`,
            indentation: 284,
          }),
        );
      return;
    }
    for (let start = 0; start < parts.length; start += perLine) {
      const line = parts.slice(start, start + perLine).map((part) => {
        const [block] = part.content.content;
        return `${this.labelRun(part.label, part.marked)}${textRun(" ")}${block?.type === "paragraph" ? this.document.inlines(block.content) : ""}`;
      });
      const stops = Array.from({ length: perLine - 1 }, (_, index) => step * (index + 1));
      this.body.push(paragraph(line.join(textRun("\t")), `${tabStops(stops)}${indent(284)}`));
    }
  }

  private answerLine(text: string) {
    if (this.includeAnswers) this.body.push(paragraph(`${textRun(ANSWER_LINE_TITLE, { bold: true })}${textRun(` ${text}`)}`));
  }

  write(question: ExportableQuestion, number: number) {
    const body = question.body;
    const tags = [
      this.includeAnswers && question.level ? `${levelTag(question.level)} ` : "",
      TYPE_TAGS[body.type] ? `${TYPE_TAGS[body.type]} ` : "",
    ].join("");
    const prefix = `${textRun(`Câu ${number}.`, { bold: true })}${textRun(` ${tags}`)}`;
    this.body.push(...this.document.blocks(question.stem.content, { prefix }));
    const letter = (index: number) => OPTION_LETTERS[index] ?? String(index + 1);
    let key: string | null = null;
    switch (body.type) {
      case "single_choice":
        this.labelled(
          body.options.map((option, index) => ({
            label: `${letter(index)}.`,
            content: option.content,
            marked: option.id === body.correctOptionId,
          })),
        );
        key = letter(body.options.findIndex((option) => option.id === body.correctOptionId));
        break;
      case "multiple_response":
        this.labelled(
          body.options.map((option, index) => ({ label: `${letter(index)}.`, content: option.content, marked: option.correct })),
        );
        key = body.options.flatMap((option, index) => (option.correct ? [letter(index)] : [])).join(", ");
        break;
      case "true_false_group":
        this.labelled(
          body.statements.map((statement, index) => ({
            label: `${letter(index).toLowerCase()})`,
            content: statement.content,
            marked: statement.correct,
          })),
        );
        key = body.statements
          .map((statement, index) => `${letter(index).toLowerCase()}) ${statement.correct ? TRUE_MARK : FALSE_MARK}`)
          .join(" ");
        break;
      case "short_answer": {
        const answer = body.answer;
        key =
          answer.kind === "numeric"
            ? `${answer.value}${answer.tolerance > 0 ? ` (sai số ${formatDecimal(answer.tolerance)})` : ""}`
            : `${answer.accepted.join("; ")}${answer.caseSensitive ? ` ${CASE_SENSITIVE_TEXT}` : ""}`;
        this.answerLine(key);
        break;
      }
      case "ordering": {
        // Shown rotated by one, so the printed order is not the answer.
        const shown = body.items.map((_, index) => body.items[(index + 1) % body.items.length]!);
        this.labelled(shown.map((item, index) => ({ label: `${letter(index)}.`, content: item.content, marked: false })));
        key = body.items.map((item) => letter(shown.indexOf(item))).join(", ");
        this.answerLine(key);
        break;
      }
      case "matching":
        for (const [index, premise] of body.premises.entries())
          this.body.push(
            ...this.document.blocks(premise.content.content, {
              prefix: `${textRun(`${index + 1}.`, { bold: true })}${textRun(" ")}`,
              indentation: 284,
            }),
          );
        this.labelled(
          body.responses.map((response, index) => ({ label: `${letter(index)}.`, content: response.content, marked: false })),
        );
        key = body.pairs
          .map(
            (pair) =>
              `${body.premises.findIndex((premise) => premise.id === pair.premiseId) + 1}-${letter(body.responses.findIndex((response) => response.id === pair.responseId))}`,
          )
          .join(", ");
        this.answerLine(key);
        break;
      case "cloze":
        if (this.includeAnswers)
          for (const gap of body.gaps)
            this.body.push(
              paragraph(
                textRun(`[[${gap.key}]]: ${gap.accepted.join("; ")}${gap.caseSensitive ? ` ${CASE_SENSITIVE_TEXT}` : ""}`),
              ),
            );
        break;
      case "essay":
        break;
    }
    if (this.includeAnswers && question.solution)
      this.body.push(paragraph(textRun(SOLUTION_TITLE, { bold: true })), ...this.document.blocks(question.solution.content));
    if (this.includeAnswers && body.type === "essay") {
      this.body.push(paragraph(textRun(RUBRIC_TITLE, { bold: true })));
      this.body.push(
        textTable([
          RUBRIC_COLUMNS,
          ...body.rubric.map((row) => [row.criterion, `${formatDecimal(row.weight * 100)}%`, row.description]),
        ]),
        paragraph(""),
      );
    }
    if (key !== null) this.keyRows.push([String(number), key, ...(this.withLabels ? [question.label ?? ""] : [])]);
  }
}

// ---- Package ------------------------------------------------------------------------------------

export const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
export const namespaceDeclarations = Object.entries(WORD_NAMESPACES)
  .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
  .join(" ");

const STYLES_XML =
  `${XML_HEADER}<w:styles xmlns:w="${WORD_NAMESPACES.w}">` +
  `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
  `<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
  `<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
  `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar>` +
  `<w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`;

const RELATIONSHIP_TYPES = {
  image: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
  hyperlink: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
} as const;

export function packageFiles(title: string, documentXml: string, writer: DocumentWriter) {
  const relationships = writer.relationships
    .map(
      (relationship) =>
        `<Relationship Id="${relationship.id}" Type="${RELATIONSHIP_TYPES[relationship.type]}" Target="${escapeXml(relationship.target)}"${relationship.type === "hyperlink" ? ' TargetMode="External"' : ""}/>`,
    )
    .join("");
  const extensions = [...new Set(writer.media.map((item) => item.name.slice(item.name.lastIndexOf(".") + 1)))];
  return [
    {
      name: "[Content_Types].xml",
      data:
        `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        extensions.map((extension) => `<Default Extension="${extension}" ContentType="image/${extension}"/>`).join("") +
        `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
        `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
        `</Types>`,
    },
    {
      name: "_rels/.rels",
      data:
        `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
        `</Relationships>`,
    },
    {
      name: "docProps/core.xml",
      data:
        `${XML_HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
        `<dc:title>${escapeXml(title)}</dc:title><dc:creator>Kho Học Liệu</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>`,
    },
    {
      name: "word/_rels/document.xml.rels",
      data:
        `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${relationships}</Relationships>`,
    },
    { name: "word/document.xml", data: documentXml },
    { name: "word/styles.xml", data: STYLES_XML },
    ...writer.media.map((item) => ({
      name: `word/media/${item.name}`,
      data: Buffer.from(item.data.buffer, item.data.byteOffset, item.data.byteLength),
    })),
  ];
}

/**
 * Writes questions to a .docx in the conventions {@link parseQuestionDocx} reads back: grouped in
 * sections by type like the 2025 exam (single choice, true/false, short answer, then the rest),
 * numbered "Câu 1." … continuously, equations as Word equations and images embedded (`loadImage`
 * gives their bytes; an image it cannot load is replaced by a note). With `includeAnswers` the
 * answers are marked (underlined red letters, "Đáp án:" lines), levels and solutions are written,
 * essays get their rubric table, and a "BẢNG ĐÁP ÁN" table ends the file (with each question's
 * `label`, when given). Not written: shuffleOptions, allowPhoto and partial-scoring settings.
 *
 * @see parseQuestionDocx in parse-docx.server.ts
 */
export async function exportQuestionsDocx(
  questions: readonly ExportableQuestion[],
  options: { title: string; loadImage: LoadImage; includeAnswers: boolean },
): Promise<Uint8Array> {
  const document = new DocumentWriter(await loadImages(questions, options.loadImage));
  const withLabels = options.includeAnswers && questions.some((question) => question.label);
  const writer = new QuestionWriter(document, options.includeAnswers, withLabels);
  writer.body.push(paragraph(textRun(options.title, { bold: true, size: 28 }), '<w:jc w:val="center"/>'));
  let number = 0;
  let sectionIndex = 0;
  for (const kind of SECTION_ORDER) {
    const inSection = questions.filter((question) => SECTION_OF[question.body.type] === kind);
    if (inSection.length === 0) continue;
    const title =
      kind === "other" && inSection.every((question) => question.body.type === "essay")
        ? SECTION_TITLES.essay
        : SECTION_TITLES[kind];
    writer.body.push(
      paragraph(
        textRun(`PHẦN ${ROMAN_NUMERALS[sectionIndex++]}. ${title}`, { bold: true }),
        '<w:spacing w:before="240" w:after="120"/>',
      ),
    );
    for (const question of inSection) writer.write(question, ++number);
  }
  if (options.includeAnswers && writer.keyRows.length > 0) {
    writer.body.push(
      paragraph(textRun(ANSWER_KEY_TITLE, { bold: true }), '<w:spacing w:before="360" w:after="120"/><w:jc w:val="center"/>'),
    );
    writer.body.push(textTable([["Câu", "Đáp án", ...(withLabels ? ["Tên câu hỏi"] : [])], ...writer.keyRows]), paragraph(""));
  }
  const sectionProperties = `<w:sectPr><w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/><w:pgMar w:top="${PAGE.margin}" w:right="${PAGE.margin}" w:bottom="${PAGE.margin}" w:left="${PAGE.margin}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`;
  const documentXml = `${XML_HEADER}<w:document ${namespaceDeclarations}><w:body>${writer.body.join("")}${sectionProperties}</w:body></w:document>`;
  return new Uint8Array(await writeZip(packageFiles(options.title, documentXml, document)));
}
