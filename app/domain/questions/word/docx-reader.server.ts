import path from "node:path";
import { ommlToLatex } from "./omml-to-latex.server";
import {
  childElements,
  childValue,
  firstChild,
  parseXml,
  readZipEntries,
  textContent,
  type XmlElement,
  ZipReadError,
} from "./ooxml.server";

/**
 * Reads the body of a .docx into the few things a question file is made of: paragraphs of runs
 * (text with its formatting, equations, images) and tables, in document order. What the parser
 * needs to tell answers apart is kept (underline, bold, red, highlight); everything else about
 * layout is dropped. Word's automatic numbering ("Câu 1." from a numbered list) becomes text.
 */

export interface RunFormat {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  /** Red-ish font colour (FF0000, C00000, E00000 …): a common way to mark the answer. */
  red: boolean;
  /** Highlight or shading: another way to mark the answer. */
  highlight: boolean;
  /** Target of the hyperlink the run is in. */
  link: string | null;
}

const PLAIN_FORMAT: RunFormat = {
  bold: false,
  italic: false,
  underline: false,
  strike: false,
  red: false,
  highlight: false,
  link: null,
};

export interface DocxImage {
  /** Path inside the package (word/media/image3.png): the same picture used twice is stored once. */
  path: string;
  data: Uint8Array;
  contentType: string;
  width: number | null;
  height: number | null;
  alt: string | null;
}

export type Inline =
  | { kind: "text"; text: string; format: RunFormat }
  | { kind: "math"; latex: string; display: boolean; format: RunFormat }
  | { kind: "image"; image: DocxImage }
  /** A soft line break (Shift+Enter): the parser treats it like a new line. */
  | { kind: "break" }
  /** Something that cannot be imported (a MathType object, a WMF picture …), with the reason in Vietnamese. */
  | { kind: "problem"; message: string; placeholder: string };

export interface Paragraph {
  kind: "paragraph";
  inlines: Inline[];
}

export interface TableCell {
  blocks: Block[];
  colspan: number;
  /** Vertically merged cells: the first says how many rows it spans, the others are skipped. */
  rowspan: number;
  mergedAway: boolean;
}

export interface Table {
  kind: "table";
  rows: TableCell[][];
}

export type Block = Paragraph | Table;

export interface DocxDocument {
  blocks: Block[];
  /** Problems of the whole file (old Vietnamese fonts …). */
  warnings: string[];
}

/** A file that is not a Word document we can read; the message is for the teacher. */
export class DocxReadError extends Error {}

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

const EMU_PER_PIXEL = 9525;

const isOn = (element: XmlElement | undefined) => {
  if (!element) return false;
  const value = element.attributes["w:val"];
  return value === undefined || !["0", "false", "off", "none"].includes(value);
};

/** Red-ish: a strong red channel and weak green and blue (FF0000, C00000, E00000, FF3333 …). */
function isRed(color: string | undefined): boolean {
  if (!color || !/^[0-9a-f]{6}$/i.test(color)) return color?.toLowerCase() === "red";
  const [red, green, blue] = [0, 2, 4].map((start) => parseInt(color.slice(start, start + 2), 16)) as [number, number, number];
  return red >= 0xb0 && green <= 0x66 && blue <= 0x66;
}

function runFormat(properties: XmlElement | undefined, link: string | null): RunFormat {
  if (!properties) return { ...PLAIN_FORMAT, link };
  const underline = firstChild(properties, "w:u");
  const shading = firstChild(properties, "w:shd")?.attributes["w:fill"];
  const highlight = firstChild(properties, "w:highlight")?.attributes["w:val"];
  return {
    bold: isOn(firstChild(properties, "w:b")),
    italic: isOn(firstChild(properties, "w:i")),
    underline: underline !== undefined && underline.attributes["w:val"] !== "none",
    strike: isOn(firstChild(properties, "w:strike")) || isOn(firstChild(properties, "w:dstrike")),
    red: isRed(firstChild(properties, "w:color")?.attributes["w:val"]),
    highlight: (highlight !== undefined && highlight !== "none") || (shading !== undefined && !/^(auto|ffffff|)$/i.test(shading)),
    link,
  };
}

