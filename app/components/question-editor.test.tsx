import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Subject } from "#content-schemas/curriculum";
import {
  plainRichText,
  questionDraftSchema,
  type QuestionBody,
  type QuestionDraft,
  type RichText,
} from "#content-schemas/questions";
import { contentFromState, draftFromState, QuestionEditor, stateFromDraft } from "./question-editor";
import { questionEditorLabelsVi as labels } from "./question-editor-labels";

const text = (value: string) => plainRichText(value);
const metadata = {
  subject: "TOAN",
  grade: 10,
  topicIds: [],
  outcomes: ["Giải phương trình bậc hai."],
  level: "hieu",
  difficulty: 2,
  tags: ["phương trình", "bậc hai"],
  source: "Đề minh hoạ 2025",
  licence: "CC-BY-SA-4.0",
} as const;

const bodies: QuestionBody[] = [
  {
    type: "single_choice",
    options: ["A", "B", "C"].map((id) => ({ id, content: text(`Phương án ${id}`) })),
    correctOptionId: "C",
    shuffleOptions: false,
  },
  {
    type: "true_false_group",
    statements: ["a", "b", "c", "d"].map((id, index) => ({ id, content: text(`Ý ${id}`), correct: index % 2 === 0 })),
  },
  { type: "short_answer", answer: { kind: "numeric", value: "-1,5", tolerance: 0.05 } },
  { type: "short_answer", answer: { kind: "text", accepted: ["Hà Nội", "Ha Noi"], caseSensitive: true } },
  {
    type: "essay",
    rubric: [
      { criterion: "Bố cục", weight: 0.25, description: "Đủ ba phần." },
      { criterion: "Nội dung", weight: 0.75, description: "" },
    ],
    allowPhoto: false,
  },
  {
    type: "multiple_response",
    options: ["A", "B", "C"].map((id) => ({ id, content: text(id), correct: id !== "B" })),
    shuffleOptions: true,
    scoring: "proportional",
  },
  {
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
    scoring: "all_or_nothing",
  },
  { type: "ordering", items: ["i1", "i2", "i3"].map((id) => ({ id, content: text(id) })), scoring: "proportional" },
  {
    type: "cloze",
    gaps: [
      { key: "1", accepted: ["Hà Nội"], caseSensitive: false },
      { key: "2", accepted: ["Huế", "Hue"], caseSensitive: true },
    ],
    scoring: "proportional",
  },
];

const draftWith = (body: QuestionBody): QuestionDraft =>
  questionDraftSchema.parse({
    ...metadata,
    stem: body.type === "cloze" ? text("Thủ đô là [[1]], cố đô là [[2]].") : text("Đề bài"),
    body,
    solution: text("Lời giải"),
  });

/** The issue paths the server would report for a draft, joined with "." like the editor's `errors`. */
const issuePaths = (value: unknown) => {
  const result = questionDraftSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
};

