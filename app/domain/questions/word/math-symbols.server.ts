/**
 * The vocabulary shared by the two equation converters (OMML → LaTeX on import, LaTeX → OMML on
 * export): which Unicode character Word stores for each LaTeX command. The first command of a row
 * is the one the importer writes, so a formula exported and imported again comes back the same.
 */

/** [character, canonical command, …other commands that mean the same character]. */
const SYMBOL_ROWS: readonly (readonly [string, string, ...string[]])[] = [
  // Greek, lower case (ε/ϵ and φ/ϕ as Word's \varepsilon/\epsilon and \varphi/\phi).
  ["α", "\\alpha"],
  ["β", "\\beta"],
  ["γ", "\\gamma"],
  ["δ", "\\delta"],
  ["ε", "\\varepsilon"],
  ["ϵ", "\\epsilon"],
  ["ζ", "\\zeta"],
  ["η", "\\eta"],
  ["θ", "\\theta"],
  ["ϑ", "\\vartheta"],
  ["ι", "\\iota"],
  ["κ", "\\kappa"],
  ["λ", "\\lambda"],
  ["μ", "\\mu"],
  ["ν", "\\nu"],
  ["ξ", "\\xi"],
  ["π", "\\pi"],
  ["ϖ", "\\varpi"],
  ["ρ", "\\rho"],
  ["ϱ", "\\varrho"],
  ["σ", "\\sigma"],
  ["ς", "\\varsigma"],
  ["τ", "\\tau"],
  ["υ", "\\upsilon"],
  ["φ", "\\varphi"],
  ["ϕ", "\\phi"],
  ["χ", "\\chi"],
  ["ψ", "\\psi"],
  ["ω", "\\omega"],
  // Greek, upper case (those that differ from Latin letters).
  ["Γ", "\\Gamma"],
  ["Δ", "\\Delta"],
  ["Θ", "\\Theta"],
  ["Λ", "\\Lambda"],
  ["Ξ", "\\Xi"],
  ["Π", "\\Pi"],
  ["Σ", "\\Sigma"],
  ["Υ", "\\Upsilon"],
  ["Φ", "\\Phi"],
  ["Ψ", "\\Psi"],
  ["Ω", "\\Omega"],
  // Relations.
  ["≤", "\\le", "\\leq"],
  ["≥", "\\ge", "\\geq"],
  ["⩽", "\\leqslant"],
  ["⩾", "\\geqslant"],
  ["≠", "\\ne", "\\neq"],
  ["≈", "\\approx"],
  ["≡", "\\equiv"],
  ["∼", "\\sim"],
  ["≃", "\\simeq"],
  ["≅", "\\cong"],
  ["∝", "\\propto"],
  ["≪", "\\ll"],
  ["≫", "\\gg"],
  ["∈", "\\in"],
  ["∉", "\\notin"],
  ["∋", "\\ni"],
  ["⊂", "\\subset"],
  ["⊃", "\\supset"],
  ["⊆", "\\subseteq"],
  ["⊇", "\\supseteq"],
  ["⊄", "\\not\\subset"],
  ["⊥", "\\perp"],
  ["∥", "\\parallel"],
  ["∣", "\\mid"],
  ["∤", "\\nmid"],
  // Operators.
  ["±", "\\pm"],
  ["∓", "\\mp"],
  ["×", "\\times"],
  ["÷", "\\div"],
  ["⋅", "\\cdot"],
  ["∘", "\\circ"],
  ["∙", "\\bullet"],
  ["∗", "\\ast"],
  ["⋆", "\\star"],
  ["∪", "\\cup"],
  ["∩", "\\cap"],
  ["∖", "\\setminus"],
  ["∧", "\\wedge", "\\land"],
  ["∨", "\\vee", "\\lor"],
  ["¬", "\\neg", "\\lnot"],
  ["⊕", "\\oplus"],
  ["⊗", "\\otimes"],
  // Arrows.
  ["→", "\\to", "\\rightarrow"],
  ["←", "\\leftarrow", "\\gets"],
  ["↔", "\\leftrightarrow"],
  ["⇒", "\\Rightarrow"],
  ["⇐", "\\Leftarrow"],
  ["⇔", "\\Leftrightarrow"],
  ["⟶", "\\longrightarrow"],
  ["⟹", "\\Longrightarrow", "\\implies"],
  ["⟺", "\\Longleftrightarrow", "\\iff"],
  ["↦", "\\mapsto"],
  ["↑", "\\uparrow"],
  ["↓", "\\downarrow"],
  // Miscellaneous.
  ["∞", "\\infty"],
  ["∅", "\\emptyset", "\\varnothing"],
  ["∀", "\\forall"],
  ["∃", "\\exists"],
  ["∄", "\\nexists"],
  ["∂", "\\partial"],
  ["∇", "\\nabla"],
  ["∠", "\\angle"],
  ["∡", "\\measuredangle"],
  ["△", "\\triangle"],
  ["□", "\\square"],
  ["∴", "\\therefore"],
  ["∵", "\\because"],
  ["…", "\\ldots", "\\dots"],
  ["⋯", "\\cdots"],
  ["⋮", "\\vdots"],
  ["⋱", "\\ddots"],
  ["′", "'", "\\prime"],
  ["ℓ", "\\ell"],
  ["ℏ", "\\hbar"],
  ["ℵ", "\\aleph"],
  ["⟨", "\\langle"],
  ["⟩", "\\rangle"],
  ["⌊", "\\lfloor"],
  ["⌋", "\\rfloor"],
  ["⌈", "\\lceil"],
  ["⌉", "\\rceil"],
  ["‖", "\\|", "\\Vert"],
  // Number sets Word stores as one character.
  ["ℕ", "\\mathbb{N}"],
  ["ℤ", "\\mathbb{Z}"],
  ["ℚ", "\\mathbb{Q}"],
  ["ℝ", "\\mathbb{R}"],
  ["ℂ", "\\mathbb{C}"],
  // Large operators written inside a run rather than as an n-ary structure.
  ["∑", "\\sum"],
  ["∏", "\\prod"],
  ["∐", "\\coprod"],
  ["∫", "\\int"],
  ["∬", "\\iint"],
  ["∭", "\\iiint"],
  ["∮", "\\oint"],
  ["⋃", "\\bigcup"],
  ["⋂", "\\bigcap"],
];

