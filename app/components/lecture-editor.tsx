import { NodeSelection } from "@tiptap/pm/state";
import type { Node as PmNode } from "@tiptap/pm/model";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import {
  useDeferredValue,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type FocusEvent as ReactFocusEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  type Ref,
} from "react";
import { isSafeImageSrc, isSafeLinkHref, LECTURE_LIMITS, type LectureDoc } from "#content-schemas/lecture";
import { renderMath } from "~/utils/katex";
import type { LectureEditorLabels } from "./lecture-editor-labels";
import { lectureExtensions, parseMaterialReference } from "./lecture-extensions";

export { lectureExtensions } from "./lecture-extensions";
export type { LectureEditorLabels } from "./lecture-editor-labels";

export interface LectureEditorProps {
  /**
   * Name of the hidden input that carries the document (JSON) in the surrounding form. Without
   * it there is no hidden input: the page reads the document through `onChange`.
   */
  name?: string;
  initialDoc: LectureDoc;
  /** Id of the element that labels the editable area. */
  labelledBy: string;
  /** Ids of the elements that describe the editable area (a hint, an error message). */
  describedBy?: string;
  /** Marks the editable area as invalid (aria-invalid) while its error is shown. */
  invalid?: boolean;
  /** Uploads an image and returns its address (`/media/…` or https). Without it, images are off. */
  onUploadImage?: (file: File) => Promise<{ src: string; alt?: string }>;
  /** Called with the document after every change the author makes. */
  onChange?: (doc: LectureDoc) => void;
  /**
   * "full" (a lecture, a question's stem) or "compact": a short field with only bold, italic,
   * images, formulas, undo and redo, for the options and statements of a question.
   */
  variant?: "full" | "compact";
  /** Lets the page act on the editor (insert a cloze gap marker at the cursor). */
  handleRef?: Ref<LectureEditorHandle>;
  labels: LectureEditorLabels;
}

/** What a page can do with a mounted editor through `handleRef`. */
export interface LectureEditorHandle {
  /** Inserts plain text at the cursor (replacing the selection) and focuses the editor. */
  insertText: (text: string) => void;
  focus: () => void;
}

type Panel =
  | { kind: "math"; pos: number | null; latex: string; display: boolean }
  | { kind: "link" }
  | { kind: "embed" }
  | { kind: "image" };

const IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif";

function isMathNode(node: PmNode | null | undefined): node is PmNode {
  return node?.type.name === "inlineMath" || node?.type.name === "blockMath";
}

/** The formula panel for an existing formula at `pos`. */
function mathPanelFor(node: PmNode, pos: number): Panel {
  return { kind: "math", pos, latex: String(node.attrs.latex ?? ""), display: node.type.name === "blockMath" };
}

/**
 * The lecture editor (bài giảng điện tử): tiptap on the client, with a toolbar, formulas
 * rendered by the site's KaTeX settings and embedded materials. The document travels in a hidden
 * input named `name`, so the surrounding `<Form method="post">` submits it like any field; the
 * server reads it with `parseLectureJson`.
 */
