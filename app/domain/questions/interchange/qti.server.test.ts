import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { ZipFile } from "yazl";
import { importParseResultSchema } from "#content-schemas/question-import";
import type { ExportableQuestion } from "./exportable";
import { exportQtiPackage, parseQtiPackage } from "./qti.server";
import {
  contentOf,
  doc,
  expectWellFormedXml,
  IMAGE_SRC,
  loadImage,
  math,
  paragraph,
  plain,
  PNG_BYTES,
  recordingImageStore,
  sampleQuestions,
  text,
} from "./test-support";

const FIXTURE = path.join(__dirname, "fixtures/qti-package");

async function zip(files: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const archive = new ZipFile();
  for (const [name, content] of Object.entries(files)) archive.addBuffer(Buffer.from(content), name);
  archive.end();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The fixture package as another tool would ship it: manifest, items, an image and a stylesheet. */
function fixturePackage(): Promise<Uint8Array> {
  const files: Record<string, Uint8Array | string> = {
    "imsmanifest.xml": readFileSync(path.join(FIXTURE, "imsmanifest.xml"), "utf8"),
    "items/images/parabol.png": PNG_BYTES,
    "style/main.css": "p { margin: 0 }",
  };
  for (const name of readdirSync(path.join(FIXTURE, "items")))
    files[`items/${name}`] = readFileSync(path.join(FIXTURE, "items", name), "utf8");
  return zip(files);
}

async function unzip(data: Uint8Array): Promise<Map<string, string>> {
  const archive = await yauzl.fromBufferPromise(Buffer.from(data), { lazyEntries: true });
  const files = new Map<string, string>();
  for await (const entry of archive.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await archive.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
    files.set(entry.fileName, Buffer.concat(chunks).toString(entry.fileName.endsWith(".xml") ? "utf8" : "base64"));
  }
  archive.close();
  return files;
}

describe("parseQtiPackage", () => {
  it("reads the items the manifest lists, in its order", async () => {
    const images = recordingImageStore();
    const result = await parseQtiPackage(await fixturePackage(), { storeImage: images.storeImage });
    expect(importParseResultSchema.parse(result)).toEqual(result);
    expect(result.format).toBe("qti");
    expect(result.items.map((item) => [item.label, item.content?.body.type ?? null])).toEqual([
      ["Đỉnh parabol", "single_choice"],
      ["Nhận biết hàm số bậc hai", "multiple_response"],
      ["Nghiệm phương trình", "short_answer"],
      ["Thủ đô", "short_answer"],
      ["Điền khuyết", "cloze"],
      ["Tinh thần tự học", "essay"],
      ["Mệnh đề đúng sai", "true_false_group"],
      ["Thứ tự các triều đại", "ordering"],
      ["Đơn vị đo lực", null],
      ["hong", null],
    ]);
    expect(images.stored).toMatchObject([{ contentType: "image/png", fileName: "parabol.png" }]);
  });

  it("turns MathML, inline TeX, package images and the solution feedback into rich text", async () => {
    const result = await parseQtiPackage(await fixturePackage(), recordingImageStore());
    expect(result.items[0]?.problems).toEqual([]);
    expect(result.items[0]?.content).toEqual({
      stem: doc(
        paragraph(text("Parabol "), math("y = x^{2} - 4 x + 3"), text(" có "), text("đỉnh", ["bold"]), text(" là điểm nào?")),
        { type: "image", attrs: { src: IMAGE_SRC, alt: "Đồ thị parabol", width: 240, height: 180 } },
      ),
      body: {
        type: "single_choice",
        options: [
          { id: "A", content: doc(paragraph(math("I \\left(- 2 ; 15\\right)"))) },
          { id: "B", content: doc(paragraph(text("Điểm "), math("I(2; -1)"))) },
          { id: "C", content: doc(paragraph(text("Điểm "), math("I(2; 1)"))) },
        ],
        correctOptionId: "B",
        shuffleOptions: true,
      },
      solution: doc(paragraph(text("Hoành độ đỉnh "), math("x = -\\frac{b}{2a} = 2"), text("."))),
    });
  });

  it("maps every supported interaction", async () => {
    const result = await parseQtiPackage(await fixturePackage(), recordingImageStore());
    const content = (index: number) => result.items[index]?.content;
    expect(content(1)).toMatchObject({
      stem: doc(paragraph(text("Những hàm số nào sau đây là hàm số bậc hai?"))),
      body: {
        type: "multiple_response",
        options: [{ correct: true }, { correct: false }, { correct: true }],
        shuffleOptions: false,
        scoring: "proportional",
      },
    });
    expect(content(2)?.body).toEqual({ type: "short_answer", answer: { kind: "numeric", value: "1.5", tolerance: 0.03 } });
    expect(content(3)).toEqual({
      stem: doc(paragraph(text("Thủ đô của Việt Nam là thành phố nào?"))),
      body: { type: "short_answer", answer: { kind: "text", accepted: ["Hà Nội", "Ha Noi"], caseSensitive: false } },
      solution: null,
    });
    expect(content(4)).toEqual({
      stem: doc(paragraph(text("Sông [[1]] chảy qua Hà Nội; Thăng Long được định đô năm [[2]]."))),
      body: {
        type: "cloze",
        gaps: [
          { key: "1", accepted: ["Hồng"], caseSensitive: true },
          { key: "2", accepted: ["1010"], caseSensitive: false },
        ],
        scoring: "proportional",
      },
      solution: null,
    });
    expect(content(5)).toEqual({
      stem: doc(paragraph(text("Viết đoạn văn trình bày suy nghĩ của em về "), text("tinh thần tự học", ["italic"]), text("."))),
      body: {
        type: "essay",
        rubric: [
          { criterion: "Lập luận", weight: 0.4, description: "luận điểm rõ ràng" },
          { criterion: "Diễn đạt", weight: 0.6, description: "mạch lạc" },
        ],
        allowPhoto: false,
      },
      solution: null,
    });
    expect(content(6)?.body).toEqual({
      type: "true_false_group",
      statements: [
        { id: "a", content: doc(paragraph(math("f(0) = 0"))), correct: true },
        { id: "b", content: doc(paragraph(math("f(1) = 1"))), correct: false },
        { id: "c", content: doc(paragraph(math("f(2) = 0"))), correct: true },
        { id: "d", content: doc(paragraph(text("Hàm số đồng biến trên "), math("\\mathbb{R}"), text("."))), correct: false },
      ],
    });
    expect(content(7)).toEqual({
      stem: doc(paragraph(text("Sắp xếp các triều đại theo thứ tự thời gian."))),
      body: {
        type: "ordering",
        items: [
          { id: "C", content: plain("Nhà Lý") },
          { id: "A", content: plain("Nhà Trần") },
          { id: "B", content: plain("Nhà Hồ") },
        ],
        scoring: "all_or_nothing",
      },
      solution: null,
    });
  });

  it("lists other interactions and QTI 2.x items as unsupported, and keeps broken items with their problems", async () => {
    const result = await parseQtiPackage(await fixturePackage(), recordingImageStore());
    expect(result.unsupported.map(({ label, type }) => ({ label, type }))).toEqual([
      { label: "Chỉ vị trí trên bản đồ", type: "qti-hotspot-interaction" },
      { label: "Câu hỏi QTI 2.1", type: "QTI 2.x (assessmentItem)" },
    ]);
    const [missingAnswer, broken] = result.items.slice(-2);
    expect(missingAnswer?.problems).toEqual(["Không có phương án đúng (qti-correct-response)."]);
    expect(missingAnswer?.sourceText).toContain(
      '<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="thieu-dap-an"',
    );
    expect(broken?.problems).toHaveLength(1);
    expect(broken?.problems[0]).toMatch(/^Tệp items\/hong\.xml không đúng cú pháp XML ở dòng \d+, cột \d+: /);
    expect(result.warnings).toEqual([]);
  });

  it("says in Vietnamese when the upload is not a zip, or has no manifest", async () => {
    const notZip = await parseQtiPackage(new TextEncoder().encode("<quiz/>"), recordingImageStore());
    expect(notZip.warnings).toEqual(["Tệp không phải gói QTI hợp lệ: không đọc được tệp nén (.zip)."]);
    const item = readFileSync(path.join(FIXTURE, "items/thu-do.xml"), "utf8");
    const noManifest = await parseQtiPackage(await zip({ "thu-do.xml": item }), recordingImageStore());
    expect(noManifest.warnings).toEqual(["Gói không có imsmanifest.xml; các câu hỏi được đọc từ mọi tệp XML trong gói."]);
    expect(noManifest.items.map((candidate) => candidate.label)).toEqual(["Thủ đô"]);
  });

  it("refuses images outside the package", async () => {
    const item = readFileSync(path.join(FIXTURE, "items/dinh-parabol.xml"), "utf8").replace(
      "images/parabol.png",
      "../../etc/passwd",
    );
    const result = await parseQtiPackage(await zip({ "items/dinh-parabol.xml": item }), recordingImageStore());
    expect(result.items[0]?.problems).toEqual(["Không tìm thấy hình ảnh «../../etc/passwd» trong tệp."]);
  });
});

describe("exportQtiPackage", () => {
  it("writes a manifest and well-formed QTI 3.0 items, formulas as MathML with their TeX", async () => {
    const files = await unzip(await exportQtiPackage(sampleQuestions(), { loadImage }));
    expect([...files.keys()].sort()).toEqual(
      [
        "imsmanifest.xml",
        ...Array.from({ length: 10 }, (_, index) => `items/item-${String(index + 1).padStart(3, "0")}.xml`),
        "items/images/hinh-1.png",
      ].sort(),
    );
    for (const [name, content] of files) {
      if (!name.endsWith(".xml")) continue;
      expect(XMLValidator.validate(content)).toBe(true);
      await expectWellFormedXml(content);
    }
    const manifest = files.get("imsmanifest.xml")!;
    expect(manifest).toContain('<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"');
    expect(manifest).toContain(
      '<resource identifier="item-001" type="imsqti_item_xmlv3p0" href="items/item-001.xml">\n      <file href="items/item-001.xml"/>\n      <file href="items/images/hinh-1.png"/>',
    );
    const first = files.get("items/item-001.xml")!;
    expect(first).toContain('<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"');
    expect(first).toContain('<annotation encoding="application/x-tex">y = x^2 - 4x + 3</annotation>');
    expect(first).toContain('<img src="images/hinh-1.png" alt="Đồ thị parabol" />');
    expect(first).toContain('<qti-choice-interaction response-identifier="RESPONSE" shuffle="true" max-choices="1">');
    expect(first).toContain(
      '<qti-modal-feedback outcome-identifier="FEEDBACK" identifier="SOLUTION" show-hide="show" title="Lời giải">',
    );
    expect(files.get("items/images/hinh-1.png")).toBe(Buffer.from(PNG_BYTES).toString("base64"));
    expect(files.get("items/item-004.xml")).toContain(
      '<qti-match-interaction response-identifier="RESPONSE" shuffle="false" max-associations="4">',
    );
    expect(files.get("items/item-006.xml")).toContain('<qti-equal tolerance-mode="absolute" tolerance="0.01 0.01">');
    expect(files.get("items/item-010.xml")).toContain(
      '<p>Thủ đô của Việt Nam là <qti-text-entry-interaction response-identifier="RESPONSE_1" expected-length="15"/>, số',
    );
  });

  it("round-trips every format: export then import gives the same questions", async () => {
    const questions = sampleQuestions();
    const result = await parseQtiPackage(await exportQtiPackage(questions, { loadImage }), recordingImageStore());
    expect(result.unsupported).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.items.map((item) => item.problems)).toEqual(questions.map(() => []));
    expect(result.items.map((item) => item.content)).toEqual(questions.map(contentOf));
    expect(result.items.map((item) => item.label)).toEqual(questions.map((question) => question.label));
  });

  it("keeps each scoring mode through response processing", async () => {
    const samples = sampleQuestions();
    const flip = (scoring: "all_or_nothing" | "proportional") => (scoring === "proportional" ? "all_or_nothing" : "proportional");
    const flipped = samples.map((question): ExportableQuestion => {
      const { body } = question;
      if (body.type === "multiple_response" || body.type === "matching" || body.type === "ordering" || body.type === "cloze")
        return { ...question, body: { ...body, scoring: flip(body.scoring) } };
      return question;
    });
    const result = await parseQtiPackage(await exportQtiPackage(flipped, { loadImage }), recordingImageStore());
    expect(result.items.map((item) => item.content)).toEqual(flipped.map(contentOf));
  });

  it("gives the same bytes for the same questions", async () => {
    const [first, second] = await Promise.all([
      exportQtiPackage(sampleQuestions(), { loadImage }),
      exportQtiPackage(sampleQuestions(), { loadImage }),
    ]);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });
});
