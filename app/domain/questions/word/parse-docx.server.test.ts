import { describe, expect, it } from "vitest";
import { importParseResultSchema, type ImportedQuestion, type StoreImage } from "#content-schemas/question-import";
import type { QuestionBody, RichText } from "#content-schemas/questions";
import {
  ACCEPTANCE_BROKEN_LABEL,
  ACCEPTANCE_EXPECTED,
  ACCEPTANCE_IMAGE_FILE,
  NUMBERING_XML,
  PNG_PIXELS,
  buildAcceptanceDocx,
  buildDocx,
  buildLargeDocx,
  imageRun,
  lineBreak,
  mathTypeObject,
  numberedParagraph,
  omml,
  paragraph,
  run,
  tab,
  table,
} from "../../../../tests/support/question-docx";
import { writeZip } from "./ooxml.server";
import { parseQuestionDocx } from "./parse-docx.server";

const { math, r } = omml;

function recordingStore() {
  const stored: { contentType: string; fileName: string; size: number }[] = [];
  const storeImage: StoreImage = async (image) => {
    stored.push({ contentType: image.contentType, fileName: image.fileName, size: image.data.length });
    return `/media/upload-${stored.length}`;
  };
  return { stored, storeImage };
}

async function parse(body: string[], extra: Partial<Parameters<typeof buildDocx>[0]> = {}) {
  const result = await parseQuestionDocx(await buildDocx({ body, ...extra }), recordingStore());
  return importParseResultSchema.parse(result);
}

/** "B" / "ĐSĐS" / "-1,5" — the answer of a parsed item, in the form the expectations use. */
function answerOf(body: QuestionBody | undefined): string | null {
  if (!body) return null;
  if (body.type === "single_choice") return body.correctOptionId;
  if (body.type === "multiple_response") return body.options.flatMap((option) => (option.correct ? [option.id] : [])).join(",");
  if (body.type === "true_false_group") return body.statements.map((statement) => (statement.correct ? "Đ" : "S")).join("");
  if (body.type === "short_answer") return body.answer.kind === "numeric" ? body.answer.value : body.answer.accepted.join("; ");
  return body.type;
}