export function LectureEditor({
  name,
  initialDoc,
  labelledBy,
  describedBy,
  invalid,
  onUploadImage,
  onChange,
  variant = "full",
  handleRef,
  labels,
}: LectureEditorProps) {
  // The hidden field is controlled: a hidden input's value is its `value` attribute, which React
  // would reset to the initial document on the next render if it were written to directly.
  const [json, setJson] = useState(() => JSON.stringify(initialDoc));
  const [panel, setPanel] = useState<Panel | null>(null);
  // Created once: the editor keeps the extensions it started with (setPanel is stable).
  const [extensions] = useState(() =>
    lectureExtensions({
      onEditMath: (node, pos) => setPanel(mathPanelFor(node, pos)),
      embedFallbackTitle: labels.embedFallbackTitle,
    }),
  );

  const compact = variant === "compact";
  const editor = useEditor({
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    extensions,
    content: initialDoc,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelledBy,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        class: `lecture-content ${compact ? "min-h-16 py-2" : "min-h-64 py-3"} px-3 sm:px-4 rounded-b-md outline-none focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand-600`,
      },
      handleKeyDown: (view, event) => {
        // Enter on a selected formula opens it for editing (clicking does the same).
        const { selection } = view.state;
        if (event.key === "Enter" && selection instanceof NodeSelection && isMathNode(selection.node)) {
          setPanel(mathPanelFor(selection.node, selection.from));
          return true;
        }
        return false;
      },
    },
    // Without a hidden input (name), the document is only handed to onChange.
    onCreate: ({ editor: created }) => {
      if (name) setJson(JSON.stringify(created.getJSON()));
    },
    onUpdate: ({ editor: updated }) => {
      const doc = updated.getJSON() as LectureDoc;
      if (name) setJson(JSON.stringify(doc));
      onChange?.(doc);
    },
  });

  useImperativeHandle(
    handleRef,
    () => ({
      insertText: (text) => {
        editor?.chain().focus().insertContent({ type: "text", text }).run();
      },
      focus: () => {
        editor?.commands.focus();
      },
    }),
    [editor],
  );

  function closePanel() {
    setPanel(null);
    editor?.commands.focus();
  }

  function openMathPanel() {
    if (!editor) return;
    const { selection, doc } = editor.state;
    if (selection instanceof NodeSelection && isMathNode(selection.node)) {
      setPanel(mathPanelFor(selection.node, selection.from));
      return;
    }
    // Selected text (e.g. "x^2" typed before) becomes the formula to start from.
    const selected = doc.textBetween(selection.from, selection.to, " ").slice(0, LECTURE_LIMITS.maxLatexLength);
    setPanel({ kind: "math", pos: null, latex: selected, display: false });
  }

  const togglePanel = (kind: "link" | "embed" | "image") => setPanel((open) => (open?.kind === kind ? null : { kind }));

  return (
    <div className={`lecture-editor rounded-md border bg-white ${invalid ? "border-danger" : "border-gray-400"}`}>
      {name ? <input type="hidden" name={name} value={json} /> : null}
      <Toolbar
        editor={editor}
        compact={compact}
        labels={labels}
        panel={panel?.kind ?? null}
        imagesEnabled={Boolean(onUploadImage)}
        onMath={openMathPanel}
        onTogglePanel={togglePanel}
      />
      {editor && panel?.kind === "math" ? (
        <MathPanel
          key={`${panel.pos ?? "new"}:${panel.latex}:${panel.display}`}
          editor={editor}
          labels={labels}
          panel={panel}
          onClose={closePanel}
        />
      ) : null}
      {editor && panel?.kind === "link" ? <LinkPanel editor={editor} labels={labels} onClose={closePanel} /> : null}
      {editor && panel?.kind === "embed" ? <EmbedPanel editor={editor} labels={labels} onClose={closePanel} /> : null}
      {editor && panel?.kind === "image" && onUploadImage ? (
        <ImagePanel editor={editor} labels={labels} upload={onUploadImage} onClose={closePanel} />
      ) : null}
      <noscript>
        <p className="px-3 py-2 text-sm text-danger">{labels.noScript}</p>
      </noscript>
      <EditorContent editor={editor} className={compact ? "min-h-16" : "min-h-64"} />
    </div>
  );
}

// ---- Toolbar -------------------------------------------------------------------------------

interface ToolbarProps {
  editor: Editor | null;
  /** Only bold, italic, image, formula, undo and redo. */
  compact: boolean;
  labels: LectureEditorLabels;
  panel: Panel["kind"] | null;
  imagesEnabled: boolean;
  onMath: () => void;
  onTogglePanel: (kind: "link" | "embed" | "image") => void;
}

