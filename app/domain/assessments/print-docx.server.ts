import type { LoadImage } from "#content-schemas/question-import";
import { CLOZE_GAP_PATTERN, type QuestionBody, type QuestionType, type RichText } from "#content-schemas/questions";
import {
  CASE_SENSITIVE_TEXT,
  FALSE_MARK,
  OPTION_LETTERS,
  ROMAN_NUMERALS,
  SECTION_TITLES,
  TRUE_MARK,
} from "~/domain/questions/word/conventions.server";
import {
  DocumentWriter,
  PAGE,
  QuestionWriter,
  TEXT_WIDTH,
  XML_HEADER,
  formatDecimal,
  type ExportableQuestion,
  loadImages,
  namespaceDeclarations,
  packageFiles,
  paragraph,
  textRun,
  textTable,
} from "~/domain/questions/word/export-docx.server";
import { writeZip } from "~/domain/questions/word/ooxml.server";
import { inSections } from "./versions";

/**
 * Printing a test (vn-assessment.md): every version (mã đề) as Vietnamese schools print it — header, "PHẦN I, II …"
 * by format, "Câu 1." numbered across sections, options lettered in the version's order — and, for the teacher, the
 * answer key of each version as displayed in it. Rich text, equations and images are written by the question bank's
 * Word exporter, so a printed test looks like an exported question file.
 */

/** What printing needs of a test; an `AssessmentDoc` is one. */
export interface PrintableAssessment {
  title: string;
  grade: number;
  items: readonly PrintableItem[];
  versions: readonly PrintableVersion[];
}

interface PrintableItem {
  key: string;
  type: QuestionType;
  points: number;
  stem: RichText;
  body: QuestionBody;
}

interface PrintableVersion {
  code: number;
  itemKeys: readonly string[];
  partOrders: Readonly<Record<string, readonly string[]>>;
}

/** One line of a version's answer key: the item as numbered in that version and its answer as displayed there. */
export interface AnswerKeyRow {
  itemKey: string;
  number: number;
  section: QuestionType;
  /** Several lines (separated by "\n") for essays (one per rubric criterion) and cloze items (one per gap). */
  answer: string;
  points: number;
}

const SECTION_NAMES: Record<QuestionType, string> = {
  single_choice: SECTION_TITLES.single_choice,
  true_false_group: SECTION_TITLES.true_false_group,
  short_answer: SECTION_TITLES.short_answer,
  multiple_response: "Câu trắc nghiệm nhiều đáp án đúng.",
  matching: "Câu ghép nối.",
  ordering: "Câu sắp xếp thứ tự.",
  cloze: "Câu điền khuyết.",
  essay: SECTION_TITLES.essay,
};

/** How students answer, after the section title, in the wording of the 2025 exam. */
const SECTION_INSTRUCTIONS: Partial<Record<QuestionType, string>> = {
  single_choice: "Mỗi câu hỏi học sinh chỉ chọn một phương án.",
  true_false_group: "Trong mỗi ý a), b), c), d) ở mỗi câu, học sinh chọn đúng hoặc sai.",
};

/** Ruled lines left under an essay for the answer. */
const ESSAY_ANSWER_LINES = 8;

const letter = (index: number) => OPTION_LETTERS[index] ?? String(index + 1);

function versionOf(assessment: PrintableAssessment, code: number): PrintableVersion {
  const version = assessment.versions.find((candidate) => candidate.code === code);
  if (!version) throw new RangeError(`Bài kiểm tra không có mã đề ${code}.`);
  return version;
}

/**
 * A version's items as printed: grouped by format in section order, in the version's order inside a section (a
 * version built by `buildVersions` already is; one arranged by hand may not be), numbered across sections.
 */
