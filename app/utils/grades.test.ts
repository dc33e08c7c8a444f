import { describe, expect, it } from "vitest";
import { gradeRange } from "./grades";

describe("gradeRange", () => {
  it.each([
    [[1, 2, 3, 4, 5], "1–5"],
    [[10, 11, 12], "10–12"],
    [[6, 7, 9, 12, 11], "6–7, 9, 11–12"],
    [[3], "3"],
    [[2, 2, 3], "2–3"],
    [[], ""],
  ])("%j → %s", (grades, expected) => {
    expect(gradeRange(grades)).toBe(expected);
  });
});
