import type { CognitiveLevel, QuestionType } from "#content-schemas/questions";

/**
 * The conventions of Vietnamese Word question files (vn-assessment.md, "Word (.docx) question
 * files"), in one place so the exporter writes exactly what the importer reads.
 */

/** What a "PHẦN …" heading says its items are, from the words of its title. */
export type SectionKind = "single_choice" | "true_false_group" | "short_answer" | "essay";

/** Section titles the exporter writes (2025 exam wording), by the kind of items in them. */
export const SECTION_TITLES: Record<SectionKind | "other", string> = {
  single_choice: "Câu trắc nghiệm nhiều phương án lựa chọn.",
  true_false_group: "Câu trắc nghiệm đúng sai.",
  short_answer: "Câu trắc nghiệm trả lời ngắn.",
  essay: "Tự luận.",
  other: "Các dạng câu hỏi khác.",
};

export const ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"] as const;

const NUMERAL = "(X|IX|VIII|VII|VI|V|IV|III|II|I|\\d{1,2})";

/**
 * "PHẦN II. Câu trắc nghiệm đúng sai …" → numeral (group 1 or 2) and title (group 3). "Phần II"
 * in lower case only with punctuation after it, so a sentence starting "Phần I của …" is not a heading.
 */
export const SECTION_HEADING = new RegExp(
  `^\\s*(?:PHẦN\\s+${NUMERAL}(?![\\p{L}\\d])\\s*[.:\\-–—]?|Phần\\s+${NUMERAL}\\s*[.:\\-–—])\\s*(.*)$`,
  "u",
);

/** The kind of items a section title announces ("Câu trắc nghiệm đúng sai." → true/false), or null. */
export function sectionKind(title: string): SectionKind | null {
  if (/đúng\s*[-/]?\s*sai/iu.test(title)) return "true_false_group";
  if (/trả\s+lời\s+ngắn|điền\s+đáp\s+số/iu.test(title)) return "short_answer";
  if (/tự\s+luận/iu.test(title)) return "essay";
  if (/nhiều\s+phương\s+án|lựa\s+chọn|trắc\s+nghiệm\s+khách\s+quan|^\s*trắc\s+nghiệm\s*\.?\s*$/iu.test(title))
    return "single_choice";
  return null;
}

/** Level tags written in a stem, e.g. "(NB)", "[TH]", "(Vận dụng)"; the exporter writes the first of each. */
const LEVEL_TAGS: readonly { level: CognitiveLevel; words: readonly string[] }[] = [
  { level: "biet", words: ["Biết"] },
  { level: "hieu", words: ["Hiểu"] },
  { level: "van_dung", words: ["Vận dụng", "VD"] },
  { level: "nhan_biet", words: ["NB", "Nhận biết"] },
  { level: "thong_hieu", words: ["TH", "Thông hiểu"] },
  { level: "van_dung_cao", words: ["VDC", "Vận dụng cao"] },
];

/** The tag the exporter writes for a level: "(Biết)", "(NB)" … */
export function levelTag(level: CognitiveLevel): string {
  return `(${LEVEL_TAGS.find((tag) => tag.level === level)!.words[0]})`;
}

const LEVEL_WORD_PATTERN = LEVEL_TAGS.flatMap((tag) => tag.words)
  .sort((left, right) => right.length - left.length)
  .map((word) => word.replace(/ /g, "\\s+"))
  .join("|");

/** A level tag in brackets, optionally "Mức độ:" inside: "(NB)", "[Mức độ: Hiểu]". */
export const LEVEL_TAG = new RegExp(`[([]\\s*(?:mức\\s+độ\\s*:?\\s*)?(${LEVEL_WORD_PATTERN})\\s*[)\\]]`, "iu");

/** "NB", "thông hiểu", "Vận dụng cao" … (any case, any spacing) → the level. */
export function levelFromWord(word: string): CognitiveLevel | null {
  const normalized = word.replace(/\s+/g, " ").toLocaleLowerCase("vi");
  return LEVEL_TAGS.find((tag) => tag.words.some((candidate) => candidate.toLocaleLowerCase("vi") === normalized))?.level ?? null;
}

/**
 * "Câu 12." "Câu 12:" "CÂU 12 (NB):" "Câu 12 (0,5 điểm)." — also "Bài 2." (essays) and "Question 3:"
 * (English tests): the word and the number; what follows is read by the parser.
 */
export const ITEM_START = /^\s*(câu|bài|question)\s*(\d{1,4})(?!\d)/iu;

/** "Câu", "Bài" or "Question" as a label starts, whatever the case in the file. */
export function itemWord(word: string): string {
  const lower = word.toLocaleLowerCase("vi");
  return lower.charAt(0).toLocaleUpperCase("vi") + lower.slice(1);
}

