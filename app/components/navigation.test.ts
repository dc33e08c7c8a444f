import { describe, expect, it } from "vitest";
import { NAVIGATION, navigationFor } from "./navigation";

describe("navigationFor", () => {
  it("shows visitors only the items that need no role", () => {
    expect(navigationFor([])).toEqual(NAVIGATION.filter((item) => !item.roles));
  });

  it("never shows an item to a role it does not list", () => {
    for (const item of navigationFor(["student"])) {
      expect(!item.roles || item.roles.includes("student")).toBe(true);
    }
  });
});
