import type { ImportParseResult, LoadImage, StoreImage } from "#content-schemas/question-import";
import type { QuestionBody, QuestionBodyOf, QuestionContent, RichText } from "#content-schemas/questions";
import { CLOZE_GAP_PATTERN } from "#content-schemas/questions";
import {
  categoryPath,
  categoryPathText,
  childElement,
  childElements,
  decimalWithDot,
  elementsOf,
  elementText,
  exportLabel,
  fallbackLabel,
  gapKey,
  ImageImporter,
  ImportCollector,
  imageExtension,
  isEmptyRichText,
  isTrueFalseChoice,
  matchingAsTrueFalseGroup,
  numberText,
  optionId,
  parseXml,
  plainMarkupText,
  premiseId,
  responseId,
  rubricFromNotes,
  rubricToNotes,
  trueFalseGroupAsMatching,
  trueFalseOptions,
  type FindImageFile,
} from "./common.server";
import type { ExportableQuestion } from "./exportable";
import {
  decodeHtmlText,
  escapeXml,
  formattedTextToRichText,
  plainTextToRichText,
  richTextImageSources,
  richTextToHtml,
  richTextToPlainText,
  type MarkupElement,
  type MoodleTextFormat,
} from "./rich-text-html.server";

/**
 * Moodle XML (question/format/xml in Moodle) import and export.
 *
 * Import: each `<question>` of the file, in order; `type="category"` pseudo-questions set the
 * category path of the questions after them. Supported types and what they become:
 * - multichoice: one answer → single_choice (the 100% answer is correct); `<single>false</single>`
 *   → multiple_response (answers with a positive fraction are correct; proportional scoring,
 *   all-or-nothing when every wrong answer costs −100%); the "multichoiceset" plugin → all-or-nothing;
 * - truefalse → single_choice with the options "Đúng" / "Sai" (see `importTrueFalse`);
 * - shortanswer → short_answer (text): the 100% answers are accepted, `usecase` is case sensitivity;
 * - numerical → short_answer (numeric) with the 100% answer's tolerance;
 * - essay → essay: rubric from graderinfo (a "Tiêu chí | Tỉ trọng" table or "… (40%)" lines),
 *   else one row "Toàn bài" weighing 1 with graderinfo as its description;
 * - matching → matching (subquestions without text are extra responses); 4 statements answered
 *   only with "Đúng" / "Sai" → true_false_group (that is how the export writes such groups);
 * - ordering (the qtype_ordering plugin) → ordering;
 * - cloze / multianswer with SHORTANSWER and NUMERICAL gaps → cloze.
 * Everything else (calculated*, description, randomsamatch, drag and drop, gapselect, cloze with
 * choice gaps …) is listed in `unsupported`. Partial credit the bank cannot express (a 50% answer)
 * is dropped with a warning. A file that is not well-formed XML gives one warning and no items.
 *
 * Export writes the file as Moodle 4 does (same elements, order and indentation), with images as
 * base64 `<file>` elements referenced through `@@PLUGINFILE@@` and formulas as `\( … \)`.
 */

export interface MoodleImportOptions {
  storeImage: StoreImage;
}

export interface MoodleExportOptions {
  loadImage: LoadImage;
  /** Category the questions go under, top first; each question's own category is added below it. */
  category?: string[];
}

type Field = MarkupElement | undefined;
type ImportOutcome = { body: QuestionBody; stem?: RichText } | { unsupported: string };

interface QuestionContext {
  question: MarkupElement;
  label: string;
  problems: string[];
  warn: (message: string) => void;
  /** Rich text of a text field (`<questiontext format="html"><text>…</text><file/></questiontext>`), null when empty. */
  readField: (field: Field, defaultFormat?: MoodleTextFormat) => Promise<RichText | null>;
  /** Rich text of text in a Moodle format, its images found among the question's files; null when empty. */
  readText: (text: string, format: MoodleTextFormat) => Promise<RichText | null>;
}

const FORMATS: Record<string, MoodleTextFormat> = {
  html: "html",
  moodle_auto_format: "moodle",
  plain_text: "plain",
  wiki_like: "plain",
  markdown: "markdown",
};