/** Character → the command the importer writes. */
export const LATEX_FOR_CHARACTER: ReadonlyMap<string, string> = new Map(
  SYMBOL_ROWS.map(([character, command]) => [character, command]),
);

/** Command (without arguments) → the character the exporter writes. */
export const CHARACTER_FOR_COMMAND: ReadonlyMap<string, string> = new Map(
  SYMBOL_ROWS.flatMap(([character, ...commands]) => commands.map((command) => [command, character] as const)),
);

/** Other characters Word or pasted text use for the same thing. */
export const EQUIVALENT_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["−", "-"], // minus sign
  ["∆", "Δ"], // increment
  ["·", "⋅"], // middle dot
  ["〈", "⟨"],
  ["〉", "⟩"],
  ["∕", "/"],
  ["ℎ", "h"], // Planck constant = mathematical italic h
  ["\u00a0", " "],
]);

/** Characters that are invisible in print and carry no meaning in LaTeX (function application, invisible times …). */
export const INVISIBLE_CHARACTERS = new Set(["\u2061", "\u2062", "\u2063", "\u2064", "\u200b", "\u200c", "\u200d", "\ufeff"]);

/** Spacing characters ↔ LaTeX spacing commands. */
export const SPACE_FOR_COMMAND: ReadonlyMap<string, string> = new Map([
  ["\\,", "\u2009"],
  ["\\:", "\u205f"],
  ["\\>", "\u205f"],
  ["\\;", "\u2005"],
  ["\\quad", "\u2003"],
  ["\\qquad", "\u2003\u2003"],
  ["\\ ", "\u00a0"],
]);
export const COMMAND_FOR_SPACE: ReadonlyMap<string, string> = new Map([
  ["\u2009", "\\,"],
  ["\u200a", "\\,"],
  ["\u2006", "\\,"],
  ["\u205f", "\\:"],
  ["\u2005", "\\;"],
  ["\u2004", "\\;"],
  ["\u2002", "\\;"],
  ["\u2003", "\\quad"],
]);

