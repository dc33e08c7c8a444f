import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { plainRichText, type QuestionBody, type RichText } from "#content-schemas/questions";
import { readZipEntries } from "~/domain/questions/word/ooxml.server";
import { answerKeyOf, printVersionsDocx, type PrintableAssessment } from "./print-docx.server";

const doc = (...content: RichText["content"]): RichText => ({ type: "doc", content });
const math = (latex: string) => ({ type: "inlineMath" as const, attrs: { latex } });
const noImages = async () => null;

const STEMS = {
  s1: "Nghiệm của phương trình 2x − 1 = 0 là",
  s2: "Số nào sau đây là số nguyên tố?",
  t1: "Cho hàm số y = x². Xét tính đúng sai của các mệnh đề sau.",
  a1: "Tính giá trị của biểu thức 3 − 4,5.",
  e1: "Giải phương trình x² − 5x + 6 = 0.",
};

const item = (key: keyof typeof STEMS, points: number, body: QuestionBody) => ({
  key,
  type: body.type,
  points,
  stem: plainRichText(STEMS[key]),
  body,
});

/** Two versions: 102 swaps the two single-choice items and shows the correct option of s1 third (C). */
const ASSESSMENT: PrintableAssessment = {
  title: "Giữa kì I",
  grade: 10,
  items: [
    item("e1", 2, {
      type: "essay",
      rubric: [
        { criterion: "Tính đúng biệt thức", weight: 0.5, description: "" },
        { criterion: "Kết luận đúng hai nghiệm", weight: 0.5, description: "x = 2 hoặc x = 3" },
      ],
      allowPhoto: true,
    }),
    item("s1", 0.5, {
      type: "single_choice",
      options: [
        { id: "o1", content: doc({ type: "paragraph", content: [math("x=\\frac{1}{2}")] }) },
        { id: "o2", content: plainRichText("x = 2") },
        { id: "o3", content: plainRichText("x = −2") },
        { id: "o4", content: plainRichText("x = 1") },
      ],
      correctOptionId: "o1",
      shuffleOptions: true,
    }),
    item("s2", 0.5, {
      type: "single_choice",
      options: [
        { id: "p1", content: plainRichText("4") },
        { id: "p2", content: plainRichText("7") },
        { id: "p3", content: plainRichText("9") },
        { id: "p4", content: plainRichText("15") },
      ],
      correctOptionId: "p2",
      shuffleOptions: true,
    }),
    item("t1", 1, {
      type: "true_false_group",
      statements: [
        { id: "a", content: plainRichText("Hàm số có đạo hàm y' = 2x."), correct: true },
        { id: "b", content: plainRichText("Hàm số đồng biến trên ℝ."), correct: false },
        { id: "c", content: plainRichText("Đồ thị đi qua gốc tọa độ."), correct: true },
        { id: "d", content: plainRichText("Hàm số có giá trị lớn nhất."), correct: false },
      ],
    }),
    item("a1", 0.5, { type: "short_answer", answer: { kind: "numeric", value: "-1,5", tolerance: 0 } }),
  ],
  versions: [
    {
      code: 101,
      itemKeys: ["s1", "s2", "t1", "a1", "e1"],
      partOrders: { s1: ["o1", "o2", "o3", "o4"], s2: ["p1", "p2", "p3", "p4"] },
    },
    {
      code: 102,
      itemKeys: ["s2", "s1", "t1", "a1", "e1"],
      partOrders: { s1: ["o2", "o4", "o1", "o3"], s2: ["p2", "p1", "p4", "p3"] },
    },
  ],
};

const OPTIONS = { schoolName: "Trường THPT Chu Văn An", subjectName: "Toán", loadImage: noImages };

async function documentXml(docx: Buffer): Promise<string> {
  const entries = await readZipEntries(docx, (name) => name === "word/document.xml");
  const xml = entries.get("word/document.xml")!.toString("utf8");
  expect(XMLValidator.validate(xml)).toBe(true);
  return xml;
}

/** Text and equation text of each paragraph. */
const paragraphsOf = (xml: string) =>
  xml
    .split("</w:p>")
    .map((part) => [...part.matchAll(/<([wm]):t(?: [^>]*)?>([^<]*)<\/\1:t>/g)].map((match) => match[2]).join(""))
    .filter((text) => text.length > 0);

