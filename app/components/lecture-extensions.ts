import {
  Extension,
  InputRule,
  mergeAttributes,
  Node as TiptapNode,
  type Extensions,
  type JSONContent,
  type NodeViewRenderer,
} from "@tiptap/core";
import Image from "@tiptap/extension-image";
import { BlockMath, InlineMath, mathMigrationRegex } from "@tiptap/extension-mathematics";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import { Fragment, Slice, type Node as PmNode, type Schema } from "@tiptap/pm/model";
import { NodeSelection, Plugin, PluginKey, TextSelection, type Transaction } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";
import { HEADING_LEVELS, isSafeImageSrc, isSafeLinkHref, LECTURE_LIMITS } from "#content-schemas/lecture";
import { renderMath } from "~/utils/katex";

/**
 * The tiptap extensions of a lecture: the one list both the editor (lecture-editor.tsx) and the
 * server renderer (lecture-html.server.ts) build their schema from, so the two cannot drift.
 * Importable in Node: node views and plugins only touch the DOM when an editor runs them.
 */

const OBJECT_ID = /^[a-f0-9]{24}$/;

/** The address an embedded material is shown from, in the editor and in the rendered lecture. */
export const materialEmbedSrc = (materialId: string) => `/materials/${materialId}/embed`;

/**
 * The material a teacher means by a pasted link or id: `https://…/materials/<id>…`,
 * `/materials/<id>` or the bare 24-hex id. Null when it is none of these.
 */
