import { ACCENTS, CHARACTER_FOR_COMMAND, FUNCTION_NAMES, NARY_OPERATORS, SPACE_FOR_COMMAND } from "./math-symbols.server";
import { escapeXml } from "./ooxml.server";

/**
 * LaTeX (as teachers type it in the editor, rendered by KaTeX) → Word equations (OMML), so an
 * exported test holds real equations a teacher can edit in Word. A small parser for the math
 * LaTeX of school subjects: fractions, scripts, roots, sums and integrals, \left…\right, matrices,
 * cases and aligned environments, accents and bars, functions and limits, text and font commands,
 * symbols. Anything it does not know is kept as visible text rather than dropped.
 */

type RunStyle = "italic" | "plain" | "normal" | "bold" | "boldItalic" | "script" | "fraktur" | "doubleStruck" | "sans" | "mono";

type MathNode =
  | { kind: "text"; text: string; style: RunStyle }
  | { kind: "group"; body: MathNode[] }
  | { kind: "fraction"; numerator: MathNode[]; denominator: MathNode[]; type: "bar" | "noBar" }
  | { kind: "scripts"; base: MathNode[]; sub: MathNode[] | null; sup: MathNode[] | null }
  | { kind: "radical"; degree: MathNode[] | null; body: MathNode[] }
  | { kind: "nary"; character: string; sub: MathNode[] | null; sup: MathNode[] | null; body: MathNode[] }
  | { kind: "delimiter"; open: string; close: string; separator: string; items: MathNode[][] }
  | { kind: "limit"; position: "low" | "upp"; body: MathNode[]; limit: MathNode[] }
  | { kind: "function"; name: MathNode[]; argument: MathNode[] }
  | { kind: "accent"; character: string; body: MathNode[] }
  | { kind: "bar"; position: "top" | "bot"; body: MathNode[] }
  | { kind: "matrix"; rows: MathNode[][][] }
  | { kind: "equationArray"; rows: MathNode[][] }
  | { kind: "borderBox"; body: MathNode[] }
  | { kind: "groupCharacter"; character: string; position: "top" | "bot"; body: MathNode[] };

const text = (value: string, style: RunStyle = "italic"): MathNode => ({ kind: "text", text: value, style });

const STYLE_FOR_COMMAND: Record<string, RunStyle> = {
  "\\mathrm": "plain",
  "\\operatorname": "plain",
  "\\mathit": "italic",
  "\\mathbf": "bold",
  "\\boldsymbol": "boldItalic",
  "\\bm": "boldItalic",
  "\\mathbb": "doubleStruck",
  "\\mathcal": "script",
  "\\mathscr": "script",
  "\\mathfrak": "fraktur",
  "\\mathsf": "sans",
  "\\mathtt": "mono",
};

const TEXT_COMMANDS = new Set(["\\text", "\\textrm", "\\textnormal", "\\textit", "\\textbf", "\\mbox", "\\hbox", "\\textup"]);

const ACCENT_FOR_COMMAND: ReadonlyMap<string, string> = new Map(
  ACCENTS.flatMap((accent) => [
    [accent.narrow, accent.character],
    [accent.wide, accent.character],
  ]),
);

const NARY_FOR_COMMAND: ReadonlyMap<string, string> = new Map(
  [...NARY_OPERATORS].map(([character, { command }]) => [command, character]),
);

/** Commands that only change size or spacing style in LaTeX and have no counterpart in an OMML run. */
const IGNORED_COMMANDS = new Set([
  "\\displaystyle",
  "\\textstyle",
  "\\scriptstyle",
  "\\scriptscriptstyle",
  "\\limits",
  "\\nolimits",
  "\\hline",
  "\\!",
  "\\nonumber",
  "\\notag",
]);

const SIZE_COMMANDS = /^\\(big|Big|bigg|Bigg)[lrm]?$/;

