import { getSchema } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { lectureDocSchema, type LectureDoc } from "#content-schemas/lecture";
import { Fragment } from "@tiptap/pm/model";
import {
  BLOCK_MATH_INPUT,
  INLINE_MATH_INPUT,
  lectureExtensions,
  migratePastedMath,
  parseMaterialReference,
} from "~/components/lecture-extensions";
import { renderMath } from "~/utils/katex";
import { renderLectureHtml } from "./lecture-html.server";

const QUADRATIC = String.raw`\frac{-b \pm \sqrt{\Delta}}{2a}`;
const text = (value: string) => ({ type: "text" as const, text: value });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content }) as LectureDoc["content"][number];
const doc = (...content: unknown[]) => ({ type: "doc", content }) as LectureDoc;

/** Event-handler attributes (onerror=, onload= …) of the real tags in `html`, quoted values skipped. */
function eventHandlerAttributes(html: string): string[] {
  const tags = html.replace(/"[^"]*"/g, '""').match(/<[a-z][^>]*>/gi) ?? [];
  return tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag));
}

/** One of every node and mark, with attributes exactly as the editor's getJSON() writes them. */
const everything = doc(
  { type: "heading", attrs: { level: 3 }, content: [text("Công thức nghiệm")] },
  {
    type: "paragraph",
    content: [
      { type: "text", text: "Nghiệm ", marks: [{ type: "bold" }, { type: "italic" }, { type: "strike" }, { type: "underline" }] },
      { type: "inlineMath", attrs: { latex: "x_1" } },
      { type: "hardBreak" },
      { type: "text", text: "code", marks: [{ type: "code" }] },
      {
        type: "text",
        text: "SGK",
        marks: [
          {
            type: "link",
            attrs: {
              href: "https://example.edu.vn/",
              target: "_blank",
              rel: "noopener noreferrer nofollow",
              class: null,
              title: null,
            },
          },
        ],
      },
    ],
  },
  { type: "blockMath", attrs: { latex: QUADRATIC } },
  { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("a")] }] }] },
  {
    type: "orderedList",
    attrs: { start: 1, type: null },
    content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("b")] }] }],
  },
  { type: "blockquote", content: [{ type: "paragraph", content: [text("c")] }] },
  { type: "codeBlock", attrs: { language: null }, content: [text("print(1)")] },
  { type: "horizontalRule" },
  {
    type: "table",
    content: [
      {
        type: "tableRow",
        content: [
          {
            type: "tableHeader",
            attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null },
            content: [{ type: "paragraph", content: [text("x")] }],
          },
          {
            type: "tableHeader",
            attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null },
            content: [{ type: "paragraph", content: [text("y")] }],
          },
        ],
      },
      {
        type: "tableRow",
        content: [
          {
            type: "tableCell",
            attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null },
            content: [{ type: "paragraph", content: [text("1")] }],
          },
          {
            type: "tableCell",
            attrs: { colspan: 1, rowspan: 1, colwidth: [120], align: "center" },
            content: [{ type: "paragraph" }],
          },
        ],
      },
    ],
  },
  { type: "image", attrs: { src: "/media/a.png", alt: "Đồ thị", title: null, width: null, height: null } },
  { type: "materialEmbed", attrs: { materialId: "0123456789abcdef01234567", title: "Thí nghiệm" } },
  { type: "paragraph" },
);

