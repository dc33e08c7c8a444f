import { describe, expect, it } from "vitest";
import { lectureDocSchema } from "#content-schemas/lecture";
import type { RichText } from "#content-schemas/questions";
import {
  formattedTextToRichText,
  htmlToRichText,
  markdownToHtml,
  plainTextToRichText,
  richTextImageSources,
  richTextToHtml,
  richTextToPlainText,
  type RichTextImportOptions,
} from "./rich-text-html.server";
import { doc, math, paragraph, text } from "./test-support";

/** Images keep an https address and become /media/… otherwise; what was asked for is recorded. */
function imageOptions() {
  const asked: { src: string; alt: string }[] = [];
  const options: RichTextImportOptions = {
    resolveImage: async (image) => {
      asked.push(image);
      return image.src.startsWith("https://") ? image.src : image.src === "mat.png" ? null : "/media/anh";
    },
  };
  return { asked, options };
}

const toRichText = (html: string) => htmlToRichText(html, imageOptions().options);

describe("htmlToRichText", () => {
  it("keeps the formatting the schema allows and the text of the rest", async () => {
    const result = await toRichText(
      '<p>H<sub>2</sub>O là <b>nước</b>, <span style="font-weight: 700; text-decoration: underline">rất</span> <font color="red">cần</font>&nbsp; <i><s>thiết</s></i>.</p>',
    );
    expect(result).toEqual(
      doc(
        paragraph(
          text("H2O là "),
          text("nước", ["bold"]),
          text(", "),
          { type: "text", text: "rất", marks: [{ type: "bold" }, { type: "underline" }] },
          text(" cần "),
          { type: "text", text: "thiết", marks: [{ type: "italic" }, { type: "strike" }] },
          text("."),
        ),
      ),
    );
  });

  it("keeps safe links and drops scripts, styles, media and unsafe links", async () => {
    const result = await toRichText(
      '<p><a href="https://vi.wikipedia.org/wiki/Parabol" title="Wikipedia">Parabol</a> <a href="javascript:alert(1)">bấm</a></p><script>alert(1)</script><style>p{}</style><video src="a.mp4">Video</video><p>Hết.</p>',
    );
    expect(result).toEqual(
      doc(
        paragraph(
          {
            type: "text",
            text: "Parabol",
            marks: [{ type: "link", attrs: { href: "https://vi.wikipedia.org/wiki/Parabol", title: "Wikipedia" } }],
          },
          text(" bấm"),
        ),
        paragraph(text("Hết.")),
      ),
    );
  });

  it("reads TeX delimiters: \\( \\) inline, \\[ \\] display, $$ $$ display alone and inline in a sentence", async () => {
    const result = await toRichText(
      "<p>Với \\(a &lt; b\\) ta có</p><p>$$\\int_a^b f(x)\\,dx$$</p><p>và $$S = \\pi r^2$$ nên \\[x = 1\\] đúng. Giá 5$ và \\( \\) trống.</p>",
    );
    expect(result).toEqual(
      doc(
        paragraph(text("Với "), math("a < b"), text(" ta có")),
        { type: "blockMath", attrs: { latex: "\\int_a^b f(x)\\,dx" } },
        paragraph(text("và "), math("S = \\pi r^2"), text(" nên")),
        { type: "blockMath", attrs: { latex: "x = 1" } },
        paragraph(text("đúng. Giá 5$ và \\( \\) trống.")),
      ),
    );
  });

  it("reads MathML by its TeX annotation, else converts it, and tiptap's own formula markup", async () => {
    const result = await toRichText(
      '<p><math><semantics><mfrac><mn>1</mn><mn>2</mn></mfrac><annotation encoding="application/x-tex">\\tfrac12</annotation></semantics></math> và <math><msqrt><mi>x</mi></msqrt></math></p><math display="block"><mi>y</mi></math><p><span data-type="inline-math" data-latex="\\alpha"></span></p><div data-type="block-math" data-latex="\\beta"></div>',
    );
    expect(result).toEqual(
      doc(
        paragraph(math("\\tfrac12"), text(" và "), math("\\sqrt{x}")),
        { type: "blockMath", attrs: { latex: "y" } },
        paragraph(math("\\alpha")),
        { type: "blockMath", attrs: { latex: "\\beta" } },
      ),
    );
  });

  it("reads lists, tables, headings, quotes, code and rules", async () => {
    const result = await toRichText(
      '<h1>Bài 1</h1><ol start="3" type="a"><li>Một</li><li><p>Hai</p><ul><li>Con</li></ul></li></ol><table><caption>Bảng giá trị</caption><thead><tr><th>x</th><th>y</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table><blockquote><p>Trích</p></blockquote><pre><code class="language-python">print(1)\n  x = 2\n</code></pre><hr>',
    );
    expect(result).toEqual(
      doc(
        { type: "heading", attrs: { level: 2 }, content: [text("Bài 1")] },
        {
          type: "orderedList",
          attrs: { start: 3, type: "a" },
          content: [
            { type: "listItem", content: [paragraph(text("Một"))] },
            {
              type: "listItem",
              content: [
                paragraph(text("Hai")),
                { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("Con"))] }] },
              ],
            },
          ],
        },
        paragraph(text("Bảng giá trị")),
        {
          type: "table",
          content: [
            {
              type: "tableRow",
              content: [
                { type: "tableHeader", content: [paragraph(text("x"))] },
                { type: "tableHeader", content: [paragraph(text("y"))] },
              ],
            },
            { type: "tableRow", content: [{ type: "tableCell", attrs: { colspan: 2 }, content: [paragraph(text("1"))] }] },
          ],
        },
        { type: "blockquote", content: [paragraph(text("Trích"))] },
        { type: "codeBlock", attrs: { language: "python" }, content: [{ type: "text", text: "print(1)\n  x = 2" }] },
        { type: "horizontalRule" },
      ),
    );
  });

  it("hands images to the resolver and leaves out the ones it refuses", async () => {
    const { asked, options } = imageOptions();
    const result = await htmlToRichText(
      '<p>Hình <img src="@@PLUGINFILE@@/a.png" alt="Tam giác" width="120" height="auto"> và <img src="mat.png"> <img src="https://example.org/b.png"></p>',
      options,
    );
    expect(asked).toEqual([
      { src: "@@PLUGINFILE@@/a.png", alt: "Tam giác" },
      { src: "mat.png", alt: "" },
      { src: "https://example.org/b.png", alt: "" },
    ]);
    expect(result).toEqual(
      doc(
        paragraph(text("Hình")),
        { type: "image", attrs: { src: "/media/anh", alt: "Tam giác", width: 120 } },
        paragraph(text("và")),
        { type: "image", attrs: { src: "https://example.org/b.png" } },
      ),
    );
  });

  it("gives one empty paragraph for empty HTML and survives hostile nesting within the schema's limits", async () => {
    expect(await toRichText("<p>&nbsp;</p><br>")).toEqual(doc({ type: "paragraph" }));
    const deep = await toRichText(`${"<blockquote><ul><li>".repeat(300)}sâu${"</li></ul></blockquote>".repeat(300)}`);
    expect(lectureDocSchema.safeParse(deep).success).toBe(true);
    expect(richTextToPlainText(deep)).toContain("sâu");
  });
});