const DELIMITER_COMMANDS: ReadonlyMap<string, string> = new Map([
  ["\\{", "{"],
  ["\\}", "}"],
  ["\\lbrace", "{"],
  ["\\rbrace", "}"],
  ["\\langle", "⟨"],
  ["\\rangle", "⟩"],
  ["\\lvert", "|"],
  ["\\rvert", "|"],
  ["\\vert", "|"],
  ["\\lVert", "‖"],
  ["\\rVert", "‖"],
  ["\\Vert", "‖"],
  ["\\|", "‖"],
  ["\\lfloor", "⌊"],
  ["\\rfloor", "⌋"],
  ["\\lceil", "⌈"],
  ["\\rceil", "⌉"],
  ["\\lbrack", "["],
  ["\\rbrack", "]"],
]);

const NEGATIONS: ReadonlyMap<string, string> = new Map([
  ["=", "≠"],
  ["∈", "∉"],
  ["⊂", "⊄"],
  ["∃", "∄"],
  ["∣", "∤"],
]);

/** Characters at which the body of a sum or integral ends (relations and separators). */
const NARY_BODY_END = new Set(["=", "<", ">", "≤", "≥", "⩽", "⩾", "≠", "≈", "≡", ",", ";", "→", "⇒", "⇔", "⟹", "⟺"]);

/** Operator names after which `_` puts the limit underneath (\lim_{x\to 0}). */
const LIMIT_OPERATORS = new Set(["lim", "max", "min", "sup", "inf", "limsup", "liminf", "det", "gcd", "Pr"]);

const TEXT_UNESCAPES: ReadonlyMap<string, string> = new Map([
  ["\\textbackslash{}", "\\"],
  ["\\textasciicircum{}", "^"],
  ["\\textasciitilde{}", "~"],
  ["\\%", "%"],
  ["\\&", "&"],
  ["\\_", "_"],
  ["\\{", "{"],
  ["\\}", "}"],
  ["\\#", "#"],
  ["\\$", "$"],
]);

class LatexParser {
  private position = 0;

  constructor(private readonly source: string) {}

  private skipSpaces() {
    while (this.position < this.source.length && /\s/.test(this.source[this.position]!)) this.position++;
  }

  private readToken(consume: boolean): string | null {
    this.skipSpaces();
    if (this.position >= this.source.length) return null;
    const start = this.position;
    let end = start + 1;
    if (this.source[start] === "\\") {
      if (/[A-Za-z]/.test(this.source[start + 1] ?? "")) {
        while (end < this.source.length && /[A-Za-z]/.test(this.source[end]!)) end++;
        if (this.source[end] === "*") end++;
      } else end = Math.min(start + 2, this.source.length);
    } else {
      // Keep surrogate pairs together.
      end = start + String.fromCodePoint(this.source.codePointAt(start)!).length;
    }
    if (consume) this.position = end;
    return this.source.slice(start, end);
  }

  private peek = () => this.readToken(false);
  private next = () => this.readToken(true);

  /** The raw text of a braced argument (for \text and \begin names), braces balanced. */
  private readRawGroup(): string {
    this.skipSpaces();
    if (this.source[this.position] !== "{") return this.next() ?? "";
    let depth = 0;
    const start = this.position + 1;
    for (; this.position < this.source.length; this.position++) {
      const character = this.source[this.position];
      if (character === "\\") this.position++;
      else if (character === "{") depth++;
      else if (character === "}" && --depth === 0) break;
    }
    const raw = this.source.slice(start, this.position);
    this.position++;
    return raw;
  }

  private skipOptionalArgument() {
    this.skipSpaces();
    if (this.source[this.position] === "[") {
      const end = this.source.indexOf("]", this.position);
      this.position = end < 0 ? this.source.length : end + 1;
    }
  }

  /** Nodes until one of `terminators` (not consumed) or the end. */
  parseList(terminators: ReadonlySet<string>): MathNode[] {
    const nodes: MathNode[] = [];
    for (let token = this.peek(); token !== null && !terminators.has(token); token = this.peek()) {
      if (token === "^" || token === "_") {
        this.next();
        attachScript(nodes, token, this.parseArgument());
      } else if (token === "'") {
        this.next();
        nodes.push(text("′"));
      } else {
        const node = this.parsePrimary();
        if (node) nodes.push(node);
      }
    }
    return groupOperands(nodes);
  }

