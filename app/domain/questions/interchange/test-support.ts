import { expect } from "vitest";
import { validateXML } from "xmllint-wasm";
import type { LoadImage, StoreImage } from "#content-schemas/question-import";
import { plainRichText, type RichText } from "#content-schemas/questions";
import type { ExportableQuestion } from "./exportable";

/** Test support for the interchange importers and exporters (not used by the application). */

/** A real 1×1 PNG, so content sniffing recognises it. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);
export const PNG_BASE64 = Buffer.from(PNG_BYTES).toString("base64");
/** The one uploaded image the sample questions show. */
export const IMAGE_SRC = "/media/665f1c2ab3d4e5f601234567";

/** A `storeImage` that records what it is given and answers `/media/…` addresses (the same image, the same address). */
export function recordingImageStore() {
  const stored: { data: Uint8Array; contentType: string; fileName: string }[] = [];
  const storeImage: StoreImage = async (image) => {
    stored.push(image);
    return IMAGE_SRC;
  };
  return { stored, storeImage };
}

/** A `loadImage` that knows the sample image only. */
export const loadImage: LoadImage = async (src) => (src === IMAGE_SRC ? { data: PNG_BYTES, contentType: "image/png" } : null);

/** Fails unless libxml2 (xmllint, as WebAssembly: offline) reads `xml` as well-formed XML. */
export async function expectWellFormedXml(xml: string) {
  const result = await validateXML({ xml: [{ fileName: "export.xml", contents: xml }], normalization: "format" });
  expect(result.errors.map((error) => error.message)).toEqual([]);
  expect(result.valid).toBe(true);
}

export const paragraph = (...content: NonNullable<Extract<RichText["content"][number], { type: "paragraph" }>["content"]>) => ({
  type: "paragraph" as const,
  content,
});
export const text = (value: string, marks?: ("bold" | "italic")[]) => ({
  type: "text" as const,
  text: value,
  ...(marks ? { marks: marks.map((type) => ({ type })) } : {}),
});
export const math = (latex: string) => ({ type: "inlineMath" as const, attrs: { latex } });
export const doc = (...content: RichText["content"]): RichText => ({ type: "doc", content });
export const plain = plainRichText;

/**
 * One question of every format, with formulas, formatting, an image and solutions: what every
 * round trip (export → import) must give back unchanged.
 */
export function sampleQuestions(): ExportableQuestion[] {
  return [
    {
      label: "Đỉnh parabol",
      category: ["Toán 10", "Hàm số bậc hai"],
      stem: doc(
        paragraph(text("Parabol "), math("y = x^2 - 4x + 3"), text(" có "), text("đỉnh", ["bold"]), text(" là điểm nào?")),
        { type: "image", attrs: { src: IMAGE_SRC, alt: "Đồ thị parabol" } },
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
    },
    {
      label: "Parabol luôn có trục đối xứng",
      category: ["Toán 10", "Hàm số bậc hai"],
      stem: doc(paragraph(text("Đồ thị hàm số bậc hai luôn có một trục đối xứng."))),
      body: {
        type: "single_choice",
        options: [
          { id: "A", content: plain("Đúng") },
          { id: "B", content: plain("Sai") },
        ],
        correctOptionId: "A",
        shuffleOptions: false,
      },
      solution: null,
    },
    {
      label: "Hàm số bậc hai",
      category: ["Toán 10", "Hàm số bậc hai"],
      stem: doc(paragraph(text("Những hàm số nào sau đây là hàm số bậc hai?"))),
      body: {
        type: "multiple_response",
        options: [
          { id: "A", content: doc(paragraph(math("y = 2x^2 + 1"))), correct: true },
          { id: "B", content: doc(paragraph(math("y = 3x - 1"))), correct: false },
          { id: "C", content: doc(paragraph(math("y = -x^2"))), correct: true },
          { id: "D", content: doc(paragraph(math("y = \\sqrt{x}"))), correct: false },
        ],
        shuffleOptions: true,
        scoring: "proportional",
      },
      solution: null,
    },
    {
      label: "Mệnh đề về hàm số",
      category: ["Toán 10", "Mệnh đề"],
      stem: doc(paragraph(text("Cho hàm số "), math("f(x) = x^2 - 2x"), text(". Xét tính đúng sai của các mệnh đề sau."))),
      body: {
        type: "true_false_group",
        statements: [
          { id: "a", content: doc(paragraph(math("f(0) = 0"))), correct: true },
          { id: "b", content: doc(paragraph(text("Hàm số đồng biến trên "), math("(1; +\\infty)"), text("."))), correct: true },
          { id: "c", content: doc(paragraph(math("f(2) = 1"))), correct: false },
          { id: "d", content: doc(paragraph(text("Đồ thị cắt trục hoành tại hai điểm."))), correct: true },
        ],
      },
      solution: doc(paragraph(math("f(2) = 4 - 4 = 0"), text(" nên c) sai."))),
    },
    {
      label: "Thủ đô",
      stem: doc(paragraph(text("Thủ đô của Việt Nam là thành phố nào?"))),
      body: { type: "short_answer", answer: { kind: "text", accepted: ["Hà Nội", "Ha Noi"], caseSensitive: false } },
      solution: null,
    },
    {
      label: "Nghiệm phương trình",
      stem: doc(paragraph(text("Nghiệm của phương trình "), math("2x - 3 = 0"), text(" là bao nhiêu?"))),
      body: { type: "short_answer", answer: { kind: "numeric", value: "1.5", tolerance: 0.01 } },
      solution: doc(paragraph(math("x = \\frac{3}{2}"))),
    },
    {
      label: "Nghị luận về tinh thần tự học",
      stem: doc(paragraph(text("Viết đoạn văn (khoảng 200 chữ) trình bày suy nghĩ về tinh thần tự học."))),
      body: {
        type: "essay",
        rubric: [
          { criterion: "Lập luận", weight: 0.4, description: "Luận điểm rõ, dẫn chứng phù hợp" },
          { criterion: "Diễn đạt", weight: 0.6, description: "Câu văn mạch lạc" },
        ],
        allowPhoto: true,
      },
      solution: null,
    },
    {
      label: "Ghép nhà khoa học",
      stem: doc(paragraph(text("Ghép mỗi nhà khoa học với phát minh của ông."))),
      body: {
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
      },
      solution: null,
    },
    {
      label: "Các bước giải phương trình bậc hai",
      stem: doc(paragraph(text("Sắp xếp các bước giải phương trình bậc hai theo đúng thứ tự."))),
      body: {
        type: "ordering",
        items: [
          { id: "A", content: doc(paragraph(text("Tính "), math("\\Delta = b^2 - 4ac"))) },
          { id: "B", content: plain("Xét dấu của biệt thức") },
          { id: "C", content: plain("Kết luận nghiệm") },
        ],
        scoring: "all_or_nothing",
      },
      solution: null,
    },
    {
      label: "Điền khuyết",
      stem: doc(paragraph(text("Thủ đô của Việt Nam là [[1]], số "), math("\\pi"), text(" xấp xỉ [[2]]."))),
      body: {
        type: "cloze",
        gaps: [
          { key: "1", accepted: ["Hà Nội"], caseSensitive: false },
          { key: "2", accepted: ["3.14", "3,14"], caseSensitive: false },
        ],
        scoring: "proportional",
      },
      solution: null,
    },
  ];
}

/** The content of a sample question, as an importer gives it back. */
export const contentOf = ({ stem, body, solution }: ExportableQuestion) => ({ stem, body, solution });
