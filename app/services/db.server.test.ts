import { describe, expect, it } from "vitest";
import { isDuplicateKeyError } from "./db.server";

describe("isDuplicateKeyError", () => {
  it("recognises a unique key already taken, and nothing else", () => {
    expect(isDuplicateKeyError({ code: 11000 })).toBe(true);
    expect(isDuplicateKeyError({ code: 121 })).toBe(false);
    expect(isDuplicateKeyError(new Error("connection reset"))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });

  it("counts a bulk write only when every document it refused was a duplicate (the driver reports the first one's code)", () => {
    expect(isDuplicateKeyError({ code: 11000, writeErrors: [{ code: 11000 }, { code: 11000 }] })).toBe(true);
    expect(isDuplicateKeyError({ code: 11000, writeErrors: { code: 11000 } })).toBe(true);
    expect(isDuplicateKeyError({ code: 11000, writeErrors: [{ code: 11000 }, { code: 121 }] })).toBe(false);
  });
});
