import { describe, expect, it } from "vitest";
import { SECTION_ORDER } from "#content-schemas/assessments";
import { plainRichText, type QuestionBody, type QuestionBodyOf, type QuestionType } from "#content-schemas/questions";
import { buildVersions, inSections, shuffled, type VersionableItem, type VersionOptions } from "./versions";

/** A small linear congruential generator (Numerical Recipes constants): the same seed gives the same versions. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const text = (value: string) => plainRichText(value);
const ids = (count: number, prefix = "") => Array.from({ length: count }, (_, index) => `${prefix}${"ABCDEFGHIJ"[index]}`);

const singleChoice = (shuffleOptions = true): QuestionBodyOf<"single_choice"> => ({
  type: "single_choice",
  options: ids(4).map((id) => ({ id, content: text(`Phương án ${id}`) })),
  correctOptionId: "B",
  shuffleOptions,
});
const multipleResponse = (shuffleOptions = true): QuestionBodyOf<"multiple_response"> => ({
  type: "multiple_response",
  options: ids(5).map((id, index) => ({ id, content: text(id), correct: index < 2 })),
  shuffleOptions,
  scoring: "all_or_nothing",
});
const trueFalse = (): QuestionBodyOf<"true_false_group"> => ({
  type: "true_false_group",
  statements: ["a", "b", "c", "d"].map((id, index) => ({ id, content: text(`Ý ${id}`), correct: index % 2 === 0 })),
});
const shortAnswer = (): QuestionBodyOf<"short_answer"> => ({
  type: "short_answer",
  answer: { kind: "numeric", value: "-1,5", tolerance: 0 },
});
const essay = (): QuestionBodyOf<"essay"> => ({
  type: "essay",
  rubric: [{ criterion: "Lập luận", weight: 1, description: "" }],
  allowPhoto: true,
});
const matching = (parts = 3): QuestionBodyOf<"matching"> => ({
  type: "matching",
  premises: ids(parts, "p").map((id) => ({ id, content: text(id) })),
  responses: ids(parts, "m").map((id) => ({ id, content: text(id) })),
  pairs: ids(parts).map((letter) => ({ premiseId: `p${letter}`, responseId: `m${letter}` })),
  scoring: "proportional",
});
const ordering = (parts = 4): QuestionBodyOf<"ordering"> => ({
  type: "ordering",
  items: ids(parts, "o").map((id) => ({ id, content: text(id) })),
  scoring: "proportional",
});
const cloze = (): QuestionBodyOf<"cloze"> => ({
  type: "cloze",
  gaps: [{ key: "1", accepted: ["Hà Nội"], caseSensitive: false }],
  scoring: "proportional",
});

const item = (key: string, body: QuestionBody): VersionableItem => ({ key, type: body.type, body });
const many = (prefix: string, count: number, body: () => QuestionBody) =>
  Array.from({ length: count }, (_, index) => item(`${prefix}${index + 1}`, body()));

/**
 * A mixed test given in an order that is not the section order: 12 single choice, 4 true/false, 6 short answers,
 * 2 essays and one of each other format, interleaved.
 */
const MIXED: VersionableItem[] = [
  item("essay1", essay()),
  ...many("sa", 3, shortAnswer),
  ...many("sc", 6, singleChoice),
  item("ord", ordering()),
  ...many("tf", 4, trueFalse),
  item("mr", multipleResponse()),
  ...many("sc", 6, singleChoice).map((entry, index) => ({ ...entry, key: `sc${index + 7}` })),
  item("cloze", cloze()),
  item("match", matching()),
  ...many("sa", 3, shortAnswer).map((entry, index) => ({ ...entry, key: `sa${index + 4}` })),
  item("essay2", essay()),
];
const typeOf = new Map(MIXED.map((entry) => [entry.key, entry.type]));
const bodyOf = new Map(MIXED.map((entry) => [entry.key, entry.body]));

const ALL_ON: VersionOptions = { count: 4, firstCode: 101, shuffleItems: true, shuffleOptions: true };
const sorted = (values: readonly string[]) => [...values].sort();
/** The ids of the parts a version reorders, in the order stored in the bank (the answer order for ordering). */
function storedPartIds(body: QuestionBody): string[] {
  switch (body.type) {
    case "single_choice":
    case "multiple_response":
      return body.options.map((option) => option.id);
    case "ordering":
      return body.items.map((part) => part.id);
    case "matching":
      return body.responses.map((response) => response.id);
    default:
      return [];
  }
}

