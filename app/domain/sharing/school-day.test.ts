import { describe, expect, it } from "vitest";
import { isOpenOn, schoolDay } from "./school-day";

describe("schoolDay", () => {
  it("is the calendar day in Vietnam, not the server's", () => {
    // 18:30 UTC on 23 November is 01:30 on 24 November in Hà Nội.
    expect(schoolDay(new Date("2026-11-23T18:30:00Z"))).toBe("2026-11-24");
    expect(schoolDay(new Date("2026-11-23T16:59:59Z"))).toBe("2026-11-23");
  });
});

describe("isOpenOn", () => {
  it("is open without days, and on both the opening and the closing day", () => {
    expect(isOpenOn("2026-11-23", {})).toBe(true);
    expect(isOpenOn("2026-11-23", { opensOn: "2026-11-23", closesOn: "2026-11-23" })).toBe(true);
  });
  it("is closed before opening and after closing", () => {
    expect(isOpenOn("2026-11-22", { opensOn: "2026-11-23" })).toBe(false);
    expect(isOpenOn("2026-11-24", { closesOn: "2026-11-23" })).toBe(false);
    expect(isOpenOn("2026-11-24", { opensOn: "2026-11-01", closesOn: null })).toBe(true);
  });
});
