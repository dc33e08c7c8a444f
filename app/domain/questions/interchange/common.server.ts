import { createHash } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { fileTypeFromBuffer } from "file-type";
import type { z } from "zod";
import { isSafeImageSrc } from "#content-schemas/lecture";
import type { ImportedQuestion, ImportFormat, ImportParseResult, StoreImage } from "#content-schemas/question-import";
import {
  plainRichText,
  questionContentSchema,
  QUESTION_LIMITS,
  type QuestionBodyOf,
  type QuestionContent,
  type RichText,
} from "#content-schemas/questions";
import type { ExportableQuestion } from "./exportable";
import {
  localName,
  markupText,
  richTextToPlainText,
  type MarkupElement,
  type MarkupNode,
  type RichTextImportOptions,
} from "./rich-text-html.server";

/**
 * What the Moodle XML, GIFT and QTI importers and exporters share: part ids, validation of each
 * parsed item against the question contract (with Vietnamese problems), categories, images, XML
 * parsing, and the shapes that stand in for formats a file cannot name (true/false groups, rubrics).
 */

// ---- Part ids -------------------------------------------------------------------------------------

/** "A", "B", "C" … in file order (past Z, which no valid question reaches, "O27" …). */
export const optionId = (index: number) => (index < 26 ? String.fromCharCode(65 + index) : `O${index + 1}`);
/** "a" … "d" for the statements of a true/false group. */
export const statementId = (index: number) => (index < 26 ? String.fromCharCode(97 + index) : `s${index + 1}`);
export const premiseId = (index: number) => `p${index + 1}`;
export const responseId = (index: number) => `r${index + 1}`;
/** Cloze gaps are numbered in the order they appear: `[[1]]`, `[[2]]` … */
export const gapKey = (index: number) => String(index + 1);

// ---- Validation and the result of an import -------------------------------------------------------

const PART_NAMES: Record<string, (index: number) => string> = {
  options: (index) => `Phương án ${optionId(index)}`,
  statements: (index) => `Ý ${statementId(index)})`,
  premises: (index) => `Vế trái thứ ${index + 1}`,
  responses: (index) => `Vế phải thứ ${index + 1}`,
  items: (index) => `Mục thứ ${index + 1}`,
  gaps: (index) => `Chỗ trống thứ ${index + 1}`,
  rubric: (index) => `Tiêu chí chấm thứ ${index + 1}`,
};

/** "Phương án B", "Đề bài" …: where in the question an issue is, as the teacher sees it. */
function describePath(path: readonly PropertyKey[]): string {
  const [first, second, third] = path;
  if (first === "stem") return "Đề bài";
  if (first === "solution") return "Lời giải";
  if (first !== "body") return "";
  if (second === "answer") return "Đáp án";
  const part = typeof second === "string" ? PART_NAMES[second] : undefined;
  return part && typeof third === "number" ? part(third) : "";
}

const describeIssue = (issue: z.core.$ZodIssue) => {
  const where = describePath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
};

/**
 * Checks parsed content against the question contract. Problems the importer already found come
 * first and win (they say more than the schema would); otherwise every schema issue becomes a
 * Vietnamese problem, and the content is kept only when there is none.
 */
function checkContent(
  candidate: QuestionContent | null,
  problems: readonly string[],
): { content: QuestionContent | null; problems: string[] } {
  if (!candidate || problems.length > 0) {
    return { content: null, problems: problems.length > 0 ? [...new Set(problems)] : ["Không đọc được câu hỏi."] };
  }
  const result = questionContentSchema.safeParse(candidate, { error: () => "Nội dung câu hỏi có phần không hợp lệ." });
  if (result.success) return { content: result.data, problems: [] };
  return { content: null, problems: [...new Set(result.error.issues.map(describeIssue))] };
}

export interface ParsedItem {
  label: string;
  sourceText: string;
  category: string[];
  /** The content read from the file, or null when it could not be built (then `problems` says why). */
  content: QuestionContent | null;
  problems: string[];
}

/** Collects what an importer finds, in file order, into an `ImportParseResult`. */
export class ImportCollector {
  private readonly items: ImportedQuestion[] = [];
  private readonly unsupported: ImportParseResult["unsupported"] = [];
  private readonly warnings: string[] = [];

  constructor(private readonly format: ImportFormat) {}