/** A WAI-ARIA toolbar: one Tab stop, arrow keys (and Home/End) move between buttons. */
function Toolbar({ editor, compact, labels, panel, imagesEnabled, onMath, onTogglePanel }: ToolbarProps) {
  const state = useEditorState({
    editor,
    // Reads the editor from props: the hook's own snapshot only sees a new editor after its
    // first transaction, which would leave the toolbar disabled until the author clicks in.
    selector: () => {
      const current = editor;
      return current
        ? {
            bold: current.isActive("bold"),
            italic: current.isActive("italic"),
            heading2: current.isActive("heading", { level: 2 }),
            heading3: current.isActive("heading", { level: 3 }),
            bulletList: current.isActive("bulletList"),
            orderedList: current.isActive("orderedList"),
            blockquote: current.isActive("blockquote"),
            link: current.isActive("link"),
            math: current.isActive("inlineMath") || current.isActive("blockMath"),
            inTable: current.isActive("table"),
            canUndo: current.can().undo(),
            canRedo: current.can().redo(),
          }
        : null;
    },
  });
  const toolbarRef = useRef<HTMLDivElement>(null);
  const activeIndex = useRef(0);

  const buttons = () => Array.from(toolbarRef.current?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? []);
  const setTabStop = (list: HTMLButtonElement[], index: number) => {
    activeIndex.current = index;
    const stop = list[index];
    toolbarRef.current?.querySelectorAll("button").forEach((button) => (button.tabIndex = button === stop ? 0 : -1));
  };

  // Buttons appear and become enabled as the selection moves; keep exactly one Tab stop.
  useEffect(() => {
    const list = buttons();
    if (list.length > 0) setTabStop(list, Math.min(activeIndex.current, list.length - 1));
  });

  function onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    const list = buttons();
    const current = list.findIndex((button) => button === event.target);
    if (current < 0) return;
    const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: list.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = (next + list.length) % list.length;
    setTabStop(list, index);
    list[index]?.focus();
  }

  function onFocus(event: ReactFocusEvent<HTMLDivElement>) {
    const target: EventTarget = event.target;
    const list = buttons();
    const index = list.findIndex((button) => button === target);
    if (index >= 0) setTabStop(list, index);
  }

  const run = (command: (chain: ReturnType<Editor["chain"]>) => ReturnType<Editor["chain"]>) => () => {
    if (editor) command(editor.chain().focus()).run();
  };
  const off = !editor || !state;

  return (
    <div
      ref={toolbarRef}
      role="toolbar"
      aria-label={labels.toolbar}
      aria-orientation="horizontal"
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      className="flex flex-wrap items-center gap-1 rounded-t-md border-b border-gray-300 bg-gray-50 p-1"
    >
      <ToolButton label={labels.bold} pressed={state?.bold ?? false} disabled={off} onClick={run((c) => c.toggleBold())}>
        <span className="font-bold">B</span>
      </ToolButton>
      <ToolButton label={labels.italic} pressed={state?.italic ?? false} disabled={off} onClick={run((c) => c.toggleItalic())}>
        <span className="font-serif italic">I</span>
      </ToolButton>
      <Separator />
      {compact ? null : (
        <>
          <ToolButton
            label={labels.heading2}
            pressed={state?.heading2 ?? false}
            disabled={off}
            onClick={run((c) => c.toggleHeading({ level: 2 }))}
          >
            H2
          </ToolButton>
          <ToolButton
            label={labels.heading3}
            pressed={state?.heading3 ?? false}
            disabled={off}
            onClick={run((c) => c.toggleHeading({ level: 3 }))}
          >
            H3
          </ToolButton>
          <Separator />
          <ToolButton
            label={labels.bulletList}
            pressed={state?.bulletList ?? false}
            disabled={off}
            onClick={run((c) => c.toggleBulletList())}
          >
            <Glyph d="M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01" />
          </ToolButton>
          <ToolButton
            label={labels.orderedList}
            pressed={state?.orderedList ?? false}
            disabled={off}
            onClick={run((c) => c.toggleOrderedList())}
          >
            <Glyph d="M10 6h10M10 12h10M10 18h10M4 5l1.5-1v5M3.5 15.5a1.5 1.5 0 1 1 2.2 1.3L3.5 19.5h3" />
          </ToolButton>
          <ToolButton
            label={labels.blockquote}
            pressed={state?.blockquote ?? false}
            disabled={off}
            onClick={run((c) => c.toggleBlockquote())}
          >
            <Glyph d="M6 17c-1.5 0-2.5-1.2-2.5-3 0-3 2-6 5-7M15 17c-1.5 0-2.5-1.2-2.5-3 0-3 2-6 5-7" />
          </ToolButton>
          <Separator />
          <ToolButton
            label={labels.insertTable}
            disabled={off || state.inTable}
            onClick={run((c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }))}
          >
            <Glyph d="M3.5 4.5h17v15h-17zM3.5 9.5h17M3.5 14.5h17M9.5 4.5v15M14.5 4.5v15" />
          </ToolButton>
        </>
      )}
      <ToolButton
        label={imagesEnabled ? labels.image : `${labels.image}. ${labels.imageUnavailable}`}
        expanded={panel === "image"}
        disabled={off || !imagesEnabled}
        onClick={() => onTogglePanel("image")}
      >
        <Glyph d="M3.5 5.5h17v13h-17zM3.5 15.5l5-5 4 4 3-3 5 5M15.5 9.5h.01" />
      </ToolButton>
      {compact ? null : (
        <>
          <ToolButton
            label={labels.link}
            pressed={state?.link ?? false}
            expanded={panel === "link"}
            disabled={off}
            onClick={() => onTogglePanel("link")}
          >
            <Glyph d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
          </ToolButton>
          <ToolButton label={labels.embed} expanded={panel === "embed"} disabled={off} onClick={() => onTogglePanel("embed")}>
            <Glyph d="M3.5 5.5h17v13h-17zM10 9l5 3-5 3z" />
          </ToolButton>
        </>
      )}
      <ToolButton
        label={labels.equation}
        pressed={state?.math ?? false}
        expanded={panel === "math"}
        disabled={off}
        onClick={onMath}
      >
        <span className="font-serif text-base">∑</span>
      </ToolButton>
      <Separator />
      <ToolButton label={labels.undo} disabled={off || !state.canUndo} onClick={run((c) => c.undo())}>
        <Glyph d="M9 14 4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3" />
      </ToolButton>
      <ToolButton label={labels.redo} disabled={off || !state.canRedo} onClick={run((c) => c.redo())}>
        <Glyph d="m15 14 5-5-5-5M20 9H10a6 6 0 0 0 0 12h3" />
      </ToolButton>
      {state?.inTable ? (
        <div className="flex w-full flex-wrap items-center gap-1 border-t border-gray-200 pt-1">
          <span className="px-1 text-sm text-muted">{labels.tableTools}</span>
          <TextButton label={labels.addRow} onClick={run((c) => c.addRowAfter())} />
          <TextButton label={labels.deleteRow} onClick={run((c) => c.deleteRow())} />
          <TextButton label={labels.addColumn} onClick={run((c) => c.addColumnAfter())} />
          <TextButton label={labels.deleteColumn} onClick={run((c) => c.deleteColumn())} />
          <TextButton label={labels.deleteTable} onClick={run((c) => c.deleteTable())} />
        </div>
      ) : null}
    </div>
  );
}

