import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { plainRichText, questionContentSchema, type QuestionContent, type RichText } from "#content-schemas/questions";
import { questionViewLabelsVi as labels } from "./question-editor-labels";
import { QuestionView, scrambledOrder, type QuestionViewMode } from "./question-view";

const text = (value: string) => plainRichText(value);
/** A paragraph with text and an inline formula. */
const withMath = (before: string, latex: string): RichText => ({
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: [
        { type: "text", text: before },
        { type: "inlineMath", attrs: { latex } },
      ],
    },
  ],
});

/** Every format, parsed by the contract so defaults are filled as a stored question has them. */
const questions: Record<QuestionContent["body"]["type"], QuestionContent> = {
  single_choice: questionContentSchema.parse({
    stem: withMath("Nghiệm của phương trình ", "x^2 = 4"),
    body: {
      type: "single_choice",
      options: [
        { id: "A", content: text("x = 1") },
        { id: "B", content: text("x = 2") },
        { id: "C", content: text("x = 3") },
        { id: "D", content: text("x = 4") },
      ],
      correctOptionId: "B",
    },
    solution: text("Vì 2 bình phương bằng 4."),
  }),
  true_false_group: questionContentSchema.parse({
    stem: text("Cho hàm số y = x²."),
    body: {
      type: "true_false_group",
      statements: [
        { id: "a", content: text("Hàm số chẵn."), correct: true },
        { id: "b", content: text("Đồ thị đi qua (1; 2)."), correct: false },
        { id: "c", content: text("Giá trị nhỏ nhất là 0."), correct: true },
        { id: "d", content: text("Hàm số nghịch biến trên ℝ."), correct: false },
      ],
    },
  }),
  short_answer: questionContentSchema.parse({
    stem: text("Tính 3 : 2."),
    body: { type: "short_answer", answer: { kind: "numeric", value: "1,5", tolerance: 0.05 } },
  }),
  essay: questionContentSchema.parse({
    stem: text("Trình bày cảm nhận về bài thơ."),
    body: {
      type: "essay",
      rubric: [
        { criterion: "Bố cục", weight: 0.25, description: "Mở bài, thân bài, kết bài." },
        { criterion: "Nội dung", weight: 0.75 },
      ],
    },
  }),
  multiple_response: questionContentSchema.parse({
    stem: text("Những số nào là số nguyên tố?"),
    body: {
      type: "multiple_response",
      options: [
        { id: "A", content: text("2"), correct: true },
        { id: "B", content: text("4"), correct: false },
        { id: "C", content: text("7"), correct: true },
      ],
    },
  }),
  matching: questionContentSchema.parse({
    stem: text("Ghép thủ đô với quốc gia."),
    body: {
      type: "matching",
      premises: [
        { id: "p1", content: text("Việt Nam") },
        { id: "p2", content: text("Lào") },
      ],
      responses: [
        { id: "r1", content: text("Hà Nội") },
        { id: "r2", content: text("Viêng Chăn") },
        { id: "r3", content: text("Bangkok") },
      ],
      pairs: [
        { premiseId: "p1", responseId: "r1" },
        { premiseId: "p2", responseId: "r2" },
      ],
    },
  }),
  ordering: questionContentSchema.parse({
    stem: text("Sắp xếp theo thứ tự thời gian."),
    body: {
      type: "ordering",
      items: [
        { id: "i1", content: text("Nhà Lý") },
        { id: "i2", content: text("Nhà Trần") },
        { id: "i3", content: text("Nhà Lê") },
      ],
    },
  }),
  cloze: questionContentSchema.parse({
    stem: {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Thủ đô của Việt Nam là [[1]], của Lào là [[2]]. " },
            { type: "inlineMath", attrs: { latex: "x^2" } },
          ],
        },
      ],
    },
    body: {
      type: "cloze",
      gaps: [
        { key: "1", accepted: ["Hà Nội", "Ha Noi"] },
        { key: "2", accepted: ["Viêng Chăn"], caseSensitive: true },
      ],
    },
  }),
};

const render = (content: QuestionContent, mode: QuestionViewMode, number?: number) =>
  renderToStaticMarkup(<QuestionView content={content} mode={mode} labels={labels} number={number} />);

