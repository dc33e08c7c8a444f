import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { latexToOmml } from "./latex-to-omml.server";
import { ommlXmlToLatex } from "./omml-to-latex.server";

const NAMESPACES =
  'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

const roundTrip = (latex: string) => ommlXmlToLatex(latexToOmml(latex));

describe("latexToOmml", () => {
  it.each([
    ["fractions and scripts", "x^2+y^{10}=\\frac{1}{2}"],
    ["roots", "\\sqrt[3]{x+1}-\\sqrt{2}"],
    ["sums with limits", "\\sum_{i=1}^n i^2=\\frac{n(n+1)(2n+1)}{6}"],
    ["integrals", "\\int_0^1 f(x)dx"],
    ["nested sums", "\\sum_{i=1}^n\\sum_{j=1}^m a_{ij}"],
    ["delimiters", "\\left(x+1\\right)^2+\\left|x\\right|+\\left[0;1\\right)"],
    ["delimiters with a separator", "\\left\\{x\\middle|x>0\\right\\}"],
    ["systems of equations", "\\begin{cases}x+y=1\\\\x-y=3\\end{cases}"],
    ["alternatives in brackets", "\\left[\\begin{array}{l}x=1\\\\x=2\\end{array}\\right."],
    ["aligned equations", "\\begin{aligned}x&=1+1\\\\&=2\\end{aligned}"],
    [
      "matrices",
      "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}\\begin{vmatrix}a&b\\\\c&d\\end{vmatrix}\\begin{bmatrix}1\\\\2\\end{bmatrix}",
    ],
    ["functions and limits", "\\lim_{x\\to 0}\\frac{\\sin x}{x}=1"],
    ["logarithms", "\\log_2 8+\\ln e"],
    ["functions of bracketed arguments and powers of functions", "\\sin(x+1)+\\cos^2 x-\\tan\\left(2x\\right)"],
    ["powers of ten", "6{,}02\\cdot 10^{23}"],
    ["vectors and angles", "\\overrightarrow{AB}+\\vec{u}=\\widehat{ABC}"],
    ["degrees", "\\widehat{ABC}=30^{\\circ}"],
    ["Greek letters and relations", "\\alpha\\beta\\le\\pi\\ne\\varepsilon\\ge\\Delta"],
    ["a decimal comma, spacing and units", "2{,}5\\cdot 10^{-3}\\,\\mathrm{m}"],
    ["text", "v=\\text{quãng đường}/t"],
    ["bars and accents", "\\overline{AB}\\cdot\\bar{x}+\\hat{y}+\\dot{x}"],
    ["binomials", "\\binom{n}{k}"],
    ["number sets", "x\\in\\mathbb{R}\\setminus\\left\\{1\\right\\}"],
    ["primes", "f'(x)"],
    ["braces under and over", "\\underbrace{1+\\cdots+1}_{n}"],
    ["boxes", "\\boxed{x=2}"],
    ["limits over relations", "\\overset{def}{=}"],
    ["arrows and logic", "A\\Rightarrow B\\Leftrightarrow C,\\forall x\\in\\emptyset"],
  ])("keeps %s through Word and back", (_, latex) => {
    expect(roundTrip(latex)).toBe(latex);
  });

  it("writes the forms teachers type in the importer's canonical form", () => {
    expect(roundTrip("x^{2}")).toBe("x^2");
    expect(roundTrip("\\dfrac{a}{b}+\\tfrac12")).toBe("\\frac{a}{b}+\\frac{1}{2}");
    expect(roundTrip("a \\leq b \\geq c \\neq d")).toBe("a\\le b\\ge c\\ne d");
    expect(roundTrip("\\lim\\limits_{x \\to +\\infty} \\left( 1 + \\frac{1}{x} \\right)^x")).toBe(
      "\\lim_{x\\to+\\infty}\\left(1+\\frac{1}{x}\\right)^x",
    );
    expect(roundTrip("\\displaystyle\\int\\limits_{0}^{\\pi} \\sin x \\, dx")).toBe("\\int_0^{\\pi}\\sin x\\,dx");
    expect(roundTrip("\\not\\in")).toBe("\\notin");
    expect(roundTrip("\\begin{gathered}a\\\\b\\end{gathered}")).toBe("\\begin{array}{l}a\\\\b\\end{array}");
    expect(roundTrip("\\bigl( x \\bigr)")).toBe("(x)");
  });

  it("builds the Word structures themselves", () => {
    expect(latexToOmml("\\frac{a}{b}")).toContain("<m:f><m:num>");
    expect(latexToOmml("\\sqrt{x}")).toContain('<m:degHide m:val="1"/>');
    expect(latexToOmml("\\sum_{k=1}^{n}k")).toContain('<m:chr m:val="∑"/><m:limLoc m:val="undOvr"/>');
    expect(latexToOmml("\\int x")).toContain('<m:limLoc m:val="subSup"/><m:subHide m:val="1"/><m:supHide m:val="1"/>');
    expect(latexToOmml("\\begin{cases}a\\\\b\\end{cases}")).toMatch(
      /<m:begChr m:val="\{"\/><m:endChr m:val=""\/><\/m:dPr><m:e><m:eqArr>/,
    );
    expect(latexToOmml("\\text{giây}")).toContain("<m:rPr><m:nor/></m:rPr>");
    expect(latexToOmml("\\sin x")).toContain('<m:sty m:val="p"/>');
    expect(latexToOmml("x+1-2")).toContain(">x+1−2</m:t>");
    expect(latexToOmml("\\lim_{x\\to 0}\\frac{\\sin x}{x}")).toMatch(
      /^<m:oMath><m:func><m:fName><m:limLow><m:e>.*>lim<.*<\/m:fName><m:e><m:f>/,
    );
    expect(latexToOmml("\\sin(x+1)")).toMatch(
      /<m:func><m:fName>.*>sin<.*<\/m:fName><m:e>.*>\(x\+1\)<\/m:t>.*<\/m:e><\/m:func><\/m:oMath>$/,
    );
    expect(latexToOmml("10^{-3}")).toMatch(/^<m:oMath><m:sSup><m:e>.*>10<\/m:t>/);
  });

  it("writes display equations as a paragraph of their own", () => {
    expect(latexToOmml("E=mc^2", { display: true })).toMatch(/^<m:oMathPara><m:oMath>.*<\/m:oMath><\/m:oMathPara>$/);
  });

  it("keeps what it does not know visible, and writes well-formed XML for broken input", () => {
    expect(roundTrip("\\foo{x}")).toBe("\\text{\\textbackslash{}foo}x");
    for (const latex of ["\\frac{1", "x^", "\\left( x", "}{", "\\begin{matrix}1&2", 'a & b < c > "d"']) {
      const xml = latexToOmml(latex);
      expect(XMLValidator.validate(`<root ${NAMESPACES}>${xml}</root>`)).toBe(true);
    }
  });
});