  /** Items collected so far (unsupported ones are not items). */
  get itemCount() {
    return this.items.length;
  }

  addItem(item: ParsedItem) {
    const { content, problems } = checkContent(item.content, item.problems);
    this.items.push({
      index: this.items.length + 1,
      label: item.label,
      sourceText: item.sourceText,
      section: null,
      category: item.category,
      level: null,
      content,
      problems,
    });
  }

  /** An item of a kind the bank cannot hold (Moodle "calculated", a QTI hotspot …): listed, never dropped. */
  addUnsupported(label: string, type: string, sourceText: string) {
    this.unsupported.push({ label, type, sourceText });
  }

  /** A note about the whole file, or something lost from an item that is still imported. */
  warn(message: string) {
    this.warnings.push(message);
  }

  result(): ImportParseResult {
    return { format: this.format, items: this.items, unsupported: this.unsupported, warnings: this.warnings };
  }
}

// ---- Categories -----------------------------------------------------------------------------------

const CATEGORY_ROOT = /^\$[a-z]+\$$/i;
const DEFAULT_CATEGORY = /^(default for|mặc định cho)\s/i;

/**
 * A Moodle category path as written in Moodle XML and GIFT (`$course$/top/Toán 10/Hàm số`) as
 * names, top first: the context (`$course$`, `$system$` …), "top" and Moodle's own
 * "Default for …" category are left out; `//` is a "/" inside a name.
 */
export function categoryPath(text: string): string[] {
  const slash = "\ue000";
  const segments = text
    .trim()
    .replaceAll("//", slash)
    .split("/")
    .map((segment) => segment.replaceAll(slash, "/").trim())
    .filter(Boolean);
  if (segments[0] && CATEGORY_ROOT.test(segments[0])) segments.shift();
  if (segments[0]?.toLowerCase() === "top") segments.shift();
  if (segments[0] && DEFAULT_CATEGORY.test(segments[0])) segments.shift();
  return segments;
}