/** Operator names LaTeX has a command for (\sin, \lim …), written upright in Word. */
export const FUNCTION_NAMES = new Set([
  "sin",
  "cos",
  "tan",
  "cot",
  "sec",
  "csc",
  "arcsin",
  "arccos",
  "arctan",
  "sinh",
  "cosh",
  "tanh",
  "coth",
  "log",
  "ln",
  "lg",
  "exp",
  "lim",
  "max",
  "min",
  "sup",
  "inf",
  "det",
  "gcd",
  "deg",
  "dim",
  "arg",
  "ker",
  "hom",
  "Pr",
  "limsup",
  "liminf",
]);

/**
 * Accent character (combining, as Word writes it) → command for one letter, and for a wider base.
 * The aliases are the spacing forms other writers use (LibreOffice writes "^" for a hat).
 */
export const ACCENTS: readonly { character: string; narrow: string; wide: string; aliases?: readonly string[] }[] = [
  { character: "\u0302", narrow: "\\hat", wide: "\\widehat", aliases: ["^", "\u02c6"] },
  { character: "\u0303", narrow: "\\tilde", wide: "\\widetilde", aliases: ["~", "\u02dc"] },
  { character: "\u0305", narrow: "\\bar", wide: "\\overline", aliases: ["\u00af", "\u203e", "\u0304"] },
  { character: "\u20d7", narrow: "\\vec", wide: "\\overrightarrow", aliases: ["\u2192"] },
  { character: "\u20d6", narrow: "\\overleftarrow", wide: "\\overleftarrow", aliases: ["\u2190"] },
  { character: "\u20e1", narrow: "\\overleftrightarrow", wide: "\\overleftrightarrow", aliases: ["\u2194"] },
  { character: "\u0307", narrow: "\\dot", wide: "\\dot", aliases: ["\u02d9"] },
  { character: "\u0308", narrow: "\\ddot", wide: "\\ddot", aliases: ["\u00a8"] },
  { character: "\u030c", narrow: "\\check", wide: "\\check", aliases: ["\u02c7"] },
  { character: "\u0306", narrow: "\\breve", wide: "\\breve", aliases: ["\u02d8"] },
  { character: "\u0301", narrow: "\\acute", wide: "\\acute", aliases: ["\u00b4"] },
  { character: "\u0300", narrow: "\\grave", wide: "\\grave", aliases: ["`"] },
];

/** N-ary operator character → command; where Word puts the limits by default. */
export const NARY_OPERATORS: ReadonlyMap<string, { command: string; limits: "undOvr" | "subSup" }> = new Map([
  ["∑", { command: "\\sum", limits: "undOvr" }],
  ["∏", { command: "\\prod", limits: "undOvr" }],
  ["∐", { command: "\\coprod", limits: "undOvr" }],
  ["⋃", { command: "\\bigcup", limits: "undOvr" }],
  ["⋂", { command: "\\bigcap", limits: "undOvr" }],
  ["⋁", { command: "\\bigvee", limits: "undOvr" }],
  ["⋀", { command: "\\bigwedge", limits: "undOvr" }],
  ["∫", { command: "\\int", limits: "subSup" }],
  ["∬", { command: "\\iint", limits: "subSup" }],
  ["∭", { command: "\\iiint", limits: "subSup" }],
  ["∮", { command: "\\oint", limits: "subSup" }],
]);

/** Delimiter character ↔ what follows \left or \right. */
export const DELIMITERS: ReadonlyMap<string, string> = new Map([
  ["(", "("],
  [")", ")"],
  ["[", "["],
  ["]", "]"],
  ["{", "\\{"],
  ["}", "\\}"],
  ["|", "|"],
  ["‖", "\\|"],
  ["⟨", "\\langle"],
  ["⟩", "\\rangle"],
  ["⌊", "\\lfloor"],
  ["⌋", "\\rfloor"],
  ["⌈", "\\lceil"],
  ["⌉", "\\rceil"],
  ["", "."],
]);