describe("QuestionEditor state", () => {
  for (const body of bodies) {
    it(`sends a stored ${body.type} question back unchanged`, () => {
      const draft = draftWith(body);
      const sent = JSON.parse(JSON.stringify(draftFromState(stateFromDraft(draft)))) as unknown;
      expect(questionDraftSchema.parse(sent)).toEqual(draft);
    });
  }

  it("starts a new question with the choices still to make, reported by the schema", () => {
    const state = stateFromDraft(null);
    expect(state.type).toBe("single_choice");
    const paths = issuePaths(JSON.parse(JSON.stringify(draftFromState(state))));
    expect(paths).toEqual(expect.arrayContaining(["subject", "grade", "level", "body.correctOptionId"]));
  });

  it("keeps what the author typed: decimal commas, percentages, answers one per line", () => {
    const state = stateFromDraft({ ...draftWith(bodies[2]!) });
    state.bodies.short_answer = { ...state.bodies.short_answer!, value: " -1,5 ", tolerance: "0,25" };
    expect(contentFromState(state).body).toMatchObject({ answer: { kind: "numeric", value: "-1,5", tolerance: 0.25 } });

    state.bodies.short_answer = { ...state.bodies.short_answer!, tolerance: "nửa" };
    expect(issuePaths(JSON.parse(JSON.stringify(draftFromState(state))))).toContain("body.answer.tolerance");

    state.type = "essay";
    state.bodies.essay = {
      rubric: [
        { key: "row1", criterion: "A", weight: "12,5", description: "" },
        { key: "row2", criterion: "B", weight: "87.5", description: "" },
      ],
      allowPhoto: true,
    };
    expect(contentFromState(state).body).toMatchObject({ rubric: [{ weight: 0.125 }, { weight: 0.875 }] });
    expect(issuePaths(draftFromState(state))).toEqual([]);
  });

  it("sends the cloze gaps of the markers in the stem, in their order, and keeps the answers of a removed marker", () => {
    const state = stateFromDraft(draftWith(bodies[8]!));
    state.stem = text("Cố đô là [[2]], thủ đô là [[3]].");
    const sent = contentFromState(state).body;
    expect(sent).toMatchObject({
      type: "cloze",
      gaps: [
        { key: "2", accepted: ["Huế", "Hue"] },
        { key: "3", accepted: [] },
      ],
    });
    expect(state.bodies.cloze?.gaps["1"]?.accepted).toBe("Hà Nội");
  });

  it("leaves out an empty solution and reads tags separated by commas", () => {
    const state = stateFromDraft(draftWith(bodies[0]!));
    state.solution = { type: "doc", content: [{ type: "paragraph" }] } as RichText;
    state.meta.tags = " hàm số,  , đồ thị ,hàm số";
    const draft = draftFromState(state);
    expect(draft.solution).toBeNull();
    expect(draft.tags).toEqual(["hàm số", "đồ thị"]);
  });
});

describe("QuestionEditor markup", () => {
  const subjects: Subject[] = [{ code: "TOAN", name: "Toán", nameEn: "Mathematics", grades: [10, 11, 12] }];

  it("carries the draft in one hidden input and previews the question as a student sees it", () => {
    const draft = draftWith(bodies[0]!);
    const html = renderToString(<QuestionEditor name="question" initial={draft} subjects={subjects} labels={labels} />);
    const hidden = /<input type="hidden" name="question" value="([^"]*)"/.exec(html)?.[1] ?? "";
    const sent = JSON.parse(hidden.replace(/&quot;/g, '"').replace(/&amp;/g, "&")) as unknown;
    expect(questionDraftSchema.parse(sent)).toEqual(draft);
    expect(html).toContain(labels.preview);
    expect(html).toContain(labels.types.single_choice);
    expect(html).toContain(`aria-label="${labels.moveUp(labels.option("B"))}"`);
    expect(html).toContain(labels.levelScale3);
    expect(html).toContain(labels.levelScale4);
    // Only the draft and the editor's own radio groups have names: nothing else reaches the server.
    const names = [...html.matchAll(/\sname="([^"]+)"/g)].map((match) => match[1]);
    expect(names.every((name) => name === "question" || name?.startsWith("question-ui-") || name?.startsWith(":"))).toBe(true);
  });

  it("shows each error next to its field and in a summary that links to it", () => {
    const errors = {
      subject: "Chọn môn học.",
      "body.correctOptionId": "Chưa chọn phương án đúng.",
      "body.options.1.content": "Phương án đang trống.",
    };
    const html = renderToString(
      <QuestionEditor name="question" initial={draftWith(bodies[0]!)} subjects={subjects} labels={labels} errors={errors} />,
    );
    expect(html).toContain(labels.errorSummary);
    expect(html).toContain('href="#question-question-subject"');
    expect(html).toContain(`${labels.option("B")}: Phương án đang trống.`);
    expect(html).toMatch(
      /id="question-question-subject"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="question-question-subject"/,
    );
    expect(html).toContain('aria-describedby="question-question-subject-error"');
    expect(html).toContain('id="question-question-body-options-1-error"');
  });
});