describe("buildVersions", () => {
  it("numbers the versions from the first code", () => {
    const versions = buildVersions(MIXED, { ...ALL_ON, count: 4, firstCode: 101 }, lcg(1));
    expect(versions.map((version) => version.code)).toEqual([101, 102, 103, 104]);
    expect(buildVersions(MIXED, { ...ALL_ON, count: 2, firstCode: 201 }, lcg(1)).map((version) => version.code)).toEqual([
      201, 202,
    ]);
    expect(buildVersions(MIXED, { ...ALL_ON, count: 0 }, lcg(1))).toEqual([]);
  });

  it("puts every item in every version exactly once", () => {
    for (const version of buildVersions(MIXED, { ...ALL_ON, count: 6 }, lcg(7))) {
      expect(version.itemKeys).toHaveLength(MIXED.length);
      expect(sorted(version.itemKeys)).toEqual(sorted(MIXED.map((entry) => entry.key)));
    }
  });

  it("groups the items by section: all single choice, then true/false, then short answers, … essays last", () => {
    const expectedTypes: QuestionType[] = [
      ...Array<QuestionType>(12).fill("single_choice"),
      ...Array<QuestionType>(4).fill("true_false_group"),
      ...Array<QuestionType>(6).fill("short_answer"),
      "multiple_response",
      "matching",
      "ordering",
      "cloze",
      "essay",
      "essay",
    ];
    for (const version of buildVersions(MIXED, { ...ALL_ON, count: 5 }, lcg(3)))
      expect(version.itemKeys.map((key) => typeOf.get(key))).toEqual(expectedTypes);
  });

  it("keeps the test's order inside each section when items are not shuffled", () => {
    const expected = [
      ...Array.from({ length: 12 }, (_, index) => `sc${index + 1}`),
      "tf1",
      "tf2",
      "tf3",
      "tf4",
      ...Array.from({ length: 6 }, (_, index) => `sa${index + 1}`),
      "mr",
      "match",
      "ord",
      "cloze",
      "essay1",
      "essay2",
    ];
    expect(inSections(MIXED).map((entry) => entry.key)).toEqual(expected);
    for (const version of buildVersions(MIXED, { ...ALL_ON, shuffleItems: false, count: 3 }, lcg(11)))
      expect(version.itemKeys).toEqual(expected);
  });

  it("shuffles the items within their sections, so versions differ", () => {
    const versions = buildVersions(MIXED, { ...ALL_ON, count: 4 }, lcg(2024));
    const orders = versions.map((version) => version.itemKeys.join(","));
    expect(new Set(orders).size).toBe(4);
    // The 12 single choice items alone are ordered differently in every version (12! orders to pick from).
    const singleChoiceOrders = versions.map((version) => version.itemKeys.slice(0, 12).join(","));
    expect(new Set(singleChoiceOrders).size).toBe(4);
    // Over the four versions, not every item stays where the test has it.
    expect(
      versions.some(
        (version) =>
          version.itemKeys.join(",") ===
          inSections(MIXED)
            .map((entry) => entry.key)
            .join(","),
      ),
    ).toBe(false);
  });

  it("is repeatable with the same random source", () => {
    expect(buildVersions(MIXED, ALL_ON, lcg(42))).toEqual(buildVersions(MIXED, ALL_ON, lcg(42)));
    expect(buildVersions(MIXED, ALL_ON, lcg(42))).not.toEqual(buildVersions(MIXED, ALL_ON, lcg(43)));
  });

  it("gives option orders that are permutations of the option ids, only for single and multiple choice", () => {
    for (const version of buildVersions(MIXED, { ...ALL_ON, count: 4 }, lcg(5))) {
      const withOrders = Object.keys(version.partOrders);
      // 12 single choice + multiple response + ordering + matching; never true/false, short answer, essay or cloze.
      expect(sorted(withOrders)).toEqual(
        sorted(["mr", "ord", "match", ...Array.from({ length: 12 }, (_, index) => `sc${index + 1}`)]),
      );
      for (const [key, order] of Object.entries(version.partOrders))
        expect(sorted(order)).toEqual(sorted(storedPartIds(bodyOf.get(key)!)));
    }
  });

  it("actually shuffles the options of some single choice items", () => {
    const [version] = buildVersions(MIXED, { ...ALL_ON, count: 1 }, lcg(9));
    const reordered = Object.entries(version!.partOrders).filter(
      ([key, order]) => typeOf.get(key) === "single_choice" && order.join() !== "A,B,C,D",
    );
    expect(reordered.length).toBeGreaterThan(0);
  });

  it("leaves options in place unless both the test and the question allow shuffling", () => {
    const items = [
      item("fixed", singleChoice(false)),
      item("fixedMr", multipleResponse(false)),
      item("free", singleChoice(true)),
    ];
    const [testAllows] = buildVersions(items, { ...ALL_ON, count: 1 }, lcg(1));
    expect(Object.keys(testAllows!.partOrders)).toEqual(["free"]);
    const [testForbids] = buildVersions(items, { ...ALL_ON, count: 1, shuffleOptions: false }, lcg(1));
    expect(testForbids!.partOrders).toEqual({});
  });

  it("never shows ordering or matching parts in the stored order, even with two parts or without any shuffling", () => {
    const items = [
      item("ord2", ordering(2)),
      item("ord3", ordering(3)),
      item("ord5", ordering(5)),
      item("match2", matching(2)),
      item("match4", matching(4)),
    ];
    const settings: VersionOptions[] = [
      { count: 6, firstCode: 101, shuffleItems: true, shuffleOptions: true },
      { count: 6, firstCode: 101, shuffleItems: false, shuffleOptions: false },
    ];
    for (const options of settings)
      for (let seed = 1; seed <= 25; seed++)
        for (const version of buildVersions(items, options, lcg(seed)))
          for (const entry of items) {
            const stored = storedPartIds(entry.body);
            const shown = version.partOrders[entry.key];
            expect(shown).toBeDefined();
            expect(sorted(shown!)).toEqual(sorted(stored));
            expect(shown).not.toEqual(stored);
          }
  });

  it("moves the parts on when the shuffle happens to give the stored order back", () => {
    // A random source always near 1 makes Fisher–Yates swap every element with itself: the stored order.
    const nearlyOne = () => 0.999_999;
    expect(shuffled(["oA", "oB", "oC"], nearlyOne)).toEqual(["oA", "oB", "oC"]);
    const [version] = buildVersions(
      [item("ord", ordering(3)), item("ord2", ordering(2)), item("sc", singleChoice())],
      { ...ALL_ON, count: 1 },
      nearlyOne,
    );
    expect(version!.partOrders.ord).toEqual(["oB", "oC", "oA"]);
    expect(version!.partOrders.ord2).toEqual(["oB", "oA"]);
    // Options may stay in place: their order is not the answer.
    expect(version!.partOrders.sc).toEqual(["A", "B", "C", "D"]);
  });

  it("builds versions of a test without items", () => {
    expect(buildVersions([], { ...ALL_ON, count: 2 }, lcg(1))).toEqual([
      { code: 101, itemKeys: [], partOrders: {} },
      { code: 102, itemKeys: [], partOrders: {} },
    ]);
  });

  it("does not change the items it is given", () => {
    const before = JSON.stringify(MIXED);
    buildVersions(MIXED, ALL_ON, lcg(8));
    expect(JSON.stringify(MIXED)).toBe(before);
  });
});

