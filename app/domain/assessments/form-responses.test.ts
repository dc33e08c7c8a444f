import { describe, expect, it } from "vitest";
import type { DeliveredItem } from "#content-schemas/assessments";
import { QUESTION_TYPES, type QuestionResponse, type QuestionType } from "#content-schemas/questions";
import {
  changedResponse,
  emptyResponse,
  fieldsFromResponse,
  responseField,
  responseFromFields,
  sameResponse,
} from "./form-responses";

const parts = (labelled: [id: string, label: string][]) =>
  labelled.map(([id, label]) => ({ id, label, html: `<p>${label}</p>` }));

/** A delivered item as the quiz page gets it (no answer key), with the parts its format shows. */
function delivered(type: QuestionType, overrides: Partial<DeliveredItem> = {}): DeliveredItem {
  const byType: Partial<Record<QuestionType, Partial<DeliveredItem>>> = {
    single_choice: {
      parts: parts([
        ["C", "A"],
        ["A", "B"],
        ["D", "C"],
        ["B", "D"],
      ]),
    },
    multiple_response: {
      parts: parts([
        ["A", "A"],
        ["B", "B"],
        ["C", "C"],
        ["D", "D"],
      ]),
    },
    true_false_group: {
      parts: parts([
        ["a", "a)"],
        ["b", "b)"],
        ["c", "c)"],
        ["d", "d)"],
      ]),
    },
    short_answer: { answerKind: "numeric" },
    essay: { allowPhoto: true },
    matching: {
      parts: parts([
        ["p1", "1"],
        ["p2", "2"],
        ["p3", "3"],
      ]),
      matches: parts([
        ["m1", "a"],
        ["m2", "b"],
        ["m3", "c"],
        ["m4", "d"],
      ]),
    },
    ordering: {
      parts: parts([
        ["o2", "Bước 2"],
        ["o3", "Bước 3"],
        ["o1", "Bước 1"],
      ]),
    },
    cloze: { gaps: ["1", "2"] },
  };
  return {
    key: `i${QUESTION_TYPES.indexOf(type) + 1}`,
    number: QUESTION_TYPES.indexOf(type) + 1,
    section: type,
    type,
    points: 0.5,
    stemHtml: "<p>Đề bài</p>",
    parts: [],
    matches: [],
    gaps: [],
    answerKind: null,
    allowPhoto: false,
    ...byType[type],
    ...overrides,
  };
}

/** Form values as `FormData.getAll` gives them: every value of a field, none for a field not posted. */
const valuesOf =
  (fields: Record<string, string[]>) =>
  (name: string): string[] =>
    fields[name] ?? [];
const read = (item: DeliveredItem, fields: Record<string, string[]>) => responseFromFields(item, valuesOf(fields));

/** One answered response per format, each using what the delivered item above offers. */
const ANSWERS: Record<QuestionType, QuestionResponse[]> = {
  single_choice: [{ type: "single_choice", optionId: "D" }],
  multiple_response: [
    { type: "multiple_response", optionIds: ["A", "C"] },
    { type: "multiple_response", optionIds: ["D"] },
  ],
  true_false_group: [
    { type: "true_false_group", answers: { a: true, b: false, c: false, d: true } },
    { type: "true_false_group", answers: { b: true, d: false } },
  ],
  short_answer: [
    { type: "short_answer", text: "-1,5" },
    { type: "short_answer", text: "Hà Nội" },
  ],
  essay: [{ type: "essay", text: "Mở bài …\n\n  Thân bài: các ý chính.\n", photoUploadIds: [] }],
  matching: [
    { type: "matching", pairs: { p1: "m2", p2: "m1", p3: "m4" } },
    { type: "matching", pairs: { p2: "m3" } },
  ],
  ordering: [{ type: "ordering", order: ["o1", "o2", "o3"] }],
  cloze: [
    { type: "cloze", gaps: { "1": "Hà Nội", "2": "1945" } },
    { type: "cloze", gaps: { "2": "1,5" } },
  ],
};

describe("responseField", () => {
  it("names an item's field r.<key> and a part's r.<key>.<part>", () => {
    expect(responseField("i7")).toBe("r.i7");
    expect(responseField("i7", "a")).toBe("r.i7.a");
    expect(responseField("i7", "1")).toBe("r.i7.1");
    expect(responseField("i7", "")).toBe("r.i7.");
  });
});

