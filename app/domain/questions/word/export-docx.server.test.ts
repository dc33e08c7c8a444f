import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { LoadImage } from "#content-schemas/question-import";
import { plainRichText, questionContentSchema, type RichText } from "#content-schemas/questions";
import { PNG_PIXELS } from "../../../../tests/support/question-docx";
import { exportQuestionsDocx, type ExportableQuestion } from "./export-docx.server";
import { readZipEntries } from "./ooxml.server";
import { parseQuestionDocx } from "./parse-docx.server";

const doc = (...content: RichText["content"]): RichText => ({ type: "doc", content });
const math = (latex: string) => ({ type: "inlineMath" as const, attrs: { latex } });
const text = (value: string, ...marks: ("bold" | "italic" | "underline")[]) => ({
  type: "text" as const,
  text: value,
  ...(marks.length > 0 ? { marks: marks.map((type) => ({ type })) } : {}),
});
const IMAGE_SRC = "/media/hinh-tam-giac";

// Storage may not know the type (application/octet-stream): the exporter recognises the PNG by its bytes.
const loadImage: LoadImage = async (src) =>
  src === IMAGE_SRC ? { data: PNG_PIXELS, contentType: "application/octet-stream" } : null;

/** One question of every format, in the canonical LaTeX the importer writes. */
const QUESTIONS: ExportableQuestion[] = [
  {
    label: "TOAN-12-001",
    level: "nhan_biet",
    stem: doc(
      {
        type: "paragraph",
        content: [
          text("Cho tam giác "),
          math("ABC"),
          text(" vuông tại "),
          math("A"),
          text(". Tính "),
          text("cạnh huyền", "bold", "italic"),
          text("."),
        ],
      },
      { type: "image", attrs: { src: IMAGE_SRC, alt: "Tam giác ABC", width: 40, height: 30 } },
      {
        type: "paragraph",
        content: [text("Biết "), math("AB=3,AC=4"), { type: "hardBreak" }, text("(đơn vị: cm)", "underline")],
      },
    ),
    body: {
      type: "single_choice",
      options: [
        { id: "A", content: doc({ type: "paragraph", content: [math("5")] }) },
        { id: "B", content: doc({ type: "paragraph", content: [math("\\sqrt{7}")] }) },
        { id: "C", content: doc({ type: "paragraph", content: [math("7")] }) },
        { id: "D", content: doc({ type: "paragraph", content: [math("\\frac{12}{5}")] }) },
      ],
      correctOptionId: "A",
      shuffleOptions: true,
    },
    solution: doc(
      { type: "paragraph", content: [text("Theo định lí Pythagore:")] },
      { type: "blockMath", attrs: { latex: "BC=\\sqrt{AB^2+AC^2}=\\sqrt{9+16}=5" } },
    ),
  },
  {
    level: "thong_hieu",
    stem: doc({
      type: "paragraph",
      content: [text("Cho hàm số "), math("f(x)=x^3-3x"), text(". Xét tính đúng sai của các mệnh đề sau:")],
    }),
    body: {
      type: "true_false_group",
      statements: [
        { id: "a", content: doc({ type: "paragraph", content: [math("f'(x)=3x^2-3")] }), correct: true },
        { id: "b", content: plainRichText("Hàm số đồng biến trên khoảng (−1; 1)."), correct: false },
        { id: "c", content: doc({ type: "paragraph", content: [text("Hàm số đạt cực đại tại "), math("x=-1")] }), correct: true },
        { id: "d", content: doc({ type: "paragraph", content: [math("\\lim_{x\\to+\\infty}f(x)=-\\infty")] }), correct: false },
      ],
    },
    solution: null,
  },
  {
    level: "van_dung",
    stem: doc({ type: "paragraph", content: [text("Tìm "), math("x"), text(" biết "), math("\\frac{2x+3}{2}=0"), text(".")] }),
    body: { type: "short_answer", answer: { kind: "numeric", value: "-1,5", tolerance: 0 } },
    solution: doc({ type: "paragraph", content: [math("2x+3=0\\Leftrightarrow x=-1{,}5")] }),
  },
  {
    stem: plainRichText("Giá trị của π làm tròn đến hàng phần trăm là bao nhiêu?"),
    body: { type: "short_answer", answer: { kind: "numeric", value: "3,14", tolerance: 0.01 } },
    solution: null,
  },
  {
    stem: plainRichText("Thủ đô của Việt Nam là thành phố nào?"),
    body: { type: "short_answer", answer: { kind: "text", accepted: ["Hà Nội", "TP Hà Nội"], caseSensitive: true } },
    solution: null,
  },
  {
    level: "van_dung_cao",
    stem: doc(
      { type: "paragraph", content: [text("Giải hệ phương trình")] },
      { type: "blockMath", attrs: { latex: "\\begin{cases}x+y=3\\\\x-y=1\\end{cases}" } },
    ),
    body: {
      type: "essay",
      rubric: [
        { criterion: "Biến đổi đúng", weight: 0.6, description: "Cộng hai phương trình" },
        { criterion: "Kết luận", weight: 0.4, description: "" },
      ],
      allowPhoto: true,
    },
    solution: doc({ type: "paragraph", content: [text("Cộng vế: "), math("2x=4"), text(", nên "), math("x=2,y=1"), text(".")] }),
  },
  {
    stem: plainRichText("Những số nào là số nguyên tố?"),
    body: {
      type: "multiple_response",
      options: [
        { id: "A", content: plainRichText("2"), correct: true },
        { id: "B", content: plainRichText("4"), correct: false },
        { id: "C", content: plainRichText("5"), correct: true },
        { id: "D", content: plainRichText("9"), correct: false },
      ],
      shuffleOptions: true,
      scoring: "all_or_nothing",
    },
    solution: null,
  },
  {
    stem: plainRichText("Sắp xếp các số theo thứ tự tăng dần."),
    body: {
      type: "ordering",
      items: [
        { id: "A", content: doc({ type: "paragraph", content: [math("-2")] }) },
        { id: "B", content: doc({ type: "paragraph", content: [math("\\frac{1}{2}")] }) },
        { id: "C", content: doc({ type: "paragraph", content: [math("\\sqrt{2}")] }) },
      ],
      scoring: "all_or_nothing",
    },
    solution: null,
  },
  {
    stem: plainRichText("Ghép mỗi nước với thủ đô của nó."),
    body: {
      type: "matching",
      premises: [
        { id: "1", content: plainRichText("Việt Nam") },
        { id: "2", content: plainRichText("Nhật Bản") },
      ],
      responses: [
        { id: "A", content: plainRichText("Tokyo") },
        { id: "B", content: plainRichText("Hà Nội") },
        { id: "C", content: plainRichText("Bangkok") },
      ],
      pairs: [
        { premiseId: "1", responseId: "B" },
        { premiseId: "2", responseId: "A" },
      ],
      scoring: "all_or_nothing",
    },
    solution: null,
  },
  {
    stem: plainRichText("Sông dài nhất chảy qua Việt Nam là sông [[1]]."),
    body: {
      type: "cloze",
      gaps: [{ key: "1", accepted: ["Mê Kông", "Cửu Long"], caseSensitive: false }],
      scoring: "proportional",
    },
    solution: null,
  },
];