function printedItems(assessment: PrintableAssessment, version: PrintableVersion) {
  const itemsByKey = new Map(assessment.items.map((item) => [item.key, item]));
  const inVersionOrder = version.itemKeys.map((key) => {
    const item = itemsByKey.get(key);
    if (!item) throw new Error(`Mã đề ${version.code} có câu ${key} không thuộc bài kiểm tra.`);
    return item;
  });
  return inSections(inVersionOrder).map((item, index) => ({ item, number: index + 1, partOrder: version.partOrders[item.key] }));
}

/**
 * Parts in the version's display order (stored order when the version does not shuffle them). A display order that
 * does not name exactly the item's parts would print a key that does not match the paper, so it is refused.
 */
function inDisplayOrder<Part extends { id: string }>(parts: readonly Part[], order: readonly string[] | undefined): Part[] {
  if (!order) return [...parts];
  const partsById = new Map(parts.map((part) => [part.id, part]));
  const shown = order.flatMap((id) => partsById.get(id) ?? []);
  if (shown.length !== parts.length || new Set(order).size !== order.length)
    throw new Error(`Thứ tự hiển thị [${order.join(", ")}] không khớp với các phần của câu hỏi.`);
  return shown;
}

/** Vietnamese write decimals with a comma; the scorer accepts either, so the key shows the one students will write. */
const withDecimalComma = (value: string) => value.replace(".", ",");

function displayedAnswer(body: QuestionBody, partOrder: readonly string[] | undefined, points: number): string {
  switch (body.type) {
    case "single_choice":
      return letter(inDisplayOrder(body.options, partOrder).findIndex((option) => option.id === body.correctOptionId));
    case "multiple_response":
      return inDisplayOrder(body.options, partOrder)
        .flatMap((option, index) => (option.correct ? [letter(index)] : []))
        .join(", ");
    case "true_false_group":
      return body.statements
        .map((statement, index) => `${letter(index).toLowerCase()}) ${statement.correct ? TRUE_MARK : FALSE_MARK}`)
        .join(" ");
    case "short_answer": {
      const answer = body.answer;
      if (answer.kind === "text") return `${answer.accepted.join("; ")}${answer.caseSensitive ? ` ${CASE_SENSITIVE_TEXT}` : ""}`;
      return `${withDecimalComma(answer.value)}${answer.tolerance > 0 ? ` (sai số ${formatDecimal(answer.tolerance)})` : ""}`;
    }
    case "essay":
      return body.rubric
        .map(
          (row) =>
            `– ${row.criterion} (${formatDecimal(row.weight * points)} điểm)${row.description ? `: ${row.description}` : ""}`,
        )
        .join("\n");
    case "matching": {
      const responses = inDisplayOrder(body.responses, partOrder);
      return body.premises
        .map((premise, index) => {
          const responseId = body.pairs.find((pair) => pair.premiseId === premise.id)?.responseId;
          return `${index + 1}-${letter(responses.findIndex((response) => response.id === responseId))}`;
        })
        .join(", ");
    }
    case "ordering": {
      const shown = inDisplayOrder(body.items, partOrder);
      return body.items.map((item) => letter(shown.indexOf(item))).join(", ");
    }
    case "cloze":
      return body.gaps.map((gap) => `(${gap.key}) ${gap.accepted.join("; ")}`).join("\n");
  }
}

/** The answers of one version as it displays them (letters follow its shuffled options), in printed order. */
export function answerKeyOf(assessment: PrintableAssessment, code: number): AnswerKeyRow[] {
  return printedItems(assessment, versionOf(assessment, code)).map(({ item, number, partOrder }) => ({
    itemKey: item.key,
    number,
    section: item.type,
    answer: displayedAnswer(item.body, partOrder, item.points),
    points: item.points,
  }));
}

// ---- The document -------------------------------------------------------------------------------

const CENTERED = '<w:jc w:val="center"/>';
const NEW_PAGE = "<w:pageBreakBefore/>";

/** A tab stop at `position` (twips) whose tab is drawn as dots: the line students write on. */
const dottedTab = (position: number) => `<w:tab w:val="right" w:leader="dot" w:pos="${position}"/>`;