export function parseMaterialReference(input: string): string | null {
  const text = input.trim();
  if (OBJECT_ID.test(text.toLowerCase())) return text.toLowerCase();
  const match = /(?:^|\/)materials\/([a-fA-F0-9]{24})(?=$|[/?#])/.exec(text);
  return match?.[1] ? match[1].toLowerCase() : null;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    materialEmbed: {
      /** Inserts an embedded material (video, H5P …) as a block at the selection. */
      insertMaterialEmbed: (attrs: { materialId: string; title?: string | null }) => ReturnType;
    };
    lectureBlocks: {
      /**
       * Inserts a block (a display formula, an embed) and puts the cursor in the text after it,
       * adding an empty paragraph at the end of the document, so typing goes on instead of
       * replacing the block that was just inserted.
       */
      insertBlockAndContinue: (content: JSONContent, range?: { from: number; to: number }) => ReturnType;
    };
  }
}

/**
 * After inserting a block that ends up selected as a whole: the cursor goes into the text after
 * it, or into a new empty paragraph when nothing editable follows.
 */
function continueAfterBlock(tr: Transaction) {
  const { selection } = tr;
  if (!(selection instanceof NodeSelection) || !selection.node.isBlock) return;
  const pos = selection.to;
  const $pos = tr.doc.resolve(pos);
  if ($pos.nodeAfter?.isTextblock) {
    tr.setSelection(TextSelection.create(tr.doc, pos + 1));
    return;
  }
  const paragraph = tr.doc.type.schema.nodes.paragraph;
  if (!paragraph || !$pos.parent.canReplaceWith($pos.index(), $pos.index(), paragraph)) return;
  tr.insert(pos, paragraph.create());
  tr.setSelection(TextSelection.create(tr.doc, pos + 1));
  tr.scrollIntoView();
}

const LectureBlocks = Extension.create({
  name: "lectureBlocks",
  addCommands() {
    return {
      insertBlockAndContinue:
        (content, range) =>
        ({ chain, state }) =>
          chain()
            .insertContentAt(range ?? { from: state.selection.from, to: state.selection.to }, content)
            .command(({ tr, dispatch }) => {
              if (dispatch) continueAfterBlock(tr);
              return true;
            })
            .run(),
    };
  },
});

export interface LectureExtensionOptions {
  /** Called when an author clicks (or presses Enter on) a formula in the editor. */
  onEditMath?: (node: PmNode, pos: number) => void;
  /** Accessible name of an embedded material without a title, in the editor. */
  embedFallbackTitle?: string;
}

/**
 * The view of a formula in the editor: the same element, classes and KaTeX HTML as the server
 * renderer writes (`<span class="math-inline" data-latex>` / `<div class="math-block" data-latex>`).
 */
function mathNodeView(displayMode: boolean, onEdit?: (node: PmNode, pos: number) => void): NodeViewRenderer {
  return ({ node: initialNode, getPos, editor }) => {
    let node = initialNode;
    let shownLatex: string | null = null;
    const dom: HTMLElement = document.createElement(displayMode ? "div" : "span");
    dom.className = displayMode ? "math-block" : "math-inline";
    const show = (latex: string) => {
      if (latex === shownLatex) return;
      shownLatex = latex;
      dom.setAttribute("data-latex", latex);
      // KaTeX output with trust: false is markup KaTeX built and escaped itself.
      dom.innerHTML = renderMath(latex, displayMode);
    };
    show(String(node.attrs.latex ?? ""));

    const onClick = (event: MouseEvent) => {
      if (!onEdit || !editor.isEditable) return;
      const pos = getPos();
      if (typeof pos !== "number") return;
      event.preventDefault();
      event.stopPropagation();
      onEdit(node, pos);
    };
    dom.addEventListener("click", onClick);

    return {
      dom,
      update(updated) {
        if (updated.type !== node.type) return false;
        node = updated;
        show(String(updated.attrs.latex ?? ""));
        return true;
      },
      ignoreMutation: () => true,
      destroy() {
        dom.removeEventListener("click", onClick);
      },
    };
  };
}

/**
 * Typing `$x^2$` makes an inline formula: not after a `$` or a backslash (`\$` is a dollar sign),
 * and not when the formula starts or ends with a space, so "giá $5 và $10" stays text.
 */
export const INLINE_MATH_INPUT = /(?<![$\\])\$([^\s$](?:[^$\n]*?[^\s$\\])?)\$$/;

/** Typing `$$x^2$$` makes a display formula (not `$$$…`). */
export const BLOCK_MATH_INPUT = /(?<!\$)\$\$([^$]+)\$\$$/;

/** Nodes of `latex` in a pasted paragraph's text: `$…$` becomes inline math, `$$…$$` too. */
const PASTED_MATH = new RegExp(String.raw`\$\$([^$]+?)\$\$|` + mathMigrationRegex.source, "g");

function splitMathInText(text: PmNode, schema: Schema): PmNode[] {
  const source = text.text ?? "";
  const nodes: PmNode[] = [];
  let last = 0;
  for (const match of source.matchAll(PASTED_MATH)) {
    const latex = (match[1] ?? match[2] ?? "").trim();
    if (!latex || latex.length > LECTURE_LIMITS.maxLatexLength) continue;
    if (match.index > last) nodes.push(schema.text(source.slice(last, match.index), text.marks));
    nodes.push(schema.nodes.inlineMath!.create({ latex }));
    last = match.index + match[0].length;
  }
  if (last === 0) return [text];
  if (last < source.length) nodes.push(schema.text(source.slice(last), text.marks));
  return nodes;
}

/** Pasted text with `$…$`/`$$…$$` formulas becomes math nodes; a paragraph that is only `$$…$$` becomes block math. */
export function migratePastedMath(fragment: Fragment, schema: Schema): Fragment {
  const children: PmNode[] = [];
  fragment.forEach((child) => {
    if (child.type.spec.code) {
      children.push(child);
    } else if (child.isTextblock) {
      const whole = /^\s*\$\$([^$]+)\$\$\s*$/.exec(child.textContent);
      const latex = whole?.[1]?.trim();
      if (child.type.name === "paragraph" && child.childCount === 1 && latex && latex.length <= LECTURE_LIMITS.maxLatexLength) {
        children.push(schema.nodes.blockMath!.create({ latex }));
        return;
      }
      const inline: PmNode[] = [];
      child.forEach((node) => {
        const isCode = node.marks.some((mark) => mark.type.spec.code);
        inline.push(...(node.isText && !isCode && node.text?.includes("$") ? splitMathInText(node, schema) : [node]));
      });
      children.push(child.copy(Fragment.from(inline)));
    } else {
      children.push(child.copy(migratePastedMath(child.content, schema)));
    }
  });
  return Fragment.from(children);
}

const LectureInlineMath = InlineMath.extend<{ onEdit?: (node: PmNode, pos: number) => void }>({
  addOptions() {
    return { ...this.parent?.(), onEdit: undefined };
  },
  parseHTML() {
    return [{ tag: 'span[data-type="inline-math"]' }, { tag: "span.math-inline[data-latex]" }];
  },
  addInputRules() {
    return [
      new InputRule({
        find: INLINE_MATH_INPUT,
        handler: ({ state, range, match }) => {
          const latex = match[1]?.trim();
          if (!latex || latex.length > LECTURE_LIMITS.maxLatexLength) return null;
          state.tr.replaceWith(range.from, range.to, this.type.create({ latex }));
        },
      }),
    ];
  },
  addNodeView() {
    return mathNodeView(false, this.options.onEdit);
  },
});

const LectureBlockMath = BlockMath.extend<{ onEdit?: (node: PmNode, pos: number) => void }>({
  addOptions() {
    return { ...this.parent?.(), onEdit: undefined };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="block-math"]' }, { tag: "div.math-block[data-latex]" }];
  },
  addInputRules() {
    return [
      // A paragraph holding only the formula is replaced by it; typed in the middle of a
      // paragraph, the formula splits the paragraph.
      new InputRule({
        find: BLOCK_MATH_INPUT,
        handler: ({ state, range, match }) => {
          const latex = match[1]?.trim();
          if (!latex || latex.length > LECTURE_LIMITS.maxLatexLength) return null;
          const { tr } = state;
          const $from = state.doc.resolve(range.from);
          const node = this.type.create({ latex });
          const wholeTextblock =
            $from.depth > 0 &&
            $from.parent.isTextblock &&
            range.from === $from.start() &&
            range.to === $from.end() &&
            $from.node(-1).canReplaceWith($from.index(-1), $from.indexAfter(-1), this.type);
          if (wholeTextblock) tr.replaceWith($from.before(), $from.after(), node);
          else tr.replaceWith(range.from, range.to, node);
          continueAfterBlock(tr);
        },
      }),
    ];
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("lecturePastedMath"),
        props: {
          transformPasted: (slice, view) =>
            new Slice(migratePastedMath(slice.content, view.state.schema), slice.openStart, slice.openEnd),
        },
      }),
    ];
  },
  addNodeView() {
    return mathNodeView(true, this.options.onEdit);
  },
});