const tableRowsOf = (xml: string) =>
  [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((row) =>
    [...row[1]!.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((cell) => paragraphsOf(cell[1]!).join("\n")),
  );

/** The document split where a page is forced to start: one part per version and per answer key. */
const pagesOf = (xml: string) => xml.slice(xml.indexOf("<w:body>")).split(/(?=<w:p><w:pPr><w:pageBreakBefore\/>)/);

/** The raw XML of option `label` of the item whose stem is `stem`, up to the next label. */
function optionXml(pageXml: string, stem: string, label: string, nextLabel: string): string {
  const stemAt = pageXml.indexOf(stem);
  const start = pageXml.indexOf(`>${label}</w:t>`, stemAt);
  const end = pageXml.indexOf(`>${nextLabel}</w:t>`, start);
  expect(stemAt >= 0 && start > stemAt && end > start).toBe(true);
  return pageXml.slice(start, end);
}

describe("answerKeyOf", () => {
  it("numbers items in the version's order and letters the options as that version shows them", () => {
    const answers = (code: number) => answerKeyOf(ASSESSMENT, code).map((row) => [row.number, row.itemKey, row.answer]);
    expect(answers(101).slice(0, 4)).toEqual([
      [1, "s1", "A"],
      [2, "s2", "B"],
      [3, "t1", "a) Đ b) S c) Đ d) S"],
      [4, "a1", "-1,5"],
    ]);
    expect(answers(102).slice(0, 2)).toEqual([
      [1, "s2", "A"],
      [2, "s1", "C"],
    ]);
    expect(answerKeyOf(ASSESSMENT, 102).at(-1)).toEqual({
      itemKey: "e1",
      number: 5,
      section: "essay",
      answer: "– Tính đúng biệt thức (1 điểm)\n– Kết luận đúng hai nghiệm (1 điểm): x = 2 hoặc x = 3",
      points: 2,
    });
  });

  it("keys ordering and matching items by the letters of their shuffled parts", () => {
    const assessment: PrintableAssessment = {
      title: "Luyện tập",
      grade: 6,
      items: [
        {
          key: "m1",
          type: "matching",
          points: 1,
          stem: plainRichText("Nối thủ đô với quốc gia."),
          body: {
            type: "matching",
            premises: [
              { id: "vn", content: plainRichText("Việt Nam") },
              { id: "la", content: plainRichText("Lào") },
            ],
            responses: [
              { id: "hn", content: plainRichText("Hà Nội") },
              { id: "vc", content: plainRichText("Viêng Chăn") },
              { id: "pp", content: plainRichText("Phnôm Pênh") },
            ],
            pairs: [
              { premiseId: "vn", responseId: "hn" },
              { premiseId: "la", responseId: "vc" },
            ],
            scoring: "proportional",
          },
        },
        {
          key: "r1",
          type: "ordering",
          points: 1,
          stem: plainRichText("Sắp xếp các số theo thứ tự tăng dần."),
          body: {
            type: "ordering",
            items: [
              { id: "n1", content: plainRichText("1") },
              { id: "n2", content: plainRichText("2") },
              { id: "n3", content: plainRichText("3") },
            ],
            scoring: "all_or_nothing",
          },
        },
      ],
      versions: [{ code: 201, itemKeys: ["r1", "m1"], partOrders: { m1: ["pp", "vc", "hn"], r1: ["n3", "n1", "n2"] } }],
    };
    expect(answerKeyOf(assessment, 201).map((row) => [row.number, row.section, row.answer])).toEqual([
      [1, "matching", "1-C, 2-B"],
      [2, "ordering", "B, C, A"],
    ]);
  });

  it("refuses a code the test does not have and a display order that does not match the item", () => {
    expect(() => answerKeyOf(ASSESSMENT, 999)).toThrow("mã đề 999");
    const broken = { ...ASSESSMENT, versions: [{ code: 103, itemKeys: ["s1"], partOrders: { s1: ["o1", "o2", "o9", "o4"] } }] };
    expect(() => answerKeyOf(broken, 103)).toThrow("không khớp");
  });
});

describe("printVersionsDocx", () => {
  it("prints every version on its own pages, in its order, followed by its answer key", async () => {
    const xml = await documentXml(await printVersionsDocx(ASSESSMENT, { ...OPTIONS, answerKey: true }));
    const [paper101, key101, paper102, key102, ...rest] = pagesOf(xml);
    expect(rest).toEqual([]);

    const text101 = paragraphsOf(paper101!);
    expect(text101.slice(0, 4)).toEqual(["TRƯỜNG THPT CHU VĂN AN", "ĐỀ KIỂM TRA GIỮA KÌ I", "Môn: Toán – Lớp 10", "Mã đề 101"]);
    expect(text101[4]).toMatch(/^Họ và tên:\s+Số báo danh:/);
    const text102 = paragraphsOf(paper102!);
    expect(text102).toContain("Mã đề 102");

    const numbered = (texts: string[]) => texts.filter((text) => /^(Câu \d+\.|PHẦN )/.test(text));
    expect(numbered(text102)).toEqual([
      "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn. Học sinh trả lời từ câu 1 đến câu 2. Mỗi câu hỏi học sinh chỉ chọn một phương án.",
      `Câu 1. ${STEMS.s2}`,
      `Câu 2. ${STEMS.s1}`,
      "PHẦN II. Câu trắc nghiệm đúng sai. Học sinh trả lời câu 3. Trong mỗi ý a), b), c), d) ở mỗi câu, học sinh chọn đúng hoặc sai.",
      `Câu 3. ${STEMS.t1}`,
      "PHẦN III. Câu trắc nghiệm trả lời ngắn. Học sinh trả lời câu 4.",
      `Câu 4. ${STEMS.a1}`,
      "PHẦN IV. Tự luận. Học sinh trả lời câu 5.",
      `Câu 5. ${STEMS.e1}`,
    ]);
    expect(numbered(text101).filter((text) => text.startsWith("Câu"))).toEqual([
      `Câu 1. ${STEMS.s1}`,
      `Câu 2. ${STEMS.s2}`,
      `Câu 3. ${STEMS.t1}`,
      `Câu 4. ${STEMS.a1}`,
      `Câu 5. ${STEMS.e1}`,
    ]);
    expect(text101).toContain("Trả lời:");

    // The formula option is A in 101 and C in 102, and is a Word equation, not LaTeX.
    expect(optionXml(paper101!, STEMS.s1, "A.", "B.")).toContain("<m:oMath");
    expect(optionXml(paper102!, STEMS.s1, "C.", "D.")).toContain("<m:oMath");
    expect(optionXml(paper102!, STEMS.s1, "A.", "B.")).not.toContain("<m:oMath");
    expect(xml).not.toContain("frac");
    // Nothing gives the answer away on a student's paper.
    expect(paper102).not.toContain("FF0000");

    expect(paragraphsOf(key101!)[0]).toBe("ĐÁP ÁN MÃ ĐỀ 101");
    expect(paragraphsOf(key102!)[0]).toBe("ĐÁP ÁN MÃ ĐỀ 102");
    expect(tableRowsOf(key101!).slice(0, 3)).toEqual([
      ["Câu", "Đáp án", "Điểm"],
      ["1", "A", "0,5"],
      ["2", "B", "0,5"],
    ]);
    expect(tableRowsOf(key102!)).toEqual([
      ["Câu", "Đáp án", "Điểm"],
      ["1", "A", "0,5"],
      ["2", "C", "0,5"],
      ["Câu", "Đáp án", "Điểm"],
      ["3", "a) Đ b) S c) Đ d) S", "1"],
      ["Câu", "Đáp án", "Điểm"],
      ["4", "-1,5", "0,5"],
      ["Câu", "Đáp án", "Điểm"],
      ["5", "– Tính đúng biệt thức (1 điểm)– Kết luận đúng hai nghiệm (1 điểm): x = 2 hoặc x = 3", "2"],
    ]);
    expect(paragraphsOf(key102!)).toContain("Tổng điểm: 4,5");
  });

  it("prints only the chosen versions, without keys unless asked", async () => {
    const xml = await documentXml(await printVersionsDocx(ASSESSMENT, { ...OPTIONS, codes: [102], answerKey: false }));
    const pages = pagesOf(xml);
    expect(pages).toHaveLength(1);
    const texts = paragraphsOf(pages[0]!);
    expect(texts).toContain("Mã đề 102");
    expect(texts).not.toContain("Mã đề 101");
    expect(texts.some((text) => text.includes("ĐÁP ÁN") || text.includes("-1,5"))).toBe(false);
  });

  it("prints the gaps of a cloze item as numbered blanks", async () => {
    const assessment: PrintableAssessment = {
      title: "Kiểm tra 15 phút",
      grade: 3,
      items: [
        {
          key: "c1",
          type: "cloze",
          points: 1,
          stem: plainRichText("Thủ đô của Việt Nam là [[1]]."),
          body: {
            type: "cloze",
            gaps: [{ key: "1", accepted: ["Hà Nội"], caseSensitive: false }],
            scoring: "proportional",
          },
        },
      ],
      versions: [{ code: 301, itemKeys: ["c1"], partOrders: {} }],
    };
    const texts = paragraphsOf(await documentXml(await printVersionsDocx(assessment, { ...OPTIONS, answerKey: true })));
    expect(texts).toContain("ĐỀ KIỂM TRA 15 PHÚT");
    expect(texts).toContain("Câu 1. Thủ đô của Việt Nam là (1) …………….");
    expect(texts).toContain("(1) Hà Nội");
  });
});