describe("inSections", () => {
  it("follows SECTION_ORDER and drops nothing", () => {
    const items = [...SECTION_ORDER].reverse().map((type, index) => ({ type, index }));
    expect(inSections(items).map((entry) => entry.type)).toEqual(SECTION_ORDER);
  });
});

describe("shuffled", () => {
  it("returns a permutation and leaves its input alone", () => {
    const input = Object.freeze(["a", "b", "c", "d", "e", "f", "g"]);
    const random = lcg(123);
    for (let run = 0; run < 20; run++) {
      const result = shuffled(input, random);
      expect(result).not.toBe(input);
      expect(sorted(result)).toEqual([...input]);
    }
    expect(input).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
  });

  it("is Fisher–Yates from the end: with random() = 0 each element swaps with the first", () => {
    // i = 3: swap 3↔0 → d b c a; i = 2: swap 2↔0 → c b d a; i = 1: swap 1↔0 → b c d a.
    expect(shuffled(["a", "b", "c", "d"], () => 0)).toEqual(["b", "c", "d", "a"]);
    expect(shuffled([], () => 0)).toEqual([]);
    expect(shuffled(["only"], () => 0)).toEqual(["only"]);
  });

  it("gives every order of three elements about equally often", () => {
    // 6000 shuffles, 1000 expected per order; a biased shuffle (e.g. swapping with any index) is off by ~150+.
    const counts = new Map<string, number>();
    const random = lcg(99);
    for (let run = 0; run < 6000; run++) {
      const key = shuffled(["a", "b", "c"], random).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(sorted([...counts.keys()])).toEqual(["abc", "acb", "bac", "bca", "cab", "cba"]);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });
});
