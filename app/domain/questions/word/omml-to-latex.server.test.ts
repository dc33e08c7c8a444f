import katex from "katex";
import { describe, expect, it } from "vitest";
import { omml } from "../../../../tests/support/question-docx";
import { ommlXmlToLatex } from "./omml-to-latex.server";

const { math, r } = omml;
const plain = { plain: true };

/** Converts and checks that KaTeX (what the site renders with) accepts the result. */
function latexOf(...children: string[]): string {
  const latex = ommlXmlToLatex(math(...children));
  expect(() => katex.renderToString(latex, { throwOnError: true, strict: "ignore" })).not.toThrow();
  return latex;
}

describe("ommlToLatex: runs", () => {
  it("keeps letters, digits and operators, and maps symbols to commands", () => {
    expect(latexOf(r("x+2y=3"))).toBe("x+2y=3");
    expect(latexOf(r("α+β≤π"))).toBe("\\alpha+\\beta\\le\\pi");
    expect(latexOf(r("x≠±1; a≥b"))).toBe("x\\ne\\pm 1;a\\ge b");
    expect(latexOf(r("2×3÷4·5"))).toBe("2\\times 3\\div 4\\cdot 5");
    expect(latexOf(r("x→∞, A∈B, ∅⊂C, ∀x∃y"))).toBe("x\\to\\infty,A\\in B,\\emptyset\\subset C,\\forall x\\exists y");
    expect(latexOf(r("Δ=b−4ac, ΔABC"))).toBe("\\Delta=b-4ac,\\Delta ABC");
    expect(latexOf(r("A⇒B⇔C, x∉ℝ"))).toBe("A\\Rightarrow B\\Leftrightarrow C,x\\notin\\mathbb{R}");
  });

  it("writes a Vietnamese decimal comma between digits as {,}", () => {
    expect(latexOf(r("2,5+x, y"))).toBe("2{,}5+x,y");
  });

  it("reads upright runs: function names as commands, other words as \\mathrm", () => {
    expect(latexOf(r("sin", plain), r("x"))).toBe("\\sin x");
    expect(latexOf(r("ln", plain), r("2"))).toBe("\\ln 2");
    expect(latexOf(r("5"), r("cm", plain))).toBe("5\\mathrm{cm}");
    // Converters such as LibreOffice drop the upright style of function names.
    expect(latexOf(r("sin"), r("x"))).toBe("\\sin x");
  });

  it("keeps normal text and Vietnamese words as \\text, and special characters escaped", () => {
    expect(latexOf(r("v=10 m/s ", {}), r("trong 2 giây", { normal: true }))).toBe("v=10m/s\\text{trong 2 giây}");
    expect(latexOf(r("t=2 giây nữa"))).toBe("t=2\\text{giây nữa}");
    expect(latexOf(r("50%, #1, a_b"))).toBe("50\\%,\\#1,a\\_b");
  });

  it("reads double-struck, script and bold letters, and pasted mathematical italic letters", () => {
    expect(latexOf(r("R", { script: "double-struck", plain: true }))).toBe("\\mathbb{R}");
    expect(latexOf(r("F", { script: "script" }))).toBe("\\mathcal{F}");
    expect(latexOf(r("v", { style: "b" }))).toBe("\\mathbf{v}");
    expect(latexOf(r("𝑥+𝑦"))).toBe("x+y");
  });

  it("reads degrees and primes", () => {
    expect(latexOf(r("30°"))).toBe("30^{\\circ}");
    expect(latexOf(omml.sSup(r("f"), r("′")), r("(x)"))).toBe("f'(x)");
  });
});