  private parseGroupBody(): MathNode[] {
    const body = this.parseList(new Set(["}"]));
    this.next();
    return body;
  }

  /** A braced group or a single token, as after ^, \frac or \sqrt. */
  parseArgument(): MathNode[] {
    if (this.peek() === "{") {
      this.next();
      return this.parseGroupBody();
    }
    const node = this.parsePrimary();
    return node ? [node] : [];
  }

  /** The delimiter after \left, \right, \middle or \big: a character, or "" for `.`. */
  private readDelimiter(): string {
    const token = this.next() ?? ".";
    if (token === ".") return "";
    return DELIMITER_COMMANDS.get(token) ?? CHARACTER_FOR_COMMAND.get(token) ?? token;
  }

  private parseLeftRight(): MathNode {
    const open = this.readDelimiter();
    const items: MathNode[][] = [];
    let separator = "|";
    const terminators = new Set(["\\right", "\\middle"]);
    for (;;) {
      items.push(this.parseList(terminators));
      const token = this.next();
      if (token !== "\\middle") {
        const close = token === "\\right" ? this.readDelimiter() : "";
        return { kind: "delimiter", open, close, separator, items };
      }
      separator = this.readDelimiter() || "|";
    }
  }

  private parseEnvironment(): MathNode {
    const name = this.readRawGroup().trim();
    let columns = 0;
    if (name === "array" || name === "subarray" || name === "alignat" || name === "alignat*") {
      const spec = this.readRawGroup();
      columns = spec.replace(/[^lcr]/g, "").length;
    }
    const rows: MathNode[][][] = [[]];
    const terminators = new Set(["&", "\\\\", "\\cr", "\\end"]);
    for (;;) {
      rows.at(-1)!.push(this.parseList(terminators));
      const token = this.next();
      if (token === "&") continue;
      if (token === "\\\\" || token === "\\cr") {
        this.skipOptionalArgument();
        rows.push([]);
        continue;
      }
      if (token === "\\end") this.readRawGroup();
      break;
    }
    const last = rows.at(-1)!;
    if (rows.length > 1 && last.length === 1 && last[0]!.length === 0) rows.pop();
    const equationRows = () => rows.map((cells) => cells.flatMap((cell, index) => (index === 0 ? cell : [text("&"), ...cell])));
    const matrix: MathNode = { kind: "matrix", rows };
    const inDelimiters = (open: string, close: string, body: MathNode): MathNode => ({
      kind: "delimiter",
      open,
      close,
      separator: "|",
      items: [[body]],
    });
    switch (name) {
      case "matrix":
      case "smallmatrix":
        return matrix;
      case "pmatrix":
        return inDelimiters("(", ")", matrix);
      case "bmatrix":
        return inDelimiters("[", "]", matrix);
      case "Bmatrix":
        return inDelimiters("{", "}", matrix);
      case "vmatrix":
        return inDelimiters("|", "|", matrix);
      case "Vmatrix":
        return inDelimiters("‖", "‖", matrix);
      case "cases":
      case "dcases":
        return inDelimiters("{", "", { kind: "equationArray", rows: equationRows() });
      case "rcases":
        return inDelimiters("", "}", { kind: "equationArray", rows: equationRows() });
      case "array":
      case "subarray":
        return columns > 1 ? matrix : { kind: "equationArray", rows: equationRows() };
      default:
        // aligned, align, gathered, split, eqnarray …: rows, with & kept as alignment points.
        return { kind: "equationArray", rows: equationRows() };
    }
  }