/** Headings of the answer key at the end: "BẢNG ĐÁP ÁN", "ĐÁP ÁN", "ĐÁP ÁN PHẦN I", "ĐÁP ÁN VÀ HƯỚNG DẪN GIẢI". */
export const ANSWER_KEY_HEADING =
  /^\s*(bảng\s+)?đáp\s+án(\s+(tham\s+khảo|trắc\s+nghiệm|phần\s+\S+|đề\s+\S+|và\s+(lời\s+giải|hướng\s+dẫn(\s+giải|\s+chấm)?)(\s+chi\s+tiết)?))*\s*[:.]?\s*$/iu;

/** A solutions part at the end ("HƯỚNG DẪN GIẢI", "LỜI GIẢI CHI TIẾT"), when the items are repeated there by number. */
export const SOLUTIONS_HEADING = /^\s*(hướng\s+dẫn\s+giải|lời\s+giải)(\s+chi\s+tiết)?\s*[:.]?\s*$/iu;

/** Where the solution of an item begins: "Lời giải:", "Hướng dẫn giải", "Giải:" … (the rest of the line is solution). */
export const SOLUTION_START =
  /^\s*(?:(?:lời\s+giải|hướng\s+dẫn\s+giải|bài\s+giải)(?:\s+chi\s+tiết)?(?:\s*[:.]|\s+|$)|(?:giải|hướng\s+dẫn|giải\s+thích)\s*(?:[:.]|$))\s*/iu;

/** A line giving the answer: "Đáp án: B", "Đáp số: -1,5", "Trả lời: 12", "ĐS: 3". */
export const ANSWER_LINE =
  /^\s*(?:đáp\s+án(?:\s+đúng)?(?:\s+là)?|đáp\s+số|ĐS|trả\s+lời|kết\s+quả)\s*[:.]\s*(.+?)\s*$|^\s*đáp\s+án\s+([A-J](?:\s*[,;]\s*[A-J])*)\s*\.?\s*$/iu;

/** "Chọn A", "Chọn đáp án B.", "Chọn phương án C" (but not "Chọn khẳng định đúng"). */
export const CHOOSE_LINE = /^\s*chọn\s+(?:đáp\s+án\s+|phương\s+án\s+)?([A-J](?:\s*(?:[,;]|và)\s*[A-J])*)\s*\.?\s*$/iu;

/** Heading of an essay's marking rubric, followed by a table (Tiêu chí | Tỉ trọng | Mô tả). */
export const RUBRIC_HEADING = /^\s*(hướng\s+dẫn\s+chấm|tiêu\s+chí\s+chấm(\s+điểm)?|thang\s+điểm|biểu\s+điểm)\s*[:.]?\s*$/iu;

/** The heading the exporter writes before an essay's rubric table, and its columns. */
export const RUBRIC_TITLE = "Hướng dẫn chấm:";
export const RUBRIC_COLUMNS = ["Tiêu chí", "Tỉ trọng", "Mô tả"] as const;
export const SOLUTION_TITLE = "Lời giải:";
export const ANSWER_KEY_TITLE = "BẢNG ĐÁP ÁN";
export const ANSWER_LINE_TITLE = "Đáp án:";

/** A short answer's tolerance and case rule, written after its value: "3,14 (sai số 0,01)". */
export const TOLERANCE_NOTE = /\(\s*sai\s+số\s*[:±]?\s*±?\s*([\d.,]+)\s*\)/iu;
export const CASE_SENSITIVE_NOTE = /\(\s*phân\s+biệt\s+chữ\s+hoa(?:\s*[/-]\s*|\s+và\s+)?(?:chữ\s+)?thường\s*\)/iu;
export const CASE_SENSITIVE_TEXT = "(phân biệt chữ hoa/thường)";

/** Type tags after "Câu N." for the formats outside the 2025 exam, where options alone cannot tell. */
export const TYPE_TAGS: Partial<Record<QuestionType, string>> = {
  multiple_response: "[Nhiều đáp án]",
  ordering: "[Sắp xếp]",
  matching: "[Ghép nối]",
};
export const TYPE_TAG = /^\s*\[\s*(nhiều\s+đáp\s+án|sắp\s+xếp|ghép\s+nối)\s*\]\s*/iu;

/** The question type a tag names ("nhiều đáp án" → multiple_response …). */
export function typeFromTag(tag: string): QuestionType {
  const normalized = tag.toLocaleLowerCase("vi").replace(/\s+/g, " ");
  if (normalized.startsWith("nhiều")) return "multiple_response";
  if (normalized.startsWith("sắp")) return "ordering";
  return "matching";
}

/** A cloze gap's answers on its own line: "[[1]]: Hà Nội; Thủ đô Hà Nội". */
export const GAP_ANSWER_LINE = /^\s*\[\[([A-Za-z0-9_-]{1,24})\]\]\s*[:=]\s*(.+?)\s*$/u;

/** Option letters in order; statements use the same letters in lower case. */
export const OPTION_LETTERS = "ABCDEFGHIJ";

/** True/false answers as the answer key writes them. */
export const TRUE_MARK = "Đ";
export const FALSE_MARK = "S";
