import {
  ACCENTS,
  COMMAND_FOR_SPACE,
  DELIMITERS,
  EQUIVALENT_CHARACTERS,
  FUNCTION_NAMES,
  INVISIBLE_CHARACTERS,
  LATEX_FOR_CHARACTER,
  NARY_OPERATORS,
} from "./math-symbols.server";
import { childElements, childValue, firstChild, parseXml, textContent, type XmlElement } from "./ooxml.server";

/**
 * Word equations (Office Math Markup, `m:oMath` / `m:oMathPara`) → LaTeX for KaTeX. The LaTeX is
 * written in one canonical style (braces only where needed, no spaces except after a command) that
 * latex-to-omml.server.ts reads back to the same structure, so formulas survive export → import.
 */

/** A piece of LaTeX and whether it is one unit (then it needs no braces as the base of a script). */
interface Converted {
  latex: string;
  atomic: boolean;
}

interface Context {
  /** Inside a matrix or equation array, `&` separates columns instead of being a literal ampersand. */
  inArray: boolean;
  /** Inside the name of an `m:func`: letters are an operator name, not variables. */
  functionName: boolean;
}

const TOP: Context = { inArray: false, functionName: false };

const isTrue = (value: string | undefined) => value !== undefined && !["0", "off", "false"].includes(value);

/**
 * Joins pieces of LaTeX, adding a space only where a command or a one-character script would
 * otherwise run into the next letter or digit (`\alpha x`, `\sin 2x`, `\log_2 8`).
 */
function joinLatex(parts: readonly string[]): string {
  let result = "";
  for (const part of parts) {
    if (part === "") continue;
    if (/(\\[A-Za-z]+|[_^][A-Za-z0-9])$/.test(result) && /^[A-Za-z0-9]/.test(part)) result += " ";
    result += part;
  }
  return result;
}

/** `x` stays `x`; anything longer than one letter or digit gets braces: `{10}`, `{\alpha}`. */
function scriptArgument(latex: string): string {
  return /^[A-Za-z0-9]$/.test(latex) ? latex : `{${latex}}`;
}

/** A script's base: braced unless it is one unit or a whole number (10^{-3} reads the same as {10}^{-3}). */
function base(converted: Converted): string {
  return converted.atomic || /^\d+$/.test(converted.latex) ? converted.latex : `{${converted.latex}}`;
}

/** Letters of the Mathematical Alphanumeric Symbols block (pasted 𝑥, 𝐀 …) → plain ASCII. */
function plainAlphanumeric(codePoint: number): string | null {
  if (codePoint >= 0x1d400 && codePoint <= 0x1d6a3) {
    const index = (codePoint - 0x1d400) % 52;
    return String.fromCharCode(index < 26 ? 65 + index : 97 + index - 26);
  }
  if (codePoint >= 0x1d7ce && codePoint <= 0x1d7ff) return String.fromCharCode(48 + ((codePoint - 0x1d7ce) % 10));
  return null;
}

function normalizeMathText(text: string): string {
  let result = "";
  for (const character of text.normalize("NFC")) {
    if (INVISIBLE_CHARACTERS.has(character)) continue;
    result += plainAlphanumeric(character.codePointAt(0)!) ?? EQUIVALENT_CHARACTERS.get(character) ?? character;
  }
  return result;
}