/** The category path as Moodle writes it: `$course$/top/Toán 10/Hàm số`. */
export const categoryPathText = (path: readonly string[]) =>
  ["$course$", "top", ...path.map((segment) => segment.replace(/\//g, "//"))].join("/");

// ---- Images ---------------------------------------------------------------------------------------

const RASTER_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
const looksLikeSvg = (head: string) =>
  /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head);
/** Scripts, event handlers and javascript: URLs are what make an SVG dangerous to show. */
const svgHasScript = (svg: string) => /<script\b|\son[a-z]+\s*=|javascript:|<foreignObject\b/i.test(svg);

/** The image type of some bytes, read from their content (never from a file name), or null. */
async function imageContentType(data: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(data);
  if (detected) return RASTER_IMAGE_TYPES.has(detected.mime) ? detected.mime : null;
  const text = new TextDecoder().decode(data);
  return looksLikeSvg(text.slice(0, 4096)) && !svgHasScript(text) ? "image/svg+xml" : null;
}

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/svg+xml": "svg",
};
/** The usual file extension of an image type ("png" when unknown). */
export const imageExtension = (contentType: string) => EXTENSIONS[contentType] ?? "png";

/** Where a format finds the bytes an image address points at: undefined when the address is not the format's, null when its file is missing. */
export type FindImageFile = (src: string) => { data: Uint8Array; fileName: string } | null | undefined;

/**
 * Hands the images of one file to the caller's `storeImage`, each distinct content once, and
 * turns every image address of the file into the `src` to store: https addresses stay, `data:`
 * URIs and the format's own files (`@@PLUGINFILE@@`, package files, found by `findFile`) are
 * stored, anything else is a problem of the item.
 */
export class ImageImporter {
  private readonly stored = new Map<string, Promise<string | null>>();

  constructor(private readonly storeImage: StoreImage) {}

  /** Import options for one item: problems with its images go into `problems`. */
  optionsFor(problems: string[], findFile: FindImageFile = () => undefined): RichTextImportOptions {
    return { resolveImage: (image) => this.resolve(image.src, problems, findFile) };
  }

  private async resolve(src: string, problems: string[], findFile: FindImageFile): Promise<string | null> {
    if (/^https:\/\//i.test(src) && isSafeImageSrc(src)) return src;
    const file = src.startsWith("data:") ? dataUriFile(src) : findFile(src);
    if (file === undefined) {
      problems.push(`Hình ảnh «${shorten(src)}» không dùng được: chỉ nhận ảnh kèm trong tệp hoặc địa chỉ https://.`);
      return null;
    }
    if (file === null) {
      problems.push(`Không tìm thấy hình ảnh «${shorten(src)}» trong tệp.`);
      return null;
    }
    // The store refuses what it cannot keep (too large, a type lectures do not show): a problem of this item only.
    const stored = await this.store(file.data, file.fileName).catch((error: unknown) => {
      problems.push(error instanceof Error ? error.message : String(error));
      return undefined;
    });
    if (stored === null)
      problems.push(`Tệp «${shorten(file.fileName || "ảnh nhúng")}» không phải hình ảnh PNG, JPEG, GIF, WebP hoặc SVG.`);
    return stored ?? null;
  }

  private store(data: Uint8Array, fileName: string): Promise<string | null> {
    const hash = createHash("sha256").update(data).digest("hex");
    let stored = this.stored.get(hash);
    if (!stored) {
      stored = imageContentType(data).then((contentType) => {
        if (!contentType) return null;
        const name = fileName || `hinh-${hash.slice(0, 12)}.${imageExtension(contentType)}`;
        return this.storeImage({ data, contentType, fileName: name });
      });
      this.stored.set(hash, stored);
    }
    return stored;
  }
}

/** The bytes of a `data:` URI (GIFT has no attachments, so images travel inline), null when it cannot be decoded. */
function dataUriFile(src: string): { data: Uint8Array; fileName: string } | null {
  const match = /^data:[^;,]*(;base64)?,(.*)$/is.exec(src);
  if (!match) return null;
  try {
    const data = match[1] ? Buffer.from(match[2] ?? "", "base64") : Buffer.from(decodeURIComponent(match[2] ?? ""));
    return data.length > 0 ? { data, fileName: "" } : null;
  } catch {
    return null;
  }
}

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

// ---- XML --------------------------------------------------------------------------------------------

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Prefixes are dropped by localName() below, so the xmlns attributes stay readable.
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  // A DOCTYPE's internal entities are expanded within bounds (no "billion laughs").
  processEntities: { enabled: true, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
});

const XML_ERRORS: Record<string, string> = {
  InvalidTag: "thẻ mở và thẻ đóng không khớp",
  InvalidAttr: "thuộc tính không hợp lệ",
  InvalidChar: "có ký tự không hợp lệ",
  InvalidXml: "cấu trúc XML không hợp lệ",
};

/**
 * Parses XML into markup, or says in Vietnamese where it is broken (`what` names the file:
 * "Tệp Moodle XML"). Comments and processing instructions are left out.
 */
export function parseXml(text: string, what: string): { ok: true; nodes: MarkupNode[] } | { ok: false; message: string } {
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { code, line, col } = validation.err;
    const reason = XML_ERRORS[code] ?? "cấu trúc XML không hợp lệ";
    return { ok: false, message: `${what} không đúng cú pháp XML ở dòng ${line}, cột ${col}: ${reason}.` };
  }
  return { ok: true, nodes: fromOrdered(xmlParser.parse(text), 0) };
}

/** Past this depth the content of an element is dropped: no real question nests so deep. */
const MAX_XML_DEPTH = 200;

function fromOrdered(entries: unknown, depth: number): MarkupNode[] {
  if (!Array.isArray(entries)) return [];
  const nodes: MarkupNode[] = [];
  for (const entry of entries as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(entry)) {
      if (key === ":@" || key.startsWith("?")) continue;
      if (key === "#text") {
        nodes.push({ type: "text", text: String(value) });
        continue;
      }
      const attributes = Object.fromEntries(
        Object.entries((entry[":@"] ?? {}) as Record<string, unknown>).map(([name, attribute]) => [name, String(attribute)]),
      );
      nodes.push({
        type: "element",
        name: localName(key),
        attributes,
        children: depth < MAX_XML_DEPTH ? fromOrdered(value, depth + 1) : [],
      });
    }
  }
  return nodes;
}

export const elementsOf = (nodes: readonly MarkupNode[], name?: string): MarkupElement[] =>
  nodes.filter((node): node is MarkupElement => node.type === "element" && (name === undefined || node.name === name));