describe("renderLectureHtml", () => {
  it("renders formulas exactly as renderMath does (the editor's formula views use it too)", () => {
    const html = renderLectureHtml(
      doc(paragraph(text("Nghiệm: "), { type: "inlineMath", attrs: { latex: QUADRATIC } }), {
        type: "blockMath",
        attrs: { latex: QUADRATIC },
      }),
    );
    const inline = renderMath(QUADRATIC, false);
    const display = renderMath(QUADRATIC, true);
    expect(inline).toContain('class="katex"');
    expect(inline).toContain("<math");
    expect(display).toContain("katex-display");
    expect(html).toBe(
      `<p>Nghiệm: <span class="math-inline" data-latex="${QUADRATIC}">${inline}</span></p>` +
        `<div class="math-block" data-latex="${QUADRATIC}">${display}</div>`,
    );
  });

  it("renders headings, lists, quotes, code, tables, images, links and embedded materials", () => {
    const html = renderLectureHtml(everything);
    expect(html).toContain("<h3>Công thức nghiệm</h3>");
    expect(html).toContain("<u><s><em><strong>Nghiệm </strong></em></s></u>");
    expect(html).toContain("<br/>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain('<a href="https://example.edu.vn/" target="_blank" rel="noopener noreferrer nofollow">SGK</a>');
    expect(html).toContain("<ul><li><p>a</p></li></ul>");
    expect(html).toContain("<ol><li><p>b</p></li></ol>");
    expect(html).toContain("<blockquote><p>c</p></blockquote>");
    expect(html).toContain("<pre><code>print(1)</code></pre>");
    expect(html).toContain("<hr/>");
    expect(html).toMatch(/<div class="tableWrapper"><table[^>]*><colgroup>.*<\/colgroup><tbody><tr><th[^>]*><p>x<\/p><\/th>/);
    expect(html).toMatch(/<td[^>]*style="text-align: center"[^>]*><p><\/p><\/td><\/tr><\/tbody><\/table><\/div>/);
    expect(html).toContain('<img src="/media/a.png" alt="Đồ thị" loading="lazy" decoding="async">');
    expect(html).toContain(
      '<div class="material-embed-frame"><iframe src="/materials/0123456789abcdef01234567/embed" title="Thí nghiệm" loading="lazy" allowfullscreen class="material-embed"></iframe></div>',
    );
  });

  it("escapes text and attribute values", () => {
    const html = renderLectureHtml(
      doc(
        paragraph(text('<script>alert("x")</script> & <img src=x onerror=alert(1)>')),
        { type: "image", attrs: { src: "/media/a.png", alt: '" onerror="alert(1)', title: "<b>'t'</b>" } },
        { type: "materialEmbed", attrs: { materialId: "0123456789abcdef01234567", title: '"><script>alert(1)</script>' } },
        { type: "blockMath", attrs: { latex: '"><img src=x onerror=alert(1)>' } },
      ),
    );
    expect(html).not.toContain("<script");
    expect(eventHandlerAttributes(html)).toEqual([]);
    expect(html).toContain('<p>&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html).toContain('alt="&quot; onerror=&quot;alert(1)" title="&lt;b&gt;&#39;t&#39;&lt;/b&gt;"');
    expect(html).toContain('title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('data-latex="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it("drops attributes the schema does not know (onerror, style, class)", () => {
    const hostile = doc(
      { type: "image", attrs: { src: "/media/a.png", onerror: "alert(1)", style: "position:fixed" } },
      { type: "paragraph", attrs: { onclick: "alert(1)", class: "x" }, content: [text("a")] },
    );
    const html = renderLectureHtml(hostile);
    expect(eventHandlerAttributes(html)).toEqual([]);
    expect(html).toBe('<img src="/media/a.png" alt="" loading="lazy" decoding="async"><p>a</p>');
  });

  it("never renders what the schema rejects: javascript: links, unknown nodes, huge documents", () => {
    const jsLink = doc(paragraph({ ...text("x"), marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] } as never));
    expect(() => renderLectureHtml(jsLink)).toThrow();
    expect(() => renderLectureHtml(doc({ type: "script", content: [text("alert(1)")] }))).toThrow();
    expect(() => renderLectureHtml(doc({ type: "image", attrs: { src: "javascript:alert(1)" } }))).toThrow();
    const huge = doc(...Array.from({ length: 6_000 }, () => paragraph(text("x".repeat(100)))));
    expect(() => renderLectureHtml(huge)).toThrow(/quá lớn/);
  });

  it("keeps formulas from linking, styling or running anything (KaTeX trust: false)", () => {
    const html = renderLectureHtml(
      doc(paragraph({ type: "inlineMath", attrs: { latex: String.raw`\href{javascript:alert(1)}{x}` } } as never), {
        type: "blockMath",
        attrs: { latex: String.raw`\htmlStyle{position:fixed}{x}\includegraphics{https://e.x/a.png}` },
      }),
    );
    expect(html).not.toMatch(/<a /);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("position:fixed;");
  });

  it("shows a formula KaTeX cannot read as its source instead of failing", () => {
    expect(() => renderMath(String.raw`\frac{`, false)).not.toThrow();
    expect(renderMath(String.raw`\frac{`, false)).toContain("katex-error");
    // maxSize caps sizes written in a formula.
    expect(renderMath(String.raw`\rule{100000em}{1em}`, true)).toContain("border-right-width:20em;");
  });
});

describe("lectureExtensions", () => {
  const schema = getSchema(lectureExtensions());

  it("builds the editor's schema in Node and allows exactly the lecture's node types and marks", () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(
      [
        "blockMath",
        "blockquote",
        "bulletList",
        "codeBlock",
        "doc",
        "hardBreak",
        "heading",
        "horizontalRule",
        "image",
        "inlineMath",
        "listItem",
        "materialEmbed",
        "orderedList",
        "paragraph",
        "table",
        "tableCell",
        "tableHeader",
        "tableRow",
        "text",
      ].sort(),
    );
    expect(Object.keys(schema.marks).sort()).toEqual(["bold", "code", "italic", "link", "strike", "underline"]);
  });

  it("agrees with the lecture schema: what the editor writes passes it unchanged", () => {
    const node = schema.nodeFromJSON(everything);
    node.check();
    const editorJson: unknown = node.toJSON();
    expect(editorJson).toEqual(everything);
    expect(lectureDocSchema.parse(editorJson)).toEqual(editorJson);
  });

  it("reads a material from a pasted link or id", () => {
    const id = "0123456789abcdef01234567";
    expect(parseMaterialReference(id)).toBe(id);
    expect(parseMaterialReference(` ${id.toUpperCase()} `)).toBe(id);
    expect(parseMaterialReference(`https://kho.truong.edu.vn/materials/${id}?tab=1`)).toBe(id);
    expect(parseMaterialReference(`/materials/${id}/embed`)).toBe(id);
    expect(parseMaterialReference("https://kho.truong.edu.vn/materials/123")).toBeNull();
    expect(parseMaterialReference(`/materials/${id}x`)).toBeNull();
  });

  it("turns typed $…$ into inline math and $$…$$ into display math, but not prices", () => {
    const inline = (text: string) => INLINE_MATH_INPUT.exec(text)?.[1] ?? null;
    const block = (text: string) => BLOCK_MATH_INPUT.exec(text)?.[1] ?? null;
    expect(inline("Ta có $x^2$")).toBe("x^2");
    expect(inline(String.raw`Nghiệm $\frac{-b}{2a}$`)).toBe(String.raw`\frac{-b}{2a}`);
    expect(inline("giá $5 và $")).toBeNull();
    expect(inline("$ x$")).toBeNull();
    expect(inline(String.raw`\$x$`)).toBeNull();
    expect(inline("$$x$")).toBeNull();
    expect(inline("$$x$$")).toBeNull();
    expect(block("$$x^2 + 1$$")).toBe("x^2 + 1");
    expect(block("Công thức: $$E=mc^2$$")).toBe("E=mc^2");
    expect(block("$$$x$$")).toBeNull();
  });

  it("turns formulas in pasted text into math nodes, leaving code alone", () => {
    const pasted = schema.nodeFromJSON({
      type: "doc",
      content: [
        { type: "paragraph", content: [text("Nghiệm $x=2$ và giá $5 và $10")] },
        { type: "paragraph", content: [text("$$E=mc^2$$")] },
        { type: "paragraph", content: [{ type: "text", text: "$a$", marks: [{ type: "code" }] }] },
        { type: "codeBlock", content: [text("echo $HOME$")] },
      ],
    });
    const migrated = schema.nodes.doc!.create(null, migratePastedMath(pasted.content, schema));
    expect(migrated.toJSON()).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [text("Nghiệm "), { type: "inlineMath", attrs: { latex: "x=2" } }, text(" và giá $5 và $10")],
        },
        { type: "blockMath", attrs: { latex: "E=mc^2" } },
        { type: "paragraph", content: [{ type: "text", text: "$a$", marks: [{ type: "code" }] }] },
        { type: "codeBlock", attrs: { language: null }, content: [text("echo $HOME$")] },
      ],
    });
    expect(migratePastedMath(Fragment.empty, schema).size).toBe(0);
  });
});