const buttonClass =
  "inline-flex min-h-11 min-w-11 items-center justify-center rounded-md px-2 text-sm font-semibold text-ink hover:bg-gray-200 aria-pressed:bg-brand-100 aria-pressed:text-brand-900 aria-expanded:bg-brand-100 aria-expanded:text-brand-900 disabled:cursor-not-allowed disabled:opacity-50";

interface ToolButtonProps {
  label: string;
  /** A formatting toggle: whether it applies to the selection. */
  pressed?: boolean;
  /** Opens an inline form below the toolbar: whether it is open. */
  expanded?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

function ToolButton({ label, pressed, expanded, disabled, onClick, children }: ToolButtonProps) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      aria-expanded={expanded}
      disabled={disabled}
      // Keep the editor's selection: the command runs on what the author selected.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className={buttonClass}
    >
      {children}
    </button>
  );
}

function TextButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={onClick} className={buttonClass}>
      {label}
    </button>
  );
}

function Separator() {
  return <span aria-hidden="true" className="mx-0.5 h-6 w-px bg-gray-300" />;
}

/** A 24×24 stroked icon; the button carries the name. */
function Glyph({ d }: { d: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-5 w-5"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

// ---- Panels (inline forms; never a nested <form>, the editor sits inside the page's form) ----

interface PanelShellProps {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}

/** Enter in a field applies the panel, Escape closes it; neither reaches the page's form. */
function PanelShell({ title, onClose, onSubmit, children }: PanelShellProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("input:not([type=hidden]), textarea")?.focus();
  }, []);
  function onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (
      event.key === "Enter" &&
      event.target instanceof HTMLInputElement &&
      event.target.type !== "checkbox" &&
      event.target.type !== "file"
    ) {
      event.preventDefault();
      onSubmit();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target instanceof HTMLTextAreaElement) {
      event.preventDefault();
      onSubmit();
    }
  }
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- keyboard shortcuts of the fields inside
    <div
      ref={ref}
      role="group"
      aria-label={title}
      onKeyDown={onKeyDown}
      className="space-y-3 border-b border-gray-300 bg-brand-50 p-3"
    >
      {children}
    </div>
  );
}