/** Escapes text for `\text{…}`. */
function escapeTextMode(text: string): string {
  return text.replace(/[\\{}$&#^_%~]/g, (character) =>
    character === "\\"
      ? "\\textbackslash{}"
      : character === "^"
        ? "\\textasciicircum{}"
        : character === "~"
          ? "\\textasciitilde{}"
          : `\\${character}`,
  );
}

const LATEX_SPECIALS: Record<string, string> = {
  "#": "\\#",
  $: "\\$",
  "%": "\\%",
  _: "\\_",
  "{": "\\{",
  "}": "\\}",
  "~": "\\sim",
  "^": "\\wedge",
  "\\": "\\backslash",
  "°": "^{\\circ}",
  "″": "''",
};

const isAsciiLetter = (character: string) => /^[A-Za-z]$/.test(character);
const isLetter = (character: string) => /^[\p{L}\p{M}]$/u.test(character);
/** A letter KaTeX cannot set in math mode (Vietnamese words in a formula): it goes in \text{}. */
const isTextLetter = (character: string) =>
  /^[\p{L}\p{M}]$/u.test(character) && !isAsciiLetter(character) && !LATEX_FOR_CHARACTER.has(character);

type LetterStyle = "italic" | "plain" | "bold" | "boldItalic" | "script" | "fraktur" | "doubleStruck" | "sans" | "mono";

const STYLE_COMMAND: Record<Exclude<LetterStyle, "italic" | "plain">, string> = {
  bold: "\\mathbf",
  boldItalic: "\\boldsymbol",
  script: "\\mathcal",
  fraktur: "\\mathfrak",
  doubleStruck: "\\mathbb",
  sans: "\\mathsf",
  mono: "\\mathtt",
};

/** A word of ASCII letters in the style of its run: `x`, `\sin`, `\mathrm{cm}`, `\mathbb{R}`. */
function letters(word: string, style: LetterStyle): string {
  // A run that is exactly "sin" or "log" is the function even when a converter lost its upright style.
  if ((style === "italic" || style === "plain") && FUNCTION_NAMES.has(word)) return `\\${word}`;
  if (style === "italic") return word;
  if (style === "plain") return `\\mathrm{${word}}`;
  return `${STYLE_COMMAND[style]}{${word}}`;
}

function letterStyle(runProperties: XmlElement | undefined, context: Context): LetterStyle {
  const script = childValue(runProperties, "m:scr");
  if (script === "double-struck") return "doubleStruck";
  if (script === "script") return "script";
  if (script === "fraktur") return "fraktur";
  if (script === "sans-serif") return "sans";
  if (script === "monospace") return "mono";
  const style = childValue(runProperties, "m:sty");
  if (style === "b") return "bold";
  if (style === "bi") return "boldItalic";
  if (style === "p" || context.functionName) return "plain";
  return "italic";
}

/** The characters of a math run → LaTeX. */
function convertMathText(text: string, style: LetterStyle, context: Context): string {
  const characters = [...normalizeMathText(text)];
  const parts: string[] = [];
  let index = 0;
  const wordEnd = (from: number) => {
    let end = from;
    while (end < characters.length && isLetter(characters[end]!)) end++;
    return end;
  };
  const isTextWord = (from: number) => characters.slice(from, wordEnd(from)).some(isTextLetter);
  while (index < characters.length) {
    const character = characters[index]!;
    if (isLetter(character) && isTextWord(index)) {
      // A Vietnamese word (or several, with the spaces between them) set as text.
      let end = wordEnd(index);
      while (characters[end] === " " && isLetter(characters[end + 1] ?? "") && isTextWord(end + 1)) end = wordEnd(end + 1);
      parts.push(`\\text{${characters.slice(index, end).join("")}}`);
      index = end;
      continue;
    }
    if (isAsciiLetter(character)) {
      let end = index;
      while (end < characters.length && isAsciiLetter(characters[end]!)) end++;
      parts.push(letters(characters.slice(index, end).join(""), style));
      index = end;
      continue;
    }
    index++;
    if (character === " ") continue;
    const previous = characters[index - 2] ?? "";
    const next = characters[index] ?? "";
    if (character === "," && /\d/.test(previous) && /\d/.test(next)) parts.push("{,}");
    else if (character === "&") parts.push(context.inArray ? "&" : "\\&");
    else
      parts.push(
        COMMAND_FOR_SPACE.get(character) ?? LATEX_FOR_CHARACTER.get(character) ?? LATEX_SPECIALS[character] ?? character,
      );
  }
  return joinLatex(parts);
}

function convertRun(run: XmlElement, context: Context): Converted | null {
  const text = childElements(run, "m:t")
    .map((element) => textContent(element))
    .join("");
  if (text === "") return null;
  const runProperties = firstChild(run, "m:rPr");
  if (isTrue(childValue(runProperties, "m:nor")))
    return { latex: `\\text{${escapeTextMode(normalizeMathText(text))}}`, atomic: true };
  const latex = convertMathText(text, letterStyle(runProperties, context), context);
  if (latex === "") return null;
  const atomic = [...normalizeMathText(text).trim()].length === 1 || /^\\[a-zA-Z]+(\{[^{}]*\})?$/.test(latex);
  return { latex, atomic };
}

/** A Word text run inside an equation (normal text typed in math mode). */
function convertWordRun(run: XmlElement): Converted | null {
  const text = childElements(run, "w:t")
    .map((element) => textContent(element))
    .join("");
  return text.trim() === "" ? null : { latex: `\\text{${escapeTextMode(normalizeMathText(text))}}`, atomic: true };
}

/** The content of an argument element (m:e, m:num, m:sup …) or of the equation itself. */
function convertSequence(element: XmlElement | undefined, context: Context): Converted {
  if (!element) return { latex: "", atomic: false };
  const converted: Converted[] = [];
  for (const child of childElements(element)) {
    const result = convertElement(child, context);
    if (result && result.latex !== "") converted.push(result);
  }
  if (converted.length === 1) return converted[0]!;
  return { latex: joinLatex(converted.map((part) => part.latex)), atomic: false };
}

function delimiterLatex(character: string): string {
  return DELIMITERS.get(character) ?? ".";
}

function onlyChild(element: XmlElement | undefined, name: string): XmlElement | undefined {
  const children = element ? childElements(element).filter((child) => !child.name.endsWith("Pr")) : [];
  return children.length === 1 && children[0]!.name === name ? children[0] : undefined;
}

const MATRIX_ENVIRONMENTS: Record<string, string> = {
  "()": "pmatrix",
  "[]": "bmatrix",
  "{}": "Bmatrix",
  "||": "vmatrix",
  "‖‖": "Vmatrix",
};

function matrixRows(matrix: XmlElement): string[] {
  return childElements(matrix, "m:mr").map((row) =>
    childElements(row, "m:e")
      .map((cell) => convertSequence(cell, { ...TOP, inArray: true }).latex)
      .join("&"),
  );
}

function equationRows(array: XmlElement): string[] {
  return childElements(array, "m:e").map((row) => convertSequence(row, { ...TOP, inArray: true }).latex);
}

function environment(name: string, rows: readonly string[], argument = ""): string {
  return `\\begin{${name}}${argument}${rows.join("\\\\")}\\end{${name}}`;
}

function convertDelimiter(element: XmlElement, context: Context): Converted {
  const properties = firstChild(element, "m:dPr");
  const open = childValue(properties, "m:begChr") ?? "(";
  const close = childValue(properties, "m:endChr") ?? ")";
  const separator = childValue(properties, "m:sepChr") ?? "|";
  const items = childElements(element, "m:e");
  if (items.length === 1) {
    const matrix = onlyChild(items[0], "m:m");
    const array = onlyChild(items[0], "m:eqArr");
    const fraction = onlyChild(items[0], "m:f");
    if (open === "{" && close === "" && (matrix || array))
      return { latex: environment("cases", matrix ? matrixRows(matrix) : equationRows(array!)), atomic: true };
    const matrixEnvironment = MATRIX_ENVIRONMENTS[`${open}${close}`];
    if (matrix && matrixEnvironment) return { latex: environment(matrixEnvironment, matrixRows(matrix)), atomic: true };
    if (fraction && open === "(" && close === ")" && childValue(firstChild(fraction, "m:fPr"), "m:type") === "noBar") {
      const top = convertSequence(firstChild(fraction, "m:num"), context).latex;
      const bottom = convertSequence(firstChild(fraction, "m:den"), context).latex;
      return { latex: `\\binom{${top}}{${bottom}}`, atomic: true };
    }
  }
  const separatorLatex = separator === "|" ? "\\middle|" : (LATEX_FOR_CHARACTER.get(separator) ?? separator);
  const inside = items.map((item) => convertSequence(item, context).latex);
  return {
    latex: joinLatex([
      `\\left${delimiterLatex(open)}`,
      joinLatex(inside.flatMap((item, index) => (index === 0 ? [item] : [separatorLatex, item]))),
      `\\right${delimiterLatex(close)}`,
    ]),
    atomic: true,
  };
}

function convertNary(element: XmlElement, context: Context): Converted {
  const properties = firstChild(element, "m:naryPr");
  const character = normalizeMathText(childValue(properties, "m:chr") || "∫");
  const command = NARY_OPERATORS.get(character)?.command ?? LATEX_FOR_CHARACTER.get(character) ?? character;
  const lower = isTrue(childValue(properties, "m:subHide")) ? "" : convertSequence(firstChild(element, "m:sub"), context).latex;
  const upper = isTrue(childValue(properties, "m:supHide")) ? "" : convertSequence(firstChild(element, "m:sup"), context).latex;
  const operator = `${command}${lower ? `_${scriptArgument(lower)}` : ""}${upper ? `^${scriptArgument(upper)}` : ""}`;
  return { latex: joinLatex([operator, convertSequence(firstChild(element, "m:e"), context).latex]), atomic: false };
}

function convertAccent(element: XmlElement, context: Context): Converted {
  const character = childValue(firstChild(element, "m:accPr"), "m:chr") || "\u0302";
  const body = convertSequence(firstChild(element, "m:e"), context);
  const accent = ACCENTS.find((candidate) => candidate.character === character || candidate.aliases?.includes(character));
  if (!accent) return { latex: `\\overset{${LATEX_FOR_CHARACTER.get(character) ?? character}}{${body.latex}}`, atomic: true };
  const narrow = /^([A-Za-z0-9]|\\[A-Za-z]+)$/.test(body.latex);
  return { latex: `${narrow ? accent.narrow : accent.wide}{${body.latex}}`, atomic: true };
}

function convertGroupCharacter(element: XmlElement, context: Context): Converted {
  const properties = firstChild(element, "m:groupChrPr");
  const character = childValue(properties, "m:chr") || "\u23df";
  const position = childValue(properties, "m:pos") || "bot";
  const body = convertSequence(firstChild(element, "m:e"), context).latex;
  if (character === "\u23df") return { latex: `\\underbrace{${body}}`, atomic: true };
  if (character === "\u23de") return { latex: `\\overbrace{${body}}`, atomic: true };
  const symbol = LATEX_FOR_CHARACTER.get(character) ?? character;
  return { latex: position === "top" ? `\\overset{${symbol}}{${body}}` : `\\underset{${symbol}}{${body}}`, atomic: true };
}

function convertLimit(element: XmlElement, context: Context, position: "low" | "upp"): Converted {
  const bodyElement = firstChild(element, "m:e");
  const body = convertSequence(bodyElement, context);
  const limit = convertSequence(firstChild(element, "m:lim"), { ...context, functionName: false }).latex;
  const script = position === "low" ? "_" : "^";
  const brace = onlyChild(bodyElement, "m:groupChr");
  const isOperatorName = /^\\(lim|max|min|sup|inf|limsup|liminf|det|gcd|Pr)$/.test(body.latex);
  if (isOperatorName || brace) return { latex: `${body.latex}${script}{${limit}}`, atomic: false };
  return { latex: `\\${position === "low" ? "underset" : "overset"}{${limit}}{${body.latex}}`, atomic: true };
}

/** Structures whose base (m:e) is still part of a function name: "log" in log₂, "lim" in lim below x→0. */
const NAME_BASES = new Set(["m:sSub", "m:sSup", "m:sSubSup", "m:limLow", "m:limUpp"]);

function convertElement(element: XmlElement, context: Context): Converted | null {
  // Only the name itself is upright: scripts, limits and arguments inside it are ordinary math.
  const inner = context.functionName ? { ...context, functionName: false } : context;
  const argument = (name: string) =>
    convertSequence(firstChild(element, name), name === "m:e" && NAME_BASES.has(element.name) ? context : inner);
  switch (element.name) {
    case "m:r":
      return convertRun(element, context);
    case "w:r":
      return convertWordRun(element);
    case "m:f": {
      const type = childValue(firstChild(element, "m:fPr"), "m:type");
      const numerator = argument("m:num");
      const denominator = argument("m:den");
      if (type === "lin" || type === "skw") return { latex: `${base(numerator)}/${base(denominator)}`, atomic: false };
      if (type === "noBar") return { latex: `\\genfrac{}{}{0pt}{}{${numerator.latex}}{${denominator.latex}}`, atomic: true };
      return { latex: `\\frac{${numerator.latex}}{${denominator.latex}}`, atomic: true };
    }
    case "m:sSup": {
      const superscript = argument("m:sup").latex;
      const body = base(argument("m:e"));
      return {
        latex: /^'+$/.test(superscript) ? `${body}${superscript}` : `${body}^${scriptArgument(superscript)}`,
        atomic: false,
      };
    }
    case "m:sSub":
      return { latex: `${base(argument("m:e"))}_${scriptArgument(argument("m:sub").latex)}`, atomic: false };
    case "m:sSubSup":
      return {
        latex: `${base(argument("m:e"))}_${scriptArgument(argument("m:sub").latex)}^${scriptArgument(argument("m:sup").latex)}`,
        atomic: false,
      };
    case "m:sPre":
      return {
        latex: joinLatex([
          `{}_${scriptArgument(argument("m:sub").latex)}^${scriptArgument(argument("m:sup").latex)}`,
          base(argument("m:e")),
        ]),
        atomic: false,
      };
    case "m:rad": {
      const degree = isTrue(childValue(firstChild(element, "m:radPr"), "m:degHide")) ? "" : argument("m:deg").latex;
      return { latex: `\\sqrt${degree ? `[${degree}]` : ""}{${argument("m:e").latex}}`, atomic: true };
    }
    case "m:nary":
      return convertNary(element, inner);
    case "m:d":
      return convertDelimiter(element, inner);
    case "m:func": {
      const name = convertSequence(firstChild(element, "m:fName"), { ...context, functionName: true }).latex;
      return { latex: joinLatex([name, argument("m:e").latex]), atomic: false };
    }
    case "m:limLow":
      return convertLimit(element, context, "low");
    case "m:limUpp":
      return convertLimit(element, context, "upp");
    case "m:acc":
      return convertAccent(element, inner);
    case "m:bar": {
      const position = childValue(firstChild(element, "m:barPr"), "m:pos") || "bot";
      return { latex: `\\${position === "top" ? "overline" : "underline"}{${argument("m:e").latex}}`, atomic: true };
    }
    case "m:m":
      return { latex: environment("matrix", matrixRows(element)), atomic: true };
    case "m:eqArr": {
      const rows = equationRows(element);
      return {
        latex: rows.some((row) => row.includes("&")) ? environment("aligned", rows) : environment("array", rows, "{l}"),
        atomic: true,
      };
    }
    case "m:borderBox":
      return { latex: `\\boxed{${argument("m:e").latex}}`, atomic: true };
    case "m:groupChr":
      return convertGroupCharacter(element, inner);
    case "m:box":
    case "m:phant":
      return argument("m:e");
    case "w:del":
    case "w:moveFrom":
    case "w:bookmarkStart":
    case "w:bookmarkEnd":
    case "w:proofErr":
      return null;
    default:
      // Property elements carry no content; wrappers (w:ins, w:smartTag, m:oMath …) pass their content through.
      return element.name.endsWith("Pr") ? null : convertSequence(element, context);
  }
}

/**
 * Converts a Word equation element (`m:oMath`, or `m:oMathPara` holding one or more of them) to
 * LaTeX. Covers runs (with Greek and operator symbols, upright/normal text, double-struck …),
 * fractions, scripts, radicals, n-ary operators, delimiters (matrices, cases, binomials), functions,
 * limits, accents, bars, matrices, equation arrays and boxes. Returns "" for an empty equation.
 */
export function ommlToLatex(element: XmlElement): string {
  if (element.name === "m:oMathPara") {
    const equations = childElements(element, "m:oMath")
      .map((equation) => convertSequence(equation, TOP).latex)
      .filter((latex) => latex !== "");
    return equations.length > 1 ? environment("gathered", equations) : (equations[0] ?? "");
  }
  return convertSequence(element, TOP).latex.trim();
}

/** {@link ommlToLatex} for OMML given as XML text (tests, clipboard); the `m:` prefix need not be declared. */
export function ommlXmlToLatex(xml: string): string {
  const [root] = parseXml(xml);
  return root ? ommlToLatex(root) : "";
}
