import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/materials?grade=10", "/materials?grade=10"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    [undefined, "/"],
    [42, "/"],
  ])("%j → %s", (target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
  });
});
