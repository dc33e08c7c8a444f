import type { ImportParseResult, LoadImage, StoreImage } from "#content-schemas/question-import";
import { CLOZE_GAP_PATTERN, type QuestionBody, type QuestionBodyOf, type RichText } from "#content-schemas/questions";
import {
  categoryPath,
  categoryPathText,
  decimalWithDot,
  exportLabel,
  fallbackLabel,
  gapKey,
  ImageImporter,
  ImportCollector,
  isEmptyRichText,
  isTrueFalseChoice,
  matchingAsTrueFalseGroup,
  numberText,
  optionId,
  premiseId,
  responseId,
  rubricFromNotes,
  trueFalseGroupAsMatching,
  trueFalseOptions,
} from "./common.server";
import type { ExportableQuestion } from "./exportable";
import {
  formattedTextToRichText,
  plainTextToRichText,
  richTextImageSources,
  richTextToHtml,
  richTextToPlainText,
  type MoodleTextFormat,
  type RichTextImportOptions,
} from "./rich-text-html.server";

/**
 * GIFT (Moodle's plain-text question format) import and export, written here rather than taken
 * from gift-pegjs, whose parser depends on the unmaintained pegjs runtime.
 *
 * Import follows Moodle's own reader (question/format/gift): questions are separated by blank
 * lines, `//` lines are comments, `$CATEGORY: path` sets the category of what follows,
 * `::title::` names a question, `[html]` / `[moodle]` / `[plain]` / `[markdown]` give the text
 * format, `\~ \= \# \{ \} \: \\` are escapes and `\n` is a line break (unless a letter follows:
 * `\neq` stays TeX). Answer blocks:
 * - `{=right ~wrong}` → single_choice; `{~%50%a ~%50%b ~%-100%c}` (no `=`) → multiple_response;
 * - `{T}` / `{F}` → single_choice "Đúng" / "Sai" (as Moodle's truefalse, see moodle-xml.server.ts);
 * - `{=a =b}` → short_answer (text); with text after the block (Moodle's "missing word") → cloze
 *   with the gap where the block stands;
 * - `{#3.14:0.01}`, `{#1..2}`, `{#=3:0 =%50%…}` → short_answer (numeric);
 * - `{=x -> y}` → matching (`= -> y` is an extra response); 4 statements → "Đúng"/"Sai" → true_false_group;
 * - `{>…}` (the ordering plugin's form) → ordering; `{}` → essay with one rubric row "Toàn bài";
 * - `####text` at the end of a block → solution. A question without a block is a Moodle
 *   "description" and is listed as unsupported.
 *
 * Export writes what Moodle's GIFT export writes, text as `[html]` with formulas as `\( … \)`
 * and images inlined as `data:` URIs (GIFT has no attachments). A cloze with more than one gap
 * has no GIFT form and is left out with a comment saying so.
 */

export interface GiftImportOptions {
  storeImage: StoreImage;
}

export interface GiftExportOptions {
  loadImage: LoadImage;
  /** Category the questions go under, top first; each question's own category is added below it. */
  category?: string[];
}

// Escaped characters are swapped for private-use characters while the structure is read.
const ESCAPED = ["\\", "~", "=", "#", "{", "}", ":"] as const;
const PLACEHOLDER_BASE = 0xe000;
const NEWLINE_PLACEHOLDER = String.fromCharCode(PLACEHOLDER_BASE + ESCAPED.length);

