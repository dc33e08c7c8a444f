import { describe, expect, it } from "vitest";
import { createI18n } from "./config";
import { en } from "./locales/en";
import { vi } from "./locales/vi";

function leaves(messages: object, prefix = ""): [string, unknown][] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}

describe("translations", () => {
  it("English has exactly the Vietnamese keys, none empty", () => {
    expect(leaves(en).map(([key]) => key)).toEqual(leaves(vi).map(([key]) => key));
    for (const [key, value] of [...leaves(vi), ...leaves(en)]) expect(value, key).not.toBe("");
  });

  it("defaults to Vietnamese and pluralises counts", () => {
    expect(createI18n("vi").t("nav.home")).toBe("Trang chủ");
    expect(createI18n("en").t("home.subjectsCount", { count: 1 })).toBe("1 subject or educational activity");
    expect(createI18n("en").t("home.subjectsCount", { count: 25 })).toBe("25 subjects and educational activities");
  });
});
