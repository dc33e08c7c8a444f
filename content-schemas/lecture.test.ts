import { describe, expect, it } from "vitest";
import { createDocument } from "zod-openapi";
import { emptyLectureDoc, isSafeImageSrc, isSafeLinkHref, LECTURE_LIMITS, lectureDocSchema, parseLectureJson } from "./lecture";

const paragraph = (text: string, marks?: unknown[]) => ({ type: "paragraph", content: [{ type: "text", text, marks }] });
const doc = (...content: unknown[]) => ({ type: "doc", content });
const link = (href: string) => doc(paragraph("xem", [{ type: "link", attrs: { href } }]));
const parse = (value: unknown) => parseLectureJson(JSON.stringify(value));

describe("lectureDocSchema", () => {
  it("accepts every node and mark the editor produces", () => {
    const body = doc(
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Phương trình bậc hai" }] },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Đậm", marks: [{ type: "bold" }, { type: "italic" }, { type: "underline" }] },
          { type: "hardBreak" },
          { type: "inlineMath", attrs: { latex: "x^2" }, marks: [{ type: "strike" }] },
          { type: "text", text: "mã", marks: [{ type: "code" }] },
          {
            type: "text",
            text: "SGK",
            marks: [
              {
                type: "link",
                attrs: { href: "https://hanhtrangso.nxbgd.vn/", target: "_blank", rel: null, class: null, title: null },
              },
            ],
          },
        ],
      },
      { type: "blockMath", attrs: { latex: String.raw`\frac{-b \pm \sqrt{\Delta}}{2a}` } },
      { type: "bulletList", content: [{ type: "listItem", content: [paragraph("một")] }] },
      { type: "orderedList", attrs: { start: 1, type: null }, content: [{ type: "listItem", content: [paragraph("hai")] }] },
      { type: "blockquote", content: [paragraph("trích dẫn")] },
      { type: "codeBlock", attrs: { language: "python" }, content: [{ type: "text", text: "print(1)" }] },
      { type: "horizontalRule" },
      {
        type: "table",
        content: [
          {
            type: "tableRow",
            content: [
              { type: "tableHeader", attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null }, content: [paragraph("x")] },
              {
                type: "tableCell",
                attrs: { colspan: 2, rowspan: 1, colwidth: [120, 80], align: "center" },
                content: [{ type: "paragraph" }],
              },
            ],
          },
        ],
      },
      { type: "image", attrs: { src: "/media/lectures/a.png", alt: "Đồ thị", title: null, width: null, height: null } },
      { type: "image", attrs: { src: "https://example.edu.vn/h.png", alt: null, title: null, width: 300, height: 200 } },
      { type: "materialEmbed", attrs: { materialId: "0123456789abcdef01234567", title: "Video thí nghiệm" } },
      { type: "materialEmbed", attrs: { materialId: "0123456789abcdef01234567", title: null } },
    );
    expect(lectureDocSchema.parse(body)).toEqual(body);
    expect(lectureDocSchema.parse(emptyLectureDoc)).toEqual(emptyLectureDoc);
  });

  it("rejects node types and marks the editor does not produce", () => {
    expect(parse(doc({ type: "iframe", attrs: { src: "https://evil.example" } }))).toMatchObject({ ok: false });
    expect(parse(doc({ type: "heading", attrs: { level: 1 }, content: [] }))).toEqual({
      ok: false,
      message: "Tiêu đề chỉ có cấp 2, 3 hoặc 4. (khối thứ 1)",
    });
    expect(parse(doc(paragraph("x", [{ type: "highlight" }])))).toMatchObject({ ok: false });
    expect(parse(doc({ type: "paragraph", content: [{ type: "image", attrs: { src: "/media/a.png" } }] }))).toMatchObject({
      ok: false,
    });
    expect(parse({ type: "doc", content: [] })).toEqual({ ok: false, message: "Bài giảng chưa có nội dung." });
    expect(parse({ type: "paragraph" })).toMatchObject({ ok: false });
  });

  it("drops attributes it does not know", () => {
    const parsed = lectureDocSchema.parse(
      doc(
        { type: "image", attrs: { src: "/media/a.png", onerror: "alert(1)", style: "x" } },
        { type: "paragraph", attrs: { class: "x", onclick: "alert(1)" } },
      ),
    );
    expect(parsed.content).toEqual([{ type: "image", attrs: { src: "/media/a.png" } }, { type: "paragraph" }]);
  });

  it("only links to http(s), mailto: and same-site paths", () => {
    for (const href of ["https://example.com/a?b=1#c", "http://example.com", "mailto:gv@truong.edu.vn", "/materials/abc"]) {
      expect(isSafeLinkHref(href), href).toBe(true);
      expect(parse(link(href)), href).toMatchObject({ ok: true });
    }
    for (const href of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "//evil.example/x",
      "/\\evil.example",
      "https://",
      "https:///x",
      'https://x.vn/" onmouseover="alert(1)',
      "ftp://example.com",
      "",
      "a/relative",
    ]) {
      expect(isSafeLinkHref(href), href).toBe(false);
      expect(parse(link(href)), href).toMatchObject({ ok: false });
    }
  });

  it("only shows images from /media/ or https", () => {
    expect(isSafeImageSrc("/media/schools/1/a.png")).toBe(true);
    expect(isSafeImageSrc("https://example.com/a.png")).toBe(true);
    for (const src of [
      "http://example.com/a.png",
      "data:image/png;base64,AAAA",
      "javascript:alert(1)",
      "/other/a.png",
      "//evil/a.png",
      "/media/../x",
    ]) {
      expect(isSafeImageSrc(src), src).toBe(false);
    }
    expect(parse(doc({ type: "image", attrs: { src: "data:image/svg+xml,<svg onload=alert(1)>" } }))).toEqual({
      ok: false,
      message: "Hình ảnh phải là tệp đã tải lên (/media/…) hoặc địa chỉ https://. (khối thứ 1)",
    });
  });

  it("limits formulas and embedded materials", () => {
    const formula = (latex: string) => doc({ type: "blockMath", attrs: { latex } });
    expect(parse(formula("x".repeat(LECTURE_LIMITS.maxLatexLength)))).toMatchObject({ ok: true });
    expect(parse(formula("x".repeat(LECTURE_LIMITS.maxLatexLength + 1)))).toEqual({
      ok: false,
      message: "Công thức dài quá 2000 ký tự. (khối thứ 1)",
    });
    expect(parse(formula("  "))).toMatchObject({ ok: false, message: expect.stringContaining("Công thức đang trống") });
    expect(parse(doc({ type: "materialEmbed", attrs: { materialId: "../../admin" } }))).toMatchObject({ ok: false });
    expect(parse(doc({ type: "materialEmbed", attrs: { materialId: "0123456789ABCDEF01234567" } }))).toMatchObject({
      ok: false,
    });
  });

  it("rejects documents that are too large or too deeply nested, without overflowing the stack", () => {
    const big = doc(...Array.from({ length: 6_000 }, () => paragraph("x".repeat(100))));
    expect(parse(big)).toEqual({ ok: false, message: expect.stringContaining("Bài giảng quá lớn") });
    expect(lectureDocSchema.safeParse(big).success).toBe(false);

    let nested: unknown = paragraph("sâu");
    for (let depth = 0; depth < 5_000; depth += 1) nested = { type: "blockquote", content: [nested] };
    expect(lectureDocSchema.safeParse(doc(nested)).error?.issues[0]?.message).toBe("Nội dung lồng nhau quá nhiều cấp.");

    let shallow: unknown = paragraph("vừa");
    for (let depth = 0; depth < 10; depth += 1) shallow = { type: "blockquote", content: [shallow] };
    expect(lectureDocSchema.safeParse(doc(shallow)).success).toBe(true);
  });

  it("reads form posts and explains problems in Vietnamese", () => {
    expect(parseLectureJson(JSON.stringify(emptyLectureDoc))).toEqual({ ok: true, doc: emptyLectureDoc });
    expect(parseLectureJson("{not json")).toEqual({
      ok: false,
      message: "Nội dung bài giảng không đọc được. Hãy tải lại trang và thử lại.",
    });
    expect(parse(doc(paragraph("ok"), { type: "paragraph", content: [{ type: "text", text: 42 }] }))).toEqual({
      ok: false,
      message: "Đoạn chữ không hợp lệ. (khối thứ 2)",
    });
    const list = { type: "listItem", content: [paragraph("a")] };
    expect(parse(doc({ type: "orderedList", attrs: { start: "x" }, content: [list] }))).toEqual({
      ok: false,
      message: "Nội dung bài giảng có phần không hợp lệ. (khối thứ 1)",
    });
    expect(parseLectureJson("x".repeat(LECTURE_LIMITS.maxJsonBytes + 1))).toMatchObject({ ok: false });
  });

  it("can be described in the OpenAPI document, recursion included", () => {
    const document = createDocument({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/lectures": {
          post: {
            requestBody: { content: { "application/json": { schema: lectureDocSchema } } },
            responses: { "204": { description: "ok" } },
          },
        },
      },
    });
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["LectureDoc", "LectureBlockNode", "LectureInlineNode"]));
    expect(JSON.stringify(schemas.LectureBlockNode)).toContain('"$ref":"#/components/schemas/LectureBlockNode"');
  });
});