/** The visible text of some markup, tags and KaTeX's MathML left out. */
const visibleText = (html: string) =>
  html
    .replace(/<annotation[^>]*>.*?<\/annotation>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("QuestionView", () => {
  for (const [type, content] of Object.entries(questions)) {
    it(`renders ${type} for students without answers, and with them for teachers`, () => {
      const student = render(content, "student");
      const answer = render(content, "answer");
      expect(student).toContain(`data-type="${type}"`);
      expect(student).not.toContain(labels.correctAnswer);
      expect(student).not.toContain("checked");
      expect(student).not.toContain(labels.solution);
      expect(answer).toMatch(
        new RegExp(
          `${labels.correctAnswer}|${labels.acceptedAnswers}|${labels.rubric}|${labels.correctPairs}|${labels.correctOrder}|${labels.gapAnswers}`,
        ),
      );
      // Every form control is a disabled preview, and every one has an accessible name.
      for (const html of [student, answer]) {
        const controls = html.match(/<(input|select|textarea)\b[^>]*>/g) ?? [];
        for (const control of controls) {
          expect(control).toContain("disabled");
          const id = /\sid="([^"]+)"/.exec(control)?.[1];
          const named = /aria-label(ledby)?="/.test(control) || (id !== undefined && html.includes(`for="${id}"`));
          expect(named, control).toBe(true);
        }
      }
    });
  }

  it("numbers the question and renders formulas with KaTeX", () => {
    const html = render(questions.single_choice, "student", 3);
    expect(html).toContain("Câu 3");
    expect(html).toContain('class="katex"');
    expect(html).toContain('data-latex="x^2 = 4"');
  });

  it("marks the correct option with a check and words, and shows the solution, only in answer mode", () => {
    const student = render(questions.single_choice, "student");
    expect(student.match(/type="radio"/g)).toHaveLength(4);
    expect(visibleText(student)).toMatch(/A\. x = 1 .*B\. x = 2 .*C\. x = 3 .*D\. x = 4/);
    expect(student).not.toContain("Vì 2 bình phương");

    const answer = render(questions.single_choice, "answer");
    const correctItem = answer.split("<li").find((item) => item.includes(labels.correctAnswer)) ?? "";
    expect(correctItem).toContain('value="B"');
    expect(correctItem).toContain("checked");
    expect(correctItem).toContain("✓");
    expect(answer.match(new RegExp(labels.correctAnswer, "g"))).toHaveLength(1);
    expect(answer).toContain(labels.solution);
    expect(answer).toContain("Vì 2 bình phương");
  });

  it("shows true/false statements a)–d) with Đúng/Sai radios, and Đ/S in answer mode", () => {
    const student = render(questions.true_false_group, "student");
    expect(student.match(/type="radio"/g)).toHaveLength(8);
    for (const letter of ["a", "b", "c", "d"]) {
      expect(student).toContain(`aria-label="${letter}) Đúng"`);
      expect(student).toContain(`aria-label="${letter}) Sai"`);
    }
    const answer = render(questions.true_false_group, "answer");
    expect(answer.match(/checked/g)).toHaveLength(4);
    expect(visibleText(answer)).toMatch(/Hàm số chẵn\. .*Đ .*Đúng/);
    expect(answer).toContain(`>${labels.falseShort}<`);
  });

  it("shows the numeric answer with its tolerance written with a decimal comma", () => {
    expect(render(questions.short_answer, "student")).not.toContain("1,5");
    const answer = render(questions.short_answer, "answer");
    expect(answer).toContain("1,5");
    expect(answer).toContain("sai số cho phép ±0,05");
  });

  it("shows accepted text answers and case sensitivity", () => {
    const content = questionContentSchema.parse({
      stem: text("Thủ đô của Pháp?"),
      body: { type: "short_answer", answer: { kind: "text", accepted: ["Paris", "Pa-ri"] } },
    });
    const answer = render(content, "answer");
    expect(answer).toContain("Paris");
    expect(answer).toContain("Pa-ri");
    expect(answer).toContain(labels.caseInsensitive);
  });

  it("shows the essay box, and the rubric with weights only in answer mode", () => {
    const student = render(questions.essay, "student");
    expect(student).toContain("<textarea");
    expect(student).not.toContain("Bố cục");
    const answer = render(questions.essay, "answer");
    expect(visibleText(answer)).toMatch(/Bố cục 25% Mở bài, thân bài, kết bài\. Nội dung 75%/);
  });

  it("shows checkboxes for multiple response and marks every correct option", () => {
    expect(render(questions.multiple_response, "student").match(/type="checkbox"/g)).toHaveLength(3);
    const answer = render(questions.multiple_response, "answer");
    expect(answer.match(new RegExp(labels.correctAnswer, "g"))).toHaveLength(2);
    expect(answer).toContain(labels.scoringAllOrNothing);
  });

  it("shows each premise with a select of the responses, not in the order that gives the answer away", () => {
    const student = render(questions.matching, "student");
    expect(student.match(/<select/g)).toHaveLength(2);
    expect(student).toContain("Ghép ý 1 với");
    expect(student).toContain("Bangkok");
    const shown = scrambledOrder(questions.matching.body.type === "matching" ? questions.matching.body.responses : []);
    expect(shown.map((response) => response.id)).not.toEqual(["r1", "r2", "r3"]);
    const answer = render(questions.matching, "answer");
    const letter = (id: string) => String.fromCharCode(97 + shown.findIndex((response) => response.id === id));
    expect(answer).toContain(`1 – ${letter("r1")}; 2 – ${letter("r2")}`);
  });

  it("shows ordering items in a deterministic order that is not the answer, and the correct order in answer mode", () => {
    const student = render(questions.ordering, "student");
    expect(student).toContain(labels.orderingHint);
    const order = [...visibleText(student).matchAll(/Nhà (Lý|Trần|Lê)/g)].map((match) => match[1]);
    expect(order).toHaveLength(3);
    expect(order).not.toEqual(["Lý", "Trần", "Lê"]);
    expect(render(questions.ordering, "student")).toBe(student);
    const answer = render(questions.ordering, "answer");
    expect(answer).toContain(labels.correctOrder);
    expect(visibleText(answer)).toMatch(/→ .* →/);
  });

  it("never shows a scrambled order equal to the stored one", () => {
    for (let size = 2; size <= 12; size += 1) {
      const parts = Array.from({ length: size }, (_, index) => ({ id: `x${index}` }));
      expect(scrambledOrder(parts)).not.toEqual(parts);
      expect([...scrambledOrder(parts)].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [...parts].sort((a, b) => a.id.localeCompare(b.id)),
      );
    }
  });

  it("replaces cloze markers in the text with labelled boxes, not the ones in a formula", () => {
    const student = render(questions.cloze, "student");
    expect(student).not.toMatch(/>[^<]*\[\[1\]\],/);
    const boxes = student.match(/<input[^>]*>/g) ?? [];
    expect(boxes).toHaveLength(2);
    expect(boxes[0]).toContain('aria-label="Chỗ trống 1"');
    expect(boxes[1]).toContain('aria-label="Chỗ trống 2"');
    expect(boxes.join("")).not.toContain("value=");
    expect(student).toContain('class="katex"');
    expect(student).not.toContain("Hà Nội");

    // A marker-like text inside a formula's source is left to KaTeX (the attribute stays intact).
    const inFormula = structuredClone(questions.cloze);
    const paragraph = inFormula.stem.content[0] as { content: { type: string; attrs?: { latex: string } }[] };
    paragraph.content[1]!.attrs!.latex = "[[2]] + 1";
    const formulaHtml = render(inFormula, "student");
    expect(formulaHtml).toContain('data-latex="[[2]] + 1"');
    expect(formulaHtml.match(/<input[^>]*>/g)).toHaveLength(2);

    const answer = render(questions.cloze, "answer");
    expect(answer).toContain('value="Hà Nội"');
    expect(visibleText(answer)).toContain("Chỗ trống 1: Hà Nội / Ha Noi");
    expect(visibleText(answer)).toContain(`Chỗ trống 2: Viêng Chăn (${labels.caseSensitive})`);
  });

  it("escapes text and renders content that is still being written", () => {
    const content = questionContentSchema.parse({
      stem: text('<img src=x onerror="alert(1)">'),
      body: { type: "short_answer", answer: { kind: "numeric", value: "2", tolerance: 0 } },
    });
    expect(render(content, "answer")).not.toContain("<img");

    // A draft from the editor: no statement answered yet, one part the schema rejects.
    const draft = structuredClone(questions.true_false_group);
    if (draft.body.type !== "true_false_group") throw new Error("unexpected type");
    for (const statement of draft.body.statements) (statement as { correct: boolean | null }).correct = null;
    draft.body.statements[0]!.content = { type: "doc", content: [] } as unknown as RichText;
    const html = render(draft, "answer");
    expect(html).toContain(labels.unreadable);
    expect(html).toContain(labels.noCorrectAnswer);
    expect(html).not.toContain("checked");
  });
});
