import katex, { type KatexOptions } from "katex";

/**
 * The one set of KaTeX options of the site. The lecture editor's formula views, its live preview
 * and the server renderer all go through `renderMath`, so a formula looks the same while it is
 * written and when it is read.
 *
 * - `trust: false` keeps out \href, \url, \includegraphics and \html… (links and attributes
 *   written inside a formula).
 * - `maxSize` (em) and `maxExpand` (macro expansions) bound the cost of one hostile formula.
 * - No shared `macros` object: KaTeX writes \gdef definitions into it, which would leak from one
 *   formula (and one author) into the next render on the server.
 */
export const KATEX_OPTIONS = Object.freeze({
  throwOnError: false,
  strict: "ignore",
  output: "htmlAndMathml",
  trust: false,
  maxSize: 20,
  maxExpand: 500,
  errorColor: "#b91c1c",
} satisfies KatexOptions);

/**
 * KaTeX HTML for a formula (inline, or display when `displayMode`). Never throws: a formula
 * KaTeX cannot read comes back as its escaped source in a `katex-error` span.
 */
export function renderMath(latex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode });
  } catch {
    return `<span class="katex-error">${escapeHtml(latex)}</span>`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