describe("ommlToLatex: structures", () => {
  it("fractions (bar, linear, no bar)", () => {
    expect(latexOf(omml.f(r("a+1"), r("b")))).toBe("\\frac{a+1}{b}");
    expect(latexOf(omml.f(r("a"), r("b+1"), "lin"))).toBe("a/{b+1}");
    expect(latexOf(omml.f(r("n"), r("k"), "noBar"))).toBe("\\genfrac{}{}{0pt}{}{n}{k}");
  });

  it("superscripts and subscripts, with braces only where needed", () => {
    expect(latexOf(omml.sSup(r("x"), r("2")))).toBe("x^2");
    expect(latexOf(omml.sSup(r("x"), r("10")))).toBe("x^{10}");
    expect(latexOf(omml.sSup(r("x+1"), r("2")))).toBe("{x+1}^2");
    expect(latexOf(omml.sSub(r("u"), r("n+1")))).toBe("u_{n+1}");
    expect(latexOf(omml.sSubSup(r("x"), r("i"), r("2")))).toBe("x_i^2");
    expect(latexOf(omml.sPre(r("1"), r("2"), r("X")))).toBe("{}_1^2 X");
    expect(latexOf(omml.sSup(omml.d([r("x+1")]), r("3")))).toBe("\\left(x+1\\right)^3");
  });

  it("radicals, with and without a degree", () => {
    expect(latexOf(omml.rad(r("x+1")))).toBe("\\sqrt{x+1}");
    expect(latexOf(omml.rad(r("x"), r("3")))).toBe("\\sqrt[3]{x}");
  });

  it("n-ary operators with limits (∑, ∫ by default, ∏, hidden limits)", () => {
    expect(latexOf(omml.nary("∑", r("k=1"), r("n"), omml.sSup(r("k"), r("2"))))).toBe("\\sum_{k=1}^n k^2");
    expect(latexOf(omml.nary(null, r("0"), r("1"), r("f(x)dx")))).toBe("\\int_0^1 f(x)dx");
    expect(latexOf(omml.nary("∏", r("i=1"), r("n"), omml.sSub(r("a"), r("i"))))).toBe("\\prod_{i=1}^n a_i");
    expect(latexOf(omml.nary("∮", "", "", r("F")))).toBe("\\oint F");
  });

  it("delimiters: default parentheses, other characters, separators, missing sides", () => {
    expect(latexOf(omml.d([r("x+1")]))).toBe("\\left(x+1\\right)");
    expect(latexOf(omml.d([r("2;+∞")], { begin: "[", end: ")" }))).toBe("\\left[2;+\\infty\\right)");
    expect(latexOf(omml.d([r("1")], { begin: "{", end: "}" }))).toBe("\\left\\{1\\right\\}");
    expect(latexOf(omml.d([r("x")], { begin: "|", end: "|" }))).toBe("\\left|x\\right|");
    expect(latexOf(omml.d([r("a"), r("b")]))).toBe("\\left(a\\middle|b\\right)");
    expect(latexOf(omml.d([r("a"), r("b")], { separator: ";" }))).toBe("\\left(a;b\\right)");
    expect(latexOf(omml.d([r("u,v")], { begin: "⟨", end: "⟩" }))).toBe("\\left\\langle u,v\\right\\rangle");
    expect(latexOf(omml.d([r("x")], { begin: "", end: "|" }))).toBe("\\left.x\\right|");
  });

  it("systems of equations: { with an equation array or matrix is cases; [ keeps its array", () => {
    expect(latexOf(omml.d([omml.eqArr([r("x+y=1"), r("x−y=3")])], { begin: "{", end: "" }))).toBe(
      "\\begin{cases}x+y=1\\\\x-y=3\\end{cases}",
    );
    expect(
      latexOf(
        omml.d(
          [
            omml.m([
              [r("x"), r("x>0")],
              [r("−x"), r("x<0")],
            ]),
          ],
          { begin: "{", end: "" },
        ),
      ),
    ).toBe("\\begin{cases}x&x>0\\\\-x&x<0\\end{cases}");
    expect(latexOf(omml.d([omml.eqArr([r("x=1"), r("x=2")])], { begin: "[", end: "" }))).toBe(
      "\\left[\\begin{array}{l}x=1\\\\x=2\\end{array}\\right.",
    );
  });

  it("matrices, with the environment named by their delimiters", () => {
    const cells = [
      [r("1"), r("2")],
      [r("3"), r("4")],
    ];
    expect(latexOf(omml.m(cells))).toBe("\\begin{matrix}1&2\\\\3&4\\end{matrix}");
    expect(latexOf(omml.d([omml.m(cells)]))).toBe("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}");
    expect(latexOf(omml.d([omml.m(cells)], { begin: "[", end: "]" }))).toBe("\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}");
    expect(latexOf(omml.d([omml.m(cells)], { begin: "|", end: "|" }))).toBe("\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}");
  });

  it("equation arrays: aligned when they have alignment points, else one left-aligned column", () => {
    expect(latexOf(omml.eqArr([r("x&=1+1"), r("&=2")]))).toBe("\\begin{aligned}x&=1+1\\\\&=2\\end{aligned}");
    expect(latexOf(omml.eqArr([r("a=1"), r("b=2")]))).toBe("\\begin{array}{l}a=1\\\\b=2\\end{array}");
  });

  it("binomial coefficients", () => {
    expect(latexOf(omml.d([omml.f(r("n"), r("k"), "noBar")]))).toBe("\\binom{n}{k}");
  });

  it("functions, including limits in the function name", () => {
    expect(latexOf(omml.func(r("cos", plain), r("2x")))).toBe("\\cos 2x");
    expect(latexOf(omml.func(r("log", plain), omml.d([r("x+1")])))).toBe("\\log\\left(x+1\\right)");
    expect(latexOf(omml.func(omml.limLow(r("lim", plain), r("x→0")), omml.f(omml.func(r("sin", plain), r("x")), r("x"))))).toBe(
      "\\lim_{x\\to 0}\\frac{\\sin x}{x}",
    );
    expect(latexOf(omml.func(omml.sSub(r("log", plain), r("2")), r("8")))).toBe("\\log_2 8");
    expect(latexOf(omml.func(r("sgn", plain), r("x")))).toBe("\\mathrm{sgn}x");
  });

  it("limits below and above other things", () => {
    expect(latexOf(omml.limLow(r("max", plain), r("x∈[0;1]")))).toBe("\\max_{x\\in[0;1]}");
    expect(latexOf(omml.limUpp(r("="), r("def")))).toBe("\\overset{def}{=}");
    expect(latexOf(omml.limLow(r("→"), r("t°")))).toBe("\\underset{t^{\\circ}}{\\to}");
  });

  it("accents: hat (default), vector, bar, dot, tilde — wide forms over several letters", () => {
    expect(latexOf(omml.acc(r("x")))).toBe("\\hat{x}");
    expect(latexOf(omml.acc(r("ABC"), "̂"))).toBe("\\widehat{ABC}");
    expect(latexOf(omml.acc(r("u"), "⃗"))).toBe("\\vec{u}");
    expect(latexOf(omml.acc(r("AB"), "⃗"))).toBe("\\overrightarrow{AB}");
    expect(latexOf(omml.acc(r("x"), "̅"))).toBe("\\bar{x}");
    expect(latexOf(omml.acc(r("x"), "̇"))).toBe("\\dot{x}");
    expect(latexOf(omml.acc(r("AB"), "̃"))).toBe("\\widetilde{AB}");
    expect(latexOf(omml.acc(r("A"), "^"))).toBe("\\hat{A}");
  });

  it("bars over and under (under by default)", () => {
    expect(latexOf(omml.bar(r("AB"), "top"))).toBe("\\overline{AB}");
    expect(latexOf(omml.bar(r("x")))).toBe("\\underline{x}");
  });

  it("boxes, border boxes and group characters (braces, arrows)", () => {
    expect(latexOf(omml.box(r("a+b")))).toBe("a+b");
    expect(latexOf(omml.borderBox(r("x=2")))).toBe("\\boxed{x=2}");
    expect(latexOf(omml.groupChr(r("a+b")))).toBe("\\underbrace{a+b}");
    expect(latexOf(omml.limLow(omml.groupChr(r("1+1+⋯+1")), r("n")))).toBe("\\underbrace{1+1+\\cdots+1}_{n}");
    expect(latexOf(omml.groupChr(r("x"), "⏞", "top"))).toBe("\\overbrace{x}");
    expect(latexOf(omml.groupChr(r("A"), "→", "top"))).toBe("\\overset{\\to}{A}");
  });

  it("nests structures", () => {
    expect(latexOf(omml.f(omml.rad(omml.sSup(r("x"), r("2")), r("3")), omml.sSub(r("a"), omml.f(r("1"), r("2")))))).toBe(
      "\\frac{\\sqrt[3]{x^2}}{a_{\\frac{1}{2}}}",
    );
  });
});