/** "Giữa kì I" → "ĐỀ KIỂM TRA GIỮA KÌ I", without doubling words a title already starts with. */
function testHeading(title: string): string {
  const upper = title.toLocaleUpperCase("vi");
  if (upper.startsWith("ĐỀ ")) return upper;
  return upper.startsWith("KIỂM TRA") ? `ĐỀ ${upper}` : `ĐỀ KIỂM TRA ${upper}`;
}

const SECTION_SPACING = '<w:spacing w:before="240" w:after="120"/>';
const sectionTitle = (index: number, format: QuestionType) => `PHẦN ${ROMAN_NUMERALS[index]}. ${SECTION_NAMES[format]}`;

function sectionHeading(index: number, format: QuestionType, firstNumber: number, lastNumber: number): string {
  const range = firstNumber === lastNumber ? `câu ${firstNumber}` : `từ câu ${firstNumber} đến câu ${lastNumber}`;
  const instruction = [`Học sinh trả lời ${range}.`, SECTION_INSTRUCTIONS[format] ?? ""].join(" ").trim();
  return paragraph(`${textRun(sectionTitle(index, format), { bold: true })}${textRun(` ${instruction}`)}`, SECTION_SPACING);
}

/** Runs of entries of one format; entries come in section order, so each run is one section. */
function bySection<Entry>(entries: readonly Entry[], formatOf: (entry: Entry) => QuestionType): Entry[][] {
  const sections: Entry[][] = [];
  for (const entry of entries) {
    const current = sections.at(-1);
    if (current && formatOf(current[0]!) === formatOf(entry)) current.push(entry);
    else sections.push([entry]);
  }
  return sections;
}

/** A cloze stem with its `[[1]]` markers printed as numbered blanks. */
function withPrintedGaps(stem: RichText): RichText {
  const blank = (_marker: string, key: string) => `(${key}) ……………`;
  return JSON.parse(JSON.stringify(stem), (name, value: unknown) =>
    name === "text" && typeof value === "string" ? value.replace(CLOZE_GAP_PATTERN, blank) : value,
  ) as RichText;
}

/** The item as the bank's writer should print it: parts already in the version's order. */
function displayedQuestion(item: PrintableItem, partOrder: readonly string[] | undefined): ExportableQuestion {
  const body = item.body;
  const question = { stem: item.stem, body, solution: null };
  switch (body.type) {
    case "single_choice":
      return { ...question, body: { ...body, options: inDisplayOrder(body.options, partOrder) } };
    case "multiple_response":
      return { ...question, body: { ...body, options: inDisplayOrder(body.options, partOrder) } };
    case "matching":
      return { ...question, body: { ...body, responses: inDisplayOrder(body.responses, partOrder) } };
    case "ordering": {
      // The bank's writer shows ordering items in an order of its own; the version has fixed it, so they print as
      // options (no answer is marked on a student's copy).
      const options = inDisplayOrder(body.items, partOrder);
      return {
        ...question,
        body: { type: "single_choice" as const, options, correctOptionId: options[0]!.id, shuffleOptions: false },
      };
    }
    case "cloze":
      return { ...question, stem: withPrintedGaps(item.stem) };
    default:
      return question;
  }
}

