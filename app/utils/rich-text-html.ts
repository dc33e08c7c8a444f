/**
 * Rich text (the lecture tiptap JSON of content-schemas/lecture.ts) as HTML: lecture bodies, and
 * the stems, options and solutions of questions. Client-safe (no `.server`): the server renders
 * pages with it and the question editor's live preview runs the same code in the browser, so a
 * formula or an image looks the same in both.
 */
import { getAttributesFromExtensions, getSchemaByResolvedExtensions, resolveExtensions, splitExtensions } from "@tiptap/core";
import { Node as ProseMirrorNode, type Mark } from "@tiptap/pm/model";
import { escapeHTML, renderJSONContentToString, type MarkProps, type NodeProps } from "@tiptap/static-renderer/json/html-string";
import {
  domOutputSpecToHTMLString,
  mapMarkExtensionToReactNode,
  mapNodeExtensionToReactNode,
  serializeChildrenToHTMLString,
} from "@tiptap/static-renderer/pm/html-string";
import { isSafeImageSrc, isSafeLinkHref, lectureDocSchema, type LectureDoc } from "#content-schemas/lecture";
import { lectureExtensions, materialEmbedSrc } from "~/components/lecture-extensions";
import { renderMath } from "~/utils/katex";

const EMBED_FALLBACK_TITLE = "Học liệu nhúng";

/** Escapes text for an HTML text node or a double-quoted attribute value. */
function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** ` name="value"` pairs; null and empty values are left out. */
function attributes(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] != null && entry[1] !== "")
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join("");
}

const join = (children: string | string[] | undefined) => (Array.isArray(children) ? children.join("") : (children ?? ""));

/** Nodes that carry addresses or formulas, written here rather than by their extension's renderHTML. */
const ownNodes: Record<string, (props: NodeProps<ProseMirrorNode, string | string[]>) => string> = {
  inlineMath: ({ node }) => {
    const latex = String(node.attrs.latex);
    return `<span class="math-inline"${attributes({ "data-latex": latex })}>${renderMath(latex, false)}</span>`;
  },
  blockMath: ({ node }) => {
    const latex = String(node.attrs.latex);
    return `<div class="math-block"${attributes({ "data-latex": latex })}>${renderMath(latex, true)}</div>`;
  },
  image: ({ node }) => {
    const src = String(node.attrs.src ?? "");
    if (!isSafeImageSrc(src)) return "";
    const { alt, title, width, height } = node.attrs as Record<string, string | number | null>;
    // alt is always written: an image without a description is announced as decorative.
    return `<img${attributes({ src })} alt="${escapeHtml(String(alt ?? ""))}"${attributes({ title, width, height })} loading="lazy" decoding="async">`;
  },
  materialEmbed: ({ node }) => {
    const materialId = String(node.attrs.materialId);
    const title = (node.attrs.title as string | null) || EMBED_FALLBACK_TITLE;
    return `<div class="material-embed-frame"><iframe${attributes({ src: materialEmbedSrc(materialId), title })} loading="lazy" allowfullscreen class="material-embed"></iframe></div>`;
  },
};

const ownMarks: Record<string, (props: MarkProps<Mark, string | string[]>) => string> = {
  link: ({ mark, children }) => {
    const href = String(mark.attrs.href ?? "");
    if (!isSafeLinkHref(href)) return join(children);
    const title = mark.attrs.title as string | null;
    return `<a${attributes({ href, title })} target="_blank" rel="noopener noreferrer nofollow">${join(children)}</a>`;
  },
};

/**
 * tiptap's `renderToHTMLString` resolves the extensions, builds their schema and a renderer per node type on every
 * call — ≈ 3.5 ms for a one-word option, while the rendering itself takes microseconds; a 40-item test's stems and
 * options (≈ 200 calls) held the server for 0.7 s per version at the exam bell. The same pieces are built once here,
 * as `renderToElement` (@tiptap/static-renderer) builds them.
 */
const extensions = resolveExtensions(lectureExtensions());
const schema = getSchemaByResolvedExtensions(extensions);
const extensionAttributes = getAttributesFromExtensions(extensions);
const { nodeExtensions, markExtensions } = splitExtensions(extensions);
const renderNode = renderJSONContentToString<Mark, ProseMirrorNode>({
  nodeMapping: {
    ...Object.fromEntries(
      nodeExtensions
        .filter((extension) => !(extension.name in ownNodes))
        .map((extension) => mapNodeExtensionToReactNode(domOutputSpecToHTMLString, extension, extensionAttributes)),
    ),
    doc: ({ children }) => serializeChildrenToHTMLString(children),
    text: ({ node }) => escapeHTML(node.text ?? ""),
    ...ownNodes,
  },
  markMapping: {
    ...Object.fromEntries(
      markExtensions
        .filter((extension) => !(extension.name in ownMarks))
        .map((extension) => mapMarkExtensionToReactNode(domOutputSpecToHTMLString, extension, extensionAttributes)),
    ),
    ...ownMarks,
  },
});

/**
 * The HTML of a rich text document (a lecture body, a question's stem …) for reading: the tiptap
 * static renderer over the editor's own extension list, with the nodes that carry addresses or
 * formulas written here explicitly.
 *
 * - formulas: `renderMath`, the same KaTeX call and options the editor's formula views use;
 * - embedded materials: a lazy iframe of `/materials/<id>/embed`;
 * - links open in a new tab with `rel="noopener noreferrer nofollow"`; images load lazily.
 *
 * The document is validated again with the lecture schema (a stored body may predate a rule),
 * and every text and attribute value is escaped; throws a ZodError for a body that is not a
 * lecture body.
 */
export function renderRichTextHtml(doc: LectureDoc): string {
  return renderNode({ content: ProseMirrorNode.fromJSON(schema, lectureDocSchema.parse(doc)) });
}