function PanelError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <p id={id} role="alert" className="text-sm font-medium text-danger">
      {message}
    </p>
  ) : null;
}

function PanelActions({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap gap-2">{children}</div>;
}

interface MathPanelProps {
  editor: Editor;
  labels: LectureEditorLabels;
  panel: Extract<Panel, { kind: "math" }>;
  onClose: () => void;
}

/** Writes or edits a formula, with the KaTeX preview the reader will see. */
function MathPanel({ editor, labels, panel, onClose }: MathPanelProps) {
  const id = useId();
  const [latex, setLatex] = useState(panel.latex);
  const [display, setDisplay] = useState(panel.display);
  const [error, setError] = useState<string | null>(null);
  const preview = useDeferredValue(latex.trim());
  const editing = panel.pos !== null ? editor.state.doc.nodeAt(panel.pos) : null;
  const target = isMathNode(editing) && panel.pos !== null ? { node: editing, pos: panel.pos } : null;

  function apply() {
    const value = latex.trim();
    if (!value) return setError(labels.equationEmpty);
    if (value.length > LECTURE_LIMITS.maxLatexLength) return setError(labels.equationTooLong);
    const type = display ? "blockMath" : "inlineMath";
    const chain = editor.chain().focus();
    if (!target) {
      if (display) chain.insertBlockAndContinue({ type, attrs: { latex: value } }).run();
      else chain.insertContent({ type, attrs: { latex: value } }).run();
    } else if (target.node.type.name === type) {
      chain
        .command(({ tr }) => {
          tr.setNodeMarkup(target.pos, undefined, { ...target.node.attrs, latex: value });
          return true;
        })
        .run();
    } else {
      const range = { from: target.pos, to: target.pos + target.node.nodeSize };
      if (display) chain.insertBlockAndContinue({ type, attrs: { latex: value } }, range).run();
      else chain.insertContentAt(range, { type, attrs: { latex: value } }).run();
    }
    onClose();
  }

  function remove() {
    if (target)
      editor
        .chain()
        .focus()
        .deleteRange({ from: target.pos, to: target.pos + target.node.nodeSize })
        .run();
    onClose();
  }

  return (
    <PanelShell title={labels.equation} onClose={onClose} onSubmit={apply}>
      <div>
        <label htmlFor={`${id}-latex`} className="field-label">
          {labels.equationLatex}
        </label>
        <textarea
          id={`${id}-latex`}
          value={latex}
          onChange={(event) => {
            setLatex(event.target.value);
            setError(null);
          }}
          rows={3}
          maxLength={LECTURE_LIMITS.maxLatexLength}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          className="field-input font-mono"
        />
        <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
          {labels.equationHint}
        </p>
      </div>
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" checked={display} onChange={(event) => setDisplay(event.target.checked)} className="h-5 w-5" />
        {labels.equationDisplay}
      </label>
      <figure className="rounded-md border border-gray-300 bg-white p-3">
        <figcaption className="mb-1 text-xs font-medium text-muted">{labels.equationPreview}</figcaption>
        {preview ? (
          <div
            className={display ? "math-block" : "math-inline"}
            // KaTeX output (trust: false), the same call the server renderer makes.
            dangerouslySetInnerHTML={{ __html: renderMath(preview, display) }}
          />
        ) : null}
      </figure>
      <PanelError id={`${id}-error`} message={error} />
      <PanelActions>
        <button type="button" className="btn-primary" onClick={apply}>
          {target ? labels.equationUpdate : labels.equationInsert}
        </button>
        {target ? (
          <button type="button" className="btn-secondary" onClick={remove}>
            {labels.equationDelete}
          </button>
        ) : null}
        <button type="button" className="btn-secondary" onClick={onClose}>
          {labels.cancel}
        </button>
      </PanelActions>
    </PanelShell>
  );
}

/** `example.com/x` → `https://example.com/x`; other input is left as typed. */
function withProtocol(href: string): string {
  return /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(?::\d+)?(?:[/?#]|$)/u.test(href) ? `https://${href}` : href;
}

function LinkPanel({ editor, labels, onClose }: { editor: Editor; labels: LectureEditorLabels; onClose: () => void }) {
  const id = useId();
  const current = (editor.getAttributes("link").href as string | undefined) ?? "";
  const [href, setHref] = useState(current);
  const [error, setError] = useState<string | null>(null);

  function apply() {
    const value = withProtocol(href.trim());
    if (!value) return remove();
    if (!isSafeLinkHref(value)) return setError(labels.linkInvalid);
    if (editor.state.selection.empty && !editor.isActive("link")) {
      editor
        .chain()
        .focus()
        .insertContent({ type: "text", text: value, marks: [{ type: "link", attrs: { href: value } }] })
        .run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href: value }).run();
    }
    onClose();
  }

  function remove() {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose();
  }

  return (
    <PanelShell title={labels.link} onClose={onClose} onSubmit={apply}>
      <div>
        <label htmlFor={`${id}-href`} className="field-label">
          {labels.linkUrl}
        </label>
        <input
          id={`${id}-href`}
          type="url"
          inputMode="url"
          value={href}
          onChange={(event) => {
            setHref(event.target.value);
            setError(null);
          }}
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          className="field-input"
        />
        <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
          {labels.linkUrlHint}
        </p>
      </div>
      <PanelError id={`${id}-error`} message={error} />
      <PanelActions>
        <button type="button" className="btn-primary" onClick={apply}>
          {labels.linkApply}
        </button>
        {current ? (
          <button type="button" className="btn-secondary" onClick={remove}>
            {labels.linkRemove}
          </button>
        ) : null}
        <button type="button" className="btn-secondary" onClick={onClose}>
          {labels.cancel}
        </button>
      </PanelActions>
    </PanelShell>
  );
}

function EmbedPanel({ editor, labels, onClose }: { editor: Editor; labels: LectureEditorLabels; onClose: () => void }) {
  const id = useId();
  const [reference, setReference] = useState("");
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);

  function apply() {
    const materialId = parseMaterialReference(reference);
    if (!materialId) return setError(labels.embedInvalid);
    editor
      .chain()
      .focus()
      .insertMaterialEmbed({ materialId, title: title.trim().slice(0, LECTURE_LIMITS.maxTitleLength) || null })
      .run();
    onClose();
  }

  return (
    <PanelShell title={labels.embed} onClose={onClose} onSubmit={apply}>
      <div>
        <label htmlFor={`${id}-ref`} className="field-label">
          {labels.embedReference}
        </label>
        <input
          id={`${id}-ref`}
          value={reference}
          onChange={(event) => {
            setReference(event.target.value);
            setError(null);
          }}
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          className="field-input"
        />
        <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
          {labels.embedReferenceHint}
        </p>
      </div>
      <div>
        <label htmlFor={`${id}-title`} className="field-label">
          {labels.embedTitle}
        </label>
        <input
          id={`${id}-title`}
          value={title}
          maxLength={LECTURE_LIMITS.maxTitleLength}
          onChange={(event) => setTitle(event.target.value)}
          className="field-input"
        />
      </div>
      <PanelError id={`${id}-error`} message={error} />
      <PanelActions>
        <button type="button" className="btn-primary" onClick={apply}>
          {labels.embedInsert}
        </button>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {labels.cancel}
        </button>
      </PanelActions>
    </PanelShell>
  );
}