/** Characters of the Symbol font (w:sym) that question files use, by their code in that font. */
const SYMBOL_FONT = new Map<number, string>([
  ...[..."ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"].map((character, index) => [0x41 + index, character] as const),
  ...[..."αβχδεφγηιϕκλμνοπθρστυϖωξψζ"].map((character, index) => [0x61 + index, character] as const),
  ...[..."≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…"].map((character, index) => [0xa3 + index, character] as const),
  ...[..."ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇"].map((character, index) => [0xc0 + index, character] as const),
  ...[..."√⋅¬∧∨⇔⇐⇑⇒⇓"].map((character, index) => [0xd6 + index, character] as const),
  [0x22, "∀"],
  [0x24, "∃"],
  [0x27, "∋"],
  [0x2d, "−"],
  [0x40, "≅"],
  [0x5c, "∴"],
  [0x5e, "⊥"],
  [0x7e, "∼"],
  [0xa2, "′"],
  [0xe1, "〈"],
  [0xe5, "∑"],
  [0xf1, "〉"],
  [0xf2, "∫"],
]);

const SUPERSCRIPTS = pairs("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ");
const SUBSCRIPTS = pairs("0123456789+-−=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ");

function pairs(from: string, to: string): Map<string, string> {
  const targets = [...to];
  return new Map([...from].map((character, index) => [character, targets[index]!]));
}