/** The plain text of rich text, equations as $…$. */
function textOf(doc: RichText | null | undefined): string {
  return JSON.stringify(doc ?? null)
    .match(/"text":"[^"]*"|"latex":"(?:[^"\\]|\\.)*"/g)!
    .map((piece) => (piece.startsWith('"text"') ? JSON.parse(piece.slice(7)) : `$${JSON.parse(piece.slice(8))}$`))
    .join("");
}

const item = (items: readonly ImportedQuestion[], label: string) => items.find((candidate) => candidate.label === label)!;
const stemParagraph = (number: number, text: string) => paragraph(run(`Câu ${number}. `, { bold: true }), run(text));
const options = (...texts: string[]) => texts.map((text, index) => paragraph(run(`${"ABCD"[index]}. `), run(text)));

describe("parseQuestionDocx: the acceptance file", () => {
  it("parses the 30 good items with their answers and reports the broken one with its source text", async () => {
    const { stored, storeImage } = recordingStore();
    const result = importParseResultSchema.parse(await parseQuestionDocx(await buildAcceptanceDocx(), { storeImage }));

    expect(result.format).toBe("docx");
    expect(result.warnings).toEqual([]);
    expect(result.items).toHaveLength(31);
    expect(result.items.map((parsed) => parsed.index)).toEqual(Array.from({ length: 31 }, (_, index) => index + 1));
    for (const expected of ACCEPTANCE_EXPECTED) {
      const parsed = item(result.items, expected.label);
      expect({ label: parsed.label, problems: parsed.problems }).toEqual({ label: expected.label, problems: [] });
      expect(parsed.section).toBe(expected.section);
      expect(parsed.content?.body.type).toBe(expected.type);
      expect(answerOf(parsed.content?.body)).toBe(expected.answer);
    }

    const broken = item(result.items, ACCEPTANCE_BROKEN_LABEL);
    expect(broken.content).toBeNull();
    expect(broken.problems).toEqual(["Câu 7: không tìm thấy đáp án đúng (gạch chân, in đậm, tô đỏ, dấu * hoặc bảng đáp án)."]);
    expect(broken.sourceText).toBe("Câu 7. Thủ đô của Việt Nam là\nA. Hà Nội\nB. Huế\nC. Đà Nẵng\nD. TP. Hồ Chí Minh");

    expect(stored).toEqual([{ contentType: "image/png", fileName: ACCEPTANCE_IMAGE_FILE, size: PNG_PIXELS.length }]);
  });

  it("reads levels, equations, images, solutions and options without the formatting that marked the answer", async () => {
    const { items } = await parseQuestionDocx(await buildAcceptanceDocx(), recordingStore());

    expect(["Câu 1", "Câu 9", "Câu 14", "Câu 19", "Câu 2"].map((label) => item(items, label).level)).toEqual([
      "nhan_biet",
      "thong_hieu",
      "van_dung",
      "biet",
      null,
    ]);
    const first = item(items, "Câu 1").content!;
    expect(textOf(first.stem)).toBe("Tập xác định của hàm số $y=\\frac{1}{x-1}$ là");
    expect(item(items, "Câu 1").sourceText.split("\n")[0]).toBe("Câu 1. (NB) Tập xác định của hàm số $y=\\frac{1}{x-1}$ là");
    expect(first.body.type === "single_choice" && first.body.options.map((option) => textOf(option.content))).toEqual([
      "$\\mathbb{R}$",
      "$\\mathbb{R}\\setminus\\left\\{1\\right\\}$",
      "(1; +∞)",
      "$\\left(-\\infty;1\\right)$",
    ]);
    expect(textOf(item(items, "Câu 14").content!.stem)).toBe(
      "Một hộp có 3 bi đỏ và 2 bi xanh. Lấy ngẫu nhiên 1 bi. Xác suất lấy được bi đỏ là",
    );

    const withImage = item(items, "Câu 6").content!;
    expect(withImage.stem.content[1]).toEqual({
      type: "image",
      attrs: { src: "/media/upload-1", alt: "Lưới ô màu đỏ", width: 160, height: 120 },
    });
    expect(textOf(withImage.solution)).toBe("Lưới có $4\\times 3=12$ ô.");
    expect(item(items, "Câu 12").content!.stem.content[1]).toEqual({ type: "blockMath", attrs: { latex: "I=\\int_0^1 2xdx" } });
    expect(item(items, "Câu 8").content!.solution!.content).toEqual([
      { type: "paragraph", content: [{ type: "inlineMath", attrs: { latex: "y'=3x^2" } }] },
    ]);

    // The answer's bold (Câu 2) and underline (Câu 16) are marks of the answer, not of its text.
    const boldAnswer = item(items, "Câu 2").content!.body;
    expect(boldAnswer.type === "single_choice" && boldAnswer.options[2]!.content.content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "y = x³ + x" }] },
    ]);
    const underlinedAnswer = item(items, "Câu 16").content!.body;
    expect(underlinedAnswer.type === "single_choice" && underlinedAnswer.options[3]!.content.content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "A" }] },
    ]);

    const withResults = item(items, "Câu 25").content!;
    expect(
      withResults.body.type === "true_false_group" && withResults.body.statements.map((statement) => textOf(statement.content)),
    ).toEqual(["Dãy số tăng.", "$u_1=3$", "Dãy số bị chặn trên.", "Dãy số là cấp số nhân."]);
    expect(textOf(withResults.solution)).toBe("$u_{n+1}-u_n=2>0$ nên dãy số tăng.");

    const approximate = item(items, "Câu 30").content!.body;
    expect(approximate).toEqual({ type: "short_answer", answer: { kind: "numeric", value: "3,14", tolerance: 0.01 } });
    expect(textOf(item(items, "Câu 29").content!.solution)).toBe("$7^2=49$Đáp số: 7");
  });

  it("parses a 200-item file with equations and images well under 5 seconds", async () => {
    const data = await buildLargeDocx(200);
    const started = performance.now();
    const result = await parseQuestionDocx(data, recordingStore());
    const elapsed = performance.now() - started;
    expect(result.items).toHaveLength(200);
    expect(result.items.filter((parsed) => parsed.problems.length > 0)).toEqual([]);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe("parseQuestionDocx: answers", () => {
  it("reports answers that disagree between the marks and the answer table, keeping the parsed item for the preview", async () => {
    const { items } = await parse([
      stemParagraph(1, "Chọn số chẵn."),
      paragraph(run("A. "), run("1")),
      paragraph(run("B. ", { underline: true }), run("2")),
      paragraph("C. 3"),
      paragraph("D. 5"),
      paragraph(run("BẢNG ĐÁP ÁN")),
      table([
        ["Câu", "Đáp án"],
        ["1", "C"],
      ]),
    ]);
    expect(items[0]!.problems).toEqual(["Câu 1: đáp án theo đánh dấu trong câu (B) khác đáp án theo bảng đáp án (C)."]);
    expect(answerOf(items[0]!.content?.body)).toBe("B");
  });

  it("reports marks that disagree with each other, and ignores bold when a stronger mark exists", async () => {
    const { items } = await parse([
      stemParagraph(1, "Câu có hai cách đánh dấu khác nhau."),
      paragraph(run("A. ", { underline: true }), run("1")),
      paragraph(run("B. ", { color: "FF0000" }), run("2")),
      paragraph("C. 3"),
      paragraph("D. 4"),
      stemParagraph(2, "Câu có in đậm để nhấn mạnh."),
      paragraph(run("A. "), run("KHÔNG", { bold: true })),
      paragraph(run("B. ", { underline: true }), run("2")),
      paragraph("C. 3"),
      paragraph("D. 4"),
    ]);
    expect(items[0]!.problems).toEqual(["Câu 1: các cách đánh dấu đáp án không khớp nhau (gạch chân: A; tô đỏ: B)."]);
    expect(items[1]!.problems).toEqual([]);
    expect(answerOf(items[1]!.content?.body)).toBe("B");
    const body = items[1]!.content!.body;
    expect(body.type === "single_choice" && body.options[0]!.content.content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "KHÔNG", marks: [{ type: "bold" }] }] },
    ]);
  });

  it("treats several marked options as one problem in a single-choice section, as multiple response elsewhere", async () => {
    const marked = [
      paragraph(run("A. ", { underline: true }), run("2")),
      paragraph(run("B. "), run("3")),
      paragraph(run("C. ", { underline: true }), run("4")),
      paragraph(run("D. "), run("5")),
    ];
    const { items } = await parse([
      paragraph("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn."),
      stemParagraph(1, "Số chẵn là"),
      ...marked,
      paragraph("PHẦN II. Các dạng khác"),
      stemParagraph(2, "Chọn các số chẵn."),
      ...marked,
    ]);
    expect(items[0]!.problems).toEqual([
      "Câu 1: có 2 phương án được đánh dấu đúng (A, C) nhưng câu trắc nghiệm nhiều phương án lựa chọn chỉ có một đáp án.",
    ]);
    expect(items[1]!.problems).toEqual([]);
    expect(items[1]!.content?.body.type).toBe("multiple_response");
    expect(answerOf(items[1]!.content?.body)).toBe("A,C");
  });

  it("splits options on one line at tabs or wide spaces, or at single spaces when there are three or more labels", async () => {
    const { items } = await parse([
      stemParagraph(1, "Chọn một."),
      paragraph(run("*A. 1   B. 2"), tab, run("C. 3    D. 4")),
      stemParagraph(2, "Chọn hai."),
      paragraph(run("A. 1 B. 2 C. 3 *D. 4")),
      stemParagraph(3, "Chọn ba."),
      paragraph(run("*A. Vitamin B. Tốt cho sức khỏe")),
      paragraph(run("B. Không")),
      stemParagraph(4, "Xuống dòng mềm."),
      paragraph(run("A. 1"), lineBreak, run("B. 2"), lineBreak, run("C. 3", { underline: true }), lineBreak, run("D. 4")),
    ]);
    const texts = (index: number) => {
      const body = items[index]!.content!.body;
      return body.type === "single_choice" ? body.options.map((option) => textOf(option.content)) : [];
    };
    expect(texts(0)).toEqual(["1", "2", "3", "4"]);
    expect(answerOf(items[1]!.content?.body)).toBe("D");
    expect(texts(1)).toEqual(["1", "2", "3", "4"]);
    expect(texts(2)).toEqual(["Vitamin B. Tốt cho sức khỏe", "Không"]);
    expect(answerOf(items[3]!.content?.body)).toBe("C");
  });

  it("leaves the mark out of the answer's text when the whole option, label and text, is marked", async () => {
    const { items } = await parse([
      stemParagraph(1, "Chọn số chẵn."),
      paragraph("A. 1"),
      paragraph(run("B. 2", { underline: true, bold: true })),
      paragraph("C. 3"),
      paragraph("D. 5"),
    ]);
    const body = items[0]!.content!.body;
    expect(answerOf(body)).toBe("B");
    expect(body.type === "single_choice" && body.options[1]!.content.content).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "2", marks: [{ type: "bold" }] }] },
    ]);
  });

  it("reads options laid out in a table", async () => {
    const { items } = await parse([
      stemParagraph(1, "Chọn một."),
      table([
        ["A. 1", "B. 2"],
        [paragraph(run("C. ", { color: "FF0000" }), run("3")), "D. 4"],
      ]),
    ]);
    expect(items[0]!.problems).toEqual([]);
    expect(answerOf(items[0]!.content?.body)).toBe("C");
  });

  it("reads answer lines: Đáp án, Chọn, and ignores blanks left for students", async () => {
    const { items } = await parse([
      stemParagraph(1, "Chọn khẳng định đúng."),
      ...options("1", "2", "3", "4"),
      paragraph("Chọn đáp án C."),
      stemParagraph(2, "Điền số."),
      paragraph("Đáp án: ……………"),
    ]);
    expect(answerOf(items[0]!.content?.body)).toBe("C");
    expect(textOf(items[0]!.content!.stem)).toBe("Chọn khẳng định đúng.");
    expect(items[1]!.content?.body.type).toBe("essay");
  });

  it("reads true/false answers from a table with one row per statement and merged number cells", async () => {
    const statements = ["a", "b", "c", "d"].map((letter) => paragraph(`${letter}) Mệnh đề ${letter}.`));
    const { items } = await parse([
      paragraph("PHẦN II. Câu trắc nghiệm đúng sai."),
      stemParagraph(1, "Xét các mệnh đề."),
      ...statements,
      paragraph("ĐÁP ÁN"),
      table([
        ["Câu", "Ý", "Đáp án"],
        ["1", "a)", "Đúng"],
        ["", "b)", "Sai"],
        ["", "c)", "S"],
        ["", "d)", "Đ"],
      ]),
    ]);
    expect(items[0]!.problems).toEqual([]);
    expect(answerOf(items[0]!.content?.body)).toBe("ĐSSĐ");
  });

  it("matches per-section keys when numbering restarts in each PHẦN, and reads horizontal tables", async () => {
    const { items, warnings } = await parse([
      paragraph("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn."),
      stemParagraph(1, "Một cộng một bằng"),
      ...options("1", "2", "3", "4"),
      stemParagraph(2, "Hai cộng hai bằng"),
      ...options("1", "2", "3", "4"),
      paragraph("PHẦN II. Câu trắc nghiệm đúng sai."),
      stemParagraph(1, "Xét các mệnh đề."),
      ...["a", "b", "c", "d"].map((letter) => paragraph(`${letter}) Mệnh đề ${letter}.`)),
      paragraph("PHẦN III. Câu trắc nghiệm trả lời ngắn."),
      stemParagraph(1, "Ba trừ năm bằng"),
      paragraph("BẢNG ĐÁP ÁN"),
      paragraph("PHẦN I"),
      table([
        ["Câu", "1", "2"],
        ["Chọn", "B", "D"],
      ]),
      paragraph("PHẦN II"),
      table([
        ["Câu", "Đáp án"],
        ["1", "ĐSĐS"],
      ]),
      paragraph("PHẦN III"),
      table([
        ["Câu", "Đáp án"],
        ["1", "-2"],
      ]),
    ]);
    expect(warnings).toEqual([]);
    expect(items.map((parsed) => [parsed.section, parsed.label, answerOf(parsed.content?.body), parsed.problems])).toEqual([
      ["PHẦN I", "Câu 1", "B", []],
      ["PHẦN I", "Câu 2", "D", []],
      ["PHẦN II", "Câu 1", "ĐSĐS", []],
      ["PHẦN III", "Câu 1", "-2", []],
    ]);
  });

  it("tells items with the same number apart by the kind of answer when one key covers all sections", async () => {
    const { items, warnings } = await parse([
      paragraph("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn."),
      stemParagraph(1, "Một cộng một bằng"),
      ...options("1", "2", "3", "4"),
      paragraph("PHẦN II. Câu trắc nghiệm đúng sai."),
      stemParagraph(1, "Xét các mệnh đề."),
      ...["a", "b", "c", "d"].map((letter) => paragraph(`${letter}) Mệnh đề ${letter}.`)),
      paragraph("PHẦN III. Câu trắc nghiệm trả lời ngắn."),
      stemParagraph(1, "Ba trừ năm bằng"),
      paragraph("BẢNG ĐÁP ÁN"),
      table([
        ["Câu", "Đáp án"],
        ["1", "D"],
        ["1", "Đ S S Đ"],
        ["1", "-2"],
      ]),
    ]);
    expect(warnings).toEqual([]);
    expect(items.map((parsed) => answerOf(parsed.content?.body))).toEqual(["D", "ĐSSĐ", "-2"]);
  });

  it("reads a compact key written as text, and warns about key entries without an item", async () => {
    const { items, warnings } = await parse([
      stemParagraph(1, "Một"),
      ...options("1", "2", "3", "4"),
      stemParagraph(2, "Hai"),
      ...options("1", "2", "3", "4"),
      paragraph(run("ĐÁP ÁN", { bold: true })),
      paragraph("1.A   2-D   3.C"),
    ]);
    expect(items.map((parsed) => answerOf(parsed.content?.body))).toEqual(["A", "D"]);
    expect(warnings).toEqual([
      "Bảng đáp án có câu 3 nhưng không xác định được câu hỏi tương ứng trong tệp (không có, hoặc trùng số ở nhiều phần).",
    ]);
  });

  it("reads solutions given in a section at the end, with the answer in their first line", async () => {
    const { items } = await parse([
      stemParagraph(1, "Một cộng một bằng"),
      ...options("1", "2", "3", "4"),
      stemParagraph(2, "Tính 3 − 5."),
      paragraph(run("HƯỚNG DẪN GIẢI", { bold: true })),
      paragraph(run("Câu 1. ", { bold: true }), run("Chọn B.")),
      paragraph("Vì 1 + 1 = 2."),
      paragraph(run("Câu 2. ", { bold: true }), run("Đáp án: -2")),
    ]);
    expect(items).toHaveLength(2);
    expect(items.map((parsed) => [answerOf(parsed.content?.body), parsed.problems])).toEqual([
      ["B", []],
      ["-2", []],
    ]);
    expect(textOf(items[0]!.content!.solution)).toBe("Chọn B.Vì 1 + 1 = 2.");
  });

  it("reads items and options numbered automatically by Word lists", async () => {
    const { items } = await parse(
      [
        numberedParagraph(1, run("Một cộng một bằng")),
        numberedParagraph(2, run("1")),
        numberedParagraph(2, run("2", { underline: true })),
        numberedParagraph(2, run("3")),
        numberedParagraph(2, run("4")),
        numberedParagraph(1, run("Hai cộng hai bằng")),
        numberedParagraph(3, run("2")),
        numberedParagraph(3, run("4", { color: "FF0000" })),
      ],
      { numbering: NUMBERING_XML },
    );
    expect(items.map((parsed) => [parsed.label, answerOf(parsed.content?.body), parsed.problems])).toEqual([
      ["Câu 1", "B", []],
      ["Câu 2", "B", []],
    ]);
  });
});