const fieldText = (field: Field) => elementText(childElement(field, "text"));
const fraction = (answer: MarkupElement) => Number.parseFloat(answer.attributes.fraction ?? "0") || 0;
/** Moodle's `trans_single`: "false", "0" or nothing is false. */
const flag = (element: Field, fallback: boolean) => {
  if (!element) return fallback;
  const value = elementText(element).trim().toLowerCase();
  return value !== "" && value !== "false" && value !== "0";
};
const isFullMarks = (value: number) => value >= 99.9999;

/**
 * The raw XML of each `<question>` element of the file, in order, with base64 file contents
 * elided: the source text a teacher sees next to each parsed item.
 */
function questionSources(text: string): string[] {
  const sources: string[] = [];
  let start = -1;
  let depth = 0;
  for (const match of text.matchAll(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<question[\s>/]|<\/question\s*>/g)) {
    const token = match[0];
    if (token.startsWith("<!")) continue;
    if (token.startsWith("</")) {
      depth -= 1;
      if (depth === 0 && start !== -1) {
        sources.push(text.slice(start, match.index + token.length).replace(/(<file\b[^>]*>)[^<]*(<\/file>)/g, "$1…$2"));
        start = -1;
      }
    } else {
      if (depth === 0) start = match.index;
      depth += 1;
    }
  }
  return sources;
}

