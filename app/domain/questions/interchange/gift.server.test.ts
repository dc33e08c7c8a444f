import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importParseResultSchema } from "#content-schemas/question-import";
import { exportGift, parseGift } from "./gift.server";
import {
  contentOf,
  doc,
  IMAGE_SRC,
  loadImage,
  math,
  paragraph,
  plain,
  PNG_BASE64,
  recordingImageStore,
  sampleQuestions,
  text,
} from "./test-support";

const fixture = readFileSync(path.join(__dirname, "fixtures/toan-10.gift.txt"), "utf8");

async function parseFixture() {
  const images = recordingImageStore();
  return parseGift(fixture, { storeImage: images.storeImage });
}

describe("parseGift", () => {
  it("reads every question with its title, category and type", async () => {
    const result = await parseFixture();
    expect(importParseResultSchema.parse(result)).toEqual(result);
    expect(result.format).toBe("gift");
    expect(result.items.map((item) => [item.label, item.content?.body.type ?? null, item.category.join(" / ")])).toEqual([
      ["Đỉnh parabol", "single_choice", "Toán 10 / Hàm số bậc hai"],
      ["Nhận biết hàm số bậc hai", "multiple_response", "Toán 10 / Hàm số bậc hai"],
      ["Trục đối xứng", "single_choice", "Toán 10 / Hàm số bậc hai"],
      ["Điểm thuộc đồ thị", "single_choice", "Toán 10 / Hàm số bậc hai"],
      ["Nghiệm", "short_answer", "Toán 10 / Hàm số bậc hai"],
      ["Khoảng", "short_answer", "Toán 10 / Hàm số bậc hai"],
      ["Kí hiệu sắt", "short_answer", "Khoa học tự nhiên"],
      ["Thủ đô", "cloze", "Khoa học tự nhiên"],
      ["Ghép nhà khoa học", "matching", "Khoa học tự nhiên"],
      ["Tự luận", "essay", "Khoa học tự nhiên"],
      ["Thứ tự", "ordering", "Khoa học tự nhiên"],
      ["Chưa có đáp án đúng", null, "Khoa học tự nhiên"],
      ["Thiếu ngoặc", null, "Khoa học tự nhiên"],
    ]);
  });

  it("reads escapes, TeX, per-answer feedback and general feedback", async () => {
    const result = await parseFixture();
    expect(result.items[0]?.problems).toEqual([]);
    expect(result.items[0]?.content).toEqual({
      stem: doc(
        paragraph(text("Parabol "), math("y = x^2 - 4x + 3"), text(" có "), text("đỉnh", ["bold"]), text(" là điểm nào?")),
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
      solution: doc(paragraph(text("Hoành độ đỉnh "), math("x = -\\frac{b}{2a} = 2"), text("."))),
    });
    expect(result.items[1]?.content?.body).toMatchObject({
      type: "multiple_response",
      options: [
        { correct: true },
        { correct: false },
        { correct: true, content: doc(paragraph(math("y = -x^2"))) },
        { correct: false },
      ],
      scoring: "proportional",
    });
  });

  it("reads true/false, numeric answers, missing words and markdown", async () => {
    const result = await parseFixture();
    const content = (index: number) => result.items[index]?.content;
    expect(content(2)?.body).toEqual({
      type: "single_choice",
      options: [
        { id: "A", content: plain("Đúng") },
        { id: "B", content: plain("Sai") },
      ],
      correctOptionId: "A",
      shuffleOptions: false,
    });
    // `\neq` is TeX, not a GIFT line break.
    expect(content(3)).toMatchObject({
      body: { type: "single_choice", correctOptionId: "B" },
      solution: doc(paragraph(text("Vì "), math("f(0) = 1 \\neq 3"), text("."))),
    });
    expect(content(4)).toEqual({
      stem: doc(paragraph(text("Nghiệm của phương trình "), math("2x - 3 = 0"), text(" là _____ (viết dạng số thập phân)."))),
      body: { type: "short_answer", answer: { kind: "numeric", value: "1.5", tolerance: 0.01 } },
      solution: null,
    });
    expect(content(5)?.body).toEqual({ type: "short_answer", answer: { kind: "numeric", value: "1.5", tolerance: 0.5 } });
    expect(content(6)?.body).toEqual({ type: "short_answer", answer: { kind: "text", accepted: ["Fe"], caseSensitive: false } });
    expect(content(7)).toEqual({
      stem: doc(paragraph(text("Thủ đô của Việt Nam là [[1]] — một thành phố ngàn năm văn hiến."))),
      body: {
        type: "cloze",
        gaps: [{ key: "1", accepted: ["Hà Nội", "Ha Noi"], caseSensitive: false }],
        scoring: "proportional",
      },
      solution: null,
    });
    expect(content(8)?.body).toMatchObject({
      type: "matching",
      premises: [{ id: "p1" }, { id: "p2" }, { id: "p3" }],
      responses: [{ id: "r1" }, { id: "r2" }, { id: "r3" }, { id: "r4", content: plain("Định luật bảo toàn khối lượng") }],
    });
    expect(content(9)).toEqual({
      stem: doc(paragraph(text("Trình bày "), text("ba", ["bold"]), text(" biện pháp bảo vệ môi trường ở địa phương em."))),
      body: { type: "essay", rubric: [{ criterion: "Toàn bài", weight: 1, description: "" }], allowPhoto: true },
      solution: null,
    });
    expect(content(10)?.body).toEqual({
      type: "ordering",
      items: [
        { id: "A", content: plain("Nhà Lý") },
        { id: "B", content: plain("Nhà Trần") },
        { id: "C", content: plain("Nhà Hồ") },
      ],
      scoring: "proportional",
    });
  });

  it("keeps broken questions as items with problems and their source text, and lists descriptions", async () => {
    const result = await parseFixture();
    const noAnswer = result.items[11];
    expect(noAnswer?.problems).toEqual(["Không có phương án đúng (phương án có điểm lớn hơn 0)."]);
    expect(noAnswer?.sourceText).toBe("::Chưa có đáp án đúng::Đơn vị đo lực trong hệ SI là gì?{\n\t~Jun\n\t~Oát\n\t~Niutơn\n}");
    expect(result.items[12]).toMatchObject({
      content: null,
      problems: ["Thiếu dấu } đóng phần đáp án."],
      sourceText: "::Thiếu ngoặc::Câu này quên đóng ngoặc {=a ~b",
    });
    expect(result.unsupported).toEqual([
      { label: "Câu 14", type: "description", sourceText: "Đây là một đoạn mô tả, không có phần đáp án." },
    ]);
    expect(result.warnings).toEqual([
      "Câu «Kí hiệu sắt»: đáp án «fe» (50% điểm) bị bỏ vì câu trả lời ngắn chỉ chấm đúng hoặc sai.",
    ]);
  });

  it("stores data: images and refuses @@PLUGINFILE@@ references that GIFT cannot carry", async () => {
    const images = recordingImageStore();
    const gift = `::Ảnh::[html]<p>Hình: <img src\\="data\\:image/png;base64,${PNG_BASE64.replace(/=/g, "\\=")}" alt\\="Hình vuông"></p>{=Hình vuông ~Hình tròn}\n\n::Thiếu ảnh::[html]<img src\\="@@PLUGINFILE@@/a.png">Đây là gì?{=Mèo ~Chó}`;
    const result = await parseGift(gift, { storeImage: images.storeImage });
    expect(result.items[0]?.content?.stem).toEqual(
      doc(paragraph(text("Hình:")), { type: "image", attrs: { src: IMAGE_SRC, alt: "Hình vuông" } }),
    );
    expect(images.stored).toHaveLength(1);
    expect(result.items[1]?.problems).toEqual([
      "Hình ảnh «@@PLUGINFILE@@/a.png» không dùng được: chỉ nhận ảnh kèm trong tệp hoặc địa chỉ https://.",
    ]);
  });
});

describe("exportGift", () => {
  it("writes GIFT as Moodle does, escaping its special characters", async () => {
    const gift = await exportGift(sampleQuestions(), { loadImage, category: ["Kho"] });
    expect(gift).toContain(
      "$CATEGORY: $course$/top/Kho/Toán 10/Hàm số bậc hai\n\n::Đỉnh parabol::[html]<p>Parabol \\\\(y \\= x^2",
    );
    expect(gift).toContain("\t####<p>Hoành độ đỉnh \\\\(x \\= -\\\\frac\\{b\\}\\{2a\\} \\= 2\\\\).</p>\n}");
    expect(gift).toContain(
      "::Parabol luôn có trục đối xứng::[html]<p>Đồ thị hàm số bậc hai luôn có một trục đối xứng.</p>{TRUE}",
    );
    expect(gift).toContain("\t~%50%<p>\\\\(y \\= 2x^2 + 1\\\\)</p>\n\t~%-50%<p>");
    expect(gift).toContain("{#1.5:0.01\n\t####");
    expect(gift).toContain("// Tiêu chí chấm: Lập luận (40%)\n// Tiêu chí chấm: Diễn đạt (60%)\n::Nghị luận");
    expect(gift).toContain("{>3 ALL VERTICAL ALL_OR_NOTHING SHOW\n<p>Tính");
    expect(gift).toContain('<img src\\="data\\:image/png;base64,');
    expect(gift).toContain(
      "// Câu «Điền khuyết» là câu điền khuyết nhiều chỗ trống, GIFT không có dạng tương ứng nên không được xuất.",
    );
  });

  it("round-trips every format GIFT can hold: export then import gives the same questions", async () => {
    const questions = sampleQuestions().filter((question) => question.body.type !== "cloze" && question.body.type !== "essay");
    const gift = await exportGift(questions, { loadImage });
    const result = await parseGift(gift, recordingImageStore());
    expect(result.unsupported).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.items.map((item) => item.problems)).toEqual(questions.map(() => []));
    expect(result.items.map((item) => item.content)).toEqual(questions.map(contentOf));
    expect(result.items.map((item) => item.label)).toEqual(questions.map((question) => question.label));
    expect(result.items.map((item) => item.category)).toEqual(questions.map((question) => question.category ?? []));
  });

  it("round-trips a one-gap cloze as Moodle's missing word and an essay without its rubric", async () => {
    const cloze = {
      label: "Một chỗ trống",
      stem: doc(paragraph(text("Số "), math("\\pi"), text(" xấp xỉ [[1]] (hai chữ số thập phân)."))),
      body: {
        type: "cloze" as const,
        gaps: [{ key: "1", accepted: ["3.14", "3,14"], caseSensitive: false }],
        scoring: "proportional" as const,
      },
      solution: doc(paragraph(text("Vì "), math("\\pi = 3.14159\\ldots"))),
    };
    const essay = {
      label: "Tự luận",
      stem: doc(paragraph(text("Nêu ý nghĩa của "), text("tự học", ["italic"]), text("."))),
      body: { type: "essay" as const, rubric: [{ criterion: "Toàn bài", weight: 1, description: "" }], allowPhoto: true },
      solution: null,
    };
    const gift = await exportGift([cloze, essay], { loadImage });
    expect(gift).toContain(
      "xấp xỉ {=3.14 =3,14\n\t####<p>Vì \\\\(\\\\pi \\= 3.14159\\\\ldots\\\\)</p>} (hai chữ số thập phân).</p>",
    );
    const result = await parseGift(gift, recordingImageStore());
    expect(result.items.map((item) => item.content)).toEqual([contentOf(cloze), contentOf(essay)]);
  });
});