/** Superscript/subscript text (x², H₂O, Fe³⁺): Unicode characters when they exist, else a small formula. */
function scriptInline(text: string, position: "superscript" | "subscript", format: RunFormat): Inline {
  const table = position === "superscript" ? SUPERSCRIPTS : SUBSCRIPTS;
  const characters = [...text];
  if (characters.every((character) => table.has(character)))
    return { kind: "text", text: characters.map((character) => table.get(character)).join(""), format };
  const escaped = text.replace(/[\\{}$&#^_%~]/g, (character) => `\\${character}`);
  return { kind: "math", latex: `${position === "superscript" ? "^" : "_"}{\\text{${escaped}}}`, display: false, format };
}

interface Relationship {
  target: string;
  external: boolean;
}

interface NumberingLevel {
  start: number;
  format: string;
  text: string;
}

/** Automatic numbering (numbering.xml): turns a numbered paragraph's label ("Câu 3.", "B.") into text. */
class Numbering {
  private readonly levels = new Map<string, Map<number, NumberingLevel>>();
  private readonly instances = new Map<string, { abstractId: string; starts: Map<number, number> }>();
  private readonly counters = new Map<string, number[]>();
  private readonly startedInstances = new Set<string>();

  constructor(root: XmlElement | undefined) {
    if (!root) return;
    for (const abstract of childElements(root, "w:abstractNum")) {
      const levels = new Map<number, NumberingLevel>();
      for (const level of childElements(abstract, "w:lvl")) {
        levels.set(Number(level.attributes["w:ilvl"] ?? 0), {
          start: Number(childValue(level, "w:start") ?? 1),
          format: childValue(level, "w:numFmt") ?? "decimal",
          text: childValue(level, "w:lvlText") ?? "",
        });
      }
      this.levels.set(abstract.attributes["w:abstractNumId"] ?? "", levels);
    }
    for (const instance of childElements(root, "w:num")) {
      const starts = new Map<number, number>();
      for (const override of childElements(instance, "w:lvlOverride")) {
        const start = childValue(override, "w:startOverride");
        if (start !== undefined) starts.set(Number(override.attributes["w:ilvl"] ?? 0), Number(start));
      }
      this.instances.set(instance.attributes["w:numId"] ?? "", {
        abstractId: childValue(instance, "w:abstractNumId") ?? "",
        starts,
      });
    }
  }

  /** The label of the next paragraph of list `numId` at `level`, or "" for bullets and unknown lists. */
  next(numId: string, level: number): string {
    const instance = this.instances.get(numId);
    const levels = instance && this.levels.get(instance.abstractId);
    const definition = levels?.get(level);
    if (!instance || !levels || !definition) return "";
    // Instances of one abstract list continue its numbering, unless they restart it (startOverride).
    const counters = this.counters.get(instance.abstractId) ?? [];
    if (!this.startedInstances.has(numId)) {
      this.startedInstances.add(numId);
      for (const [overridden, start] of instance.starts) counters[overridden] = start - 1;
    }
    counters[level] = (counters[level] ?? (levels.get(level)?.start ?? 1) - 1) + 1;
    counters.length = level + 1;
    this.counters.set(instance.abstractId, counters);
    if (definition.format === "bullet" || definition.format === "none") return "";
    return definition.text.replace(/%(\d)/g, (_, number: string) => {
      const index = Number(number) - 1;
      const value = counters[index] ?? levels.get(index)?.start ?? 1;
      return formatNumber(value, levels.get(index)?.format ?? "decimal");
    });
  }
}

function formatNumber(value: number, format: string): string {
  const letter = (base: number) => String.fromCharCode(base + ((value - 1) % 26));
  if (format === "upperLetter") return letter(65);
  if (format === "lowerLetter") return letter(97);
  if (format === "upperRoman" || format === "lowerRoman") {
    const numerals: [number, string][] = [
      [1000, "M"],
      [900, "CM"],
      [500, "D"],
      [400, "CD"],
      [100, "C"],
      [90, "XC"],
      [50, "L"],
      [40, "XL"],
      [10, "X"],
      [9, "IX"],
      [5, "V"],
      [4, "IV"],
      [1, "I"],
    ];
    let rest = value;
    let roman = "";
    for (const [amount, numeral] of numerals) {
      const times = Math.floor(rest / amount);
      roman += numeral.repeat(times);
      rest -= times * amount;
    }
    return format === "upperRoman" ? roman : roman.toLowerCase();
  }
  return String(value);
}

/** Walks document.xml; one instance per file. */
class BodyReader {
  private legacyFont = false;
  /** Open complex fields (w:fldChar) of the paragraph: true while in a field's instruction, which is skipped for its result. */
  private fields: boolean[] = [];

  constructor(
    private readonly relationships: Map<string, Relationship>,
    private readonly media: Map<string, Buffer>,
    private readonly numbering: Numbering,
  ) {}

  readBlocks(container: XmlElement): Block[] {
    const blocks: Block[] = [];
    for (const child of childElements(container)) {
      if (child.name === "w:p") blocks.push(this.readParagraph(child));
      else if (child.name === "w:tbl") blocks.push(this.readTable(child));
      else if (child.name === "w:sdt") blocks.push(...this.readBlocks(firstChild(child, "w:sdtContent") ?? child));
      else if (child.name === "w:customXml" || child.name === "w:ins" || child.name === "w:moveTo")
        blocks.push(...this.readBlocks(child));
    }
    return blocks;
  }

  get warnings(): string[] {
    return this.legacyFont
      ? [
          "Tệp dùng phông chữ cũ (TCVN3/VNI, ví dụ .VnTime): chữ tiếng Việt có thể bị lỗi. Hãy chuyển mã sang Unicode (Unikey → Công cụ chuyển mã) rồi nhập lại.",
        ]
      : [];
  }

  private readParagraph(paragraph: XmlElement): Paragraph {
    const inlines: Inline[] = [];
    const numberProperties = firstChild(firstChild(paragraph, "w:pPr"), "w:numPr");
    const numId = childValue(numberProperties, "w:numId");
    if (numId && numId !== "0") {
      const label = this.numbering.next(numId, Number(childValue(numberProperties, "w:ilvl") ?? 0));
      if (label) inlines.push({ kind: "text", text: `${label} `, format: PLAIN_FORMAT });
    }
    this.fields = [];
    this.readInlines(paragraph, null, inlines);
    return { kind: "paragraph", inlines };
  }

  private readInlines(container: XmlElement, link: string | null, inlines: Inline[]) {
    for (const child of childElements(container)) {
      switch (child.name) {
        case "w:r":
          this.readRun(child, link, inlines);
          break;
        case "m:oMath":
        case "m:oMathPara": {
          const latex = ommlToLatex(child);
          const display = child.name === "m:oMathPara";
          if (latex) inlines.push({ kind: "math", latex, display, format: mathFormat(child) });
          break;
        }
        case "w:hyperlink": {
          const target = this.relationships.get(child.attributes["r:id"] ?? "");
          this.readInlines(child, target?.external ? target.target : link, inlines);
          break;
        }
        case "w:sdt":
          this.readInlines(firstChild(child, "w:sdtContent") ?? child, link, inlines);
          break;
        case "w:ins":
        case "w:moveTo":
        case "w:smartTag":
        case "w:customXml":
        case "w:fldSimple":
        case "w:dir":
        case "w:bdo":
          this.readInlines(child, link, inlines);
          break;
        default:
          // w:pPr, w:del, w:moveFrom, bookmarks, proofing marks, comments: nothing to read.
          break;
      }
    }
  }

  private get inFieldInstruction(): boolean {
    return this.fields.includes(true);
  }

  private readRun(run: XmlElement, link: string | null, inlines: Inline[]) {
    const properties = firstChild(run, "w:rPr");
    const fonts = firstChild(properties, "w:rFonts");
    if (fonts && /^(\.vn|vni[-\s])/i.test(fonts.attributes["w:ascii"] ?? fonts.attributes["w:hAnsi"] ?? ""))
      this.legacyFont = true;
    const verticalAlign = childValue(properties, "w:vertAlign");
    this.readRunContent(run, runFormat(properties, link), verticalAlign, inlines);
  }

  private readRunContent(run: XmlElement, format: RunFormat, verticalAlign: string | undefined, inlines: Inline[]) {
    const pushText = (text: string) => {
      if (this.inFieldInstruction || text === "") return;
      const normalized = text.normalize("NFC");
      if (verticalAlign === "superscript" || verticalAlign === "subscript")
        inlines.push(scriptInline(normalized, verticalAlign, format));
      else inlines.push({ kind: "text", text: normalized, format });
    };
    for (const child of childElements(run)) {
      switch (child.name) {
        case "w:t":
          pushText(textContent(child));
          break;
        case "w:tab":
        case "w:ptab":
          pushText("\t");
          break;
        case "w:br":
        case "w:cr":
          if (!this.inFieldInstruction) inlines.push({ kind: "break" });
          break;
        case "w:noBreakHyphen":
          pushText("-");
          break;
        case "w:sym": {
          const code = parseInt(child.attributes["w:char"] ?? "", 16);
          const symbol = SYMBOL_FONT.get(code >= 0xf000 ? code - 0xf000 : code);
          if (symbol) pushText(symbol);
          break;
        }
        case "w:fldChar": {
          const type = child.attributes["w:fldCharType"];
          if (type === "begin") this.fields.push(true);
          else if (type === "separate" && this.fields.length > 0) this.fields[this.fields.length - 1] = false;
          else if (type === "end") this.fields.pop();
          break;
        }
        case "w:drawing":
          this.readDrawing(child, inlines);
          break;
        case "w:pict":
          this.readPicture(child, inlines);
          break;
        case "w:object":
          inlines.push(objectProblem(child));
          break;
        case "mc:AlternateContent": {
          // The first choice is what current Word shows; older readers use the fallback.
          const choice = firstChild(child, "mc:Choice") ?? firstChild(child, "mc:Fallback");
          if (choice) this.readRunContent(choice, format, verticalAlign, inlines);
          break;
        }
        default:
          break;
      }
    }
  }

  private image(
    relationshipId: string | undefined,
    size: { width: number | null; height: number | null },
    alt: string | null,
  ): Inline {
    const relationship = this.relationships.get(relationshipId ?? "");
    if (!relationship || relationship.external)
      return {
        kind: "problem",
        message: "có hình ảnh liên kết ra ngoài tệp (không nhúng trong tệp Word); hãy chèn ảnh trực tiếp.",
        placeholder: "[hình ảnh]",
      };
    const imagePath = path.posix.normalize(path.posix.join("word", relationship.target.replace(/^\//, "../")));
    const data = this.media.get(imagePath);
    const extension = path.posix.extname(imagePath).toLowerCase();
    const contentType = IMAGE_TYPES[extension];
    if (!data) return { kind: "problem", message: "có hình ảnh bị thiếu trong tệp Word.", placeholder: "[hình ảnh]" };
    if (!contentType)
      return {
        kind: "problem",
        message: `có hình ảnh dạng ${extension.slice(1).toUpperCase() || "không rõ"} (thường là hình vẽ hoặc công thức cũ) không hiển thị được trên web; hãy chèn lại ảnh PNG hoặc JPEG.`,
        placeholder: "[hình ảnh]",
      };
    return { kind: "image", image: { path: imagePath, data, contentType, ...size, alt } };
  }

  private readDrawing(drawing: XmlElement, inlines: Inline[]) {
    const frame = firstChild(drawing, "wp:inline") ?? firstChild(drawing, "wp:anchor");
    const blip = frame && findDescendant(frame, "a:blip");
    if (!frame || !blip) {
      inlines.push({
        kind: "problem",
        message:
          "có hình vẽ bằng khung, hình khối hoặc nhóm hình của Word (không phải ảnh); hãy chụp thành ảnh PNG rồi chèn lại.",
        placeholder: "[hình vẽ]",
      });
      return;
    }
    const extent = firstChild(frame, "wp:extent");
    const pixels = (value: string | undefined) =>
      value && Number(value) > 0 ? Math.max(1, Math.round(Number(value) / EMU_PER_PIXEL)) : null;
    const description = firstChild(frame, "wp:docPr")?.attributes["descr"]?.trim();
    inlines.push(
      this.image(
        blip.attributes["r:embed"] ?? blip.attributes["r:link"],
        { width: pixels(extent?.attributes["cx"]), height: pixels(extent?.attributes["cy"]) },
        description || null,
      ),
    );
  }

  private readPicture(picture: XmlElement, inlines: Inline[]) {
    const imageData = findDescendant(picture, "v:imagedata");
    if (!imageData) {
      inlines.push({
        kind: "problem",
        message: "có hình vẽ cũ (VML) không chuyển được; hãy chụp thành ảnh PNG rồi chèn lại.",
        placeholder: "[hình vẽ]",
      });
      return;
    }
    const style = findDescendant(picture, "v:shape")?.attributes["style"] ?? "";
    const points = (property: string) => {
      const match = new RegExp(`${property}:\\s*([\\d.]+)pt`).exec(style);
      return match ? Math.round((Number(match[1]) * 96) / 72) : null;
    };
    inlines.push(
      this.image(
        imageData.attributes["r:id"],
        { width: points("width"), height: points("height") },
        imageData.attributes["o:title"] || null,
      ),
    );
  }

  private readTable(table: XmlElement): Table {
    const rows: TableCell[][] = [];
    // Vertical merges are matched by grid column, which gridSpan shifts.
    const openMerges = new Map<number, TableCell>();
    for (const row of childElements(table, "w:tr")) {
      const cells: TableCell[] = [];
      let column = 0;
      for (const cellElement of childElements(row, "w:tc")) {
        const properties = firstChild(cellElement, "w:tcPr");
        const colspan = Math.max(1, Number(childValue(properties, "w:gridSpan") ?? 1) || 1);
        const verticalMerge = firstChild(properties, "w:vMerge");
        const cell: TableCell = { blocks: this.readBlocks(cellElement), colspan, rowspan: 1, mergedAway: false };
        if (verticalMerge && verticalMerge.attributes["w:val"] !== "restart" && openMerges.has(column)) {
          cell.mergedAway = true;
          openMerges.get(column)!.rowspan += 1;
        } else if (verticalMerge) openMerges.set(column, cell);
        else openMerges.delete(column);
        cells.push(cell);
        column += colspan;
      }
      rows.push(cells);
    }
    return { kind: "table", rows };
  }
}

function findDescendant(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of childElements(element)) {
    if (child.name === name) return child;
    const found = findDescendant(child, name);
    if (found) return found;
  }
  return undefined;
}

function objectProblem(object: XmlElement): Inline {
  const programme = findDescendant(object, "o:OLEObject")?.attributes["ProgID"] ?? "";
  if (/^Equation\./i.test(programme) || /mathtype/i.test(programme))
    return {
      kind: "problem",
      message:
        "có công thức MathType/Equation 3.0 (đối tượng nhúng) không đọc được; hãy chuyển sang công thức của Word (MathType → Convert Equations → Word equation) rồi nhập lại.",
      placeholder: "[công thức MathType]",
    };
  return {
    kind: "problem",
    message: "có đối tượng nhúng (OLE) không đọc được; hãy thay bằng ảnh hoặc chữ.",
    placeholder: "[đối tượng nhúng]",
  };
}

/** Formatting shared by every run of an equation (an equation coloured red marks an answer like text does). */
function mathFormat(equation: XmlElement): RunFormat {
  const formats: RunFormat[] = [];
  const visit = (element: XmlElement) => {
    for (const child of childElements(element)) {
      if (child.name === "m:r") formats.push(runFormat(firstChild(child, "w:rPr"), null));
      else visit(child);
    }
  };
  visit(equation);
  if (formats.length === 0) return PLAIN_FORMAT;
  const all = (flag: keyof Omit<RunFormat, "link">) => formats.every((format) => format[flag]);
  return {
    bold: all("bold"),
    italic: false,
    underline: all("underline"),
    strike: false,
    red: all("red"),
    highlight: all("highlight"),
    link: null,
  };
}

function readRelationships(xml: string | undefined): Map<string, Relationship> {
  const relationships = new Map<string, Relationship>();
  if (!xml) return relationships;
  const [root] = parseXml(xml);
  for (const relationship of root ? childElements(root, "Relationship") : []) {
    relationships.set(relationship.attributes["Id"] ?? "", {
      target: relationship.attributes["Target"] ?? "",
      external: relationship.attributes["TargetMode"] === "External",
    });
  }
  return relationships;
}

const NOT_A_DOCX =
  "Tệp không phải tài liệu Word (.docx) hợp lệ. Nếu là tệp .doc cũ, hãy mở bằng Word và lưu lại dưới dạng .docx.";

/**
 * Reads a .docx held in memory. Throws {@link DocxReadError} (message in Vietnamese) when the
 * file is not a readable Word document.
 */
export async function readDocx(data: Uint8Array): Promise<DocxDocument> {
  let files: Map<string, Buffer>;
  try {
    files = await readZipEntries(data, (name) => name.startsWith("word/"));
  } catch (error) {
    if (error instanceof ZipReadError)
      throw new DocxReadError(error.message === "not a zip" ? NOT_A_DOCX : "Tệp Word bị hỏng hoặc quá lớn để đọc.");
    throw error;
  }
  const documentXml = files.get("word/document.xml");
  if (!documentXml) throw new DocxReadError(NOT_A_DOCX);
  let documentRoot: XmlElement | undefined;
  let numberingRoot: XmlElement | undefined;
  let relationships: Map<string, Relationship>;
  try {
    [documentRoot] = parseXml(documentXml.toString("utf8"));
    const numberingXml = files.get("word/numbering.xml");
    numberingRoot = numberingXml ? parseXml(numberingXml.toString("utf8"))[0] : undefined;
    relationships = readRelationships(files.get("word/_rels/document.xml.rels")?.toString("utf8"));
  } catch {
    throw new DocxReadError("Tệp Word bị hỏng: nội dung không đọc được.");
  }
  const body = firstChild(documentRoot, "w:body");
  if (!body) throw new DocxReadError(NOT_A_DOCX);
  const reader = new BodyReader(relationships, files, new Numbering(numberingRoot));
  const blocks = reader.readBlocks(body);
  return { blocks, warnings: reader.warnings };
}