/** `@@PLUGINFILE@@/path/name.png` → the matching `<file>` of the question (by path, else by name). */
function pluginFileFinder(question: MarkupElement): FindImageFile {
  const files = new Map<string, { data: Uint8Array; fileName: string }>();
  const collect = (element: MarkupElement) => {
    for (const child of childElements(element)) {
      if (child.name === "file") {
        const fileName = child.attributes.name ?? "";
        const file = { data: Buffer.from(elementText(child).replace(/\s+/g, ""), "base64"), fileName };
        files.set(`${child.attributes.path ?? "/"}${fileName}`, file);
        if (!files.has(fileName)) files.set(fileName, file);
      } else collect(child);
    }
  };
  collect(question);
  return (src) => {
    const prefix = "@@PLUGINFILE@@/";
    if (!src.startsWith(prefix)) return undefined;
    let path = src.slice(prefix.length).split(/[?#]/)[0] ?? "";
    try {
      path = decodeURIComponent(path);
    } catch {
      // A malformed escape: look the name up as written.
    }
    return files.get(`/${path}`) ?? files.get(path.split("/").pop() ?? "") ?? null;
  };
}

/**
 * Reads a Moodle XML file. Never throws for a bad file: a file that is not XML, or not Moodle XML,
 * is one Vietnamese warning; a question that cannot be read is an item with its problems.
 */
export async function parseMoodleXml(text: string, options: MoodleImportOptions): Promise<ImportParseResult> {
  const collector = new ImportCollector("moodle_xml");
  const parsed = parseXml(text, "Tệp Moodle XML");
  if (!parsed.ok) {
    collector.warn(parsed.message);
    return collector.result();
  }
  const quiz = elementsOf(parsed.nodes, "quiz")[0];
  if (!quiz) {
    collector.warn("Tệp không phải Moodle XML: không có phần tử <quiz> bao quanh các câu hỏi.");
    return collector.result();
  }
  const sources = questionSources(text);
  const images = new ImageImporter(options.storeImage);
  let category: string[] = [];
  for (const [index, question] of childElements(quiz, "question").entries()) {
    const type = (question.attributes.type ?? "").trim().toLowerCase();
    const sourceText = sources[index] ?? "";
    if (type === "category") {
      category = categoryPath(fieldText(childElement(question, "category")));
      continue;
    }
    const label =
      plainMarkupText(childElement(childElement(question, "name"), "text")?.children ?? []) ||
      fallbackLabel(collector.itemCount + 1);
    const importer = IMPORTERS[type];
    if (!importer) {
      collector.addUnsupported(label, type || "(không rõ)", sourceText);
      continue;
    }
    const problems: string[] = [];
    const findFile = pluginFileFinder(question);
    const readText = async (raw: string, format: MoodleTextFormat) => {
      if (!raw.trim()) return null;
      const doc = await formattedTextToRichText(raw, format, images.optionsFor(problems, findFile));
      return isEmptyRichText(doc) ? null : doc;
    };
    const context: QuestionContext = {
      question,
      label,
      problems,
      warn: (message) => collector.warn(`Câu «${label}»: ${message}`),
      readText,
      readField: (field, defaultFormat = "html") =>
        readText(fieldText(field), FORMATS[field?.attributes.format ?? ""] ?? defaultFormat),
    };
    const outcome = await importer(context);
    if ("unsupported" in outcome) {
      collector.addUnsupported(label, outcome.unsupported, sourceText);
      continue;
    }
    const stem = outcome.stem ?? (await context.readField(childElement(question, "questiontext")));
    if (!stem) problems.push("Đề bài đang trống.");
    const solution = await context.readField(childElement(question, "generalfeedback"));
    const content: QuestionContent | null = stem ? { stem, body: outcome.body, solution } : null;
    collector.addItem({ label, sourceText, category, content, problems });
  }
  return collector.result();
}

/** The answers of a question with their text, skipping blank ones as Moodle does. */
async function readAnswers(context: QuestionContext) {
  const answers: { content: RichText; fraction: number }[] = [];
  for (const answer of childElements(context.question, "answer")) {
    const content = await context.readField(answer);
    if (content) answers.push({ content, fraction: fraction(answer) });
  }
  return answers;
}

const percent = (value: number) => `${numberText(value)}%`;

async function importMultichoice(context: QuestionContext, allOrNothing = false): Promise<ImportOutcome> {
  const { question, problems } = context;
  const answers = await readAnswers(context);
  const shuffleOptions = flag(childElement(question, "shuffleanswers"), true);
  const options = answers.map((answer, index) => ({ id: optionId(index), content: answer.content }));
  if (!allOrNothing && flag(childElement(question, "single"), true)) {
    const correct = answers.flatMap((answer, index) => (isFullMarks(answer.fraction) ? [optionId(index)] : []));
    if (correct.length === 0) problems.push("Không có phương án đúng (phương án được 100% điểm).");
    if (correct.length > 1) problems.push(`Có ${correct.length} phương án được 100% điểm nhưng câu chỉ cho chọn một phương án.`);
    answers.forEach((answer, index) => {
      if (answer.fraction > 0 && !isFullMarks(answer.fraction))
        context.warn(`phương án ${optionId(index)} được ${percent(answer.fraction)} điểm trong Moodle, ở đây được tính là sai.`);
    });
    return { body: { type: "single_choice", options, correctOptionId: correct[0] ?? "", shuffleOptions } };
  }
  if (!answers.some((answer) => answer.fraction > 0)) problems.push("Không có phương án đúng (phương án có điểm lớn hơn 0).");
  const wrong = answers.filter((answer) => answer.fraction <= 0);
  // A wrong pick costing the whole item is Moodle's nearest form of all-or-nothing (what the export writes).
  const wrongCostsAll = wrong.length > 0 && wrong.every((answer) => answer.fraction <= -99.9999);
  return {
    body: {
      type: "multiple_response",
      options: options.map((option, index) => ({ ...option, correct: (answers[index]?.fraction ?? 0) > 0 })),
      shuffleOptions,
      scoring: allOrNothing || wrongCostsAll ? "all_or_nothing" : "proportional",
    },
  };
}

/**
 * Moodle's truefalse is one statement judged true or false. The bank's true_false_group is the
 * national exam's group of 4 statements a)–d), scored 0.1/0.25/0.5/1 for 1–4 right — a single
 * statement is not that. As a choice between "Đúng" and "Sai" it scores exactly as in Moodle,
 * and it is written back as truefalse.
 */
async function importTrueFalse(context: QuestionContext): Promise<ImportOutcome> {
  const answers = childElements(context.question, "answer");
  const trueAnswer = answers.find((answer) => fieldText(answer).trim().toLowerCase() === "true");
  const falseAnswer = answers.find((answer) => fieldText(answer).trim().toLowerCase() === "false");
  const trueIsRight = trueAnswer ? isFullMarks(fraction(trueAnswer)) : false;
  const falseIsRight = falseAnswer ? isFullMarks(fraction(falseAnswer)) : false;
  if (trueIsRight === falseIsRight) context.problems.push("Không xác định được đáp án đúng (Đúng hay Sai).");
  return {
    body: {
      type: "single_choice",
      options: trueFalseOptions(),
      correctOptionId: optionId(trueIsRight ? 0 : 1),
      shuffleOptions: false,
    },
  };
}

/** Moodle's `*` matches anything in a short answer; `\*` is a literal star. */
function acceptedShortAnswer(text: string, problems: string[]): string {
  if (/(^|[^\\])\*/.test(text))
    problems.push(`Đáp án «${text}» dùng ký tự đại diện * của Moodle, ngân hàng câu hỏi không hỗ trợ.`);
  return text.replace(/\\\*/g, "*");
}

async function importShortAnswer(context: QuestionContext): Promise<ImportOutcome> {
  const accepted: string[] = [];
  for (const answer of childElements(context.question, "answer")) {
    const text = fieldText(answer).trim();
    const value = fraction(answer);
    if (!text) continue;
    if (isFullMarks(value)) accepted.push(acceptedShortAnswer(text, context.problems));
    else if (value > 0)
      context.warn(`đáp án «${text}» (${percent(value)} điểm) bị bỏ vì câu trả lời ngắn chỉ chấm đúng hoặc sai.`);
  }
  if (accepted.length === 0) context.problems.push("Không có đáp án đúng (đáp án được 100% điểm).");
  const caseSensitive = flag(childElement(context.question, "usecase"), false);
  return { body: { type: "short_answer", answer: { kind: "text", accepted, caseSensitive } } };
}

async function importNumerical(context: QuestionContext): Promise<ImportOutcome> {
  const correct = childElements(context.question, "answer").filter(
    (answer) => isFullMarks(fraction(answer)) && fieldText(answer).trim() !== "*",
  );
  if (correct.length === 0) context.problems.push("Không có đáp án đúng (đáp án được 100% điểm).");
  if (correct.length > 1) context.problems.push("Câu có nhiều đáp án số đúng; ngân hàng câu hỏi chỉ nhận một đáp án số.");
  if (childElements(childElement(context.question, "units"), "unit").length > 0)
    context.warn("đơn vị đo của Moodle bị bỏ, học sinh chỉ nhập số.");
  const [answer] = correct;
  const tolerance = Math.abs(Number.parseFloat(elementText(childElement(answer, "tolerance"))) || 0);
  return { body: { type: "short_answer", answer: { kind: "numeric", value: fieldText(answer).trim(), tolerance } } };
}

async function importEssay(context: QuestionContext): Promise<ImportOutcome> {
  const notes = await context.readField(childElement(context.question, "graderinfo"));
  const attachments = Number.parseInt(elementText(childElement(context.question, "attachments")), 10);
  return {
    body: { type: "essay", rubric: rubricFromNotes(notes), allowPhoto: Number.isNaN(attachments) ? true : attachments !== 0 },
  };
}

async function importMatching(context: QuestionContext): Promise<ImportOutcome> {
  const premises: QuestionBodyOf<"matching">["premises"] = [];
  const responses: QuestionBodyOf<"matching">["responses"] = [];
  const pairs: QuestionBodyOf<"matching">["pairs"] = [];
  const responseIds = new Map<string, string>();
  for (const subquestion of childElements(context.question, "subquestion")) {
    const answer = fieldText(childElement(subquestion, "answer")).trim();
    let id = answer ? responseIds.get(answer) : undefined;
    if (answer && !id) {
      id = responseId(responses.length);
      responseIds.set(answer, id);
      responses.push({ id, content: plainTextToRichText(answer) });
    }
    const premise = await context.readField(subquestion);
    // A subquestion without text only adds its answer to the choices (Moodle's distractors).
    if (!premise) continue;
    const pId = premiseId(premises.length);
    premises.push({ id: pId, content: premise });
    if (id) pairs.push({ premiseId: pId, responseId: id });
    else context.problems.push(`Vế trái thứ ${premises.length} chưa có vế phải.`);
  }
  const matching: QuestionBodyOf<"matching"> = { type: "matching", premises, responses, pairs, scoring: "proportional" };
  return { body: matchingAsTrueFalseGroup(matching) ?? matching };
}

async function importOrdering(context: QuestionContext): Promise<ImportOutcome> {
  const answers = await readAnswers(context);
  // The fraction of an ordering answer is its place in the correct order.
  const items = answers
    .map((answer, index) => ({ id: optionId(index), content: answer.content, place: answer.fraction }))
    .sort((a, b) => a.place - b.place)
    .map(({ id, content }) => ({ id, content }));
  const grading = elementText(childElement(context.question, "gradingtype")).trim().toUpperCase();
  if (grading && grading !== "ALL_OR_NOTHING" && grading !== "ABSOLUTE_POSITION")
    context.warn(`cách chấm ${grading} của Moodle được thay bằng chấm theo số mục đúng vị trí.`);
  return { body: { type: "ordering", items, scoring: grading === "ALL_OR_NOTHING" ? "all_or_nothing" : "proportional" } };
}

const TEXT_GAP_TYPES: Record<string, { caseSensitive: boolean; numeric: boolean }> = {
  SHORTANSWER: { caseSensitive: false, numeric: false },
  SA: { caseSensitive: false, numeric: false },
  MW: { caseSensitive: false, numeric: false },
  SHORTANSWER_C: { caseSensitive: true, numeric: false },
  SAC: { caseSensitive: true, numeric: false },
  MWC: { caseSensitive: true, numeric: false },
  NUMERICAL: { caseSensitive: false, numeric: true },
  NM: { caseSensitive: false, numeric: true },
};

/** Moodle cloze answers escape `} # ~ / " \` with a backslash. */
const CLOZE_SPECIALS = /[}#~/"\\]/g;
const unescapeCloze = (text: string) => text.replace(/\\([}#~/"\\])/g, "$1");

interface ClozeMarker {
  start: number;
  end: number;
  type: string;
  answers: string;
}

/** `{1:SHORTANSWER:=Hà Nội~%50%Ha Noi}` markers of a multianswer text, with escaped `\}` inside answers. */
function clozeMarkers(html: string): ClozeMarker[] {
  const markers: ClozeMarker[] = [];
  const head = /\{(\d*):([A-Z_]+):/g;
  for (let match = head.exec(html); match; match = head.exec(html)) {
    let position = head.lastIndex;
    while (position < html.length && html[position] !== "}") position += html[position] === "\\" ? 2 : 1;
    if (position >= html.length) break;
    markers.push({ start: match.index, end: position + 1, type: match[2]!, answers: html.slice(head.lastIndex, position) });
    head.lastIndex = position + 1;
  }
  return markers;
}

function splitClozeAnswers(answers: string): { text: string; weight: number }[] {
  const parts: string[] = [];
  let current = "";
  for (let index = 0; index < answers.length; index += 1) {
    const char = answers[index]!;
    if (char === "\\") {
      current += char + (answers[index + 1] ?? "");
      index += 1;
    } else if (char === "~") {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => {
    const weighted = /^\s*(=|%(-?\d+(?:\.\d+)?)%)?([\s\S]*)$/.exec(part)!;
    const weight = weighted[1] === "=" ? 100 : weighted[2] ? Number(weighted[2]) : 0;
    // Feedback follows an unescaped "#".
    const text = (weighted[3] ?? "").split(/(?<!\\)#/)[0] ?? "";
    return { text: unescapeCloze(text).trim(), weight };
  });
}

async function importCloze(context: QuestionContext): Promise<ImportOutcome> {
  const field = childElement(context.question, "questiontext");
  const html = fieldText(field);
  const markers = clozeMarkers(html);
  const unsupported = markers.find((marker) => !TEXT_GAP_TYPES[marker.type]);
  if (unsupported) return { unsupported: `multianswer (${unsupported.type})` };
  const gaps: QuestionBodyOf<"cloze">["gaps"] = [];
  let replaced = "";
  let last = 0;
  markers.forEach((marker, index) => {
    const { caseSensitive, numeric } = TEXT_GAP_TYPES[marker.type]!;
    const accepted: string[] = [];
    for (const answer of splitClozeAnswers(marker.answers)) {
      const text = decodeHtmlText(answer.text);
      if (!text || text === "*") continue;
      const [value, tolerance] = numeric ? text.split(":") : [text];
      if (isFullMarks(answer.weight)) accepted.push(value!.trim());
      else if (answer.weight > 0)
        context.warn(`chỗ trống ${index + 1}: đáp án «${text}» (${percent(answer.weight)} điểm) bị bỏ.`);
      if (isFullMarks(answer.weight) && tolerance && Number(tolerance) !== 0)
        context.warn(`chỗ trống ${index + 1}: sai số ±${tolerance} của Moodle bị bỏ, chỉ chấp nhận đúng giá trị ${value}.`);
    }
    if (accepted.length === 0) context.problems.push(`Chỗ trống thứ ${index + 1} không có đáp án đúng.`);
    gaps.push({ key: gapKey(index), accepted, caseSensitive });
    replaced += `${html.slice(last, marker.start)}[[${gapKey(index)}]]`;
    last = marker.end;
  });
  if (markers.length === 0) context.problems.push("Câu điền khuyết không có chỗ trống {1:SHORTANSWER:=…}.");
  const stem = await context.readText(replaced + html.slice(last), FORMATS[field?.attributes.format ?? ""] ?? "html");
  return { body: { type: "cloze", gaps, scoring: "proportional" }, ...(stem ? { stem } : {}) };
}

const IMPORTERS: Record<string, (context: QuestionContext) => Promise<ImportOutcome>> = {
  multichoice: (context) => importMultichoice(context),
  multichoiceset: (context) => importMultichoice(context, true),
  truefalse: importTrueFalse,
  shortanswer: importShortAnswer,
  numerical: importNumerical,
  essay: importEssay,
  matching: importMatching,
  match: importMatching,
  ordering: importOrdering,
  cloze: importCloze,
  multianswer: importCloze,
};

// ---- Export -----------------------------------------------------------------------------------------

/** Moodle's `xml_escape`: CDATA when the text needs escaping, with `]]>` split across two sections. */
function cdata(text: string): string {
  const clean = escapeXml(text) === text ? text : `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
  // eslint-disable-next-line no-control-regex
  return clean.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
}

const writeText = (text: string, indent: number) => `${"  ".repeat(indent)}<text>${cdata(text)}</text>\n`;

interface LoadedImage {
  data: Uint8Array;
  contentType: string;
}

/** One export: images are loaded once each, whatever number of questions and fields show them. */
class MoodleWriter {
  private readonly loaded = new Map<string, Promise<LoadedImage | null>>();

  constructor(private readonly loadImage: LoadImage) {}

  private load(src: string) {
    let image = this.loaded.get(src);
    if (!image) {
      image = this.loadImage(src).catch(() => null);
      this.loaded.set(src, image);
    }
    return image;
  }

  /**
   * `<text>` and `<file>` elements of one field: images are attached to the field that shows them
   * (Moodle looks for a field's files in its own file area), https images stay links.
   */
  async fieldBody(doc: RichText | null, indent: number, transform: (html: string) => string = (html) => html): Promise<string> {
    if (!doc) return writeText("", indent);
    const sources = new Map<string, string>();
    let files = "";
    for (const [index, src] of richTextImageSources(doc).entries()) {
      if (/^https:\/\//i.test(src)) {
        sources.set(src, src);
        continue;
      }
      const image = await this.load(src);
      if (!image) continue;
      const name = `hinh-${index + 1}.${imageExtension(image.contentType)}`;
      sources.set(src, `@@PLUGINFILE@@/${name}`);
      files += `<file name="${name}" path="/" encoding="base64">${Buffer.from(image.data).toString("base64")}</file>\n`;
    }
    const html = richTextToHtml(doc, { math: "tex", imageSrc: (src) => sources.get(src) ?? null });
    return writeText(transform(html), indent) + files;
  }

  async field(tag: string, doc: RichText | null, indent = 2): Promise<string> {
    const pad = "  ".repeat(indent);
    return `${pad}<${tag} format="html">\n${await this.fieldBody(doc, indent + 1)}${pad}</${tag}>\n`;
  }
}

const COMBINED_FEEDBACK =
  '    <correctfeedback format="html">\n      <text>Câu trả lời đúng.</text>\n    </correctfeedback>\n' +
  '    <partiallycorrectfeedback format="html">\n      <text>Câu trả lời đúng một phần.</text>\n    </partiallycorrectfeedback>\n' +
  '    <incorrectfeedback format="html">\n      <text>Câu trả lời chưa đúng.</text>\n    </incorrectfeedback>\n' +
  "    <shownumcorrect/>\n";

const EMPTY_FEEDBACK = '      <feedback format="html">\n        <text></text>\n      </feedback>\n';

async function answerXml(writer: MoodleWriter, fractionValue: number, doc: RichText, extra = ""): Promise<string> {
  return (
    `    <answer fraction="${numberText(fractionValue)}" format="html">\n${await writer.fieldBody(doc, 3)}` +
    `${EMPTY_FEEDBACK}${extra}    </answer>\n`
  );
}

const plainAnswerXml = (fractionValue: number, text: string, extra = "") =>
  `    <answer fraction="${numberText(fractionValue)}" format="moodle_auto_format">\n${writeText(text, 3)}${EMPTY_FEEDBACK}${extra}    </answer>\n`;

/** A cloze gap as Moodle writes it inside the question text: `{1:SHORTANSWER:=a~=b}`. */
function clozeGapText(gap: QuestionBodyOf<"cloze">["gaps"][number]): string {
  const answers = gap.accepted.map((answer) => `=${escapeXml(answer.replace(CLOZE_SPECIALS, (char) => `\\${char}`))}`);
  return `{1:${gap.caseSensitive ? "SHORTANSWER_C" : "SHORTANSWER"}:${answers.join("~")}}`;
}

/** The Moodle type and the type-specific elements of one question. */
async function questionTypeXml(
  writer: MoodleWriter,
  body: QuestionBody,
): Promise<{ type: string; xml: string; penalty: string }> {
  switch (body.type) {
    case "single_choice": {
      if (isTrueFalseChoice(body.options)) {
        const trueIsRight = body.correctOptionId === body.options[0]!.id;
        return {
          type: "truefalse",
          penalty: "1.0000000",
          xml: plainAnswerXml(trueIsRight ? 100 : 0, "true") + plainAnswerXml(trueIsRight ? 0 : 100, "false"),
        };
      }
      let xml = `    <single>true</single>\n    <shuffleanswers>${body.shuffleOptions}</shuffleanswers>\n`;
      xml += "    <answernumbering>ABCD</answernumbering>\n    <showstandardinstruction>0</showstandardinstruction>\n";
      xml += COMBINED_FEEDBACK;
      for (const option of body.options)
        xml += await answerXml(writer, option.id === body.correctOptionId ? 100 : 0, option.content);
      return { type: "multichoice", penalty: "0.3333333", xml };
    }
    case "multiple_response": {
      const correctCount = body.options.filter((option) => option.correct).length;
      // Proportional is (right − wrong picks) / correct options, as Moodle scores ±100/k answers;
      // all-or-nothing has no Moodle form, and a wrong pick costing everything comes closest.
      const wrongFraction = body.scoring === "all_or_nothing" ? -100 : -100 / correctCount;
      let xml = `    <single>false</single>\n    <shuffleanswers>${body.shuffleOptions}</shuffleanswers>\n`;
      xml += "    <answernumbering>ABCD</answernumbering>\n    <showstandardinstruction>0</showstandardinstruction>\n";
      xml += COMBINED_FEEDBACK;
      for (const option of body.options)
        xml += await answerXml(writer, option.correct ? 100 / correctCount : wrongFraction, option.content);
      return { type: "multichoice", penalty: "0.3333333", xml };
    }
    case "short_answer": {
      if (body.answer.kind === "numeric") {
        const tolerance = `      <tolerance>${numberText(body.answer.tolerance)}</tolerance>\n`;
        let xml = plainAnswerXml(100, decimalWithDot(body.answer.value), tolerance);
        xml += "    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1000000</unitpenalty>\n";
        xml += "    <showunits>3</showunits>\n    <unitsleft>0</unitsleft>\n";
        return { type: "numerical", penalty: "0.3333333", xml };
      }
      let xml = `    <usecase>${body.answer.caseSensitive ? 1 : 0}</usecase>\n`;
      for (const accepted of body.answer.accepted) xml += plainAnswerXml(100, accepted.replace(/\*/g, "\\*"));
      return { type: "shortanswer", penalty: "0.3333333", xml };
    }
    case "essay": {
      let xml = "    <responseformat>editor</responseformat>\n    <responserequired>1</responserequired>\n";
      xml +=
        "    <responsefieldlines>10</responsefieldlines>\n    <minwordlimit></minwordlimit>\n    <maxwordlimit></maxwordlimit>\n";
      xml += `    <attachments>${body.allowPhoto ? 3 : 0}</attachments>\n    <attachmentsrequired>0</attachmentsrequired>\n`;
      xml += `    <maxbytes>0</maxbytes>\n    <filetypeslist>${body.allowPhoto ? "image" : ""}</filetypeslist>\n`;
      xml += await writer.field("graderinfo", rubricToNotes(body.rubric));
      xml += '    <responsetemplate format="html">\n      <text></text>\n    </responsetemplate>\n';
      return { type: "essay", penalty: "0.0000000", xml };
    }
    case "true_false_group":
      return questionTypeXml(writer, trueFalseGroupAsMatching(body));
    case "matching": {
      let xml = "    <shuffleanswers>true</shuffleanswers>\n" + COMBINED_FEEDBACK;
      const answerOf = (id: string) => {
        const response = body.responses.find((candidate) => candidate.id === id);
        return response ? richTextToPlainText(response.content) : "";
      };
      for (const premise of body.premises) {
        const pair = body.pairs.find((candidate) => candidate.premiseId === premise.id);
        xml += `    <subquestion format="html">\n${await writer.fieldBody(premise.content, 3)}`;
        xml += `      <answer>\n${writeText(pair ? answerOf(pair.responseId) : "", 4)}      </answer>\n    </subquestion>\n`;
      }
      // Responses no premise is paired with are Moodle's distractors: subquestions without text.
      for (const response of body.responses.filter((candidate) => !body.pairs.some((pair) => pair.responseId === candidate.id))) {
        xml += `    <subquestion format="html">\n${writeText("", 3)}`;
        xml += `      <answer>\n${writeText(richTextToPlainText(response.content), 4)}      </answer>\n    </subquestion>\n`;
      }
      return { type: "matching", penalty: "0.3333333", xml };
    }
    case "ordering": {
      let xml = "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n";
      xml += `    <selectcount>${body.items.length}</selectcount>\n`;
      xml += `    <gradingtype>${body.scoring === "all_or_nothing" ? "ALL_OR_NOTHING" : "ABSOLUTE_POSITION"}</gradingtype>\n`;
      xml += "    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n" + COMBINED_FEEDBACK;
      for (const [index, item] of body.items.entries())
        xml += `    <answer fraction="${index + 1}.0000000" format="html">\n${await writer.fieldBody(item.content, 3)}    </answer>\n`;
      return { type: "ordering", penalty: "0.3333333", xml };
    }
    case "cloze":
      // The gaps are written into the question text (see exportMoodleXml).
      return { type: "cloze", penalty: "0.3333333", xml: "" };
    default:
      return body satisfies never;
  }
}

/**
 * Writes questions as a Moodle XML file that Moodle's "Moodle XML format" import reads: a
 * category pseudo-question wherever the category changes, then each question. Scoring that Moodle
 * cannot express is approximated (a true/false group becomes a matching question scored per
 * statement; cloze is scored per gap).
 */
export async function exportMoodleXml(questions: readonly ExportableQuestion[], options: MoodleExportOptions): Promise<string> {
  const writer = new MoodleWriter(options.loadImage);
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n';
  let currentCategory: string | null = null;
  for (const [index, question] of questions.entries()) {
    const path = [...(options.category ?? []), ...(question.category ?? [])];
    const categoryText = categoryPathText(path);
    if (path.length > 0 || currentCategory !== null) {
      if (categoryText !== currentCategory) {
        xml += '<!-- question: 0  -->\n  <question type="category">\n    <category>\n';
        xml += `      ${writeText(categoryText, 0)}    </category>\n`;
        xml +=
          '    <info format="moodle_auto_format">\n      <text></text>\n    </info>\n    <idnumber></idnumber>\n  </question>\n\n';
        currentCategory = categoryText;
      }
    }
    const { type, xml: typeXml, penalty } = await questionTypeXml(writer, question.body);
    xml += `<!-- question: ${index + 1}  -->\n  <question type="${type}">\n`;
    xml += `    <name>\n${writeText(exportLabel(question, index), 3)}    </name>\n`;
    const body = question.body;
    const stemTransform =
      body.type === "cloze"
        ? (html: string) =>
            html.replace(new RegExp(CLOZE_GAP_PATTERN.source, "g"), (marker, key: string) => {
              const gap = body.gaps.find((candidate) => candidate.key === key);
              return gap ? clozeGapText(gap) : marker;
            })
        : undefined;
    xml += `    <questiontext format="html">\n${await writer.fieldBody(question.stem, 3, stemTransform)}    </questiontext>\n`;
    xml += await writer.field("generalfeedback", question.solution);
    if (type !== "cloze") xml += "    <defaultgrade>1.0000000</defaultgrade>\n";
    xml += `    <penalty>${penalty}</penalty>\n    <hidden>0</hidden>\n    <idnumber></idnumber>\n`;
    xml += typeXml;
    xml += "  </question>\n\n";
  }
  return `${xml}</quiz>\n`;
}