describe("parseQuestionDocx: kinds of items", () => {
  it("keeps statements before the options in the stem of a single-choice item", async () => {
    const { items } = await parse([
      stemParagraph(1, "Cho các mệnh đề:"),
      paragraph("a) 2 là số chẵn."),
      paragraph("b) 3 là số chẵn."),
      paragraph("Số mệnh đề đúng là"),
      ...options("0", "1", "2", "3").map((xml, index) =>
        index === 1 ? xml.replace("<w:r>", '<w:r><w:rPr><w:u w:val="single"/></w:rPr>') : xml,
      ),
    ]);
    expect(items[0]!.problems).toEqual([]);
    expect(textOf(items[0]!.content!.stem)).toBe("Cho các mệnh đề:a) 2 là số chẵn.b) 3 là số chẵn.Số mệnh đề đúng là");
    expect(answerOf(items[0]!.content?.body)).toBe("B");
  });

  it("reads essays: sub-questions stay in the stem, the rubric table becomes the rubric", async () => {
    const { items } = await parse([
      paragraph("PHẦN IV. Tự luận"),
      stemParagraph(1, "Cho hàm số y = x² − 2x."),
      paragraph("a) Tìm đỉnh của parabol."),
      paragraph("b) Vẽ đồ thị."),
      stemParagraph(2, "Viết đoạn văn về quê hương."),
      paragraph("Hướng dẫn chấm:"),
      table([
        ["Tiêu chí", "Điểm", "Mô tả"],
        ["Nội dung", "1,5", "Đủ ý"],
        ["Diễn đạt", "0,5", ""],
      ]),
    ]);
    expect(items.map((parsed) => parsed.problems)).toEqual([[], []]);
    expect(items[0]!.content!.body).toEqual({
      type: "essay",
      rubric: [{ criterion: "Chấm theo đáp án và hướng dẫn giải", weight: 1, description: "" }],
      allowPhoto: true,
    });
    expect(textOf(items[0]!.content!.stem)).toBe("Cho hàm số y = x² − 2x.a) Tìm đỉnh của parabol.b) Vẽ đồ thị.");
    expect(items[1]!.content!.body).toEqual({
      type: "essay",
      rubric: [
        { criterion: "Nội dung", weight: 0.75, description: "Đủ ý" },
        { criterion: "Diễn đạt", weight: 0.25, description: "" },
      ],
      allowPhoto: true,
    });
    expect(items[1]!.content!.solution).toBeNull();
  });

  it("takes only the number, tags and one punctuation mark from the start of an item", async () => {
    const { items } = await parse([
      paragraph("Câu 1. -2 là số nguyên âm?"),
      paragraph("Đáp án: Đúng"),
      paragraph("Câu 2 (NB): (Đề minh họa 2025) Tính 1 + 1."),
      paragraph("Đáp án: 2"),
      paragraph("Câu 3 - Tính 2 + 2."),
      paragraph("Đáp án: 4"),
    ]);
    expect(items.map((parsed) => [textOf(parsed.content!.stem), parsed.level])).toEqual([
      ["-2 là số nguyên âm?", null],
      ["(Đề minh họa 2025) Tính 1 + 1.", "nhan_biet"],
      ["Tính 2 + 2.", null],
    ]);
  });

  it("reads English tests (“Question N:”) and essays numbered “Bài N”", async () => {
    const { items } = await parse([
      paragraph(run("QUESTION 1: ", { bold: true }), run("Choose the word that differs from the others.")),
      paragraph(run("A. apple\tB. banana\t"), run("C. carrot", { underline: true }), run("\tD. mango")),
      paragraph("PHẦN II. TỰ LUẬN"),
      paragraph(
        run("Bài 1 (2 điểm). ", { bold: true }),
        run("Giải phương trình "),
        math(omml.sSup(r("x"), r("2")), r("=4")),
        run("."),
      ),
    ]);
    expect(
      items.map((parsed) => [parsed.label, parsed.content?.body.type, answerOf(parsed.content?.body), parsed.problems]),
    ).toEqual([
      ["Question 1", "single_choice", "C", []],
      ["Bài 1", "essay", "essay", []],
    ]);
    expect(textOf(items[1]!.content!.stem)).toBe("Giải phương trình $x^2=4$.");
  });

  it("reads short answers as text with several accepted answers, and cloze gaps", async () => {
    const { items } = await parse([
      stemParagraph(1, "Thủ đô của Việt Nam?"),
      paragraph("Đáp án: Hà Nội; Thủ đô Hà Nội (phân biệt chữ hoa/thường)"),
      stemParagraph(2, "Sông dài nhất Việt Nam là [[1]], chảy qua [[2]]."),
      paragraph("[[1]]: sông Đồng Nai; Đồng Nai"),
      paragraph("[[2]]: miền Nam"),
    ]);
    expect(items.map((parsed) => parsed.problems)).toEqual([[], []]);
    expect(items[0]!.content!.body).toEqual({
      type: "short_answer",
      answer: { kind: "text", accepted: ["Hà Nội", "Thủ đô Hà Nội"], caseSensitive: true },
    });
    expect(items[1]!.content!.body).toEqual({
      type: "cloze",
      gaps: [
        { key: "1", accepted: ["sông Đồng Nai", "Đồng Nai"], caseSensitive: false },
        { key: "2", accepted: ["miền Nam"], caseSensitive: false },
      ],
      scoring: "proportional",
    });
  });

  it("reports a true/false item without four statements through the question contract", async () => {
    const { items } = await parse([
      paragraph("PHẦN II. Câu trắc nghiệm đúng sai."),
      stemParagraph(1, "Xét các mệnh đề."),
      paragraph(run("a) ", { underline: true }), run("Một.")),
      paragraph("b) Hai."),
      paragraph("c) Ba."),
    ]);
    expect(items[0]!.content).toBeNull();
    expect(items[0]!.problems).toEqual(["Câu 1: Câu đúng/sai có đúng 4 ý a), b), c), d)."]);
  });

  it("keeps tables of the stem, Unicode superscripts and symbols of the Symbol font", async () => {
    const { items } = await parse([
      stemParagraph(1, "Cho bảng số liệu và x"),
      paragraph(
        run("x"),
        run("2", { vertAlign: "superscript" }),
        run(" + H"),
        run("2", { vertAlign: "subscript" }),
        run("O "),
        '<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>',
        run(" 0"),
      ),
      table([
        ["x", "1", "2"],
        ["y", "3", "4"],
      ]),
      paragraph("Đáp án: 5"),
    ]);
    const stem = items[0]!.content!.stem;
    expect(textOf(stem)).toBe("Cho bảng số liệu và xx² + H₂O ≥ 0x12y34");
    expect(stem.content[2]).toMatchObject({ type: "table", content: [{ type: "tableRow" }, { type: "tableRow" }] });
  });
});