describe("richTextToHtml", () => {
  const sample: RichText = doc(
    { type: "heading", attrs: { level: 3 }, content: [text("Đề")] },
    paragraph(
      text("Cho "),
      math("a < b"),
      { type: "hardBreak" },
      { type: "text", text: "xem", marks: [{ type: "link", attrs: { href: "https://example.org/?a=1&b=2" } }, { type: "bold" }] },
    ),
    { type: "blockMath", attrs: { latex: "\\frac{1}{2}" } },
    { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("một"))] }] },
    { type: "image", attrs: { src: "/media/anh", alt: "Hình" } },
    { type: "codeBlock", content: [{ type: "text", text: "a <b>\nc" }] },
  );

  it("writes TeX for MathJax, never rendered KaTeX", () => {
    expect(richTextToHtml(sample, { math: "tex", imageSrc: (src) => `@@PLUGINFILE@@${src}` })).toBe(
      '<h3>Đề</h3><p>Cho \\(a &lt; b\\)<br /><a href="https://example.org/?a=1&amp;b=2"><strong>xem</strong></a></p><p>\\[\\frac{1}{2}\\]</p>' +
        '<ul><li><p>một</p></li></ul><p><img src="@@PLUGINFILE@@/media/anh" alt="Hình" /></p><pre><code>a &lt;b&gt;\nc</code></pre>',
    );
  });

  it("writes MathML with the TeX source as annotation", () => {
    const html = richTextToHtml(sample, { math: "mathml", imageSrc: () => null });
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML"><semantics>');
    expect(html).toContain('<annotation encoding="application/x-tex">a &lt; b</annotation>');
    expect(html).toContain('<div><math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
    expect(html).not.toContain('class="katex');
    expect(html).toContain("<p>[Hình ảnh: Hình]</p>");
  });

  it("reads back what it writes", async () => {
    const html = richTextToHtml(sample, { math: "tex", imageSrc: (src) => src });
    expect(await toRichText(html)).toEqual(sample);
    const mathMl = richTextToHtml(sample, { math: "mathml", imageSrc: (src) => src });
    expect(await toRichText(mathMl)).toEqual(sample);
  });
});

describe("plain text and other formats", () => {
  it("converts plain text with line breaks, paragraphs and TeX", () => {
    expect(plainTextToRichText("Tính \\(x^2\\)\nrồi kết luận.\n\n$$y$$")).toEqual(
      doc(paragraph(text("Tính "), math("x^2"), { type: "hardBreak" }, text("rồi kết luận.")), {
        type: "blockMath",
        attrs: { latex: "y" },
      }),
    );
    expect(richTextToPlainText(doc(paragraph(text("a "), math("x")), { type: "blockMath", attrs: { latex: "y" } }))).toBe(
      "a \\(x\\)\n\\[y\\]",
    );
  });

  it("converts Moodle's Markdown without touching TeX", async () => {
    expect(markdownToHtml("## Ý 1\n\n**Đậm** và _nghiêng_ với \\(a_1 * b_2\\)\n\n- một\n- hai\n\n1. đầu")).toBe(
      "<h2>Ý 1</h2><p><strong>Đậm</strong> và <em>nghiêng</em> với \\(a_1 * b_2\\)</p><ul><li>một</li><li>hai</li></ul><ol><li>đầu</li></ol>",
    );
    expect(await formattedTextToRichText("Dòng 1\nDòng <b>2</b>", "moodle", imageOptions().options)).toEqual(
      doc(paragraph(text("Dòng 1"), { type: "hardBreak" }, text("Dòng "), text("2", ["bold"]))),
    );
  });

  it("lists every image of a document once, nested ones included", () => {
    const image = (src: string) => ({ type: "image" as const, attrs: { src } });
    const nested = doc(image("/media/1"), {
      type: "table",
      content: [{ type: "tableRow", content: [{ type: "tableCell", content: [image("/media/2"), image("/media/1")] }] }],
    });
    expect(richTextImageSources(nested)).toEqual(["/media/1", "/media/2"]);
  });
});