describe("responses and form fields, both ways", () => {
  it.each(QUESTION_TYPES.flatMap((type) => ANSWERS[type].map((response) => [type, JSON.stringify(response), response] as const)))(
    "%s: %s survives fields → response",
    (type, _label, response) => {
      const item = delivered(type);
      expect(read(item, fieldsFromResponse(item, response))).toEqual(response);
    },
  );

  it("writes the fields a page shows: one per item, or one per part, gap or position", () => {
    expect(fieldsFromResponse(delivered("single_choice"), { type: "single_choice", optionId: "D" })).toEqual({ "r.i1": ["D"] });
    expect(fieldsFromResponse(delivered("single_choice"), { type: "single_choice", optionId: null })).toEqual({ "r.i1": [] });
    expect(fieldsFromResponse(delivered("multiple_response"), { type: "multiple_response", optionIds: ["A", "C"] })).toEqual({
      "r.i5": ["A", "C"],
    });
    // Every statement has its field; an unanswered one has no value.
    expect(
      fieldsFromResponse(delivered("true_false_group"), { type: "true_false_group", answers: { b: true, d: false } }),
    ).toEqual({
      "r.i2.a": [],
      "r.i2.b": ["true"],
      "r.i2.c": [],
      "r.i2.d": ["false"],
    });
    expect(fieldsFromResponse(delivered("short_answer"), { type: "short_answer", text: "-1,5" })).toEqual({ "r.i3": ["-1,5"] });
    expect(fieldsFromResponse(delivered("essay"), { type: "essay", text: "Bài làm", photoUploadIds: [] })).toEqual({
      "r.i4": ["Bài làm"],
      "r.i4.photo": [],
    });
    expect(fieldsFromResponse(delivered("matching"), { type: "matching", pairs: { p2: "m3" } })).toEqual({
      "r.i6.p1": [],
      "r.i6.p2": ["m3"],
      "r.i6.p3": [],
    });
    // Positions are numbered from 1.
    expect(fieldsFromResponse(delivered("ordering"), { type: "ordering", order: ["o1", "o2", "o3"] })).toEqual({
      "r.i7.1": ["o1"],
      "r.i7.2": ["o2"],
      "r.i7.3": ["o3"],
    });
    expect(fieldsFromResponse(delivered("cloze"), { type: "cloze", gaps: { "2": "1945" } })).toEqual({
      "r.i8.1": [],
      "r.i8.2": ["1945"],
    });
  });

  it("reads a posted form the same way", () => {
    expect(read(delivered("single_choice"), { "r.i1": ["A"] })).toEqual({ type: "single_choice", optionId: "A" });
    expect(read(delivered("true_false_group"), { "r.i2.a": ["true"], "r.i2.c": ["false"] })).toEqual({
      type: "true_false_group",
      answers: { a: true, c: false },
    });
    expect(read(delivered("ordering"), { "r.i7.1": ["o3"], "r.i7.2": ["o1"], "r.i7.3": ["o2"] })).toEqual({
      type: "ordering",
      order: ["o3", "o1", "o2"],
    });
    expect(read(delivered("cloze"), { "r.i8.1": ["Huế"] })).toEqual({ type: "cloze", gaps: { "1": "Huế" } });
  });

  it("trims typed answers, except an essay's text, which is kept as written", () => {
    expect(read(delivered("short_answer"), { "r.i3": ["  -1,5 "] })).toEqual({ type: "short_answer", text: "-1,5" });
    expect(read(delivered("single_choice"), { "r.i1": [" B "] })).toEqual({ type: "single_choice", optionId: "B" });
    expect(read(delivered("cloze"), { "r.i8.1": [" Huế "] })).toEqual({ type: "cloze", gaps: { "1": "Huế" } });
    expect(read(delivered("matching"), { "r.i6.p1": [" m2"] })).toEqual({ type: "matching", pairs: { p1: "m2" } });
    expect(read(delivered("essay"), { "r.i4": ["  Thụt đầu dòng.\n"] })).toEqual({
      type: "essay",
      text: "  Thụt đầu dòng.\n",
      photoUploadIds: [],
    });
  });

  it("keeps an essay's photos as the boxes left checked, each once, and only where the item takes photos", () => {
    const photos = ["6b13d5bfe528d45a97e830f6", "6b13d5bfe528d45a97e830f7"];
    const withPhotos = delivered("essay");
    const withoutPhotos = delivered("essay", { allowPhoto: false });
    const response = { type: "essay" as const, text: "Xem ảnh.", photoUploadIds: photos };
    expect(fieldsFromResponse(withPhotos, response)).toEqual({ "r.i4": ["Xem ảnh."], "r.i4.photo": photos });
    expect(read(withPhotos, fieldsFromResponse(withPhotos, response))).toEqual(response);
    // A photo alone is an answer; a box posted twice counts once.
    expect(read(withPhotos, { "r.i4": [""], "r.i4.photo": [photos[0]!, photos[0]!] })).toEqual({
      type: "essay",
      text: "",
      photoUploadIds: [photos[0]],
    });
    expect(read(withoutPhotos, { "r.i4": ["Bài"], "r.i4.photo": photos })).toEqual({
      type: "essay",
      text: "Bài",
      photoUploadIds: [],
    });
    expect(read(withoutPhotos, { "r.i4": [""], "r.i4.photo": photos })).toBeNull();
  });

  it("uses the first value of a field posted twice (a single choice, a statement)", () => {
    expect(read(delivered("single_choice"), { "r.i1": ["A", "B"] })).toEqual({ type: "single_choice", optionId: "A" });
    expect(read(delivered("true_false_group"), { "r.i2.a": ["false", "true"] })).toEqual({
      type: "true_false_group",
      answers: { a: false },
    });
  });
});