export const childElements = (element: MarkupElement | undefined, name?: string) =>
  element ? elementsOf(element.children, name) : [];
export const childElement = (element: MarkupElement | undefined, name: string) => childElements(element, name)[0];
/** All text inside an element ("" when there is no element). */
export const elementText = (element: MarkupElement | undefined) => (element ? markupText(element.children) : "");

// ---- Shapes shared by the formats ---------------------------------------------------------------

const TRUE_TEXT = "Đúng";
const FALSE_TEXT = "Sai";

const plainKey = (doc: RichText) => richTextToPlainText(doc).normalize("NFC").toLowerCase();

/**
 * Whether two options are exactly "Đúng" and "Sai", in that order: the form a single true/false
 * statement (Moodle truefalse, GIFT {T}/{F}) takes in the bank, written back as that format's
 * true/false question.
 */
export function isTrueFalseChoice(options: readonly { content: RichText }[]): boolean {
  return options.length === 2 && plainKey(options[0]!.content) === "đúng" && plainKey(options[1]!.content) === "sai";
}

export function trueFalseOptions() {
  return [
    { id: optionId(0), content: plainRichText(TRUE_TEXT) },
    { id: optionId(1), content: plainRichText(FALSE_TEXT) },
  ];
}

/**
 * A true/false group (4 statements a)–d), the national exam's format) as a matching question of
 * its statements against "Đúng" / "Sai": the shape Moodle, GIFT and QTI can all carry. Both
 * answers are always listed, so a group whose statements are all true still offers "Sai".
 */
export function trueFalseGroupAsMatching(body: QuestionBodyOf<"true_false_group">): QuestionBodyOf<"matching"> {
  const [trueResponse, falseResponse] = [responseId(0), responseId(1)];
  return {
    type: "matching",
    premises: body.statements.map((statement, index) => ({ id: premiseId(index), content: statement.content })),
    responses: [
      { id: trueResponse, content: plainRichText(TRUE_TEXT) },
      { id: falseResponse, content: plainRichText(FALSE_TEXT) },
    ],
    pairs: body.statements.map((statement, index) => ({
      premiseId: premiseId(index),
      responseId: statement.correct ? trueResponse : falseResponse,
    })),
    scoring: "proportional",
  };
}

/** The reverse of {@link trueFalseGroupAsMatching}: exactly 4 premises against exactly "Đúng" and "Sai" are a true/false group. */
export function matchingAsTrueFalseGroup(body: QuestionBodyOf<"matching">): QuestionBodyOf<"true_false_group"> | null {
  const answers = new Map(body.responses.map((response) => [response.id, plainKey(response.content)]));
  const texts = [...answers.values()].sort();
  if (body.premises.length !== 4 || texts.length !== 2 || texts[0] !== "sai" || texts[1] !== "đúng") return null;
  const statements = body.premises.map((premise, index) => {
    const pair = body.pairs.find((candidate) => candidate.premiseId === premise.id);
    return { id: statementId(index), content: premise.content, correct: pair ? answers.get(pair.responseId) === "đúng" : false };
  });
  return body.pairs.length === 4 ? { type: "true_false_group", statements } : null;
}

const WHOLE_ITEM_CRITERION = "Toàn bài";
type RubricRow = QuestionBodyOf<"essay">["rubric"][number];

const RUBRIC_LINE = /^[-•*+\s]*(.+?)\s*[(:–-]\s*(\d+(?:[.,]\d+)?)\s*%\s*\)?\s*(?:[:.–-]\s*(.*))?$/;

/** Rows whose percentages add up to 100 (within rounding), scaled so the weights add up to exactly 1. */
function normaliseRubric(rows: { criterion: string; percent: number; description: string }[]): RubricRow[] | null {
  const total = rows.reduce((sum, row) => sum + row.percent, 0);
  if (rows.length === 0 || rows.length > QUESTION_LIMITS.maxRubricRows || Math.abs(total - 100) > 0.5) return null;
  if (rows.some((row) => !row.criterion || row.percent <= 0)) return null;
  return rows.map((row) => ({
    criterion: row.criterion.slice(0, 500),
    weight: row.percent / total,
    description: row.description.slice(0, 2000),
  }));
}

const percentOf = (text: string) => {
  const match = /^(\d+(?:[.,]\d+)?)\s*%?$/.exec(text.trim());
  return match ? Number(match[1]!.replace(",", ".")) : Number.NaN;
};