describe("ommlXmlToLatex: equations as a whole", () => {
  it("reads a display equation paragraph, several equations in it as gathered", () => {
    expect(ommlXmlToLatex(`<m:oMathPara><m:oMath>${r("a=1")}</m:oMath></m:oMathPara>`)).toBe("a=1");
    expect(ommlXmlToLatex(`<m:oMathPara><m:oMath>${r("a=1")}</m:oMath><m:oMath>${r("b=2")}</m:oMath></m:oMathPara>`)).toBe(
      "\\begin{gathered}a=1\\\\b=2\\end{gathered}",
    );
  });

  it("skips properties, deleted text and bookmarks, keeps inserted text, and reads Word text runs as \\text", () => {
    const xml = math(
      `<m:oMathParaPr/>`,
      `<w:bookmarkStart w:id="0" w:name="x"/>`,
      r("x"),
      `<w:del><m:r><m:t>+9</m:t></m:r></w:del>`,
      `<w:ins><m:r><m:t>+1</m:t></m:r></w:ins>`,
      `<w:r><w:t>với mọi x</w:t></w:r>`,
    );
    expect(ommlXmlToLatex(xml)).toBe("x+1\\text{với mọi x}");
  });

  it("gives an empty string for an empty equation", () => {
    expect(ommlXmlToLatex(math())).toBe("");
  });
});