  private parseCommand(command: string): MathNode | null {
    if (command === "\\frac" || command === "\\dfrac" || command === "\\tfrac" || command === "\\cfrac")
      return { kind: "fraction", numerator: this.parseArgument(), denominator: this.parseArgument(), type: "bar" };
    if (command === "\\binom" || command === "\\dbinom" || command === "\\tbinom") {
      const fraction: MathNode = {
        kind: "fraction",
        numerator: this.parseArgument(),
        denominator: this.parseArgument(),
        type: "noBar",
      };
      return { kind: "delimiter", open: "(", close: ")", separator: "|", items: [[fraction]] };
    }
    if (command === "\\genfrac") {
      const open = this.readRawGroup();
      const close = this.readRawGroup();
      const thickness = this.readRawGroup();
      this.readRawGroup();
      const type = /^\s*0/.test(thickness) ? "noBar" : "bar";
      const fraction: MathNode = { kind: "fraction", numerator: this.parseArgument(), denominator: this.parseArgument(), type };
      if (!open && !close) return fraction;
      const delimiter = (raw: string) => DELIMITER_COMMANDS.get(raw) ?? (raw === "." ? "" : raw);
      return { kind: "delimiter", open: delimiter(open), close: delimiter(close), separator: "|", items: [[fraction]] };
    }
    if (command === "\\sqrt") {
      let degree: MathNode[] | null = null;
      if (this.peek() === "[") {
        this.next();
        degree = this.parseList(new Set(["]"]));
        this.next();
      }
      return { kind: "radical", degree, body: this.parseArgument() };
    }
    if (command === "\\left") return this.parseLeftRight();
    if (command === "\\right" || command === "\\middle" || SIZE_COMMANDS.test(command)) {
      const delimiter = this.readDelimiter();
      return delimiter ? text(delimiter) : null;
    }
    if (command === "\\begin") return this.parseEnvironment();
    if (TEXT_COMMANDS.has(command)) {
      let raw = this.readRawGroup();
      for (const [escaped, character] of TEXT_UNESCAPES) raw = raw.split(escaped).join(character);
      return raw ? text(raw, "normal") : null;
    }
    const style = STYLE_FOR_COMMAND[command.replace(/\*$/, "")];
    if (style) return { kind: "group", body: styled(this.parseArgument(), style) };
    if (FUNCTION_NAMES.has(command.slice(1))) return text(command.slice(1), "plain");
    const nary = NARY_FOR_COMMAND.get(command);
    if (nary) return { kind: "nary", character: nary, sub: null, sup: null, body: [] };
    const accent = ACCENT_FOR_COMMAND.get(command);
    if (accent) return { kind: "accent", character: accent, body: this.parseArgument() };
    if (command === "\\overline" || command === "\\underline")
      return { kind: "bar", position: command === "\\overline" ? "top" : "bot", body: this.parseArgument() };
    if (command === "\\overbrace" || command === "\\underbrace") {
      const top = command === "\\overbrace";
      return {
        kind: "groupCharacter",
        character: top ? "\u23de" : "\u23df",
        position: top ? "top" : "bot",
        body: this.parseArgument(),
      };
    }
    if (command === "\\overset" || command === "\\stackrel" || command === "\\underset") {
      const limit = this.parseArgument();
      return { kind: "limit", position: command === "\\underset" ? "low" : "upp", body: this.parseArgument(), limit };
    }
    if (command === "\\xrightarrow" || command === "\\xleftarrow") {
      this.skipOptionalArgument();
      return {
        kind: "limit",
        position: "upp",
        body: [text(command === "\\xrightarrow" ? "→" : "←")],
        limit: this.parseArgument(),
      };
    }
    if (command === "\\boxed" || command === "\\fbox") return { kind: "borderBox", body: this.parseArgument() };
    if (command === "\\not") {
      const negated = this.parsePrimary();
      const character = negated?.kind === "text" ? negated.text : "";
      return text(NEGATIONS.get(character) ?? `${character}\u0338`);
    }
    if (command === "\\color" || command === "\\hspace" || command === "\\vspace" || command === "\\phantom") {
      this.readRawGroup();
      return null;
    }
    if (command === "\\textcolor") {
      this.readRawGroup();
      return { kind: "group", body: this.parseArgument() };
    }
    if (command === "\\pmod")
      return { kind: "group", body: [text("("), text("mod", "plain"), ...this.parseArgument(), text(")")] };
    if (command === "\\bmod" || command === "\\mod") return text("mod", "plain");
    if (command === "\\degree") return { kind: "scripts", base: [], sub: null, sup: [text("∘")] };
    if (IGNORED_COMMANDS.has(command)) return null;
    const space = SPACE_FOR_COMMAND.get(command);
    if (space) return text(space);
    const character = CHARACTER_FOR_COMMAND.get(command) ?? DELIMITER_COMMANDS.get(command);
    if (character) return text(character);
    if (/^\\[%#&$_]$/.test(command)) return text(command.slice(1));
    // Unknown: kept visible so nothing is silently lost.
    return text(command, "normal");
  }

  parsePrimary(): MathNode | null {
    const token = this.next();
    if (token === null) return null;
    if (token === "{") return { kind: "group", body: this.parseGroupBody() };
    if (token === "}" || token === "&" || token === "\\\\") return null;
    if (token.startsWith("\\") && token.length > 1) return this.parseCommand(token);
    if (token === "~") return text("\u00a0");
    if (token === "-") return text("−");
    return text(token);
  }
}

function styled(nodes: MathNode[], style: RunStyle): MathNode[] {
  // A styled word is one run, so "cm" or "sgn" stays one word in Word.
  const merged: MathNode[] = [];
  for (const node of nodes) {
    const previous = merged.at(-1);
    if (node.kind === "text" && (node.style === "italic" || node.style === "plain")) {
      if (previous?.kind === "text" && previous.style === style) previous.text += node.text;
      else merged.push(text(node.text, style));
    } else if (node.kind === "group") merged.push({ kind: "group", body: styled(node.body, style) });
    else merged.push(node);
  }
  return merged;
}

function attachScript(nodes: MathNode[], token: "^" | "_", argument: MathNode[]) {
  const slot = token === "^" ? "sup" : "sub";
  const previous = nodes.at(-1);
  // Bodies of sums are grouped only when the list is complete, so a sum still takes its limits here.
  if ((previous?.kind === "scripts" || previous?.kind === "nary") && previous[slot] === null) {
    previous[slot] = argument;
    return;
  }
  if (previous?.kind === "text" && previous.style === "plain" && LIMIT_OPERATORS.has(previous.text) && token === "_") {
    nodes[nodes.length - 1] = { kind: "limit", position: "low", body: [previous], limit: argument };
    return;
  }
  if (previous?.kind === "groupCharacter" && (previous.position === "bot") === (token === "_")) {
    nodes[nodes.length - 1] = { kind: "limit", position: token === "_" ? "low" : "upp", body: [previous], limit: argument };
    return;
  }
  // A number is one base: 10^{-3} raises 10, not its last digit.
  let start = nodes.length - (previous ? 1 : 0);
  if (isDigit(previous)) while (isDigit(nodes[start - 1])) start--;
  const taken = nodes.splice(start);
  const base = taken.length === 1 && taken[0]!.kind === "group" ? taken[0]!.body : taken;
  nodes.push({ kind: "scripts", base, sub: slot === "sub" ? argument : null, sup: slot === "sup" ? argument : null });
}

const isDigit = (node: MathNode | undefined) => node?.kind === "text" && node.style === "italic" && /^\d$/.test(node.text);

/** \sin, \log_2, \lim_{x\to 0}: an operator name, alone or with its scripts or limit. */
function isFunctionName(node: MathNode): boolean {
  const name = node.kind === "scripts" || node.kind === "limit" ? (node.kind === "scripts" ? node.base : node.body) : [node];
  const [only] = name;
  return name.length === 1 && only!.kind === "text" && only!.style === "plain" && FUNCTION_NAMES.has(only!.text);
}

/** Where the operand of a function starting at `from` ends: one atom, or a bracketed group "(…)". */
function operandEnd(nodes: readonly MathNode[], from: number): number {
  const first = nodes[from];
  if (!first || (first.kind === "text" && (NARY_BODY_END.has(first.text) || /^[+−*/)\]]$/.test(first.text)))) return from;
  if (first.kind !== "text" || !/^[([]$/.test(first.text)) return from + 1;
  let depth = 0;
  for (let index = from; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (node.kind === "text" && /^[([]$/.test(node.text)) depth++;
    if (node.kind === "text" && /^[)\]]$/.test(node.text) && --depth === 0) return index + 1;
  }
  return nodes.length;
}

/**
 * Gives operators their operands as Word structures them: ∑/∫ keep everything after them up to a
 * relation or a comma; a function (sin, log₂, lim below x→0) takes the next atom or bracketed group.
 */
function groupOperands(nodes: MathNode[]): MathNode[] {
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (node.kind === "nary" && node.body.length === 0) {
      let end = index + 1;
      while (end < nodes.length) {
        const candidate = nodes[end]!;
        if (candidate.kind === "text" && NARY_BODY_END.has(candidate.text)) break;
        end++;
      }
      node.body = groupOperands(nodes.splice(index + 1, end - index - 1));
    } else if (isFunctionName(node)) {
      const end = operandEnd(nodes, index + 1);
      if (end > index + 1) {
        const argument = groupOperands(nodes.slice(index + 1, end));
        nodes.splice(index, end - index, { kind: "function", name: [node], argument });
      }
    }
  }
  return nodes;
}

// ---- Writing OMML -----------------------------------------------------------------------------

const RUN_FONT = '<w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr>';

const RUN_PROPERTIES: Record<RunStyle, string> = {
  italic: "",
  plain: '<m:rPr><m:sty m:val="p"/></m:rPr>',
  normal: "<m:rPr><m:nor/></m:rPr>",
  bold: '<m:rPr><m:sty m:val="b"/></m:rPr>',
  boldItalic: '<m:rPr><m:sty m:val="bi"/></m:rPr>',
  script: '<m:rPr><m:scr m:val="script"/><m:sty m:val="p"/></m:rPr>',
  fraktur: '<m:rPr><m:scr m:val="fraktur"/><m:sty m:val="p"/></m:rPr>',
  doubleStruck: '<m:rPr><m:scr m:val="double-struck"/><m:sty m:val="p"/></m:rPr>',
  sans: '<m:rPr><m:scr m:val="sans-serif"/><m:sty m:val="p"/></m:rPr>',
  mono: '<m:rPr><m:scr m:val="monospace"/><m:sty m:val="p"/></m:rPr>',
};

const value = (element: string, attribute: string) => `<m:${element} m:val="${escapeXml(attribute)}"/>`;

function run(content: string, style: RunStyle): string {
  return `<m:r>${RUN_PROPERTIES[style]}${RUN_FONT}<m:t xml:space="preserve">${escapeXml(content)}</m:t></m:r>`;
}

/** Groups flattened, so neighbouring italic characters become one run ("x+1"). */
function flatten(nodes: readonly MathNode[]): MathNode[] {
  return nodes.flatMap((node) => (node.kind === "group" ? flatten(node.body) : [node]));
}

function writeNodes(nodes: readonly MathNode[]): string {
  let xml = "";
  let pending = "";
  for (const node of flatten(nodes)) {
    if (node.kind === "text" && node.style === "italic") {
      pending += node.text;
      continue;
    }
    if (pending) xml += run(pending, "italic");
    pending = "";
    xml += writeNode(node);
  }
  if (pending) xml += run(pending, "italic");
  return xml;
}

const argument = (name: string, nodes: readonly MathNode[] | null) => `<m:${name}>${nodes ? writeNodes(nodes) : ""}</m:${name}>`;

function writeNode(node: MathNode): string {
  switch (node.kind) {
    case "text":
      return run(node.text, node.style);
    case "group":
      return writeNodes(node.body);
    case "fraction":
      return `<m:f>${node.type === "noBar" ? `<m:fPr>${value("type", "noBar")}</m:fPr>` : ""}${argument("num", node.numerator)}${argument("den", node.denominator)}</m:f>`;
    case "scripts": {
      const body = argument("e", node.base);
      if (node.sub && node.sup) return `<m:sSubSup>${body}${argument("sub", node.sub)}${argument("sup", node.sup)}</m:sSubSup>`;
      if (node.sup) return `<m:sSup>${body}${argument("sup", node.sup)}</m:sSup>`;
      return `<m:sSub>${body}${argument("sub", node.sub)}</m:sSub>`;
    }
    case "radical":
      return `<m:rad>${node.degree ? "" : `<m:radPr>${value("degHide", "1")}</m:radPr>`}${argument("deg", node.degree)}${argument("e", node.body)}</m:rad>`;
    case "nary": {
      const limits = NARY_OPERATORS.get(node.character)?.limits ?? "undOvr";
      const properties = `${value("chr", node.character)}${value("limLoc", limits)}${node.sub ? "" : value("subHide", "1")}${node.sup ? "" : value("supHide", "1")}`;
      return `<m:nary><m:naryPr>${properties}</m:naryPr>${argument("sub", node.sub)}${argument("sup", node.sup)}${argument("e", node.body)}</m:nary>`;
    }
    case "delimiter": {
      const separator = node.items.length > 1 ? value("sepChr", node.separator) : "";
      const properties = `${value("begChr", node.open)}${separator}${value("endChr", node.close)}`;
      return `<m:d><m:dPr>${properties}</m:dPr>${node.items.map((item) => argument("e", item)).join("")}</m:d>`;
    }
    case "function":
      return `<m:func>${argument("fName", node.name)}${argument("e", node.argument)}</m:func>`;
    case "limit": {
      const name = node.position === "low" ? "limLow" : "limUpp";
      return `<m:${name}>${argument("e", node.body)}${argument("lim", node.limit)}</m:${name}>`;
    }
    case "accent":
      return `<m:acc><m:accPr>${value("chr", node.character)}</m:accPr>${argument("e", node.body)}</m:acc>`;
    case "bar":
      return `<m:bar><m:barPr>${value("pos", node.position)}</m:barPr>${argument("e", node.body)}</m:bar>`;
    case "matrix": {
      const columns = Math.max(1, ...node.rows.map((row) => row.length));
      const properties = `<m:mPr><m:mcs><m:mc><m:mcPr>${value("count", String(columns))}${value("mcJc", "center")}</m:mcPr></m:mc></m:mcs></m:mPr>`;
      const rows = node.rows.map(
        (row) => `<m:mr>${Array.from({ length: columns }, (_, column) => argument("e", row[column] ?? [])).join("")}</m:mr>`,
      );
      return `<m:m>${properties}${rows.join("")}</m:m>`;
    }
    case "equationArray":
      return `<m:eqArr>${node.rows.map((row) => argument("e", row)).join("")}</m:eqArr>`;
    case "borderBox":
      return `<m:borderBox>${argument("e", node.body)}</m:borderBox>`;
    case "groupCharacter":
      return `<m:groupChr><m:groupChrPr>${value("chr", node.character)}${value("pos", node.position)}${value("vertJc", node.position === "bot" ? "top" : "bot")}</m:groupChrPr>${argument("e", node.body)}</m:groupChr>`;
  }
}

/**
 * Converts LaTeX to a Word equation: `<m:oMath>…</m:oMath>` to put inside a `w:p`, or with
 * `display: true` an `<m:oMathPara>` that is the whole paragraph. The `m:` and `w:` prefixes must be
 * declared by the enclosing document.
 */
export function latexToOmml(latex: string, options: { display?: boolean } = {}): string {
  const equation = `<m:oMath>${writeNodes(new LatexParser(latex).parseList(new Set()))}</m:oMath>`;
  return options.display ? `<m:oMathPara>${equation}</m:oMathPara>` : equation;
}