/** An embedded material (a video or an H5P activity of the repository), shown in an iframe. */
const MaterialEmbed = TiptapNode.create<{ fallbackTitle: string }>({
  name: "materialEmbed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { fallbackTitle: "Học liệu nhúng" };
  },

  addAttributes() {
    return {
      materialId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-material-id"),
        renderHTML: (attributes) => ({ "data-material-id": attributes.materialId as string }),
      },
      title: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-title"),
        renderHTML: (attributes) => (attributes.title ? { "data-title": attributes.title as string } : {}),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'div[data-type="material-embed"]',
        getAttrs: (element) => (OBJECT_ID.test(element.getAttribute("data-material-id") ?? "") ? null : false),
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-type": "material-embed" })];
  },

  addCommands() {
    return {
      insertMaterialEmbed:
        ({ materialId, title }) =>
        ({ commands }) =>
          OBJECT_ID.test(materialId) &&
          commands.insertBlockAndContinue({ type: this.name, attrs: { materialId, title: title?.trim() || null } }),
    };
  },

  addNodeView() {
    const fallbackTitle = this.options.fallbackTitle;
    return ({ node }) => {
      // The same iframe as the rendered lecture, so the author sees the player; the overlay
      // keeps clicks for selecting, moving and deleting the block.
      const dom = document.createElement("div");
      dom.className = "material-embed-frame";
      dom.setAttribute("data-material-id", String(node.attrs.materialId));
      const iframe = document.createElement("iframe");
      iframe.className = "material-embed";
      iframe.src = materialEmbedSrc(String(node.attrs.materialId));
      iframe.title = String(node.attrs.title || fallbackTitle);
      iframe.loading = "lazy";
      iframe.tabIndex = -1;
      const overlay = document.createElement("div");
      overlay.className = "material-embed-overlay";
      dom.append(iframe, overlay);
      return { dom, ignoreMutation: () => true };
    };
  },
});

/** The extensions of a lecture. Options only change editor behaviour, never the document schema. */
export function lectureExtensions(options: LectureExtensionOptions = {}): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: "https",
        isAllowedUri: (url) => isSafeLinkHref(url),
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
      },
    }),
    Table.configure({ resizable: false, renderWrapper: true }),
    TableRow,
    TableHeader,
    TableCell,
    Image.extend({
      // Only images the lecture schema accepts survive a paste; others are dropped.
      parseHTML() {
        return [{ tag: "img[src]", getAttrs: (element) => (isSafeImageSrc(element.getAttribute("src") ?? "") ? null : false) }];
      },
    }).configure({ inline: false, allowBase64: false }),
    LectureInlineMath.configure({ onEdit: options.onEditMath }),
    LectureBlockMath.configure({ onEdit: options.onEditMath }),
    MaterialEmbed.configure({ fallbackTitle: options.embedFallbackTitle ?? "Học liệu nhúng" }),
    LectureBlocks,
  ];
}
