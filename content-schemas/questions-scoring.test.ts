import { describe, expect, it } from "vitest";
import { plainRichText, questionBodySchema, type QuestionBody, type QuestionResponse } from "./questions";
import { normaliseTextAnswer, parseDecimal, roundScore, scoreResponse, TRUE_FALSE_SHARES } from "./questions-scoring";

/** Bodies go through the schema so defaults (scoring, caseSensitive, tolerance) apply as in the app. */
const body = (input: unknown): QuestionBody => questionBodySchema.parse(input);
const choice = (id: string) => ({ id, content: plainRichText(`Phương án ${id}`) });

const singleChoice = body({ type: "single_choice", options: ["A", "B", "C", "D"].map(choice), correctOptionId: "B" });

const trueFalse = body({
  type: "true_false_group",
  statements: [
    { id: "a", content: plainRichText("Ý a"), correct: true },
    { id: "b", content: plainRichText("Ý b"), correct: false },
    { id: "c", content: plainRichText("Ý c"), correct: true },
    { id: "d", content: plainRichText("Ý d"), correct: false },
  ],
});

const numericAnswer = (value: string, tolerance?: number) =>
  body({ type: "short_answer", answer: { kind: "numeric", value, ...(tolerance === undefined ? {} : { tolerance }) } });
const textAnswer = (accepted: string[], caseSensitive?: boolean) =>
  body({ type: "short_answer", answer: { kind: "text", accepted, ...(caseSensitive === undefined ? {} : { caseSensitive }) } });

const essay = body({ type: "essay", rubric: [{ criterion: "Lập luận", weight: 1 }] });

const multipleResponse = (scoring?: "all_or_nothing" | "proportional") =>
  body({
    type: "multiple_response",
    options: [
      { ...choice("A"), correct: true },
      { ...choice("B"), correct: true },
      { ...choice("C"), correct: false },
      { ...choice("D"), correct: false },
    ],
    ...(scoring ? { scoring } : {}),
  });

const matching = (scoring?: "all_or_nothing" | "proportional") =>
  body({
    type: "matching",
    premises: ["p1", "p2", "p3", "p4"].map(choice),
    responses: ["r1", "r2", "r3", "r4", "r5"].map(choice),
    pairs: [
      { premiseId: "p1", responseId: "r1" },
      { premiseId: "p2", responseId: "r2" },
      { premiseId: "p3", responseId: "r3" },
      { premiseId: "p4", responseId: "r4" },
    ],
    ...(scoring ? { scoring } : {}),
  });

const ordering = (scoring?: "all_or_nothing" | "proportional") =>
  body({ type: "ordering", items: ["i1", "i2", "i3", "i4"].map(choice), ...(scoring ? { scoring } : {}) });

const cloze = (scoring?: "all_or_nothing" | "proportional") =>
  body({
    type: "cloze",
    gaps: [
      { key: "1", accepted: ["Hà Nội", "Thủ đô Hà Nội"] },
      { key: "2", accepted: ["1,5"] },
      { key: "3", accepted: ["H2O"], caseSensitive: true },
    ],
    ...(scoring ? { scoring } : {}),
  });