function protect(text: string): string {
  return text.replace(/\\([\\~=#{}:]|n(?![A-Za-z]))/g, (_, char: string) => {
    if (char === "n") return NEWLINE_PLACEHOLDER;
    return String.fromCharCode(PLACEHOLDER_BASE + ESCAPED.indexOf(char as (typeof ESCAPED)[number]));
  });
}

function restore(text: string): string {
  return text.replace(/[\ue000-\ue007]/g, (char) => {
    const index = char.charCodeAt(0) - PLACEHOLDER_BASE;
    return index === ESCAPED.length ? "\n" : ESCAPED[index]!;
  });
}

interface GiftBlock {
  lines: string[];
}

/** Questions are separated by blank lines; whole-line `//` comments are dropped. */
function giftBlocks(text: string): GiftBlock[] {
  const blocks: GiftBlock[] = [];
  let lines: string[] = [];
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    if (/^\s*\/\//.test(line)) continue;
    if (line.trim() === "") {
      if (lines.length > 0) blocks.push({ lines });
      lines = [];
    } else lines.push(line);
  }
  if (lines.length > 0) blocks.push({ lines });
  return blocks;
}

const FORMATS: Record<string, MoodleTextFormat> = { html: "html", moodle: "moodle", plain: "plain", markdown: "markdown" };

interface GiftAnswer {
  /** "=" or "~" */
  marker: string;
  weight: number | null;
  /** Protected text (escapes still as placeholders), feedback removed. */
  text: string;
}

/** `=a#fb ~%50%b` → answers; a `#feedback` after an answer is dropped (the bank has no per-answer feedback). */
function splitAnswers(text: string, markers: RegExp): GiftAnswer[] {
  const answers: GiftAnswer[] = [];
  for (const match of text.matchAll(markers)) {
    const [, marker = "", rest = ""] = match;
    const weighted = /^\s*%(-?\d+(?:\.\d+)?)%([\s\S]*)$/.exec(rest);
    const body = weighted ? weighted[2]! : rest;
    answers.push({ marker, weight: weighted ? Number(weighted[1]) : null, text: body.split("#")[0]!.trim() });
  }
  return answers;
}

const isFullMarks = (weight: number) => weight >= 99.9999;
const MISSING_WORD = "_____";

interface QuestionParts {
  label: string;
  format: MoodleTextFormat;
  /** Protected text before and after the answer block. */
  before: string;
  after: string;
  answer: string;
  solution: string;
}

/** Splits a question into title, format, text around the answer block, answers and general feedback. */
function questionParts(
  protectedText: string,
  position: number,
): QuestionParts | { label: string; problem: string } | { description: string } {
  let text = protectedText.trim();
  let label = "";
  const title = /^::([\s\S]*?)::/.exec(text);
  if (title) {
    label = restore(title[1]!).trim();
    text = text.slice(title[0].length);
  }
  const formatMatch = /^\s*\[(html|moodle|plain|markdown)\]/i.exec(text);
  const format = formatMatch ? FORMATS[formatMatch[1]!.toLowerCase()]! : "moodle";
  if (formatMatch) text = text.slice(formatMatch[0].length);
  label ||= fallbackLabel(position);
  const open = text.indexOf("{");
  if (open === -1) return { description: label };
  const close = text.indexOf("}", open);
  if (close === -1) return { label, problem: "Thiếu dấu } đóng phần đáp án." };
  const inside = text.slice(open + 1, close);
  const feedbackAt = inside.indexOf("####");
  return {
    label,
    format,
    before: text.slice(0, open),
    after: text.slice(close + 1),
    answer: (feedbackAt === -1 ? inside : inside.slice(0, feedbackAt)).trim(),
    solution: feedbackAt === -1 ? "" : inside.slice(feedbackAt + 4).trim(),
  };
}

interface Reader {
  text: (protectedText: string) => Promise<RichText>;
  problems: string[];
  warn: (message: string) => void;
}

function parseNumericAnswer(text: string): { value: string; tolerance: number } | null {
  const range = /^(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (range) {
    const [low, high] = [Number(range[1]), Number(range[2])];
    return { value: numberText((low + high) / 2), tolerance: Math.abs(high - low) / 2 };
  }
  const withTolerance = /^([^:]+?)\s*(?::\s*(-?\d+(?:\.\d+)?))?$/.exec(text);
  if (!withTolerance) return null;
  return { value: withTolerance[1]!.trim(), tolerance: Math.abs(Number(withTolerance[2] ?? 0)) };
}

async function numericBody(answer: string, reader: Reader): Promise<QuestionBody> {
  const inner = answer.slice(1).trim();
  const answers = inner.includes("=")
    ? splitAnswers(inner, /(=)([^=]*)/g)
    : [{ marker: "=", weight: null, text: inner.split("#")[0]!.trim() }];
  const correct = answers.filter((candidate) => candidate.weight === null || isFullMarks(candidate.weight));
  for (const partial of answers.filter(
    (candidate) => candidate.weight !== null && candidate.weight > 0 && !isFullMarks(candidate.weight),
  ))
    reader.warn(`đáp án «${restore(partial.text)}» (${partial.weight}% điểm) bị bỏ vì câu trả lời số chỉ chấm đúng hoặc sai.`);
  if (correct.length === 0) reader.problems.push("Không có đáp án số đúng.");
  if (correct.length > 1) reader.problems.push("Câu có nhiều đáp án số đúng; ngân hàng câu hỏi chỉ nhận một đáp án số.");
  const parsed = correct[0] ? parseNumericAnswer(restore(correct[0].text)) : null;
  if (correct[0] && !parsed) reader.problems.push(`Không đọc được đáp án số «${restore(correct[0].text)}».`);
  return { type: "short_answer", answer: { kind: "numeric", value: parsed?.value ?? "", tolerance: parsed?.tolerance ?? 0 } };
}

async function choiceBody(answer: string, reader: Reader): Promise<QuestionBody> {
  const answers = splitAnswers(answer, /([=~])([^=~]*)/g);
  const options: { id: string; content: RichText; weight: number }[] = [];
  for (const [index, candidate] of answers.entries()) {
    const weight = candidate.weight ?? (candidate.marker === "=" ? 100 : 0);
    options.push({ id: optionId(index), content: await reader.text(candidate.text), weight });
  }
  // Moodle's rule: with an "=" answer the question has one right answer, without one it takes several.
  if (answers.some((candidate) => candidate.marker === "=")) {
    const correct = options.filter((option) => isFullMarks(option.weight));
    if (correct.length > 1) reader.problems.push(`Có ${correct.length} phương án đúng (=) nhưng câu chỉ cho chọn một phương án.`);
    for (const option of options.filter((candidate) => candidate.weight > 0 && !isFullMarks(candidate.weight)))
      reader.warn(`phương án ${option.id} được ${option.weight}% điểm trong GIFT, ở đây được tính là sai.`);
    return {
      type: "single_choice",
      options: options.map(({ id, content }) => ({ id, content })),
      correctOptionId: correct[0]?.id ?? "",
      shuffleOptions: true,
    };
  }
  if (!options.some((option) => option.weight > 0))
    reader.problems.push("Không có phương án đúng (phương án có điểm lớn hơn 0).");
  const wrong = options.filter((option) => option.weight <= 0);
  const wrongCostsAll = wrong.length > 0 && wrong.every((option) => option.weight <= -99.9999);
  return {
    type: "multiple_response",
    options: options.map(({ id, content, weight }) => ({ id, content, correct: weight > 0 })),
    shuffleOptions: true,
    scoring: wrongCostsAll ? "all_or_nothing" : "proportional",
  };
}

async function matchingBody(answer: string, reader: Reader): Promise<QuestionBody> {
  const premises: QuestionBodyOf<"matching">["premises"] = [];
  const responses: QuestionBodyOf<"matching">["responses"] = [];
  const pairs: QuestionBodyOf<"matching">["pairs"] = [];
  const responseIds = new Map<string, string>();
  for (const { text } of splitAnswers(answer, /(=)([^=]*)/g)) {
    const arrow = text.indexOf("->");
    if (arrow === -1) {
      reader.problems.push(`Cặp ghép «${restore(text)}» thiếu dấu ->.`);
      continue;
    }
    const right = restore(text.slice(arrow + 2)).trim();
    let id = responseIds.get(right);
    if (right && !id) {
      id = responseId(responses.length);
      responseIds.set(right, id);
      responses.push({ id, content: plainTextToRichText(right) });
    }
    const left = text.slice(0, arrow).trim();
    if (!left) continue;
    const pId = premiseId(premises.length);
    premises.push({ id: pId, content: await reader.text(left) });
    if (id) pairs.push({ premiseId: pId, responseId: id });
    else reader.problems.push(`Vế trái thứ ${premises.length} chưa có vế phải.`);
  }
  const matching: QuestionBodyOf<"matching"> = { type: "matching", premises, responses, pairs, scoring: "proportional" };
  return matchingAsTrueFalseGroup(matching) ?? matching;
}

async function orderingBody(answer: string, reader: Reader): Promise<QuestionBody> {
  const [header = "", ...lines] = answer.split(/\r?\n/);
  const items: QuestionBodyOf<"ordering">["items"] = [];
  for (const line of lines.filter((candidate) => candidate.trim())) {
    items.push({ id: optionId(items.length), content: await reader.text(line.trim()) });
  }
  return { type: "ordering", items, scoring: /\bALL_OR_NOTHING\b/i.test(header) ? "all_or_nothing" : "proportional" };
}

const TRUE_FALSE = /^(t|true|f|false)\s*(#[\s\S]*)?$/i;

/**
 * Reads a GIFT file. Never throws for a bad file: a question that cannot be read is an item with
 * its problems and its source text.
 */
export async function parseGift(text: string, options: GiftImportOptions): Promise<ImportParseResult> {
  const collector = new ImportCollector("gift");
  const images = new ImageImporter(options.storeImage);
  let category: string[] = [];
  for (const block of giftBlocks(text)) {
    let lines = block.lines;
    if (/^\s*\$CATEGORY:/i.test(lines[0]!)) {
      category = categoryPath(lines[0]!.replace(/^\s*\$CATEGORY:/i, ""));
      lines = lines.slice(1);
      if (lines.length === 0) continue;
    }
    const sourceText = lines.join("\n");
    const parts = questionParts(protect(sourceText), collector.itemCount + 1);
    if ("description" in parts) {
      collector.addUnsupported(parts.description, "description", sourceText);
      continue;
    }
    if ("problem" in parts) {
      collector.addItem({ label: parts.label, sourceText, category, content: null, problems: [parts.problem] });
      continue;
    }
    const problems: string[] = [];
    const imageOptions: RichTextImportOptions = images.optionsFor(problems);
    const reader: Reader = {
      text: (protectedText) => formattedTextToRichText(restore(protectedText), parts.format, imageOptions),
      problems,
      warn: (message) => collector.warn(`Câu «${parts.label}»: ${message}`),
    };
    const { body, stem } = await readQuestion(parts, reader);
    if (isEmptyRichText(stem)) problems.push("Đề bài đang trống.");
    const solution = parts.solution ? await reader.text(parts.solution) : null;
    collector.addItem({
      label: parts.label,
      sourceText,
      category,
      content: body ? { stem, body, solution: solution && !isEmptyRichText(solution) ? solution : null } : null,
      problems,
    });
  }
  return collector.result();
}

async function readQuestion(parts: QuestionParts, reader: Reader): Promise<{ body: QuestionBody | null; stem: RichText }> {
  const { answer, before, after } = parts;
  // Moodle's "missing word" form: text after the block means the block stands in the sentence.
  const missingWord = after.trim() !== "";
  const stemWith = (marker: string) => reader.text(missingWord ? `${before}${marker}${after}` : before);
  if (answer === "")
    return {
      body: { type: "essay", rubric: rubricFromNotes(null), allowPhoto: true },
      stem: await stemWith(""),
    };
  if (answer.startsWith("#")) return { body: await numericBody(answer, reader), stem: await stemWith(MISSING_WORD) };
  if (answer.startsWith(">")) return { body: await orderingBody(answer, reader), stem: await stemWith(MISSING_WORD) };
  const trueFalse = TRUE_FALSE.exec(answer);
  if (trueFalse) {
    const isTrue = trueFalse[1]!.toLowerCase().startsWith("t");
    return {
      body: {
        type: "single_choice",
        options: trueFalseOptions(),
        correctOptionId: optionId(isTrue ? 0 : 1),
        shuffleOptions: false,
      },
      stem: await stemWith(MISSING_WORD),
    };
  }
  if (answer.includes("->")) return { body: await matchingBody(answer, reader), stem: await stemWith(MISSING_WORD) };
  if (answer.includes("~")) return { body: await choiceBody(answer, reader), stem: await stemWith(MISSING_WORD) };
  if (answer.includes("=")) {
    const answers = splitAnswers(answer, /(=)([^=]*)/g);
    const accepted = answers
      .filter((candidate) => candidate.weight === null || isFullMarks(candidate.weight))
      .map((candidate) => restore(candidate.text));
    for (const partial of answers.filter(
      (candidate) => candidate.weight !== null && candidate.weight > 0 && !isFullMarks(candidate.weight),
    ))
      reader.warn(
        `đáp án «${restore(partial.text)}» (${partial.weight}% điểm) bị bỏ vì câu trả lời ngắn chỉ chấm đúng hoặc sai.`,
      );
    if (accepted.length === 0) reader.problems.push("Không có đáp án đúng (đáp án được 100% điểm).");
    if (missingWord) {
      return {
        body: { type: "cloze", gaps: [{ key: gapKey(0), accepted, caseSensitive: false }], scoring: "proportional" },
        stem: await stemWith(`[[${gapKey(0)}]]`),
      };
    }
    return { body: { type: "short_answer", answer: { kind: "text", accepted, caseSensitive: false } }, stem: await stemWith("") };
  }
  reader.problems.push(`Không nhận ra dạng câu hỏi từ phần đáp án «${restore(answer)}».`);
  return { body: null, stem: await stemWith(MISSING_WORD) };
}

// ---- Export -----------------------------------------------------------------------------------------

/** GIFT escapes (Moodle's `repchar`): `\ ~ = # { } :` get a backslash; line breaks become HTML entities. */
const giftEscape = (text: string) => text.replace(/[\\~=#{}:]/g, "\\$&").replace(/\r?\n/g, "&#10;");

/** Loads each image once and writes it as a `data:` URI (GIFT files carry no attachments). */
class GiftWriter {
  private readonly dataUris = new Map<string, Promise<string | null>>();

  constructor(private readonly loadImage: LoadImage) {}

  private dataUri(src: string): Promise<string | null> {
    let uri = this.dataUris.get(src);
    if (!uri) {
      uri = this.loadImage(src)
        .then((image) => (image ? `data:${image.contentType};base64,${Buffer.from(image.data).toString("base64")}` : null))
        .catch(() => null);
      this.dataUris.set(src, uri);
    }
    return uri;
  }

  /** Escaped HTML of rich text, images inlined, `transform` applied to the HTML before escaping. */
  async html(doc: RichText, transform: (html: string) => string = (html) => html): Promise<string> {
    const sources = new Map<string, string | null>();
    for (const src of richTextImageSources(doc)) sources.set(src, /^https:\/\//i.test(src) ? src : await this.dataUri(src));
    return giftEscape(transform(richTextToHtml(doc, { math: "tex", imageSrc: (src) => sources.get(src) ?? null })));
  }
}

const weightText = (weight: number) => `%${numberText(weight)}%`;

/** The answer block of a question, or null when the format has no GIFT form. */
async function answerBlock(writer: GiftWriter, body: QuestionBody): Promise<string | null> {
  switch (body.type) {
    case "single_choice": {
      if (isTrueFalseChoice(body.options)) return body.correctOptionId === body.options[0]!.id ? "TRUE" : "FALSE";
      const lines: string[] = [];
      for (const option of body.options)
        lines.push(`\t${option.id === body.correctOptionId ? "=" : "~"}${await writer.html(option.content)}`);
      return lines.join("\n");
    }
    case "multiple_response": {
      const correctCount = body.options.filter((option) => option.correct).length;
      const wrongWeight = body.scoring === "all_or_nothing" ? -100 : -100 / correctCount;
      const lines: string[] = [];
      for (const option of body.options)
        lines.push(`\t~${weightText(option.correct ? 100 / correctCount : wrongWeight)}${await writer.html(option.content)}`);
      return lines.join("\n");
    }
    case "short_answer":
      if (body.answer.kind === "numeric") return `#${decimalWithDot(body.answer.value)}:${numberText(body.answer.tolerance)}`;
      return body.answer.accepted.map((accepted) => `\t=${giftEscape(accepted)}`).join("\n");
    case "essay":
      return "";
    case "true_false_group":
      return answerBlock(writer, trueFalseGroupAsMatching(body));
    case "matching": {
      const lines: string[] = [];
      for (const premise of body.premises) {
        const pair = body.pairs.find((candidate) => candidate.premiseId === premise.id);
        const response = body.responses.find((candidate) => candidate.id === pair?.responseId);
        lines.push(
          `\t=${await writer.html(premise.content)} -> ${giftEscape(response ? richTextToPlainText(response.content) : "")}`,
        );
      }
      // Responses no premise is paired with: Moodle reads "= -> x" as an extra choice.
      for (const response of body.responses.filter((candidate) => !body.pairs.some((pair) => pair.responseId === candidate.id)))
        lines.push(`\t= -> ${giftEscape(richTextToPlainText(response.content))}`);
      return lines.join("\n");
    }
    case "ordering": {
      const grading = body.scoring === "all_or_nothing" ? "ALL_OR_NOTHING" : "ABSOLUTE_POSITION";
      const lines = [`>${body.items.length} ALL VERTICAL ${grading} SHOW`];
      for (const item of body.items) lines.push(await writer.html(item.content));
      return lines.join("\n");
    }
    case "cloze":
      return body.gaps.length === 1 ? body.gaps[0]!.accepted.map((accepted) => `=${giftEscape(accepted)}`).join(" ") : null;
    default:
      return body satisfies never;
  }
}

/**
 * Writes questions as a GIFT file that Moodle's GIFT import reads. Losses (GIFT cannot say them):
 * case sensitivity of short answers, essay rubrics (kept as a comment), all-or-nothing scoring of
 * matching; a true/false group becomes a matching question of its statements against
 * "Đúng" / "Sai"; a cloze with several gaps is left out with a comment.
 */
export async function exportGift(questions: readonly ExportableQuestion[], options: GiftExportOptions): Promise<string> {
  const writer = new GiftWriter(options.loadImage);
  const parts = [`// Xuất từ Kho Học Liệu: ${questions.length} câu hỏi.`];
  let currentCategory: string | null = null;
  for (const [index, question] of questions.entries()) {
    const label = exportLabel(question, index);
    const block = await answerBlock(writer, question.body);
    if (block === null) {
      parts.push(
        `// Câu «${label.replace(/\s+/g, " ")}» là câu điền khuyết nhiều chỗ trống, GIFT không có dạng tương ứng nên không được xuất.`,
      );
      continue;
    }
    const path = [...(options.category ?? []), ...(question.category ?? [])];
    const categoryText = categoryPathText(path);
    if ((path.length > 0 || currentCategory !== null) && categoryText !== currentCategory) {
      parts.push(`$CATEGORY: ${categoryText}`);
      currentCategory = categoryText;
    }
    const body = question.body;
    const comments =
      body.type === "essay"
        ? body.rubric.map((row) => `// Tiêu chí chấm: ${row.criterion} (${numberText(row.weight * 100)}%)`)
        : [];
    const solution = question.solution ? `\n\t####${await writer.html(question.solution)}` : "";
    const title = `::${giftEscape(label)}::[html]`;
    let text: string;
    if (body.type === "cloze") {
      // A single gap is Moodle's "missing word": the answer block stands where the gap is.
      text = await writer.html(question.stem, (html) =>
        html.replace(new RegExp(CLOZE_GAP_PATTERN.source, "g"), () => `\u0000BLOCK\u0000`),
      );
      text = text.replace("\u0000BLOCK\u0000", `{${block}${solution}}`);
    } else if (body.type === "ordering") {
      // The ordering plugin wants "{>" at once and reads every line as an item, so no "####" here.
      text = `${await writer.html(question.stem)}{${block}\n}`;
    } else {
      const stem = await writer.html(question.stem);
      text = block.startsWith("\t") ? `${stem}{\n${block}${solution}\n}` : `${stem}{${block}${solution}}`;
    }
    parts.push([...comments, `${title}${text}`].join("\n"));
  }
  return `${parts.join("\n\n")}\n`;
}
