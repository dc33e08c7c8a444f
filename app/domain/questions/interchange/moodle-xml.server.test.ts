import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { importParseResultSchema } from "#content-schemas/question-import";
import { questionContentSchema } from "#content-schemas/questions";
import { exportMoodleXml, parseMoodleXml } from "./moodle-xml.server";
import {
  contentOf,
  doc,
  expectWellFormedXml,
  IMAGE_SRC,
  loadImage,
  math,
  paragraph,
  plain,
  recordingImageStore,
  sampleQuestions,
  text,
} from "./test-support";

const fixture = readFileSync(path.join(__dirname, "fixtures/moodle-toan-10.xml"), "utf8");

async function parseFixture() {
  const images = recordingImageStore();
  const result = await parseMoodleXml(fixture, { storeImage: images.storeImage });
  return { result, stored: images.stored };
}

describe("parseMoodleXml", () => {
  it("reads every supported question of a Moodle export, in order, with its category", async () => {
    const { result } = await parseFixture();
    expect(importParseResultSchema.parse(result)).toEqual(result);
    expect(result.format).toBe("moodle_xml");
    expect(result.items.map((item) => [item.index, item.label, item.content?.body.type ?? null, item.category])).toEqual([
      [1, "Đỉnh parabol", "single_choice", ["Toán 10", "Hàm số bậc hai"]],
      [2, "Nhận biết hàm số bậc hai", "multiple_response", ["Toán 10", "Hàm số bậc hai"]],
      [3, "Trục đối xứng", "single_choice", ["Toán 10", "Hàm số bậc hai"]],
      [4, "Nghiệm phương trình bậc nhất", "short_answer", ["Toán 10", "Hàm số bậc hai"]],
      [5, "Tinh thần tự học", "essay", ["Ngữ văn 10", "Nghị luận xã hội"]],
      [6, "Cảm nhận bài thơ", "essay", ["Ngữ văn 10", "Nghị luận xã hội"]],
      [7, "Kí hiệu hoá học của sắt", "short_answer", ["Khoa học tự nhiên"]],
      [8, "Ghép nhà khoa học", "matching", ["Khoa học tự nhiên"]],
      [9, "Đơn vị đo lực", null, ["Khoa học tự nhiên"]],
    ]);
    for (const item of result.items.filter((candidate) => candidate.content)) {
      expect(item.problems).toEqual([]);
      expect(questionContentSchema.safeParse(item.content).success).toBe(true);
    }
  });

  it("turns TeX, formatting and @@PLUGINFILE@@ images into rich text", async () => {
    const { result, stored } = await parseFixture();
    const [vertex] = result.items;
    expect(vertex?.content).toEqual({
      stem: doc(
        paragraph(text("Parabol "), math("y = x^2 - 4x + 3"), text(" có "), text("đỉnh", ["bold"]), text(" là điểm nào?")),
        { type: "image", attrs: { src: IMAGE_SRC, alt: "Đồ thị parabol", width: 240, height: 180 } },
      ),
      body: {
        type: "single_choice",
        options: [
          { id: "A", content: doc(paragraph(math("I(2; -1)"))) },
          { id: "B", content: doc(paragraph(math("I(-2; 15)"))) },
          { id: "C", content: doc(paragraph(math("I(2; 1)"))) },
          { id: "D", content: doc(paragraph(math("I(1; 0)"))) },
        ],
        correctOptionId: "A",
        shuffleOptions: true,
      },
      solution: doc(
        paragraph(text("Hoành độ đỉnh "), math("x = -\\frac{b}{2a} = 2"), text(", thay vào được "), math("y = -1"), text(".")),
      ),
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ contentType: "image/png", fileName: "parabol I.png" });
  });

  it("maps each Moodle type to the bank's formats", async () => {
    const { result } = await parseFixture();
    const body = (index: number) => result.items[index]?.content?.body;
    expect(body(1)).toEqual({
      type: "multiple_response",
      options: [
        { id: "A", content: doc(paragraph(math("y = 2x^2 + 1"))), correct: true },
        { id: "B", content: doc(paragraph(math("y = 3x - 1"))), correct: false },
        { id: "C", content: doc(paragraph(math("y = -x^2"))), correct: true },
        { id: "D", content: doc(paragraph(math("y = \\sqrt{x}"))), correct: false },
      ],
      shuffleOptions: true,
      scoring: "proportional",
    });
    expect(body(2)).toEqual({
      type: "single_choice",
      options: [
        { id: "A", content: plain("Đúng") },
        { id: "B", content: plain("Sai") },
      ],
      correctOptionId: "A",
      shuffleOptions: false,
    });
    expect(body(3)).toEqual({ type: "short_answer", answer: { kind: "numeric", value: "1.5", tolerance: 0.01 } });
    expect(body(4)).toEqual({
      type: "essay",
      rubric: [
        { criterion: "Lập luận", weight: 0.4, description: "luận điểm rõ ràng, dẫn chứng phù hợp" },
        { criterion: "Diễn đạt", weight: 0.6, description: "câu văn mạch lạc, không sai chính tả" },
      ],
      allowPhoto: false,
    });
    expect(result.items[5]?.content).toMatchObject({
      stem: doc(
        paragraph(text("Nêu cảm nhận của em về khổ thơ đầu."), { type: "hardBreak" }, text("Trình bày trong khoảng 10 dòng.")),
      ),
      body: {
        type: "essay",
        rubric: [{ criterion: "Toàn bài", weight: 1, description: "Chấm theo mức độ cảm nhận sâu sắc." }],
        allowPhoto: true,
      },
    });
    expect(body(6)).toEqual({ type: "short_answer", answer: { kind: "text", accepted: ["Fe"], caseSensitive: true } });
    expect(body(7)).toEqual({
      type: "matching",
      premises: [
        { id: "p1", content: plain("Newton") },
        { id: "p2", content: plain("Einstein") },
        { id: "p3", content: plain("Darwin") },
      ],
      responses: [
        { id: "r1", content: plain("Định luật vạn vật hấp dẫn") },
        { id: "r2", content: plain("Thuyết tương đối") },
        { id: "r3", content: plain("Thuyết tiến hoá") },
        { id: "r4", content: plain("Định luật bảo toàn khối lượng") },
      ],
      pairs: [
        { premiseId: "p1", responseId: "r1" },
        { premiseId: "p2", responseId: "r2" },
        { premiseId: "p3", responseId: "r3" },
      ],
      scoring: "proportional",
    });
  });

  it("lists calculated and description questions as unsupported instead of dropping them", async () => {
    const { result } = await parseFixture();
    expect(result.unsupported.map(({ label, type }) => ({ label, type }))).toEqual([
      { label: "Diện tích hình chữ nhật (ngẫu nhiên)", type: "calculated" },
      { label: "Đọc đoạn văn sau", type: "description" },
    ]);
    expect(result.unsupported[0]?.sourceText).toContain('<question type="calculated">');
  });

  it("keeps an item without a correct answer, with its problem and its source text", async () => {
    const { result } = await parseFixture();
    const item = result.items.find((candidate) => candidate.label === "Đơn vị đo lực");
    expect(item?.content).toBeNull();
    expect(item?.problems).toEqual(["Không có phương án đúng (phương án được 100% điểm)."]);
    expect(item?.sourceText).toMatch(/^<question type="multichoice">[\s\S]*Niutơn \(N\)[\s\S]*<\/question>$/);
  });

  it("warns about partial credit the bank cannot keep", async () => {
    const { result } = await parseFixture();
    expect(result.warnings).toEqual([
      "Câu «Kí hiệu hoá học của sắt»: đáp án «fe» (50% điểm) bị bỏ vì câu trả lời ngắn chỉ chấm đúng hoặc sai.",
      "Câu «Đơn vị đo lực»: phương án C được 50% điểm trong Moodle, ở đây được tính là sai.",
    ]);
  });

  it("elides embedded files from the source text", async () => {
    const { result } = await parseFixture();
    expect(result.items[0]?.sourceText).toContain('<file name="parabol I.png" path="/" encoding="base64">…</file>');
  });

  it("says in Vietnamese where malformed XML breaks, and imports nothing", async () => {
    const broken = fixture.replace("</questiontext>", "</questiontex>");
    const result = await parseMoodleXml(broken, recordingImageStore());
    expect(result.items).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^Tệp Moodle XML không đúng cú pháp XML ở dòng \d+, cột \d+: thẻ mở và thẻ đóng không khớp\.$/,
    );
  });

  it("refuses XML that is not a Moodle quiz", async () => {
    const result = await parseMoodleXml('<?xml version="1.0"?><rss><channel/></rss>', recordingImageStore());
    expect(result.warnings).toEqual(["Tệp không phải Moodle XML: không có phần tử <quiz> bao quanh các câu hỏi."]);
  });

  it("reads cloze (multianswer) text gaps and lists choice gaps as unsupported", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="cloze">
    <name><text>Điền khuyết địa lí</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Thủ đô của Việt Nam là {1:SHORTANSWER:=Hà Nội~=Ha Noi#Đúng~*#Sai}, sông dài nhất là {2:SA:%100%Mê Kông~%50%Mekong}, \\(\\pi \\approx\\) {1:NUMERICAL:=3.14:0.005}.</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
  </question>
  <question type="cloze">
    <name><text>Chọn từ</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Nước sôi ở {1:MULTICHOICE:=100°C~90°C} ở áp suất thường.</p>]]></text>
    </questiontext>
  </question>
</quiz>`;
    const result = await parseMoodleXml(xml, recordingImageStore());
    expect(result.items[0]?.problems).toEqual([]);
    expect(result.items[0]?.content).toMatchObject({
      stem: doc(
        paragraph(text("Thủ đô của Việt Nam là [[1]], sông dài nhất là [[2]], "), math("\\pi \\approx"), text(" [[3]].")),
      ),
      body: {
        type: "cloze",
        gaps: [
          { key: "1", accepted: ["Hà Nội", "Ha Noi"], caseSensitive: false },
          { key: "2", accepted: ["Mê Kông"], caseSensitive: false },
          { key: "3", accepted: ["3.14"], caseSensitive: false },
        ],
        scoring: "proportional",
      },
    });
    expect(result.unsupported.map(({ label, type }) => ({ label, type }))).toEqual([
      { label: "Chọn từ", type: "multianswer (MULTICHOICE)" },
    ]);
    expect(result.warnings).toEqual([
      "Câu «Điền khuyết địa lí»: chỗ trống 2: đáp án «Mekong» (50% điểm) bị bỏ.",
      "Câu «Điền khuyết địa lí»: chỗ trống 3: sai số ±0.005 của Moodle bị bỏ, chỉ chấp nhận đúng giá trị 3.14.",
    ]);
  });

  it("reads the ordering plugin's questions in the order of their fractions", async () => {
    const xml = `<quiz><question type="ordering">
    <name><text>Thứ tự các triều đại</text></name>
    <questiontext format="html"><text>Sắp xếp các triều đại theo thứ tự thời gian.</text></questiontext>
    <layouttype>VERTICAL</layouttype><selecttype>ALL</selecttype><selectcount>0</selectcount>
    <gradingtype>RELATIVE_NEXT_EXCLUDE_LAST</gradingtype><showgrading>SHOW</showgrading>
    <answer fraction="2.0000000" format="html"><text>Nhà Trần</text></answer>
    <answer fraction="1.0000000" format="html"><text>Nhà Lý</text></answer>
    <answer fraction="3.0000000" format="html"><text>Nhà Hồ</text></answer>
  </question></quiz>`;
    const result = await parseMoodleXml(xml, recordingImageStore());
    expect(result.items[0]?.content?.body).toEqual({
      type: "ordering",
      items: [
        { id: "B", content: plain("Nhà Lý") },
        { id: "A", content: plain("Nhà Trần") },
        { id: "C", content: plain("Nhà Hồ") },
      ],
      scoring: "proportional",
    });
    expect(result.warnings).toEqual([
      "Câu «Thứ tự các triều đại»: cách chấm RELATIVE_NEXT_EXCLUDE_LAST của Moodle được thay bằng chấm theo số mục đúng vị trí.",
    ]);
  });

  it("reports images the file does not contain and Moodle wildcards as problems of the item", async () => {
    const xml = `<quiz><question type="shortanswer">
    <name><text>Ảnh thiếu</text></name>
    <questiontext format="html"><text><![CDATA[<p>Con vật trong ảnh là gì? <img src="@@PLUGINFILE@@/meo.jpg"> <img src="http://example.com/a.png"></p>]]></text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100"><text>con m*o</text></answer>
  </question></quiz>`;
    const result = await parseMoodleXml(xml, recordingImageStore());
    expect(result.items[0]?.problems).toEqual([
      "Đáp án «con m*o» dùng ký tự đại diện * của Moodle, ngân hàng câu hỏi không hỗ trợ.",
      "Không tìm thấy hình ảnh «@@PLUGINFILE@@/meo.jpg» trong tệp.",
      "Hình ảnh «http://example.com/a.png» không dùng được: chỉ nhận ảnh kèm trong tệp hoặc địa chỉ https://.",
    ]);
  });

  it("turns schema violations into Vietnamese problems on the item", async () => {
    const xml = `<quiz><question type="multichoice">
    <name><text>Một phương án</text></name>
    <questiontext format="html"><text>Chọn đáp án đúng.</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>Chỉ có một</text></answer>
  </question></quiz>`;
    const result = await parseMoodleXml(xml, recordingImageStore());
    expect(result.items[0]?.problems).toEqual(["Cần ít nhất 2 phương án."]);
  });
});

describe("exportMoodleXml", () => {
  it("writes well-formed XML laid out as Moodle writes it", async () => {
    const xml = await exportMoodleXml(sampleQuestions(), { loadImage, category: ["Kho Học Liệu"] });
    expect(XMLValidator.validate(xml)).toBe(true);
    await expectWellFormedXml(xml);
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<!-- question: 0  -->\n  <question type="category">\n'),
    ).toBe(true);
    expect(xml).toContain("      <text>$course$/top/Kho Học Liệu/Toán 10/Hàm số bậc hai</text>\n");
    expect(xml).toContain(
      '    <questiontext format="html">\n      <text><![CDATA[<p>Parabol \\(y = x^2 - 4x + 3\\) có <strong>đỉnh</strong> là điểm nào?</p><p><img src="@@PLUGINFILE@@/hinh-1.png" alt="Đồ thị parabol" /></p>]]></text>\n<file name="hinh-1.png" path="/" encoding="base64">',
    );
    expect(xml).toContain('  <question type="truefalse">');
    expect(xml).toContain("{1:SHORTANSWER:=Hà Nội}");
    expect(xml).toContain("<gradingtype>ALL_OR_NOTHING</gradingtype>");
    expect(xml.endsWith("  </question>\n\n</quiz>\n")).toBe(true);
  });

  it("round-trips every format: export then import gives the same questions", async () => {
    const questions = sampleQuestions();
    const xml = await exportMoodleXml(questions, { loadImage });
    const result = await parseMoodleXml(xml, recordingImageStore());
    expect(result.unsupported).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.items.map((item) => item.problems)).toEqual(questions.map(() => []));
    expect(result.items.map((item) => item.content)).toEqual(questions.map(contentOf));
    expect(result.items.map((item) => item.label)).toEqual(questions.map((question) => question.label));
    expect(result.items.map((item) => item.category)).toEqual(questions.map((question) => question.category ?? []));
  });

  it("keeps all-or-nothing multiple response through Moodle's −100% for wrong answers", async () => {
    const [, , multiple] = sampleQuestions();
    if (multiple?.body.type !== "multiple_response") throw new Error("sample changed");
    const question = { ...multiple, body: { ...multiple.body, scoring: "all_or_nothing" as const } };
    const xml = await exportMoodleXml([question], { loadImage });
    expect(xml).toContain('<answer fraction="50" format="html">');
    expect(xml).toContain('<answer fraction="-100" format="html">');
    const result = await parseMoodleXml(xml, recordingImageStore());
    expect(result.items[0]?.content?.body).toEqual(question.body);
  });

  it("writes an image it cannot load as its description", async () => {
    const question = {
      stem: doc({ type: "image", attrs: { src: "/media/khong-co", alt: "Sơ đồ" } }),
      body: sampleQuestions()[4]!.body,
      solution: null,
    };
    const xml = await exportMoodleXml([question], { loadImage });
    expect(xml).toContain("<text><![CDATA[<p>[Hình ảnh: Sơ đồ]</p>]]></text>");
    expect(xml).toContain("<name>\n      <text>Câu 1</text>\n    </name>");
  });
});