interface ImagePanelProps {
  editor: Editor;
  labels: LectureEditorLabels;
  upload: (file: File) => Promise<{ src: string; alt?: string }>;
  onClose: () => void;
}

function ImagePanel({ editor, labels, upload, onClose }: ImagePanelProps) {
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [alt, setAlt] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  async function apply() {
    const file = fileRef.current?.files?.[0];
    if (!file) return setError(labels.imageChooseFile);
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const uploaded = await upload(file);
      if (!isSafeImageSrc(uploaded.src)) throw new Error("unsafe image address");
      const description = (alt.trim() || uploaded.alt?.trim() || "").slice(0, LECTURE_LIMITS.maxAltLength);
      editor.chain().focus().setImage({ src: uploaded.src, alt: description }).run();
      if (mounted.current) onClose();
    } catch {
      if (mounted.current) setError(labels.imageUploadFailed);
    } finally {
      if (mounted.current) setBusy(false);
    }
  }

  return (
    <PanelShell title={labels.image} onClose={onClose} onSubmit={() => void apply()}>
      <div>
        <label htmlFor={`${id}-file`} className="field-label">
          {labels.imageFile}
        </label>
        <input
          ref={fileRef}
          id={`${id}-file`}
          type="file"
          accept={IMAGE_ACCEPT}
          onChange={() => setError(null)}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 block w-full text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-gray-300 file:bg-white file:px-3"
        />
      </div>
      <div>
        <label htmlFor={`${id}-alt`} className="field-label">
          {labels.imageAlt}
        </label>
        <input
          id={`${id}-alt`}
          value={alt}
          maxLength={LECTURE_LIMITS.maxAltLength}
          onChange={(event) => setAlt(event.target.value)}
          aria-describedby={`${id}-alt-hint`}
          className="field-input"
        />
        <p id={`${id}-alt-hint`} className="mt-1 text-sm text-muted">
          {labels.imageAltHint}
        </p>
      </div>
      <PanelError id={`${id}-error`} message={error} />
      {busy ? (
        <p role="status" className="text-sm text-muted">
          {labels.imageUploading}
        </p>
      ) : null}
      <PanelActions>
        <button type="button" className="btn-primary" disabled={busy} aria-busy={busy} onClick={() => void apply()}>
          {labels.imageInsert}
        </button>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {labels.cancel}
        </button>
      </PanelActions>
    </PanelShell>
  );
}
