import { describe, expect, it } from "vitest";
import { accentInsensitivePattern } from "./vietnamese-search";

const matches = (query: string, text: string) => new RegExp(accentInsensitivePattern(query), "i").test(text);

describe("accentInsensitivePattern", () => {
  it("finds Vietnamese text typed with or without marks, in any case", () => {
    expect(matches("phan so", "Bài 1. Phân số & số thập phân")).toBe(true);
    expect(matches("PHÂN SỐ", "bài 1. phân số")).toBe(true);
    expect(matches("duong", "Đường tròn")).toBe(true);
    expect(matches("Đường", "duong tron")).toBe(true);
    expect(matches("que huong", "Đọc hiểu bài thơ Quê hương")).toBe(true);
    expect(matches("quê hương", "Quê nhà")).toBe(false);
  });

  it("matches decomposed input as its composed form", () => {
    expect(matches("so\u0302\u0301", "Số học")).toBe(true);
  });

  it("takes every other character literally", () => {
    expect(matches("a.b", "axb")).toBe(false);
    expect(matches("(x+1)", "Khai triển (x+1)^2")).toBe(true);
    expect(matches(".*", "bất kỳ")).toBe(false);
    expect(() => new RegExp(accentInsensitivePattern("[(?<=\\"))).not.toThrow();
  });
});