describe("nothing answered", () => {
  it.each(QUESTION_TYPES.map((type) => [type]))("%s: no fields give null", (type) => {
    expect(read(delivered(type), {})).toBeNull();
  });

  it("gives null for fields that are present but empty or blank", () => {
    expect(read(delivered("single_choice"), { "r.i1": [""] })).toBeNull();
    expect(read(delivered("multiple_response"), { "r.i5": [] })).toBeNull();
    expect(read(delivered("true_false_group"), { "r.i2.a": [""], "r.i2.b": [""], "r.i2.c": [], "r.i2.d": [] })).toBeNull();
    expect(read(delivered("short_answer"), { "r.i3": ["   "] })).toBeNull();
    expect(read(delivered("essay"), { "r.i4": [" \n\t "] })).toBeNull();
    expect(read(delivered("matching"), { "r.i6.p1": [""], "r.i6.p2": [" "], "r.i6.p3": [""] })).toBeNull();
    expect(read(delivered("ordering"), { "r.i7.1": [""], "r.i7.2": [""], "r.i7.3": [""] })).toBeNull();
    expect(read(delivered("cloze"), { "r.i8.1": [" "], "r.i8.2": [""] })).toBeNull();
  });

  it("ignores values a true/false statement cannot have", () => {
    expect(read(delivered("true_false_group"), { "r.i2.a": ["Đ"], "r.i2.b": ["1"], "r.i2.c": ["TRUE"] })).toBeNull();
    expect(read(delivered("true_false_group"), { "r.i2.a": ["Đ"], "r.i2.b": ["false"] })).toEqual({
      type: "true_false_group",
      answers: { b: false },
    });
  });

  it("reads only the item's own parts, gaps and positions", () => {
    expect(read(delivered("true_false_group"), { "r.i2.e": ["true"] })).toBeNull();
    expect(read(delivered("matching"), { "r.i6.p9": ["m1"] })).toBeNull();
    expect(read(delivered("cloze"), { "r.i8.3": ["x"] })).toBeNull();
    expect(read(delivered("ordering"), { "r.i7.4": ["o1"], "r.i7.0": ["o2"] })).toBeNull();
    // Another item's field.
    expect(read(delivered("short_answer"), { "r.i30": ["5"] })).toBeNull();
  });
});

describe("multiple_response", () => {
  it("keeps only the ids among the item's options", () => {
    expect(read(delivered("multiple_response"), { "r.i5": ["A", "Z", "C", "<script>"] })).toEqual({
      type: "multiple_response",
      optionIds: ["A", "C"],
    });
    expect(read(delivered("multiple_response"), { "r.i5": ["Z"] })).toBeNull();
  });
});

describe("ordering", () => {
  it("keeps the parts in the positions chosen, not in the order shown", () => {
    // Shown as o2, o3, o1; the student puts o1, o2, o3 in positions 1, 2, 3.
    const item = delivered("ordering");
    const fields = { "r.i7.1": ["o1"], "r.i7.2": ["o2"], "r.i7.3": ["o3"] };
    expect(read(item, fields)).toEqual({ type: "ordering", order: ["o1", "o2", "o3"] });
    expect(fieldsFromResponse(item, read(item, fields)!)).toEqual(fields);
  });

  // The quiz shows one select per position, each starting at "Chọn". A student who fills positions 1 and 3 first
  // must find them there after a reload, and the scorer (which compares order[i] with the i-th correct part) must
  // judge o2 at position 3, where the student put it, not at position 2.
  it("keeps a part in its position when an earlier position is still empty", () => {
    const item = delivered("ordering");
    const fields = { "r.i7.1": ["o1"], "r.i7.2": [""], "r.i7.3": ["o2"] };
    const response = read(item, fields);
    expect(response).not.toBeNull();
    expect(fieldsFromResponse(item, response!)).toEqual({ "r.i7.1": ["o1"], "r.i7.2": [], "r.i7.3": ["o2"] });
  });
});