function writeVersion(
  writer: QuestionWriter,
  assessment: PrintableAssessment,
  version: PrintableVersion,
  header: { schoolName: string; subjectName: string; newPage: boolean },
) {
  writer.body.push(
    paragraph(textRun(header.schoolName.toLocaleUpperCase("vi"), { bold: true }), `${header.newPage ? NEW_PAGE : ""}${CENTERED}`),
    paragraph(textRun(testHeading(assessment.title), { bold: true, size: 28 }), CENTERED),
    paragraph(textRun(`Môn: ${header.subjectName} – Lớp ${assessment.grade}`, { bold: true }), CENTERED),
    paragraph(textRun(`Mã đề ${version.code}`, { bold: true }), '<w:jc w:val="right"/>'),
    paragraph(
      textRun("Họ và tên:\t Số báo danh:\t"),
      `<w:tabs>${dottedTab(Math.round(TEXT_WIDTH * 0.65))}${dottedTab(TEXT_WIDTH)}</w:tabs><w:spacing w:before="120" w:after="120"/>`,
    ),
  );
  const items = printedItems(assessment, version);
  for (const [index, section] of bySection(items, (entry) => entry.item.type).entries()) {
    writer.body.push(sectionHeading(index, section[0]!.item.type, section[0]!.number, section.at(-1)!.number));
    for (const { item, number, partOrder } of section) {
      writer.write(displayedQuestion(item, partOrder), number);
      if (item.type === "short_answer")
        writer.body.push(paragraph(textRun("Trả lời:\t"), `<w:tabs>${dottedTab(Math.round(TEXT_WIDTH / 2))}</w:tabs>`));
      if (item.type === "essay")
        for (let line = 0; line < ESSAY_ANSWER_LINES; line++)
          writer.body.push(paragraph(textRun("\t"), `<w:tabs>${dottedTab(TEXT_WIDTH)}</w:tabs><w:spacing w:before="120"/>`));
    }
  }
}

function writeAnswerKey(writer: QuestionWriter, assessment: PrintableAssessment, code: number) {
  writer.body.push(
    paragraph(textRun(`ĐÁP ÁN MÃ ĐỀ ${code}`, { bold: true, size: 28 }), `${NEW_PAGE}<w:spacing w:after="240"/>${CENTERED}`),
  );
  const rows = answerKeyOf(assessment, code);
  for (const [index, section] of bySection(rows, (row) => row.section).entries()) {
    writer.body.push(
      paragraph(textRun(sectionTitle(index, section[0]!.section), { bold: true }), SECTION_SPACING),
      textTable([
        ["Câu", "Đáp án", "Điểm"],
        ...section.map((row) => [String(row.number), row.answer, formatDecimal(row.points)]),
      ]),
    );
  }
  const total = rows.reduce((sum, row) => sum + row.points, 0);
  writer.body.push(paragraph(textRun(`Tổng điểm: ${formatDecimal(total)}`, { bold: true }), '<w:spacing w:before="240"/>'));
}

/**
 * One Word file with the chosen versions (all by default), each from a new page, and with `answerKey` each followed
 * by its answer key on a new page. `loadImage` gives the bytes of the images the items show, as for the bank's export.
 */
export async function printVersionsDocx(
  assessment: PrintableAssessment,
  options: { codes?: readonly number[]; schoolName: string; subjectName: string; answerKey: boolean; loadImage: LoadImage },
): Promise<Buffer> {
  const versions = options.codes ? options.codes.map((code) => versionOf(assessment, code)) : assessment.versions;
  if (versions.length === 0) throw new RangeError("Bài kiểm tra chưa có mã đề nào để in.");
  const images = await loadImages(
    assessment.items.map((item) => ({ stem: item.stem, body: item.body, solution: null })),
    options.loadImage,
  );
  const document = new DocumentWriter(images);
  // Answers are never marked on the paper: the key is printed separately, per version.
  const writer = new QuestionWriter(document, false, false);
  for (const [index, version] of versions.entries()) {
    writeVersion(writer, assessment, version, { ...options, newPage: index > 0 });
    if (options.answerKey) writeAnswerKey(writer, assessment, version.code);
  }
  const sectionProperties = `<w:sectPr><w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/><w:pgMar w:top="${PAGE.margin}" w:right="${PAGE.margin}" w:bottom="${PAGE.margin}" w:left="${PAGE.margin}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`;
  const documentXml = `${XML_HEADER}<w:document ${namespaceDeclarations}><w:body>${writer.body.join("")}${sectionProperties}</w:body></w:document>`;
  return writeZip(packageFiles(testHeading(assessment.title), documentXml, document));
}