describe("parseQuestionDocx: what cannot be imported", () => {
  it("returns a warning and no items for a file that is not a .docx", async () => {
    const result = await parseQuestionDocx(new TextEncoder().encode("không phải tệp Word"), recordingStore());
    expect(result).toEqual({
      format: "docx",
      items: [],
      unsupported: [],
      warnings: ["Tệp không phải tài liệu Word (.docx) hợp lệ. Nếu là tệp .doc cũ, hãy mở bằng Word và lưu lại dưới dạng .docx."],
    });
  });

  it("returns a warning for a zip that is not a Word document", async () => {
    const result = await parseQuestionDocx(
      await writeZip([{ name: "word/document.xml", data: "<html><body>Câu 1.</body></html>" }]),
      recordingStore(),
    );
    expect(result.items).toEqual([]);
    expect(result.warnings).toEqual([
      "Tệp không phải tài liệu Word (.docx) hợp lệ. Nếu là tệp .doc cũ, hãy mở bằng Word và lưu lại dưới dạng .docx.",
    ]);
  });

  it("warns when no item starts with “Câu N.”", async () => {
    const { items, warnings } = await parse([paragraph("1. Tính 1 + 1."), paragraph("A. 1 B. 2")]);
    expect(items).toEqual([]);
    expect(warnings).toEqual([
      "Không tìm thấy câu hỏi nào: mỗi câu phải bắt đầu bằng “Câu 1.”, “Câu 2:” … (hoặc “Bài 1.”, “Question 1.”).",
    ]);
  });

  it("reports MathType equations and old fonts, and stores no image for them", async () => {
    const { stored, storeImage } = recordingStore();
    const data = await buildDocx({
      body: [
        paragraph(run("Câu 1. ", { bold: true, font: ".VnTime" }), run("TÝnh "), mathTypeObject("rIdOle")),
        paragraph("Đáp án: 2"),
      ],
      media: [{ relationshipId: "rIdOle", fileName: "image1.wmf", data: Buffer.from("wmf") }],
    });
    const result = await parseQuestionDocx(data, { storeImage });
    expect(result.warnings).toEqual([
      "Tệp dùng phông chữ cũ (TCVN3/VNI, ví dụ .VnTime): chữ tiếng Việt có thể bị lỗi. Hãy chuyển mã sang Unicode (Unikey → Công cụ chuyển mã) rồi nhập lại.",
    ]);
    expect(result.items[0]!.problems).toEqual([
      "Câu 1: có công thức MathType/Equation 3.0 (đối tượng nhúng) không đọc được; hãy chuyển sang công thức của Word (MathType → Convert Equations → Word equation) rồi nhập lại.",
    ]);
    expect(result.items[0]!.sourceText).toBe("Câu 1. TÝnh [công thức MathType]\nĐáp án: 2");
    expect(stored).toEqual([]);
  });

  it("reports pictures in formats browsers cannot show", async () => {
    const { items } = await parse([stemParagraph(1, "Hình:"), paragraph(imageRun("rIdEmf")), paragraph("Đáp án: 1")], {
      media: [{ relationshipId: "rIdEmf", fileName: "image1.emf", data: Buffer.from("emf") }],
    });
    expect(items[0]!.problems).toEqual([
      "Câu 1: có hình ảnh dạng EMF (thường là hình vẽ hoặc công thức cũ) không hiển thị được trên web; hãy chèn lại ảnh PNG hoặc JPEG.",
    ]);
  });

  it("reads an equation coloured red as a mark of the answer", async () => {
    const { items } = await parse([
      stemParagraph(1, "Chọn một."),
      paragraph(run("A. "), math(r("1"))),
      paragraph(run("B. "), math(r("2", { color: "FF0000" }))),
      paragraph(run("C. "), math(r("3"))),
      paragraph(run("D. "), math(r("4"))),
    ]);
    expect(answerOf(items[0]!.content?.body)).toBe("B");
  });
});