describe("emptyResponse", () => {
  it("clears the answer of every format", () => {
    expect(QUESTION_TYPES.map((type) => emptyResponse(type))).toEqual([
      { type: "single_choice", optionId: null },
      { type: "true_false_group", answers: {} },
      { type: "short_answer", text: "" },
      { type: "essay", text: "", photoUploadIds: [] },
      { type: "multiple_response", optionIds: [] },
      { type: "matching", pairs: {} },
      { type: "ordering", order: [] },
      { type: "cloze", gaps: {} },
    ]);
  });

  it.each(QUESTION_TYPES.map((type) => [type]))("%s: shows as empty fields, which read back as nothing answered", (type) => {
    const item = delivered(type);
    const fields = fieldsFromResponse(item, emptyResponse(type));
    expect(Object.values(fields).every((values) => values.every((value) => value === ""))).toBe(true);
    expect(read(item, fields)).toBeNull();
  });

  it("gives a new object each time (callers may change it)", () => {
    const first = emptyResponse("multiple_response");
    expect(emptyResponse("multiple_response")).not.toBe(first);
  });
});

describe("sameResponse", () => {
  it("is true for the same answer, however it was built", () => {
    const item = delivered("true_false_group");
    const stored: QuestionResponse = { type: "true_false_group", answers: { a: true, b: false } };
    expect(sameResponse(stored, { type: "true_false_group", answers: { a: true, b: false } })).toBe(true);
    // What a plain form post reads back from the page that showed the stored answer.
    expect(sameResponse(read(item, fieldsFromResponse(item, stored)), stored)).toBe(true);
    expect(sameResponse(null, undefined)).toBe(true);
    expect(sameResponse(undefined, undefined)).toBe(true);
    // The database may hand the keys back in another order.
    expect(
      sameResponse(
        { type: "essay", text: "Bài làm", photoUploadIds: [] },
        { photoUploadIds: [], text: "Bài làm", type: "essay" },
      ),
    ).toBe(true);
    expect(
      sameResponse(
        { type: "true_false_group", answers: { b: false, a: true } },
        { answers: { a: true, b: false }, type: "true_false_group" },
      ),
    ).toBe(true);
  });

  it("is false when anything differs", () => {
    expect(sameResponse({ type: "short_answer", text: "1,5" }, { type: "short_answer", text: "1.5" })).toBe(false);
    expect(sameResponse({ type: "single_choice", optionId: "A" }, { type: "single_choice", optionId: null })).toBe(false);
    expect(
      sameResponse({ type: "multiple_response", optionIds: ["A", "C"] }, { type: "multiple_response", optionIds: ["A"] }),
    ).toBe(false);
    expect(sameResponse({ type: "ordering", order: ["o1", "o2"] }, { type: "ordering", order: ["o2", "o1"] })).toBe(false);
    expect(sameResponse({ type: "short_answer", text: "" }, { type: "essay", text: "", photoUploadIds: [] })).toBe(false);
    // Nothing stored yet and an answer (even an empty one).
    expect(sameResponse(undefined, { type: "short_answer", text: "5" })).toBe(false);
    expect(sameResponse(null, emptyResponse("single_choice"))).toBe(false);
  });
});

describe("changedResponse", () => {
  const item = delivered("short_answer");
  const stored: QuestionResponse = { type: "short_answer", text: "-1,5" };
  const fields = (value: string) => (name: string) => (name === responseField(item.key) ? [value] : []);

  it("is what the form says when it differs from what is stored (an answer given before the page's script ran)", () => {
    expect(changedResponse(item, fields("2"), stored)).toEqual({ type: "short_answer", text: "2" });
    expect(changedResponse(item, fields("2"), undefined)).toEqual({ type: "short_answer", text: "2" });
  });

  it("is null when the form shows what is stored, or nothing where nothing is stored", () => {
    expect(changedResponse(item, fields("-1,5"), stored)).toBeNull();
    expect(changedResponse(item, fields(""), undefined)).toBeNull();
  });

  it("clears a stored answer whose fields the student emptied", () => {
    expect(changedResponse(item, fields(""), stored)).toEqual(emptyResponse("short_answer"));
  });
});