/**
 * The rubric of an essay from the grading notes a file gives (Moodle's graderinfo, a QTI scorer
 * rubric block): a table "Tiêu chí | Tỉ trọng | Mô tả" (what the exporters write) or lines
 * "Lập luận (40%): …". Anything else is one row "Toàn bài" weighing everything, with the notes as
 * its description.
 */
export function rubricFromNotes(notes: RichText | null): RubricRow[] {
  const table = notes?.content.find((block) => block.type === "table");
  if (table?.type === "table") {
    const rows = table.content
      .map((row) =>
        row.content.map((cell) =>
          cell.content
            .map((block) => richTextToPlainText({ type: "doc", content: [block] }))
            .join(" ")
            .trim(),
        ),
      )
      .filter((cells) => cells.length >= 2 && Number.isFinite(percentOf(cells[1]!)))
      .map((cells) => ({ criterion: cells[0]!, percent: percentOf(cells[1]!), description: cells[2] ?? "" }));
    const rubric = normaliseRubric(rows);
    if (rubric) return rubric;
  }
  const text = notes ? richTextToPlainText(notes) : "";
  const lines = text
    .split("\n")
    .map((line) => RUBRIC_LINE.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      criterion: match[1]!.trim(),
      percent: Number(match[2]!.replace(",", ".")),
      description: (match[3] ?? "").trim(),
    }));
  return normaliseRubric(lines) ?? [{ criterion: WHOLE_ITEM_CRITERION, weight: 1, description: text.slice(0, 2000) }];
}

const percentText = (weight: number) => `${Number((weight * 100).toFixed(4))}%`;

/**
 * Grading notes that {@link rubricFromNotes} reads back: a single "Toàn bài" row is its description
 * alone; several rows are a table "Tiêu chí | Tỉ trọng | Mô tả".
 */
export function rubricToNotes(rubric: readonly RubricRow[]): RichText | null {
  const [only] = rubric;
  if (rubric.length === 1 && only && only.criterion === WHOLE_ITEM_CRITERION) {
    const lines = only.description.split("\n").filter((line) => line.trim());
    return lines.length > 0 ? { type: "doc", content: lines.map((line) => plainRichText(line).content[0]!) } : null;
  }
  const cell = (text: string, header = false) => ({
    type: header ? ("tableHeader" as const) : ("tableCell" as const),
    content: [plainRichText(text).content[0]!],
  });
  return {
    type: "doc",
    content: [
      {
        type: "table",
        content: [
          { type: "tableRow", content: [cell("Tiêu chí", true), cell("Tỉ trọng", true), cell("Mô tả", true)] },
          ...rubric.map((row) => ({
            type: "tableRow" as const,
            content: [cell(row.criterion), cell(percentText(row.weight)), cell(row.description)],
          })),
        ],
      },
    ],
  };
}

/** Whether rich text holds nothing: only empty paragraphs. */
export const isEmptyRichText = (doc: RichText) =>
  doc.content.every((block) => block.type === "paragraph" && (block.content ?? []).length === 0);

// ---- Export helpers ---------------------------------------------------------------------------------

/** The name an exported item carries: its label, else the start of its stem, else "Câu N". */
export function exportLabel(question: ExportableQuestion, index: number): string {
  const label = question.label?.trim();
  if (label) return label;
  const words = question.stem.content.filter((block) => block.type !== "image");
  const stem = richTextToPlainText({ type: "doc", content: words }).replace(/\s+/g, " ").trim();
  if (stem) return stem.length > 60 ? `${stem.slice(0, 57)}…` : stem;
  return `Câu ${index + 1}`;
}

/** A number as formats write it: plain decimal notation, at most 7 decimals (Moodle's grade precision). */
export const numberText = (value: number) => String(Number(value.toFixed(7)));

/** "-1,5" → "-1.5": the bank keeps the teacher's separator, interchange formats want a dot. */
export const decimalWithDot = (value: string) => value.trim().replace(",", ".");

/** The label of an imported item without a name of its own. */
export const fallbackLabel = (index: number) => `Câu ${index}`;

/** The plain text of markup, whitespace collapsed: labels and short answers read from a file. */
export const plainMarkupText = (nodes: readonly MarkupNode[]) => markupText(nodes).replace(/\s+/g, " ").trim();