describe("parseDecimal", () => {
  it.each([
    ["-1,5", -1.5],
    [" -1.5 ", -1.5],
    ["+2", 2],
    [",5", 0.5],
    [".5", 0.5],
    ["-,5", -0.5],
    ["5,", 5],
    ["0,30", 0.3],
    ["007", 7],
    ["1,000", 1],
    ["\u22121,5", -1.5],
    ["-0", 0],
  ])("reads %j as %d", (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each(["", "   ", "-", ",", "1.000,5", "1,2,3", "1e3", "Infinity", "NaN", "0x10", "1,5cm", "- 1", "1 000", "một"])(
    "refuses %j",
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );
});

describe("normaliseTextAnswer", () => {
  it("accepts both places of the tone in oa, oe and uy, in any case", () => {
    expect(normaliseTextAnswer("Hòa bình", false)).toBe(normaliseTextAnswer("hoà bình", false));
    expect(normaliseTextAnswer("thủy điện", false)).toBe(normaliseTextAnswer("thuỷ điện", false));
    expect(normaliseTextAnswer("khỏe", false)).toBe(normaliseTextAnswer("khoẻ", false));
    expect(normaliseTextAnswer("HÒA", true)).toBe(normaliseTextAnswer("HOÀ", true));
    expect(normaliseTextAnswer("Thủy", true)).toBe("Thuỷ");
    // Other tones and vowels are untouched, and a different tone is still a different word.
    expect(normaliseTextAnswer("hoàn thành", false)).toBe("hoàn thành");
    expect(normaliseTextAnswer("hòa", false)).not.toBe(normaliseTextAnswer("hoá", false));
  });

  it("trims, collapses inner whitespace (including non-breaking spaces) and ignores case by default", () => {
    expect(normaliseTextAnswer("  Thủ   đô\u00a0\tHÀ NỘI  ", false)).toBe("thủ đô hà nội");
  });

  it("keeps case when the question is case-sensitive", () => {
    expect(normaliseTextAnswer(" H2O ", true)).toBe("H2O");
    expect(normaliseTextAnswer("h2o", true)).not.toBe(normaliseTextAnswer("H2O", true));
  });

  it("treats decomposed and precomposed Vietnamese letters as the same (NFC)", () => {
    const decomposed = "Nghe\u0302\u0323 An"; // e + circumflex + dot below, as some keyboards type it
    expect(decomposed).not.toBe("Nghệ An");
    expect(normaliseTextAnswer(decomposed, true)).toBe("Nghệ An");
    expect(normaliseTextAnswer(decomposed, false)).toBe("nghệ an");
  });

  it("keeps Vietnamese diacritics significant", () => {
    expect(normaliseTextAnswer("Hà Nội", false)).not.toBe(normaliseTextAnswer("Ha Noi", false));
    expect(normaliseTextAnswer("ĐÀ NẴNG", false)).toBe("đà nẵng");
  });
});

describe("roundScore", () => {
  it("keeps the exact score with policy none", () => {
    expect(roundScore(7.125, "none")).toBe(7.125);
    expect(roundScore(0.1 + 0.2, "none")).toBe(0.1 + 0.2);
  });

  it.each([
    [7.125, 7.1],
    [7.15, 7.2],
    [6.65, 6.7],
    [8.05, 8.1],
    [6.64, 6.6],
    [0.1 + 0.2, 0.3],
    [10, 10],
    [0, 0],
  ])("rounds %d to %d at 0.1, halves up", (score, expected) => {
    expect(roundScore(score, "0.1")).toBe(expected);
  });

  it.each([
    [7.125, 7.25],
    [7.25, 7.25],
    [7.375, 7.5],
    [7.1, 7],
    [7.2, 7.25],
    [7.6, 7.5],
    [7.875, 8],
    [9.9, 10],
    [0, 0],
  ])("rounds %d to %d at 0.25, halves up", (score, expected) => {
    expect(roundScore(score, "0.25")).toBe(expected);
  });

  it("finds the half in a total that float addition left just below it", () => {
    // Eight true/false statements at 0.1 and one single choice at 0.25 add up to 1.0499999999999998.
    const total = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.25].reduce((sum, earned) => sum + earned, 0);
    expect(total).toBeLessThan(1.05);
    expect(roundScore(total, "0.1")).toBe(1.1);
  });

  it("rounds a negative score symmetrically and never returns -0", () => {
    expect(roundScore(-6.65, "0.1")).toBe(-6.7);
    expect(roundScore(-0.01, "0.25")).toBe(0);
  });
});

describe("TRUE_FALSE_SHARES", () => {
  it("gives 0, 10%, 25%, 50%, 100% for 0–4 statements right and cannot be changed", () => {
    expect(TRUE_FALSE_SHARES).toEqual([0, 0.1, 0.25, 0.5, 1]);
    expect(Object.isFrozen(TRUE_FALSE_SHARES)).toBe(true);
  });
});

describe("scoreResponse: any type", () => {
  it.each([null, undefined])("scores a missing response (%s) as unanswered, for essays too", (response) => {
    expect(scoreResponse(singleChoice, response, 0.25)).toEqual({ earned: 0, max: 0.25, status: "unanswered" });
    expect(scoreResponse(essay, response, 3)).toEqual({ earned: 0, max: 3, status: "unanswered" });
  });

  it("scores a response of another type as incorrect with 0, without throwing", () => {
    const responses: QuestionResponse[] = [
      { type: "single_choice", optionId: "B" },
      { type: "true_false_group", answers: { a: true } },
      { type: "short_answer", text: "B" },
      { type: "essay", text: "B", photoUploadIds: [] },
      { type: "multiple_response", optionIds: ["A", "B"] },
      { type: "matching", pairs: { p1: "r1" } },
      { type: "ordering", order: ["i1"] },
      { type: "cloze", gaps: { "1": "Hà Nội" } },
    ];
    const bodies = [singleChoice, trueFalse, textAnswer(["B"]), essay, multipleResponse(), matching(), ordering(), cloze()];
    for (const question of bodies) {
      for (const response of responses.filter((candidate) => candidate.type !== question.type)) {
        expect(scoreResponse(question, response, 1), `${response.type} for ${question.type}`).toEqual({
          earned: 0,
          max: 1,
          status: "incorrect",
        });
      }
    }
  });

  it("refuses negative or non-finite points as a caller bug", () => {
    expect(() => scoreResponse(singleChoice, { type: "single_choice", optionId: "B" }, -1)).toThrow(RangeError);
    expect(() => scoreResponse(singleChoice, { type: "single_choice", optionId: "B" }, Number.NaN)).toThrow(RangeError);
  });

  it("still reports right or wrong for an item worth 0 points", () => {
    expect(scoreResponse(singleChoice, { type: "single_choice", optionId: "B" }, 0)).toEqual({
      earned: 0,
      max: 0,
      status: "correct",
    });
  });
});

describe("scoreResponse: single_choice", () => {
  it("gives full points for the correct option", () => {
    expect(scoreResponse(singleChoice, { type: "single_choice", optionId: "B" }, 0.25)).toEqual({
      earned: 0.25,
      max: 0.25,
      status: "correct",
    });
  });

  it("gives 0 for another option, including one the question does not have", () => {
    expect(scoreResponse(singleChoice, { type: "single_choice", optionId: "A" }, 0.25)).toEqual({
      earned: 0,
      max: 0.25,
      status: "incorrect",
    });
    expect(scoreResponse(singleChoice, { type: "single_choice", optionId: "Z" }, 0.25).status).toBe("incorrect");
  });

  it("scores no option chosen as unanswered", () => {
    expect(scoreResponse(singleChoice, { type: "single_choice", optionId: null }, 0.25)).toEqual({
      earned: 0,
      max: 0.25,
      status: "unanswered",
    });
  });
});

describe("scoreResponse: true_false_group", () => {
  const allRight = { a: true, b: false, c: true, d: false };
  const answersWithRight = (rightCount: number) =>
    Object.fromEntries(Object.entries(allRight).map(([id, correct], index) => [id, index < rightCount ? correct : !correct]));

  it.each([
    [0, 0, "incorrect"],
    [1, 0.1, "partial"],
    [2, 0.25, "partial"],
    [3, 0.5, "partial"],
    [4, 1, "correct"],
  ])("item worth 1 point: %d statements right → %d", (rightCount, earned, status) => {
    expect(scoreResponse(trueFalse, { type: "true_false_group", answers: answersWithRight(rightCount) }, 1)).toEqual({
      earned,
      max: 1,
      status,
    });
  });

  it.each([
    [0, 0],
    [1, 0.025],
    [2, 0.0625],
    [3, 0.125],
    [4, 0.25],
  ])("item worth 0.25 points: %d statements right → %d", (rightCount, earned) => {
    expect(scoreResponse(trueFalse, { type: "true_false_group", answers: answersWithRight(rightCount) }, 0.25).earned).toBe(
      earned,
    );
  });

  it("counts unanswered statements as wrong", () => {
    expect(scoreResponse(trueFalse, { type: "true_false_group", answers: { a: true, b: false, c: true } }, 1)).toEqual({
      earned: 0.5,
      max: 1,
      status: "partial",
    });
    expect(scoreResponse(trueFalse, { type: "true_false_group", answers: { a: true } }, 1)).toEqual({
      earned: 0.1,
      max: 1,
      status: "partial",
    });
    expect(scoreResponse(trueFalse, { type: "true_false_group", answers: { a: false } }, 1)).toEqual({
      earned: 0,
      max: 1,
      status: "incorrect",
    });
  });

  it("scores no statement answered as unanswered, ignoring ids the question does not have", () => {
    expect(scoreResponse(trueFalse, { type: "true_false_group", answers: {} }, 1).status).toBe("unanswered");
    expect(scoreResponse(trueFalse, { type: "true_false_group", answers: { z: true } }, 1).status).toBe("unanswered");
  });

  it("does not read answers from the object prototype", () => {
    const tricky = body({
      type: "true_false_group",
      statements: ["constructor", "toString", "valueOf", "hasOwnProperty"].map((id) => ({
        id,
        content: plainRichText(id),
        correct: true,
      })),
    });
    expect(scoreResponse(tricky, { type: "true_false_group", answers: {} }, 1).status).toBe("unanswered");
  });
});

describe("scoreResponse: short_answer, numeric", () => {
  const answer = (text: string) => ({ type: "short_answer", text }) as const;

  it("accepts a comma or a dot as decimal separator on either side", () => {
    expect(scoreResponse(numericAnswer("-1,5"), answer("-1.5"), 0.5)).toEqual({ earned: 0.5, max: 0.5, status: "correct" });
    expect(scoreResponse(numericAnswer("-1.5"), answer("-1,5"), 0.5).status).toBe("correct");
    expect(scoreResponse(numericAnswer("0.3"), answer("0,30"), 0.5).status).toBe("correct");
    expect(scoreResponse(numericAnswer("2"), answer(" +2 "), 0.5).status).toBe("correct");
    expect(scoreResponse(numericAnswer("0,5"), answer(",5"), 0.5).status).toBe("correct");
  });

  it("is exact without a tolerance", () => {
    expect(scoreResponse(numericAnswer("-1,5"), answer("-1,51"), 0.5)).toEqual({ earned: 0, max: 0.5, status: "incorrect" });
    expect(scoreResponse(numericAnswer("-1,5"), answer("1,5"), 0.5).status).toBe("incorrect");
  });

  it("accepts answers within the tolerance, its bounds included despite float noise", () => {
    const withTolerance = numericAnswer("1,5", 0.1);
    expect(scoreResponse(withTolerance, answer("1,55"), 0.5).status).toBe("correct");
    expect(scoreResponse(withTolerance, answer("1,6"), 0.5).status).toBe("correct");
    expect(scoreResponse(withTolerance, answer("1,4"), 0.5).status).toBe("correct");
    expect(scoreResponse(withTolerance, answer("1,61"), 0.5).status).toBe("incorrect");
    expect(scoreResponse(withTolerance, answer("1,39"), 0.5).status).toBe("incorrect");
  });

  it("scores text that is not a number as incorrect", () => {
    expect(scoreResponse(numericAnswer("1,5"), answer("1,5cm"), 0.5).status).toBe("incorrect");
    expect(scoreResponse(numericAnswer("1,5"), answer("một phẩy năm"), 0.5).status).toBe("incorrect");
  });

  it("scores an empty or blank answer as unanswered", () => {
    expect(scoreResponse(numericAnswer("1,5"), answer(""), 0.5)).toEqual({ earned: 0, max: 0.5, status: "unanswered" });
    expect(scoreResponse(numericAnswer("1,5"), answer("   "), 0.5).status).toBe("unanswered");
  });
});

describe("scoreResponse: short_answer, text", () => {
  const answer = (text: string) => ({ type: "short_answer", text }) as const;

  it("accepts any accepted answer after normalising spaces and case", () => {
    const capital = textAnswer(["Hà Nội", "Thủ đô Hà Nội"]);
    expect(scoreResponse(capital, answer("  hà   nội "), 0.5)).toEqual({ earned: 0.5, max: 0.5, status: "correct" });
    expect(scoreResponse(capital, answer("THỦ ĐÔ HÀ NỘI"), 0.5).status).toBe("correct");
    expect(scoreResponse(capital, answer("Hải Phòng"), 0.5).status).toBe("incorrect");
  });

  it("keeps Vietnamese diacritics significant", () => {
    expect(scoreResponse(textAnswer(["Hà Nội"]), answer("Ha Noi"), 0.5).status).toBe("incorrect");
    expect(scoreResponse(textAnswer(["Hà Nội"]), answer("Hà Nôi"), 0.5).status).toBe("incorrect");
  });

  it("matches a decomposed answer to a precomposed key", () => {
    expect(scoreResponse(textAnswer(["Nghệ An"]), answer("Nghe\u0302\u0323 An"), 0.5).status).toBe("correct");
  });

  it("respects case when the question asks for it", () => {
    expect(scoreResponse(textAnswer(["NaCl"], true), answer("NaCl"), 0.5).status).toBe("correct");
    expect(scoreResponse(textAnswer(["NaCl"], true), answer("nacl"), 0.5).status).toBe("incorrect");
    expect(scoreResponse(textAnswer(["NaCl"]), answer("nacl"), 0.5).status).toBe("correct");
  });

  it("scores a blank answer as unanswered", () => {
    expect(scoreResponse(textAnswer(["Hà Nội"]), answer(" \n "), 0.5).status).toBe("unanswered");
  });
});

describe("scoreResponse: essay", () => {
  it("needs grading when something was written or photographed, with nothing earned yet", () => {
    expect(scoreResponse(essay, { type: "essay", text: "Bài làm", photoUploadIds: [] }, 3)).toEqual({
      earned: 0,
      max: 3,
      status: "needs_grading",
    });
    const photo = { type: "essay" as const, text: "", photoUploadIds: ["6b13d5bfe528d45a97e830f6"] };
    expect(scoreResponse(essay, photo, 3).status).toBe("needs_grading");
  });

  it("is unanswered when left blank or cleared (no teacher waits for an empty page)", () => {
    expect(scoreResponse(essay, { type: "essay", text: "  \n ", photoUploadIds: [] }, 3)).toEqual({
      earned: 0,
      max: 3,
      status: "unanswered",
    });
  });
});

describe("scoreResponse: multiple_response", () => {
  const picks = (...optionIds: string[]) => ({ type: "multiple_response", optionIds }) as const;

  it("is all-or-nothing by default: exactly the correct set", () => {
    expect(multipleResponse()).toMatchObject({ scoring: "all_or_nothing" });
    expect(scoreResponse(multipleResponse(), picks("B", "A"), 1)).toEqual({ earned: 1, max: 1, status: "correct" });
    expect(scoreResponse(multipleResponse(), picks("A"), 1)).toEqual({ earned: 0, max: 1, status: "incorrect" });
    expect(scoreResponse(multipleResponse(), picks("A", "B", "C"), 1).status).toBe("incorrect");
    expect(scoreResponse(multipleResponse(), picks("A", "B", "Z"), 1).status).toBe("incorrect");
  });

  it("ignores an option picked twice", () => {
    expect(scoreResponse(multipleResponse(), picks("A", "B", "B"), 1).status).toBe("correct");
    expect(scoreResponse(multipleResponse("proportional"), picks("A", "A"), 1).earned).toBe(0.5);
  });

  it("proportional: right picks minus wrong picks over the correct options, never below 0", () => {
    const proportional = multipleResponse("proportional");
    expect(scoreResponse(proportional, picks("A", "B"), 1)).toEqual({ earned: 1, max: 1, status: "correct" });
    expect(scoreResponse(proportional, picks("A"), 1)).toEqual({ earned: 0.5, max: 1, status: "partial" });
    expect(scoreResponse(proportional, picks("A", "B", "C"), 1)).toEqual({ earned: 0.5, max: 1, status: "partial" });
    expect(scoreResponse(proportional, picks("A", "C"), 1)).toEqual({ earned: 0, max: 1, status: "incorrect" });
    expect(scoreResponse(proportional, picks("C", "D"), 1)).toEqual({ earned: 0, max: 1, status: "incorrect" });
    expect(scoreResponse(proportional, picks("A", "Z"), 1).earned).toBe(0);
  });

  it("proportional: ticking every option earns nothing", () => {
    expect(scoreResponse(multipleResponse("proportional"), picks("A", "B", "C", "D"), 1)).toEqual({
      earned: 0,
      max: 1,
      status: "incorrect",
    });
  });

  it("rounds thirds to 4 decimals", () => {
    const threeCorrect = body({
      type: "multiple_response",
      options: [
        { ...choice("A"), correct: true },
        { ...choice("B"), correct: true },
        { ...choice("C"), correct: true },
        { ...choice("D"), correct: false },
      ],
      scoring: "proportional",
    });
    expect(scoreResponse(threeCorrect, picks("A"), 1).earned).toBe(0.3333);
    expect(scoreResponse(threeCorrect, picks("A", "B"), 1).earned).toBe(0.6667);
  });

  it("scores no option picked as unanswered", () => {
    expect(scoreResponse(multipleResponse("proportional"), picks(), 1)).toEqual({ earned: 0, max: 1, status: "unanswered" });
  });
});

describe("scoreResponse: matching", () => {
  const matched = (pairs: Record<string, string>) => ({ type: "matching", pairs }) as const;
  const allRight = { p1: "r1", p2: "r2", p3: "r3", p4: "r4" };

  it("is all-or-nothing by default", () => {
    expect(scoreResponse(matching(), matched(allRight), 2)).toEqual({ earned: 2, max: 2, status: "correct" });
    expect(scoreResponse(matching(), matched({ ...allRight, p4: "r5" }), 2)).toEqual({
      earned: 0,
      max: 2,
      status: "incorrect",
    });
  });

  it("proportional: correct pairs over premises, unmatched premises counting as wrong", () => {
    const proportional = matching("proportional");
    expect(scoreResponse(proportional, matched(allRight), 2).status).toBe("correct");
    expect(scoreResponse(proportional, matched({ ...allRight, p4: "r5" }), 2)).toEqual({
      earned: 1.5,
      max: 2,
      status: "partial",
    });
    expect(scoreResponse(proportional, matched({ p1: "r1" }), 2)).toEqual({ earned: 0.5, max: 2, status: "partial" });
    expect(scoreResponse(proportional, matched({ p1: "r1", p2: "r1", p3: "r1", p4: "r1" }), 2).earned).toBe(0.5);
    expect(scoreResponse(proportional, matched({ p1: "r2", p2: "r1" }), 2).status).toBe("incorrect");
  });

  it("scores no premise matched as unanswered", () => {
    expect(scoreResponse(matching("proportional"), matched({}), 2).status).toBe("unanswered");
    expect(scoreResponse(matching("proportional"), matched({ x: "r1" }), 2).status).toBe("unanswered");
  });
});

describe("scoreResponse: ordering", () => {
  const ordered = (...order: string[]) => ({ type: "ordering", order }) as const;

  it("is all-or-nothing by default", () => {
    expect(scoreResponse(ordering(), ordered("i1", "i2", "i3", "i4"), 1)).toEqual({ earned: 1, max: 1, status: "correct" });
    expect(scoreResponse(ordering(), ordered("i1", "i2", "i4", "i3"), 1)).toEqual({ earned: 0, max: 1, status: "incorrect" });
    expect(scoreResponse(ordering(), ordered("i1", "i2", "i3", "i4", "i1"), 1).status).toBe("incorrect");
  });

  it("proportional: items in their correct position over items", () => {
    const proportional = ordering("proportional");
    expect(scoreResponse(proportional, ordered("i1", "i2", "i3", "i4"), 1).status).toBe("correct");
    expect(scoreResponse(proportional, ordered("i1", "i2", "i4", "i3"), 1)).toEqual({
      earned: 0.5,
      max: 1,
      status: "partial",
    });
    expect(scoreResponse(proportional, ordered("i1", "i3", "i2"), 1).earned).toBe(0.25);
    expect(scoreResponse(proportional, ordered("i4", "i1", "i2", "i3"), 1)).toEqual({ earned: 0, max: 1, status: "incorrect" });
  });

  it("scores an empty order, or positions none of which is filled, as unanswered", () => {
    expect(scoreResponse(ordering("proportional"), ordered(), 1).status).toBe("unanswered");
    expect(scoreResponse(ordering("proportional"), ordered("", ""), 1).status).toBe("unanswered");
  });

  it("keeps parts in the positions the student chose when one before them is still empty", () => {
    // i1 and i3 are in place, position 2 is not filled: 2 of 4 proportionally, wrong all-or-nothing.
    expect(scoreResponse(ordering("proportional"), ordered("i1", "", "i3"), 1).earned).toBe(0.5);
    expect(scoreResponse(ordering(), ordered("i1", "", "i3", "i4"), 1).status).toBe("incorrect");
  });
});

describe("scoreResponse: cloze", () => {
  const filled = (gaps: Record<string, string>) => ({ type: "cloze", gaps }) as const;
  const allRight = { "1": " hà  nội ", "2": "1.5", "3": "H2O" };

  it("is proportional by default: correct gaps over gaps", () => {
    expect(cloze()).toMatchObject({ scoring: "proportional" });
    expect(scoreResponse(cloze(), filled(allRight), 1.5)).toEqual({ earned: 1.5, max: 1.5, status: "correct" });
    expect(scoreResponse(cloze(), filled({ ...allRight, "3": "h2o" }), 1.5)).toEqual({
      earned: 1,
      max: 1.5,
      status: "partial",
    });
    expect(scoreResponse(cloze(), filled({ "1": "Thủ đô Hà Nội" }), 1)).toEqual({ earned: 0.3333, max: 1, status: "partial" });
    expect(scoreResponse(cloze(), filled({ "1": "Ha Noi", "2": "2", "3": "HO" }), 1)).toEqual({
      earned: 0,
      max: 1,
      status: "incorrect",
    });
  });

  it("compares numbers when both sides read as decimals", () => {
    for (const typed of ["1,5", "1.5", "1,50", "+1.5"]) {
      expect(scoreResponse(cloze(), filled({ ...allRight, "2": typed }), 1).status, typed).toBe("correct");
    }
    expect(scoreResponse(cloze(), filled({ ...allRight, "2": "1,5 cm" }), 1).status).toBe("partial");
  });

  it("all-or-nothing when configured", () => {
    expect(scoreResponse(cloze("all_or_nothing"), filled(allRight), 1).status).toBe("correct");
    expect(scoreResponse(cloze("all_or_nothing"), filled({ ...allRight, "2": "" }), 1)).toEqual({
      earned: 0,
      max: 1,
      status: "incorrect",
    });
  });

  it("scores every gap left blank as unanswered", () => {
    expect(scoreResponse(cloze(), filled({}), 1).status).toBe("unanswered");
    expect(scoreResponse(cloze(), filled({ "1": "  ", "2": "" }), 1).status).toBe("unanswered");
  });
});