async function partsOf(bytes: Uint8Array) {
  const files = await readZipEntries(bytes, () => true);
  return { files, document: files.get("word/document.xml")!.toString("utf8") };
}

describe("exportQuestionsDocx", () => {
  it("round-trips every format through the importer: ids, answers, equations, images, text and levels", async () => {
    const bytes = await exportQuestionsDocx(QUESTIONS, { title: "Đề kiểm tra giữa kì", loadImage, includeAnswers: true });
    const result = await parseQuestionDocx(bytes, { storeImage: async () => IMAGE_SRC });

    expect(result.warnings).toEqual([]);
    expect(result.items.map((item) => [item.label, item.section, item.problems])).toEqual([
      ["Câu 1", "PHẦN I", []],
      ["Câu 2", "PHẦN II", []],
      ["Câu 3", "PHẦN III", []],
      ["Câu 4", "PHẦN III", []],
      ["Câu 5", "PHẦN III", []],
      ["Câu 6", "PHẦN IV", []],
      ["Câu 7", "PHẦN IV", []],
      ["Câu 8", "PHẦN IV", []],
      ["Câu 9", "PHẦN IV", []],
      ["Câu 10", "PHẦN IV", []],
    ]);
    result.items.forEach((item, index) => {
      const { label: _label, level, ...content } = QUESTIONS[index]!;
      expect(item.content).toEqual(questionContentSchema.parse(content));
      expect(item.level).toBe(level ?? null);
    });
  });

  it("writes sections like the 2025 exam, real equations, the answer table and well-formed XML", async () => {
    const bytes = await exportQuestionsDocx(QUESTIONS, { title: "Đề kiểm tra", loadImage, includeAnswers: true });
    const { files, document } = await partsOf(bytes);

    for (const [name, content] of files)
      if (/\.(xml|rels)$/.test(name)) expect(XMLValidator.validate(content.toString("utf8")), name).toBe(true);
    expect([...document.matchAll(/PHẦN [IV]+\. [^<]*/g)].map((match) => match[0])).toEqual([
      "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn.",
      "PHẦN II. Câu trắc nghiệm đúng sai.",
      "PHẦN III. Câu trắc nghiệm trả lời ngắn.",
      "PHẦN IV. Các dạng câu hỏi khác.",
    ]);
    expect(document).toContain("<m:f><m:num>");
    expect(document).toContain("<m:oMathPara>");
    expect(document).toContain("BẢNG ĐÁP ÁN");
    expect(document).toContain("Tên câu hỏi");
    expect(document).toContain("TOAN-12-001");
    expect(files.get("docProps/core.xml")!.toString("utf8")).toContain("<dc:title>Đề kiểm tra</dc:title>");
  });

  it("embeds each image once and writes a note for images it cannot load", async () => {
    const withImages: ExportableQuestion[] = [
      {
        stem: doc(
          { type: "image", attrs: { src: IMAGE_SRC, alt: "Hình 1" } },
          { type: "image", attrs: { src: IMAGE_SRC, width: 2000 } },
          { type: "image", attrs: { src: "/media/da-xoa", alt: "Hình đã xóa" } },
        ),
        body: { type: "short_answer", answer: { kind: "numeric", value: "1", tolerance: 0 } },
        solution: null,
      },
    ];
    const { files, document } = await partsOf(
      await exportQuestionsDocx(withImages, { title: "Hình", loadImage, includeAnswers: false }),
    );
    expect([...files.keys()].filter((name) => name.startsWith("word/media/"))).toEqual(["word/media/image1.png"]);
    expect(document.match(/r:embed="rId\d+"/g)).toHaveLength(2);
    // The PNG's own size (4×3 px) when the node has none; a wider image is scaled to the A4 text width (642 px).
    expect(document).toContain(`<wp:extent cx="${4 * 9525}" cy="${3 * 9525}"/>`);
    expect(document).toContain(`<wp:extent cx="${642 * 9525}" cy="${482 * 9525}"/>`);
    expect(document).toContain("[Không tải được hình ảnh: Hình đã xóa]");
  });

  it("lays out short options four to a line with tab stops, long ones one per paragraph", async () => {
    const long = "Một phương án rất dài, dài hơn một nửa dòng giấy A4 để không thể đặt hai phương án cạnh nhau";
    const questions: ExportableQuestion[] = [
      QUESTIONS[0]!,
      {
        stem: plainRichText("Chọn phương án dài."),
        body: {
          type: "single_choice",
          options: ["A", "B", "C", "D"].map((id) => ({ id, content: plainRichText(`${long} ${id}`) })),
          correctOptionId: "A",
          shuffleOptions: true,
        },
        solution: null,
      },
    ];
    const { document } = await partsOf(
      await exportQuestionsDocx(questions, { title: "Bố cục", loadImage, includeAnswers: false }),
    );
    expect(document).toMatch(
      /<w:tabs>(<w:tab w:val="left" w:pos="\d+"\/>){3}<\/w:tabs>.*A\..*<w:tab\/>.*B\..*<w:tab\/>.*C\..*<w:tab\/>.*D\./s,
    );
    expect(document.split(long)).toHaveLength(5);
  });

  it("writes a student copy without answers, levels, solutions or the answer table", async () => {
    const bytes = await exportQuestionsDocx(QUESTIONS, { title: "Đề học sinh", loadImage, includeAnswers: false });
    const { document } = await partsOf(bytes);
    for (const hidden of [
      "Đáp án",
      "BẢNG ĐÁP ÁN",
      "Lời giải",
      "Hướng dẫn chấm",
      "(NB)",
      "TOAN-12-001",
      'w:color w:val="FF0000"',
      "Mê Kông",
    ])
      expect(document).not.toContain(hidden);

    const result = await parseQuestionDocx(bytes, { storeImage: async () => IMAGE_SRC });
    expect(result.items[0]!.problems).toEqual([
      "Câu 1: không tìm thấy đáp án đúng (gạch chân, in đậm, tô đỏ, dấu * hoặc bảng đáp án).",
    ]);
    expect(result.items[0]!.content).toBeNull();
  });
});
