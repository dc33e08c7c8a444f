import {
  lazy,
  memo,
  Suspense,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent as ReactMouseEvent,
  type ReactNode,
  type Ref,
} from "react";
import { GRADES, type Subject } from "#content-schemas/curriculum";
import { emptyLectureDoc } from "#content-schemas/lecture";
import { DEFAULT_LICENCE, LICENCES, type Licence } from "#content-schemas/materials";
import {
  clozeGapKeys,
  COGNITIVE_LEVELS,
  COGNITIVE_LEVELS_3,
  COGNITIVE_LEVELS_4,
  QUESTION_LIMITS,
  QUESTION_TYPES,
  type CognitiveLevel,
  type QuestionBody,
  type QuestionContent,
  type QuestionDraft,
  type QuestionDraftInput,
  type QuestionType,
  type RichText,
} from "#content-schemas/questions";
import { Field, FieldError, SelectField } from "./field";
import type { LectureEditorHandle } from "./lecture-editor";
import type { QuestionEditorLabels } from "./question-editor-labels";
import { optionLetter, QuestionView, statementLetter } from "./question-view";

export type { QuestionEditorLabels } from "./question-editor-labels";
export { questionEditorLabelsEn, questionEditorLabelsVi } from "./question-editor-labels";

// tiptap and KaTeX are large: the rich text fields load them once the page runs in the browser.
const LectureEditor = lazy(() => import("./lecture-editor").then((module) => ({ default: module.LectureEditor })));

type UploadImage = (file: File) => Promise<{ src: string; alt?: string }>;

export interface QuestionEditorProps {
  /** Name of the one hidden input that carries the draft (JSON of QuestionDraftInput). */
  name: string;
  /** The question to edit, or what a new one starts with (e.g. only `subject` and `grade`). */
  initial?: Partial<QuestionDraft> | null;
  subjects: readonly Subject[];
  labels: QuestionEditorLabels;
  /** Uploads an image for a rich text field; without it, the image buttons are off. */
  onUploadImage?: UploadImage;
  /** Problems from the server, keyed by the zod issue path joined with "." ("body.correctOptionId", "stem"). */
  errors?: Record<string, string>;
}

// ---- The editor's state and the draft it sends ----------------------------------------------

type Scoring = "all_or_nothing" | "proportional";

interface Part {
  id: string;
  content: RichText;
}

interface RubricRowState {
  /** React key only; rubric rows have no id in the contract. */
  key: string;
  criterion: string;
  /** Percent, as typed ("25" or "12,5"). */
  weight: string;
  description: string;
}

/** What the author edits for each format; strings are kept as typed until the draft is built. */
interface BodyStates {
  single_choice: { options: Part[]; correctOptionId: string; shuffleOptions: boolean };
  true_false_group: { statements: (Part & { correct: boolean | null })[] };
  short_answer: { kind: "numeric" | "text"; value: string; tolerance: string; accepted: string; caseSensitive: boolean };
  essay: { rubric: RubricRowState[]; allowPhoto: boolean };
  multiple_response: { options: (Part & { correct: boolean })[]; shuffleOptions: boolean; scoring: Scoring };
  matching: { pairs: { premise: Part; response: Part }[]; distractors: Part[]; scoring: Scoring };
  ordering: { items: Part[]; scoring: Scoring };
  /** Answers by gap key; gaps whose marker left the stem are kept in case it comes back. */
  cloze: { gaps: Record<string, { accepted: string; caseSensitive: boolean }>; scoring: Scoring };
}

export interface QuestionEditorState {
  type: QuestionType;
  stem: RichText;
  /** An empty document is "no solution". */
  solution: RichText;
  /** Each format the author has opened keeps its answers, so switching back restores them. */
  bodies: Partial<BodyStates>;
  meta: {
    subject: string;
    grade: string;
    topicIds: string[];
    outcomes: string;
    level: string;
    difficulty: string;
    tags: string;
    source: string;
    licence: Licence;
  };
}

const blank = (): RichText => structuredClone(emptyLectureDoc);
const parts = (ids: string[]): Part[] => ids.map((id) => ({ id, content: blank() }));
const rubricRow = (key: string, weight = ""): RubricRowState => ({ key, criterion: "", weight, description: "" });

const DEFAULT_BODIES: { [T in QuestionType]: () => BodyStates[T] } = {
  single_choice: () => ({ options: parts(["A", "B", "C", "D"]), correctOptionId: "", shuffleOptions: true }),
  true_false_group: () => ({ statements: parts(["a", "b", "c", "d"]).map((part) => ({ ...part, correct: null })) }),
  short_answer: () => ({ kind: "numeric", value: "", tolerance: "0", accepted: "", caseSensitive: false }),
  essay: () => ({ rubric: [rubricRow("row1", "100")], allowPhoto: true }),
  multiple_response: () => ({
    options: parts(["A", "B", "C", "D"]).map((part) => ({ ...part, correct: false })),
    shuffleOptions: true,
    scoring: "all_or_nothing",
  }),
  matching: () => ({
    pairs: [1, 2, 3].map((n) => ({ premise: parts([`p${n}`])[0]!, response: parts([`r${n}`])[0]! })),
    distractors: [],
    scoring: "all_or_nothing",
  }),
  ordering: () => ({ items: parts(["i1", "i2", "i3", "i4"]), scoring: "all_or_nothing" }),
  cloze: () => ({ gaps: {}, scoring: "proportional" }),
};

function defaultBody<T extends QuestionType>(type: T): BodyStates[T] {
  return DEFAULT_BODIES[type]();
}

/** The body state of `type`, starting from the other choice format's options when the author switches between them. */
function bodyForNewType<T extends QuestionType>(type: T, state: QuestionEditorState): BodyStates[T] {
  const existing = state.bodies[type];
  if (existing) return existing;
  if (type === "multiple_response" && state.bodies.single_choice) {
    const { options, correctOptionId, shuffleOptions } = state.bodies.single_choice;
    const body: BodyStates["multiple_response"] = {
      options: options.map((option) => ({ ...option, correct: option.id === correctOptionId })),
      shuffleOptions,
      scoring: "all_or_nothing",
    };
    return body as BodyStates[T];
  }
  if (type === "single_choice" && state.bodies.multiple_response) {
    const { options, shuffleOptions } = state.bodies.multiple_response;
    const body: BodyStates["single_choice"] = {
      options: options.map(({ id, content }) => ({ id, content })),
      correctOptionId: options.find((option) => option.correct)?.id ?? "",
      shuffleOptions,
    };
    return body as BodyStates[T];
  }
  return defaultBody(type);
}

/** The next unused id: "A", "B" … for options (no prefix), `prefix` + 1, 2 … for other parts. */
function nextId(used: readonly string[], prefix?: string): string {
  for (let index = 0; ; index += 1) {
    const id = prefix === undefined ? optionLetter(index) : `${prefix}${index + 1}`;
    if (!used.includes(id)) return id;
  }
}

const percent = (weight: number) => String(Math.round(weight * 1e6) / 1e4);

function bodyState(body: QuestionBody): Partial<BodyStates> {
  switch (body.type) {
    case "single_choice":
      return {
        single_choice: { options: body.options, correctOptionId: body.correctOptionId, shuffleOptions: body.shuffleOptions },
      };
    case "true_false_group":
      return { true_false_group: { statements: body.statements } };
    case "short_answer":
      return {
        short_answer:
          body.answer.kind === "numeric"
            ? {
                ...defaultBody("short_answer"),
                kind: "numeric",
                value: body.answer.value,
                tolerance: String(body.answer.tolerance),
              }
            : {
                ...defaultBody("short_answer"),
                kind: "text",
                accepted: body.answer.accepted.join("\n"),
                caseSensitive: body.answer.caseSensitive,
              },
      };
    case "essay":
      return {
        essay: {
          rubric: body.rubric.map((row, index) => ({
            ...rubricRow(`row${index + 1}`, percent(row.weight)),
            criterion: row.criterion,
            description: row.description,
          })),
          allowPhoto: body.allowPhoto,
        },
      };
    case "multiple_response":
      return { multiple_response: { options: body.options, shuffleOptions: body.shuffleOptions, scoring: body.scoring } };
    case "matching": {
      const pairs = body.premises.map((premise) => {
        const responseId = body.pairs.find((pair) => pair.premiseId === premise.id)?.responseId;
        const response = body.responses.find((candidate) => candidate.id === responseId);
        return {
          premise,
          response: response ?? {
            id: nextId(
              body.responses.map((r) => r.id),
              "r",
            ),
            content: blank(),
          },
        };
      });
      const paired = new Set(pairs.map((pair) => pair.response.id));
      return {
        matching: { pairs, distractors: body.responses.filter((response) => !paired.has(response.id)), scoring: body.scoring },
      };
    }
    case "ordering":
      return { ordering: { items: body.items, scoring: body.scoring } };
    case "cloze":
      return {
        cloze: {
          gaps: Object.fromEntries(
            body.gaps.map((gap) => [gap.key, { accepted: gap.accepted.join("\n"), caseSensitive: gap.caseSensitive }]),
          ),
          scoring: body.scoring,
        },
      };
  }
}

/** The editor's state for a stored question, or for a new one (with whatever `initial` holds). */
export function stateFromDraft(initial?: Partial<QuestionDraft> | null): QuestionEditorState {
  const type = initial?.body?.type ?? "single_choice";
  const bodies = initial?.body ? bodyState(initial.body) : {};
  return {
    type,
    stem: initial?.stem ?? blank(),
    solution: initial?.solution ?? blank(),
    bodies: { ...bodies, [type]: bodies[type] ?? defaultBody(type) },
    meta: {
      subject: initial?.subject ?? "",
      grade: initial?.grade ? String(initial.grade) : "",
      topicIds: initial?.topicIds ?? [],
      outcomes: (initial?.outcomes ?? []).join("\n"),
      level: initial?.level ?? "",
      difficulty: String(initial?.difficulty ?? 3),
      tags: (initial?.tags ?? []).join(", "),
      source: initial?.source ?? "",
      licence: initial?.licence ?? DEFAULT_LICENCE,
    },
  };
}

/** "1,5" and "1.5" → 1.5; anything else → NaN, which the draft sends as null for the server to report. */
function parseDecimal(text: string): number {
  const value = text.trim().replace(",", ".");
  return /^[-+]?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

const isBlankDoc = (doc: RichText) =>
  doc.content.every((block) => block.type === "paragraph" && (block.content?.length ?? 0) === 0);

/** Every gap key of the stem, once each, in order of appearance. */
const uniqueGapKeys = (stem: RichText) => [...new Set(clozeGapKeys(stem))];

/**
 * An answer the author has not chosen yet (Đúng/Sai of a statement, the cognitive level) travels
 * as null: the server's schema reports it next to its field, and the preview shows it as not
 * chosen. Typed as the value it stands for.
 */
const notChosenYet = <T,>(value: T | null): T => value as T;

const isQuestionType = (value: string): value is QuestionType => (QUESTION_TYPES as readonly string[]).includes(value);
const isCognitiveLevel = (value: string): value is CognitiveLevel => (COGNITIVE_LEVELS as readonly string[]).includes(value);
const isScoring = (value: string): value is Scoring => value === "all_or_nothing" || value === "proportional";

function bodyFromState(state: QuestionEditorState): QuestionBody {
  const type = state.type;
  switch (type) {
    case "single_choice": {
      const body = state.bodies.single_choice ?? defaultBody(type);
      return {
        type,
        options: body.options.map(({ id, content }) => ({ id, content })),
        correctOptionId: body.correctOptionId,
        shuffleOptions: body.shuffleOptions,
      };
    }
    case "true_false_group": {
      const body = state.bodies.true_false_group ?? defaultBody(type);
      return {
        type,
        statements: body.statements.map(({ id, content, correct }) => ({ id, content, correct: notChosenYet(correct) })),
      };
    }
    case "short_answer": {
      const body = state.bodies.short_answer ?? defaultBody(type);
      return {
        type,
        answer:
          body.kind === "numeric"
            ? { kind: "numeric", value: body.value.trim(), tolerance: body.tolerance.trim() ? parseDecimal(body.tolerance) : 0 }
            : { kind: "text", accepted: lines(body.accepted), caseSensitive: body.caseSensitive },
      };
    }
    case "essay": {
      const body = state.bodies.essay ?? defaultBody(type);
      return {
        type,
        rubric: body.rubric.map((row) => ({
          criterion: row.criterion.trim(),
          weight: parseDecimal(row.weight) / 100,
          description: row.description.trim(),
        })),
        allowPhoto: body.allowPhoto,
      };
    }
    case "multiple_response": {
      const body = state.bodies.multiple_response ?? defaultBody(type);
      return { type, options: body.options, shuffleOptions: body.shuffleOptions, scoring: body.scoring };
    }
    case "matching": {
      const body = state.bodies.matching ?? defaultBody(type);
      return {
        type,
        premises: body.pairs.map((pair) => pair.premise),
        responses: [...body.pairs.map((pair) => pair.response), ...body.distractors],
        pairs: body.pairs.map((pair) => ({ premiseId: pair.premise.id, responseId: pair.response.id })),
        scoring: body.scoring,
      };
    }
    case "ordering": {
      const body = state.bodies.ordering ?? defaultBody(type);
      return { type, items: body.items, scoring: body.scoring };
    }
    case "cloze": {
      const body = state.bodies.cloze ?? defaultBody(type);
      return {
        type,
        gaps: uniqueGapKeys(state.stem).map((key) => ({
          key,
          accepted: lines(body.gaps[key]?.accepted ?? ""),
          caseSensitive: body.gaps[key]?.caseSensitive ?? false,
        })),
        scoring: body.scoring,
      };
    }
  }
}

/** The question as the preview shows it: what the draft sends, without the metadata. */
export function contentFromState(state: QuestionEditorState): QuestionContent {
  return { stem: state.stem, body: bodyFromState(state), solution: isBlankDoc(state.solution) ? null : state.solution };
}

/** The draft the hidden input carries; the server parses it with `questionDraftSchema`. */
export function draftFromState(state: QuestionEditorState): QuestionDraftInput {
  const { meta } = state;
  return {
    subject: meta.subject,
    grade: meta.grade ? Number(meta.grade) : null,
    topicIds: meta.topicIds,
    outcomes: lines(meta.outcomes),
    level: notChosenYet(isCognitiveLevel(meta.level) ? meta.level : null),
    difficulty: Number(meta.difficulty),
    tags: [
      ...new Set(
        meta.tags
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean),
      ),
    ],
    source: meta.source.trim(),
    licence: meta.licence,
    ...contentFromState(state),
  };
}

// ---- Small pieces ---------------------------------------------------------------------------

/** Topics of a subject in a grade, from the public curriculum API. */
function useTopics(subject: string, grade: string) {
  const [loaded, setLoaded] = useState<{ key: string; items: { id: string; name: string }[] } | null>(null);
  const key = subject && grade ? `${subject}:${grade}` : "";
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    fetch(`/api/v1/curriculum/topics?subject=${encodeURIComponent(subject)}&grade=${encodeURIComponent(grade)}`, {
      signal: controller.signal,
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const { items } = (await response.json()) as { items: { id: string; name: string }[] };
        setLoaded({ key, items });
      })
      .catch(() => {
        // The topics stay optional: a failed request leaves an empty list, not a form that waits.
        if (!controller.signal.aborted) setLoaded({ key, items: [] });
      });
    return () => controller.abort();
  }, [key, subject, grade]);
  return loaded && loaded.key === key ? loaded.items : null;
}

/** Moves focus, after the next render, to the first of `ids` that exists and is enabled. */
function useFocusAfterRender() {
  const pending = useRef<string[] | null>(null);
  useEffect(() => {
    const ids = pending.current;
    if (!ids) return;
    pending.current = null;
    for (const id of ids) {
      const element = document.getElementById(id);
      if (element && !(element instanceof HTMLButtonElement && element.disabled)) {
        element.focus();
        return;
      }
    }
  });
  return (ids: string[]) => {
    pending.current = ids;
  };
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
}

const smallButton =
  "inline-flex min-h-11 min-w-11 items-center justify-center rounded-md border border-gray-300 bg-white px-2 text-sm font-semibold text-ink hover:bg-gray-50 disabled:cursor-not-allowed disabled:opacity-50";

interface ItemToolsProps {
  /** Prefix of the buttons' ids: stable for the item (its part id), so focus can follow a move. */
  idPrefix: string;
  /** "Phương án B": what the buttons act on. */
  item: string;
  index: number;
  count: number;
  /** Fewest items the list may have; the remove button is off at that count. */
  min: number;
  /** Where focus goes after a removal (the list's add button). */
  afterRemove: string;
  onMove?: (from: number, to: number) => void;
  onRemove?: (index: number) => void;
  focusLater: (ids: string[]) => void;
  labels: QuestionEditorLabels;
}

/** Up, down and remove buttons of an item of a list: keyboard-usable, no dragging. */
function ItemTools({ idPrefix, item, index, count, min, afterRemove, onMove, onRemove, focusLater, labels }: ItemToolsProps) {
  return (
    <span className="ml-auto flex gap-1">
      {onMove ? (
        <>
          <button
            type="button"
            id={`${idPrefix}-up`}
            className={smallButton}
            aria-label={labels.moveUp(item)}
            title={labels.moveUp(item)}
            disabled={index === 0}
            onClick={() => {
              onMove(index, index - 1);
              focusLater([`${idPrefix}-up`, `${idPrefix}-down`]);
            }}
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            id={`${idPrefix}-down`}
            className={smallButton}
            aria-label={labels.moveDown(item)}
            title={labels.moveDown(item)}
            disabled={index === count - 1}
            onClick={() => {
              onMove(index, index + 1);
              focusLater([`${idPrefix}-down`, `${idPrefix}-up`]);
            }}
          >
            <span aria-hidden="true">↓</span>
          </button>
        </>
      ) : null}
      {onRemove ? (
        <button
          type="button"
          className={smallButton}
          aria-label={labels.remove(item)}
          title={labels.remove(item)}
          disabled={count <= min}
          onClick={() => {
            onRemove(index);
            focusLater([afterRemove]);
          }}
        >
          <span aria-hidden="true">✕</span>
        </button>
      ) : null}
    </span>
  );
}

interface RichFieldProps {
  /** Id of the field's box (the target of the error summary's link). */
  id: string;
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  /** Read once, when the field mounts: the editor owns the document from then on. */
  initialDoc: RichText;
  /** Must only use functional state updates and ids: the field keeps the one it started with. */
  onChange: (doc: RichText) => void;
  variant: "full" | "compact";
  handleRef?: Ref<LectureEditorHandle>;
  labels: QuestionEditorLabels;
  onUploadImage?: UploadImage;
}

/**
 * A rich text field: the lecture editor (loaded lazily), full for the stem and the solution,
 * compact for options and statements. Re-renders only when its labels or error change, so typing
 * in one field does not redraw the others.
 */
const RichField = memo(
  function RichField({
    id,
    labelledBy,
    describedBy,
    invalid,
    initialDoc,
    onChange,
    variant,
    handleRef,
    labels,
    onUploadImage,
  }: RichFieldProps) {
    const [doc] = useState(initialDoc);
    return (
      <div id={id} className="min-w-0">
        <Suspense
          fallback={
            <p className={`field-input text-muted ${variant === "compact" ? "min-h-24" : "min-h-64"}`}>{labels.loadingEditor}</p>
          }
        >
          <LectureEditor
            initialDoc={doc}
            labelledBy={labelledBy}
            describedBy={describedBy}
            invalid={invalid}
            onChange={onChange}
            variant={variant}
            handleRef={handleRef}
            onUploadImage={onUploadImage}
            labels={labels.editor}
          />
        </Suspense>
      </div>
    );
  },
  (a, b) =>
    a.id === b.id &&
    a.labelledBy === b.labelledBy &&
    a.describedBy === b.describedBy &&
    a.invalid === b.invalid &&
    a.variant === b.variant &&
    a.handleRef === b.handleRef &&
    a.labels === b.labels &&
    a.onUploadImage === b.onUploadImage,
);

/** `aria-describedby` of a field: its hint and its error, when they are shown. */
const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

function ScoringSelect({
  id,
  value,
  onChange,
  labels,
}: {
  id: string;
  value: Scoring;
  onChange: (value: Scoring) => void;
  labels: QuestionEditorLabels;
}) {
  return (
    <SelectField
      id={id}
      label={labels.scoring}
      value={value}
      onChange={(event) => {
        const next = event.currentTarget.value;
        if (isScoring(next)) onChange(next);
      }}
      options={[
        { value: "all_or_nothing", label: labels.view.scoringAllOrNothing },
        { value: "proportional", label: labels.view.scoringProportional },
      ]}
    />
  );
}

function Checkbox({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="inline-flex min-h-11 items-center gap-2 text-sm">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} className="h-5 w-5" />
      {children}
    </label>
  );
}

// ---- The editor -----------------------------------------------------------------------------

/** The preview redraws only when the deferred draft or the mode changes, not on every keystroke. */
const Preview = memo(QuestionView);

const METADATA_KEYS = ["subject", "grade", "topicIds", "outcomes", "level", "difficulty", "tags", "source", "licence"] as const;

/**
 * The question authoring form (a client component inside the page's `<Form method="post">`): the
 * format, the stem, the answers of that format, the solution and the classification, with a live
 * preview as a student sees it. The whole draft travels as JSON in one hidden input named `name`,
 * which the server parses with `questionDraftSchema`; the page shows the server's problems through
 * `errors`. Only the hidden input and the `${name}-ui-…` radios carry names.
 */
export function QuestionEditor({ name, initial, subjects, labels, onUploadImage, errors = {} }: QuestionEditorProps) {
  const [state, setState] = useState(() => stateFromDraft(initial));
  const [showAnswers, setShowAnswers] = useState(false);
  const focusLater = useFocusAfterRender();
  const stemHandle = useRef<LectureEditorHandle>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const base = `question-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const json = useMemo(() => JSON.stringify(draftFromState(state)), [state]);
  const previewState = useDeferredValue(state);
  const preview = useMemo(() => contentFromState(previewState), [previewState]);
  const topics = useTopics(state.meta.subject, state.meta.grade);
  const subject = subjects.find((candidate) => candidate.code === state.meta.subject);

  // After a rejected submission, the summary takes focus so the problems are read first (keyed
  // by content: a page that builds a new errors object on every render does not steal focus).
  const errorEntries = Object.entries(errors);
  const errorKey = errorEntries.length > 0 ? JSON.stringify(errorEntries) : "";
  useEffect(() => {
    if (errorKey) summaryRef.current?.focus();
  }, [errorKey]);

  const errorAt = (path: string): string | undefined => errors[path];
  const errorUnder = (path: string): string | undefined =>
    errors[path] ?? errorEntries.find(([key]) => key.startsWith(`${path}.`))?.[1];

  const setMeta = (patch: Partial<QuestionEditorState["meta"]>) =>
    setState((current) => ({ ...current, meta: { ...current.meta, ...patch } }));
  function setBody<T extends QuestionType>(type: T, update: (body: BodyStates[T]) => BodyStates[T]) {
    setState((current) => ({
      ...current,
      bodies: { ...current.bodies, [type]: update(current.bodies[type] ?? defaultBody(type)) },
    }));
  }
  const setStem = useCallback((stem: RichText) => setState((current) => ({ ...current, stem })), []);
  const setSolution = useCallback((solution: RichText) => setState((current) => ({ ...current, solution })), []);

  function changeType(type: QuestionType) {
    setState((current) => ({ ...current, type, bodies: { ...current.bodies, [type]: bodyForNewType(type, current) } }));
  }

  const gapKeys = state.type === "cloze" ? clozeGapKeys(state.stem) : [];
  const nextGap = `[[${nextId(gapKeys, "")}]]`;
  const shared: SectionProps = { base, name, labels, errorAt, errorUnder, focusLater, onUploadImage };

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)] lg:items-start">
      <div className="min-w-0 space-y-6">
        <input type="hidden" name={name} value={json} />
        <noscript>
          <p className="rounded-md border border-red-200 bg-red-50 p-3 text-sm font-medium text-danger">{labels.noScript}</p>
        </noscript>

        {errorEntries.length > 0 ? (
          <div
            ref={summaryRef}
            tabIndex={-1}
            role="alert"
            aria-labelledby={`${base}-summary-title`}
            className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800"
          >
            <p id={`${base}-summary-title`} className="font-semibold">
              {labels.errorSummary}
            </p>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {errorEntries.map(([path, message]) => {
                const field = errorFieldLabel(path, state, labels);
                return (
                  <li key={path}>
                    <a
                      href={`#${errorTarget(path, base, state)}`}
                      onClick={(event) => focusField(event, `${base}-body`)}
                      className="underline"
                    >
                      {field ? `${field}: ${message}` : message}
                    </a>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}

        <div>
          <SelectField
            id={`${base}-type`}
            label={labels.type}
            value={state.type}
            onChange={(event) => {
              const type = event.currentTarget.value;
              if (isQuestionType(type)) changeType(type);
            }}
            options={QUESTION_TYPES.map((type) => ({ value: type, label: labels.types[type] }))}
            aria-describedby={`${base}-type-hint`}
          />
          <p id={`${base}-type-hint`} className="mt-1 text-sm text-muted">
            {labels.typeHints[state.type]}
          </p>
        </div>

        <div className="space-y-2">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <p id={`${base}-stem-label`} className="field-label">
              {labels.stem}
            </p>
            {state.type === "cloze" ? (
              <button
                type="button"
                className="btn-secondary"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => stemHandle.current?.insertText(nextGap)}
              >
                {labels.insertGap(nextGap)}
              </button>
            ) : null}
          </div>
          {state.type === "cloze" ? (
            <p id={`${base}-stem-hint`} className="text-sm text-muted">
              {labels.stemClozeHint}
            </p>
          ) : null}
          <RichField
            id={`${base}-stem`}
            labelledBy={`${base}-stem-label`}
            describedBy={describedBy(state.type === "cloze" && `${base}-stem-hint`, errorUnder("stem") && `${base}-stem-error`)}
            invalid={Boolean(errorUnder("stem"))}
            initialDoc={state.stem}
            onChange={setStem}
            variant="full"
            handleRef={stemHandle}
            labels={labels}
            onUploadImage={onUploadImage}
          />
          <FieldError id={`${base}-stem-error`} message={errorUnder("stem")} />
        </div>

        <section id={`${base}-body`} aria-labelledby={`${base}-body-title`} className="space-y-4 border-t border-gray-200 pt-4">
          <h2 id={`${base}-body-title`} className="text-lg font-semibold">
            {labels.answerSection}
          </h2>
          {state.type === "single_choice" ? (
            <ChoiceOptions
              {...shared}
              multiple={false}
              options={state.bodies.single_choice?.options ?? []}
              isCorrect={(option) => option.id === state.bodies.single_choice?.correctOptionId}
              setCorrect={(id) => setBody("single_choice", (body) => ({ ...body, correctOptionId: id }))}
              setOptions={(update) => setBody("single_choice", (body) => ({ ...body, options: update(body.options) }))}
              newOption={(id) => ({ id, content: blank() })}
              shuffle={state.bodies.single_choice?.shuffleOptions ?? true}
              setShuffle={(shuffleOptions) => setBody("single_choice", (body) => ({ ...body, shuffleOptions }))}
            />
          ) : null}
          {state.type === "multiple_response" ? (
            <ChoiceOptions
              {...shared}
              multiple
              options={state.bodies.multiple_response?.options ?? []}
              isCorrect={(option) => option.correct}
              setCorrect={(id, correct) =>
                setBody("multiple_response", (body) => ({
                  ...body,
                  options: body.options.map((option) => (option.id === id ? { ...option, correct } : option)),
                }))
              }
              setOptions={(update) => setBody("multiple_response", (body) => ({ ...body, options: update(body.options) }))}
              newOption={(id) => ({ id, content: blank(), correct: false })}
              shuffle={state.bodies.multiple_response?.shuffleOptions ?? true}
              setShuffle={(shuffleOptions) => setBody("multiple_response", (body) => ({ ...body, shuffleOptions }))}
              scoring={state.bodies.multiple_response?.scoring ?? "all_or_nothing"}
              setScoring={(scoring) => setBody("multiple_response", (body) => ({ ...body, scoring }))}
            />
          ) : null}
          {state.type === "true_false_group" ? (
            <TrueFalseFields
              {...shared}
              body={state.bodies.true_false_group ?? defaultBody("true_false_group")}
              update={(update) => setBody("true_false_group", update)}
            />
          ) : null}
          {state.type === "short_answer" ? (
            <ShortAnswerFields
              {...shared}
              body={state.bodies.short_answer ?? defaultBody("short_answer")}
              update={(update) => setBody("short_answer", update)}
            />
          ) : null}
          {state.type === "essay" ? (
            <EssayFields
              {...shared}
              body={state.bodies.essay ?? defaultBody("essay")}
              update={(update) => setBody("essay", update)}
            />
          ) : null}
          {state.type === "matching" ? (
            <MatchingFields
              {...shared}
              body={state.bodies.matching ?? defaultBody("matching")}
              update={(update) => setBody("matching", update)}
            />
          ) : null}
          {state.type === "ordering" ? (
            <OrderingFields
              {...shared}
              body={state.bodies.ordering ?? defaultBody("ordering")}
              update={(update) => setBody("ordering", update)}
            />
          ) : null}
          {state.type === "cloze" ? (
            <ClozeFields
              {...shared}
              keys={gapKeys}
              body={state.bodies.cloze ?? defaultBody("cloze")}
              update={(update) => setBody("cloze", update)}
            />
          ) : null}
        </section>

        <section aria-labelledby={`${base}-solution-label`} className="space-y-2 border-t border-gray-200 pt-4">
          <h2 id={`${base}-solution-label`} className="text-lg font-semibold">
            {labels.solution}
          </h2>
          <p id={`${base}-solution-hint`} className="text-sm text-muted">
            {labels.solutionHint}
          </p>
          <RichField
            id={`${base}-solution`}
            labelledBy={`${base}-solution-label`}
            describedBy={describedBy(`${base}-solution-hint`, errorUnder("solution") && `${base}-solution-error`)}
            invalid={Boolean(errorUnder("solution"))}
            initialDoc={state.solution}
            onChange={setSolution}
            variant="full"
            labels={labels}
            onUploadImage={onUploadImage}
          />
          <FieldError id={`${base}-solution-error`} message={errorUnder("solution")} />
        </section>

        <section aria-labelledby={`${base}-metadata-title`} className="space-y-4 border-t border-gray-200 pt-4">
          <h2 id={`${base}-metadata-title`} className="text-lg font-semibold">
            {labels.metadata}
          </h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <SelectField
                id={`${base}-subject`}
                label={labels.subject}
                value={state.meta.subject}
                onChange={(event) => {
                  const code = event.currentTarget.value;
                  const grades = subjects.find((candidate) => candidate.code === code)?.grades ?? [];
                  setMeta({
                    subject: code,
                    grade: grades.includes(Number(state.meta.grade)) ? state.meta.grade : "",
                    topicIds: [],
                  });
                }}
                emptyLabel={labels.chooseSubject}
                options={subjects.map((option) => ({
                  value: option.code,
                  label: labels.locale === "en" ? option.nameEn : option.name,
                }))}
                aria-invalid={errorUnder("subject") ? true : undefined}
                aria-describedby={errorUnder("subject") ? `${base}-subject-error` : undefined}
              />
              <FieldError id={`${base}-subject-error`} message={errorUnder("subject")} />
            </div>
            <div>
              <SelectField
                id={`${base}-grade`}
                label={labels.grade}
                value={state.meta.grade}
                onChange={(event) => setMeta({ grade: event.currentTarget.value, topicIds: [] })}
                emptyLabel={labels.chooseGrade}
                options={(subject?.grades ?? GRADES).map((grade) => ({ value: String(grade), label: labels.gradeOption(grade) }))}
                aria-invalid={errorUnder("grade") ? true : undefined}
                aria-describedby={errorUnder("grade") ? `${base}-grade-error` : undefined}
              />
              <FieldError id={`${base}-grade-error`} message={errorUnder("grade")} />
            </div>
          </div>

          <fieldset id={`${base}-topicIds`} aria-describedby={errorUnder("topicIds") ? `${base}-topicIds-error` : undefined}>
            <legend className="field-label">{labels.topics}</legend>
            {!state.meta.subject || !state.meta.grade ? (
              <p className="mt-1 text-sm text-muted">{labels.topicsChooseFirst}</p>
            ) : topics === null ? (
              <p className="mt-1 text-sm text-muted">{labels.topicsLoading}</p>
            ) : topics.length === 0 ? (
              <p className="mt-1 text-sm text-muted">{labels.topicsNone}</p>
            ) : (
              <div className="mt-1 max-h-64 space-y-1 overflow-y-auto rounded-md border border-gray-200 p-2">
                {topics.map((topic) => (
                  <label key={topic.id} className="flex min-h-11 items-start gap-2 py-1">
                    <input
                      type="checkbox"
                      checked={state.meta.topicIds.includes(topic.id)}
                      onChange={(event) => {
                        const checked = event.currentTarget.checked;
                        setState((current) => ({
                          ...current,
                          meta: {
                            ...current.meta,
                            topicIds: checked
                              ? [...current.meta.topicIds, topic.id]
                              : current.meta.topicIds.filter((id) => id !== topic.id),
                          },
                        }));
                      }}
                      className="mt-1 h-5 w-5 shrink-0"
                    />
                    <span>{topic.name}</span>
                  </label>
                ))}
              </div>
            )}
            <FieldError id={`${base}-topicIds-error`} message={errorUnder("topicIds")} />
          </fieldset>

          <div>
            <label htmlFor={`${base}-outcomes`} className="field-label">
              {labels.outcomes}
            </label>
            <textarea
              id={`${base}-outcomes`}
              rows={3}
              value={state.meta.outcomes}
              onChange={(event) => setMeta({ outcomes: event.currentTarget.value })}
              aria-invalid={errorUnder("outcomes") ? true : undefined}
              aria-describedby={describedBy(`${base}-outcomes-hint`, errorUnder("outcomes") && `${base}-outcomes-error`)}
              className="field-input"
            />
            <p id={`${base}-outcomes-hint`} className="mt-1 text-sm text-muted">
              {labels.outcomesHint}
            </p>
            <FieldError id={`${base}-outcomes-error`} message={errorUnder("outcomes")} />
          </div>

          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor={`${base}-level`} className="field-label">
                {labels.level}
              </label>
              <select
                id={`${base}-level`}
                value={state.meta.level}
                onChange={(event) => setMeta({ level: event.currentTarget.value })}
                aria-invalid={errorUnder("level") ? true : undefined}
                aria-describedby={errorUnder("level") ? `${base}-level-error` : undefined}
                className="field-input"
              >
                <option value="">{labels.chooseLevel}</option>
                <optgroup label={`${labels.levelScale3}: ${COGNITIVE_LEVELS_3.map((level) => labels.levels[level]).join(" / ")}`}>
                  {COGNITIVE_LEVELS_3.map((level) => (
                    <option key={level} value={level}>
                      {labels.levels[level]}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={`${labels.levelScale4}: ${COGNITIVE_LEVELS_4.map((level) => labels.levels[level]).join(" / ")}`}>
                  {COGNITIVE_LEVELS_4.map((level) => (
                    <option key={level} value={level}>
                      {labels.levels[level]}
                    </option>
                  ))}
                </optgroup>
              </select>
              <FieldError id={`${base}-level-error`} message={errorUnder("level")} />
            </div>
            <div>
              <SelectField
                id={`${base}-difficulty`}
                label={labels.difficulty}
                value={state.meta.difficulty}
                onChange={(event) => setMeta({ difficulty: event.currentTarget.value })}
                options={labels.difficulties.map((label, index) => ({ value: String(index + 1), label }))}
                aria-invalid={errorUnder("difficulty") ? true : undefined}
                aria-describedby={errorUnder("difficulty") ? `${base}-difficulty-error` : undefined}
              />
              <FieldError id={`${base}-difficulty-error`} message={errorUnder("difficulty")} />
            </div>
          </div>

          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id={`${base}-tags`}
              label={labels.tags}
              hint={labels.tagsHint}
              value={state.meta.tags}
              onChange={(event) => setMeta({ tags: event.currentTarget.value })}
              error={errorUnder("tags")}
            />
            <Field
              id={`${base}-source`}
              label={labels.source}
              hint={labels.sourceHint}
              value={state.meta.source}
              maxLength={300}
              onChange={(event) => setMeta({ source: event.currentTarget.value })}
              error={errorUnder("source")}
            />
          </div>
          <div>
            <SelectField
              id={`${base}-licence`}
              label={labels.licence}
              value={state.meta.licence}
              onChange={(event) => {
                const licence = LICENCES.find((candidate) => candidate === event.currentTarget.value);
                if (licence) setMeta({ licence });
              }}
              options={LICENCES.map((licence) => ({ value: licence, label: labels.licences[licence] }))}
              aria-describedby={errorUnder("licence") ? `${base}-licence-error` : undefined}
            />
            <FieldError id={`${base}-licence-error`} message={errorUnder("licence")} />
          </div>
        </section>
      </div>

      <aside
        aria-labelledby={`${base}-preview-title`}
        className="min-w-0 space-y-3 rounded-lg border border-gray-200 bg-gray-50 p-4 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto"
      >
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${base}-preview-title`} className="text-lg font-semibold">
            {labels.preview}
          </h2>
          <button
            type="button"
            className="btn-secondary"
            aria-pressed={showAnswers}
            onClick={() => setShowAnswers((shown) => !shown)}
          >
            <span aria-hidden="true">{showAnswers ? "☑" : "☐"}</span>
            {labels.showAnswers}
          </button>
        </div>
        <div className="rounded-md border border-gray-200 bg-white p-3">
          <Preview content={preview} mode={showAnswers ? "answer" : "student"} labels={labels.view} />
        </div>
      </aside>
    </div>
  );
}

// ---- Error summary --------------------------------------------------------------------------

/** Focuses the field a summary link points at (or its first control), instead of only scrolling to it. */
function focusField(event: ReactMouseEvent<HTMLAnchorElement>, fallback: string) {
  const id = decodeURIComponent(event.currentTarget.hash.slice(1));
  const target = document.getElementById(id) ?? document.getElementById(fallback);
  if (!target) return;
  event.preventDefault();
  const control = target.matches("input, select, textarea, button, [contenteditable=true]")
    ? target
    : target.querySelector<HTMLElement>("[contenteditable=true], input:not([type=hidden]), select, textarea, button");
  target.scrollIntoView({ block: "center" });
  (control ?? target).focus({ preventScroll: true });
}

const isIndex = (segment: string | undefined): segment is string => segment !== undefined && /^\d+$/.test(segment);

/** The id of the element an error of `path` belongs to. */
function errorTarget(path: string, base: string, state: QuestionEditorState): string {
  const [first, second, third, fourth] = path.split(".");
  if (first === "stem" || first === "solution") return `${base}-${first}`;
  if ((METADATA_KEYS as readonly string[]).includes(first ?? "")) return `${base}-${first}`;
  if (first !== "body" || !second) return `${base}-body`;
  if (second === "correctOptionId") return `${base}-body-options`;
  if (second === "premises" || second === "responses") {
    const pairs = state.bodies.matching?.pairs.length ?? 0;
    if (!isIndex(third)) return `${base}-body-pairs`;
    const index = Number(third);
    return index < pairs ? `${base}-body-pairs-${index}` : `${base}-body-distractors-${index - pairs}`;
  }
  if (second === "answer")
    return `${base}-body-answer-${third === "value" || third === "tolerance" || third === "accepted" ? third : "kind"}`;
  if (second === "rubric" && isIndex(third) && (fourth === "criterion" || fourth === "weight" || fourth === "description")) {
    return `${base}-body-rubric-${third}-${fourth}`;
  }
  if (["options", "statements", "rubric", "pairs", "items", "gaps"].includes(second)) {
    return isIndex(third) ? `${base}-body-${second}-${third}` : `${base}-body-${second}`;
  }
  return `${base}-body`;
}

/** The name of the field an error of `path` belongs to, for the summary ("Phương án B: …"). */
function errorFieldLabel(path: string, state: QuestionEditorState, labels: QuestionEditorLabels): string | null {
  const [first, second, third] = path.split(".");
  if (first === "stem") return labels.stem;
  if (first === "solution") return labels.solution;
  const metadata: Record<string, string> = {
    subject: labels.subject,
    grade: labels.grade,
    topicIds: labels.topics,
    outcomes: labels.outcomes,
    level: labels.level,
    difficulty: labels.difficulty,
    tags: labels.tags,
    source: labels.source,
    licence: labels.licence,
  };
  if (first && first in metadata) return metadata[first] ?? null;
  if (first !== "body") return null;
  const index = isIndex(third) ? Number(third) : null;
  switch (second) {
    case "options":
      return index === null ? labels.options : labels.option(optionLetter(index));
    case "correctOptionId":
      return labels.options;
    case "statements":
      return index === null ? labels.statements : labels.statementLabel(statementLetter(index));
    case "answer":
      return third === "value"
        ? labels.numericValue
        : third === "tolerance"
          ? labels.tolerance
          : third === "accepted"
            ? labels.acceptedAnswers
            : labels.answerKind;
    case "rubric":
      return index === null ? labels.rubric : labels.rubricRow(index + 1);
    case "premises":
    case "responses":
    case "pairs": {
      const pairs = state.bodies.matching?.pairs.length ?? 0;
      if (index === null || second === "pairs") return labels.pairs;
      return index < pairs ? labels.pair(index + 1) : labels.distractor(index - pairs + 1);
    }
    case "items":
      return index === null ? labels.orderItems : labels.orderItem(index + 1);
    case "gaps": {
      const key = index === null ? undefined : uniqueGapKeys(state.stem)[index];
      return key ? labels.gapLabel(`[[${key}]]`) : labels.gaps;
    }
    default:
      return labels.answerSection;
  }
}

// ---- Answer fields of each format ------------------------------------------------------------

interface SectionProps {
  base: string;
  name: string;
  labels: QuestionEditorLabels;
  errorAt: (path: string) => string | undefined;
  errorUnder: (path: string) => string | undefined;
  focusLater: (ids: string[]) => void;
  onUploadImage?: UploadImage;
}

interface ChoiceOptionsProps<O extends Part> extends SectionProps {
  multiple: boolean;
  options: O[];
  isCorrect: (option: O) => boolean;
  setCorrect: (id: string, correct: boolean) => void;
  setOptions: (update: (options: O[]) => O[]) => void;
  newOption: (id: string) => O;
  shuffle: boolean;
  setShuffle: (shuffle: boolean) => void;
  scoring?: Scoring;
  setScoring?: (scoring: Scoring) => void;
}

/** The options of a single choice (radio) or multiple response (checkboxes) question. */
function ChoiceOptions<O extends Part>(props: ChoiceOptionsProps<O>) {
  const { base, name, labels, errorAt, errorUnder, focusLater, onUploadImage, multiple, options } = props;
  const listError = errorAt("body.options") ?? errorAt("body.correctOptionId");
  const addId = `${base}-options-add`;
  const setContent = (id: string) => (content: RichText) =>
    props.setOptions((current) => current.map((option) => (option.id === id ? { ...option, content } : option)));
  return (
    <fieldset
      id={`${base}-body-options`}
      className="min-w-0 space-y-3"
      aria-describedby={describedBy(`${base}-options-hint`, listError && `${base}-options-error`)}
    >
      <legend className="field-label">{labels.options}</legend>
      <p id={`${base}-options-hint`} className="text-sm text-muted">
        {multiple ? labels.optionsHintMultiple : labels.optionsHint}
      </p>
      <ol className="space-y-3">
        {options.map((option, index) => {
          const item = labels.option(optionLetter(index));
          const rowId = `${base}-body-options-${index}`;
          const labelId = `${base}-option-${option.id}-label`;
          const error = errorUnder(`body.options.${index}`);
          const correct = props.isCorrect(option);
          return (
            <li
              key={option.id}
              id={rowId}
              className={`space-y-2 rounded-md border p-3 ${correct ? "border-2 border-success bg-green-50" : "border-gray-300"}`}
            >
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span id={labelId} className="font-semibold">
                  {item}
                </span>
                <label className="inline-flex min-h-11 items-center gap-2 text-sm font-medium">
                  <input
                    type={multiple ? "checkbox" : "radio"}
                    name={`${name}-ui-correct`}
                    checked={correct}
                    onChange={(event) => props.setCorrect(option.id, event.currentTarget.checked)}
                    aria-label={labels.markCorrect(item)}
                    className="h-5 w-5"
                  />
                  {labels.correct}
                </label>
                <ItemTools
                  idPrefix={`${base}-option-${option.id}`}
                  item={item}
                  index={index}
                  count={options.length}
                  min={2}
                  afterRemove={addId}
                  onMove={(from, to) => props.setOptions((current) => move(current, from, to))}
                  onRemove={(at) => props.setOptions((current) => current.filter((_, position) => position !== at))}
                  focusLater={focusLater}
                  labels={labels}
                />
              </div>
              <RichField
                id={`${rowId}-content`}
                labelledBy={labelId}
                describedBy={error ? `${rowId}-error` : undefined}
                invalid={Boolean(error)}
                initialDoc={option.content}
                onChange={setContent(option.id)}
                variant="compact"
                labels={labels}
                onUploadImage={onUploadImage}
              />
              <FieldError id={`${rowId}-error`} message={error} />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        id={addId}
        className="btn-secondary"
        disabled={options.length >= QUESTION_LIMITS.maxOptions}
        onClick={() => props.setOptions((current) => [...current, props.newOption(nextId(current.map((option) => option.id)))])}
      >
        <span aria-hidden="true">+</span>
        {labels.addOption}
      </button>
      <FieldError id={`${base}-options-error`} message={listError} />
      <Checkbox checked={props.shuffle} onChange={props.setShuffle}>
        {labels.shuffleOptions}
      </Checkbox>
      {props.scoring && props.setScoring ? (
        <ScoringSelect id={`${base}-scoring`} value={props.scoring} onChange={props.setScoring} labels={labels} />
      ) : null}
    </fieldset>
  );
}

interface BodyFieldsProps<T extends QuestionType> extends SectionProps {
  body: BodyStates[T];
  update: (update: (body: BodyStates[T]) => BodyStates[T]) => void;
}

function TrueFalseFields({
  base,
  name,
  labels,
  errorAt,
  errorUnder,
  onUploadImage,
  body,
  update,
}: BodyFieldsProps<"true_false_group">) {
  const listError = errorAt("body.statements");
  const setStatement = (id: string, patch: Partial<Part & { correct: boolean }>) =>
    update((current) => ({
      statements: current.statements.map((statement) => (statement.id === id ? { ...statement, ...patch } : statement)),
    }));
  return (
    <div id={`${base}-body-statements`} className="space-y-3">
      <p className="field-label">{labels.statements}</p>
      <ol className="space-y-3">
        {body.statements.map((statement, index) => {
          const item = labels.statementLabel(statementLetter(index));
          const rowId = `${base}-body-statements-${index}`;
          const labelId = `${rowId}-label`;
          const error = errorUnder(`body.statements.${index}`);
          return (
            <li key={statement.id} id={rowId} className="space-y-2 rounded-md border border-gray-300 p-3">
              <p id={labelId} className="font-semibold">
                {item}
              </p>
              <RichField
                id={`${rowId}-content`}
                labelledBy={labelId}
                describedBy={error ? `${rowId}-error` : undefined}
                invalid={Boolean(error)}
                initialDoc={statement.content}
                onChange={(content) => setStatement(statement.id, { content })}
                variant="compact"
                labels={labels}
                onUploadImage={onUploadImage}
              />
              <fieldset className="flex flex-wrap items-center gap-x-4" aria-describedby={error ? `${rowId}-error` : undefined}>
                <legend className="sr-only">{labels.statementTruth(item)}</legend>
                <span aria-hidden="true" className="text-sm text-muted">
                  {labels.statementTruth(item)}
                </span>
                {[true, false].map((value) => (
                  <label key={String(value)} className="inline-flex min-h-11 items-center gap-2 text-sm font-medium">
                    <input
                      type="radio"
                      name={`${name}-ui-statement-${statement.id}`}
                      checked={statement.correct === value}
                      onChange={() => setStatement(statement.id, { correct: value })}
                      className="h-5 w-5"
                    />
                    {value ? labels.view.true : labels.view.false}
                  </label>
                ))}
              </fieldset>
              <FieldError id={`${rowId}-error`} message={error} />
            </li>
          );
        })}
      </ol>
      <FieldError id={`${base}-statements-error`} message={listError} />
    </div>
  );
}

function ShortAnswerFields({ base, name, labels, errorAt, errorUnder, body, update }: BodyFieldsProps<"short_answer">) {
  const set = (patch: Partial<BodyStates["short_answer"]>) => update((current) => ({ ...current, ...patch }));
  const acceptedError = errorUnder("body.answer.accepted");
  return (
    <div className="space-y-4">
      <fieldset id={`${base}-body-answer-kind`} className="flex flex-wrap items-center gap-x-4">
        <legend className="field-label">{labels.answerKind}</legend>
        {(["numeric", "text"] as const).map((kind) => (
          <label key={kind} className="inline-flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name={`${name}-ui-answer-kind`}
              checked={body.kind === kind}
              onChange={() => set({ kind })}
              className="h-5 w-5"
            />
            {kind === "numeric" ? labels.answerNumeric : labels.answerText}
          </label>
        ))}
        <FieldError id={`${base}-answer-kind-error`} message={errorAt("body.answer")} />
      </fieldset>
      {body.kind === "numeric" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id={`${base}-body-answer-value`}
            label={labels.numericValue}
            hint={labels.numericValueHint}
            value={body.value}
            onChange={(event) => set({ value: event.currentTarget.value })}
            autoComplete="off"
            spellCheck={false}
            error={errorUnder("body.answer.value")}
          />
          <Field
            id={`${base}-body-answer-tolerance`}
            label={labels.tolerance}
            hint={labels.toleranceHint}
            value={body.tolerance}
            inputMode="decimal"
            onChange={(event) => set({ tolerance: event.currentTarget.value })}
            autoComplete="off"
            error={errorUnder("body.answer.tolerance")}
          />
        </div>
      ) : (
        <div className="space-y-2">
          <div>
            <label htmlFor={`${base}-body-answer-accepted`} className="field-label">
              {labels.acceptedAnswers}
            </label>
            <textarea
              id={`${base}-body-answer-accepted`}
              rows={3}
              value={body.accepted}
              onChange={(event) => set({ accepted: event.currentTarget.value })}
              aria-invalid={acceptedError ? true : undefined}
              aria-describedby={describedBy(`${base}-accepted-hint`, acceptedError && `${base}-accepted-error`)}
              className="field-input"
            />
            <p id={`${base}-accepted-hint`} className="mt-1 text-sm text-muted">
              {labels.acceptedAnswersHint}
            </p>
            <FieldError id={`${base}-accepted-error`} message={acceptedError} />
          </div>
          <Checkbox checked={body.caseSensitive} onChange={(caseSensitive) => set({ caseSensitive })}>
            {labels.caseSensitive}
          </Checkbox>
        </div>
      )}
    </div>
  );
}

function EssayFields({ base, labels, errorAt, errorUnder, focusLater, body, update }: BodyFieldsProps<"essay">) {
  const addId = `${base}-rubric-add`;
  const listError = errorAt("body.rubric");
  const total = body.rubric.reduce((sum, row) => sum + parseDecimal(row.weight), 0);
  const totalRight = Math.abs(total - 100) < 1e-4;
  const setRow = (key: string, patch: Partial<RubricRowState>) =>
    update((current) => ({ ...current, rubric: current.rubric.map((row) => (row.key === key ? { ...row, ...patch } : row)) }));
  return (
    <div className="space-y-3">
      <fieldset
        id={`${base}-body-rubric`}
        className="min-w-0 space-y-3"
        aria-describedby={describedBy(`${base}-rubric-hint`, listError && `${base}-rubric-error`)}
      >
        <legend className="field-label">{labels.rubric}</legend>
        <p id={`${base}-rubric-hint`} className="text-sm text-muted">
          {labels.rubricHint}
        </p>
        <ol className="space-y-3">
          {body.rubric.map((row, index) => {
            const item = labels.rubricRow(index + 1);
            const rowId = `${base}-body-rubric-${index}`;
            const descriptionError = errorUnder(`body.rubric.${index}.description`);
            return (
              <li key={row.key} id={rowId} className="space-y-2 rounded-md border border-gray-300 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">{item}</span>
                  <ItemTools
                    idPrefix={`${base}-${row.key}`}
                    item={item}
                    index={index}
                    count={body.rubric.length}
                    min={1}
                    afterRemove={addId}
                    onMove={(from, to) => update((current) => ({ ...current, rubric: move(current.rubric, from, to) }))}
                    onRemove={(at) =>
                      update((current) => ({ ...current, rubric: current.rubric.filter((_, position) => position !== at) }))
                    }
                    focusLater={focusLater}
                    labels={labels}
                  />
                </div>
                <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_8rem]">
                  <Field
                    id={`${rowId}-criterion`}
                    label={labels.criterion}
                    value={row.criterion}
                    maxLength={500}
                    onChange={(event) => setRow(row.key, { criterion: event.currentTarget.value })}
                    error={errorUnder(`body.rubric.${index}.criterion`)}
                  />
                  <Field
                    id={`${rowId}-weight`}
                    label={labels.weight}
                    value={row.weight}
                    inputMode="decimal"
                    autoComplete="off"
                    onChange={(event) => setRow(row.key, { weight: event.currentTarget.value })}
                    error={errorUnder(`body.rubric.${index}.weight`)}
                  />
                </div>
                <div>
                  <label htmlFor={`${rowId}-description`} className="field-label">
                    {labels.description}
                  </label>
                  <textarea
                    id={`${rowId}-description`}
                    rows={2}
                    maxLength={2000}
                    value={row.description}
                    onChange={(event) => setRow(row.key, { description: event.currentTarget.value })}
                    aria-invalid={descriptionError ? true : undefined}
                    aria-describedby={descriptionError ? `${rowId}-description-error` : undefined}
                    className="field-input"
                  />
                  <FieldError id={`${rowId}-description-error`} message={descriptionError} />
                </div>
              </li>
            );
          })}
        </ol>
        <p aria-live="polite" className={`text-sm font-medium ${totalRight ? "text-success" : "text-danger"}`}>
          {labels.weightTotal(
            Number.isFinite(total) ? String(Math.round(total * 100) / 100).replace(".", labels.view.decimalSeparator) : "—",
          )}
          {totalRight ? null : ` ${labels.weightTotalWrong}`}
        </p>
        <button
          type="button"
          id={addId}
          className="btn-secondary"
          disabled={body.rubric.length >= QUESTION_LIMITS.maxRubricRows}
          onClick={() =>
            update((current) => ({
              ...current,
              rubric: [
                ...current.rubric,
                rubricRow(
                  nextId(
                    current.rubric.map((row) => row.key),
                    "row",
                  ),
                ),
              ],
            }))
          }
        >
          <span aria-hidden="true">+</span>
          {labels.addRubricRow}
        </button>
        <FieldError id={`${base}-rubric-error`} message={listError} />
      </fieldset>
      <Checkbox checked={body.allowPhoto} onChange={(allowPhoto) => update((current) => ({ ...current, allowPhoto }))}>
        {labels.allowPhoto}
      </Checkbox>
    </div>
  );
}

function MatchingFields({
  base,
  labels,
  errorAt,
  errorUnder,
  focusLater,
  onUploadImage,
  body,
  update,
}: BodyFieldsProps<"matching">) {
  const addPairId = `${base}-pairs-add`;
  const addDistractorId = `${base}-distractors-add`;
  const listError = errorAt("body.pairs") ?? errorAt("body.premises") ?? errorAt("body.responses");
  const usedResponses = () => [...body.pairs.map((pair) => pair.response.id), ...body.distractors.map((part) => part.id)];
  const setPair = (premiseId: string, side: "premise" | "response", content: RichText) =>
    update((current) => ({
      ...current,
      pairs: current.pairs.map((pair) =>
        pair.premise.id === premiseId ? { ...pair, [side]: { ...pair[side], content } } : pair,
      ),
    }));
  const setDistractor = (id: string, content: RichText) =>
    update((current) => ({
      ...current,
      distractors: current.distractors.map((part) => (part.id === id ? { ...part, content } : part)),
    }));
  const maxDistractors = QUESTION_LIMITS.maxPairs * 2 - body.pairs.length;
  return (
    <div className="space-y-4">
      <fieldset
        id={`${base}-body-pairs`}
        className="min-w-0 space-y-3"
        aria-describedby={describedBy(`${base}-pairs-hint`, listError && `${base}-pairs-error`)}
      >
        <legend className="field-label">{labels.pairs}</legend>
        <p id={`${base}-pairs-hint`} className="text-sm text-muted">
          {labels.pairsHint}
        </p>
        <ol className="space-y-3">
          {body.pairs.map((pair, index) => {
            const item = labels.pair(index + 1);
            const rowId = `${base}-body-pairs-${index}`;
            const error = errorUnder(`body.premises.${index}`) ?? errorUnder(`body.responses.${index}`);
            return (
              <li key={pair.premise.id} id={rowId} className="space-y-2 rounded-md border border-gray-300 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">{item}</span>
                  <ItemTools
                    idPrefix={`${base}-pair-${pair.premise.id}`}
                    item={item}
                    index={index}
                    count={body.pairs.length}
                    min={2}
                    afterRemove={addPairId}
                    onMove={(from, to) => update((current) => ({ ...current, pairs: move(current.pairs, from, to) }))}
                    onRemove={(at) =>
                      update((current) => ({ ...current, pairs: current.pairs.filter((_, position) => position !== at) }))
                    }
                    focusLater={focusLater}
                    labels={labels}
                  />
                </div>
                <div className="grid gap-3 sm:grid-cols-2">
                  {(["premise", "response"] as const).map((side) => (
                    <div key={side} className="min-w-0 space-y-1">
                      <p id={`${rowId}-${side}-label`} className="text-sm font-medium">
                        {side === "premise" ? labels.premise : labels.response}
                        <span className="sr-only"> ({item})</span>
                      </p>
                      <RichField
                        id={`${rowId}-${side}`}
                        labelledBy={`${rowId}-${side}-label`}
                        describedBy={error ? `${rowId}-error` : undefined}
                        invalid={Boolean(error)}
                        initialDoc={pair[side].content}
                        onChange={(content) => setPair(pair.premise.id, side, content)}
                        variant="compact"
                        labels={labels}
                        onUploadImage={onUploadImage}
                      />
                    </div>
                  ))}
                </div>
                <FieldError id={`${rowId}-error`} message={error} />
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          id={addPairId}
          className="btn-secondary"
          disabled={body.pairs.length >= QUESTION_LIMITS.maxPairs}
          onClick={() =>
            update((current) => ({
              ...current,
              pairs: [
                ...current.pairs,
                {
                  premise: {
                    id: nextId(
                      current.pairs.map((pair) => pair.premise.id),
                      "p",
                    ),
                    content: blank(),
                  },
                  response: { id: nextId(usedResponses(), "r"), content: blank() },
                },
              ],
            }))
          }
        >
          <span aria-hidden="true">+</span>
          {labels.addPair}
        </button>
        <FieldError id={`${base}-pairs-error`} message={listError} />
      </fieldset>

      <fieldset id={`${base}-body-distractors`} className="min-w-0 space-y-3" aria-describedby={`${base}-distractors-hint`}>
        <legend className="field-label">{labels.distractors}</legend>
        <p id={`${base}-distractors-hint`} className="text-sm text-muted">
          {labels.distractorsHint}
        </p>
        {body.distractors.length > 0 ? (
          <ol className="space-y-3">
            {body.distractors.map((part, index) => {
              const item = labels.distractor(index + 1);
              const rowId = `${base}-body-distractors-${index}`;
              const error = errorUnder(`body.responses.${body.pairs.length + index}`);
              return (
                <li key={part.id} id={rowId} className="space-y-2 rounded-md border border-gray-300 p-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <span id={`${rowId}-label`} className="font-semibold">
                      {item}
                    </span>
                    <ItemTools
                      idPrefix={`${base}-distractor-${part.id}`}
                      item={item}
                      index={index}
                      count={body.distractors.length}
                      min={0}
                      afterRemove={addDistractorId}
                      onRemove={(at) =>
                        update((current) => ({
                          ...current,
                          distractors: current.distractors.filter((_, position) => position !== at),
                        }))
                      }
                      focusLater={focusLater}
                      labels={labels}
                    />
                  </div>
                  <RichField
                    id={`${rowId}-content`}
                    labelledBy={`${rowId}-label`}
                    describedBy={error ? `${rowId}-error` : undefined}
                    invalid={Boolean(error)}
                    initialDoc={part.content}
                    onChange={(content) => setDistractor(part.id, content)}
                    variant="compact"
                    labels={labels}
                    onUploadImage={onUploadImage}
                  />
                  <FieldError id={`${rowId}-error`} message={error} />
                </li>
              );
            })}
          </ol>
        ) : null}
        <button
          type="button"
          id={addDistractorId}
          className="btn-secondary"
          disabled={body.distractors.length >= maxDistractors}
          onClick={() =>
            update((current) => ({
              ...current,
              distractors: [...current.distractors, { id: nextId(usedResponses(), "r"), content: blank() }],
            }))
          }
        >
          <span aria-hidden="true">+</span>
          {labels.addDistractor}
        </button>
      </fieldset>
      <ScoringSelect
        id={`${base}-scoring`}
        value={body.scoring}
        onChange={(scoring) => update((current) => ({ ...current, scoring }))}
        labels={labels}
      />
    </div>
  );
}

function OrderingFields({
  base,
  labels,
  errorAt,
  errorUnder,
  focusLater,
  onUploadImage,
  body,
  update,
}: BodyFieldsProps<"ordering">) {
  const addId = `${base}-items-add`;
  const listError = errorAt("body.items");
  return (
    <div className="space-y-4">
      <fieldset
        id={`${base}-body-items`}
        className="min-w-0 space-y-3"
        aria-describedby={describedBy(`${base}-items-hint`, listError && `${base}-items-error`)}
      >
        <legend className="field-label">{labels.orderItems}</legend>
        <p id={`${base}-items-hint`} className="text-sm text-muted">
          {labels.orderItemsHint}
        </p>
        <ol className="space-y-3">
          {body.items.map((part, index) => {
            const item = labels.orderItem(index + 1);
            const rowId = `${base}-body-items-${index}`;
            const error = errorUnder(`body.items.${index}`);
            return (
              <li key={part.id} id={rowId} className="space-y-2 rounded-md border border-gray-300 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span id={`${rowId}-label`} className="font-semibold">
                    {item}
                  </span>
                  <ItemTools
                    idPrefix={`${base}-item-${part.id}`}
                    item={item}
                    index={index}
                    count={body.items.length}
                    min={2}
                    afterRemove={addId}
                    onMove={(from, to) => update((current) => ({ ...current, items: move(current.items, from, to) }))}
                    onRemove={(at) =>
                      update((current) => ({ ...current, items: current.items.filter((_, position) => position !== at) }))
                    }
                    focusLater={focusLater}
                    labels={labels}
                  />
                </div>
                <RichField
                  id={`${rowId}-content`}
                  labelledBy={`${rowId}-label`}
                  describedBy={error ? `${rowId}-error` : undefined}
                  invalid={Boolean(error)}
                  initialDoc={part.content}
                  onChange={(content) =>
                    update((current) => ({
                      ...current,
                      items: current.items.map((candidate) => (candidate.id === part.id ? { ...candidate, content } : candidate)),
                    }))
                  }
                  variant="compact"
                  labels={labels}
                  onUploadImage={onUploadImage}
                />
                <FieldError id={`${rowId}-error`} message={error} />
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          id={addId}
          className="btn-secondary"
          disabled={body.items.length >= QUESTION_LIMITS.maxOrderItems}
          onClick={() =>
            update((current) => ({
              ...current,
              items: [
                ...current.items,
                {
                  id: nextId(
                    current.items.map((part) => part.id),
                    "i",
                  ),
                  content: blank(),
                },
              ],
            }))
          }
        >
          <span aria-hidden="true">+</span>
          {labels.addOrderItem}
        </button>
        <FieldError id={`${base}-items-error`} message={listError} />
      </fieldset>
      <ScoringSelect
        id={`${base}-scoring`}
        value={body.scoring}
        onChange={(scoring) => update((current) => ({ ...current, scoring }))}
        labels={labels}
      />
    </div>
  );
}

function ClozeFields({ base, labels, errorAt, errorUnder, body, update, keys }: BodyFieldsProps<"cloze"> & { keys: string[] }) {
  const unique = [...new Set(keys)];
  const repeated = unique.filter((key) => keys.indexOf(key) !== keys.lastIndexOf(key));
  const listError = errorAt("body.gaps");
  const setGap = (key: string, patch: Partial<{ accepted: string; caseSensitive: boolean }>) =>
    update((current) => ({
      ...current,
      gaps: { ...current.gaps, [key]: { accepted: "", caseSensitive: false, ...current.gaps[key], ...patch } },
    }));
  return (
    <div className="space-y-4">
      <fieldset
        id={`${base}-body-gaps`}
        className="min-w-0 space-y-3"
        aria-describedby={listError || repeated.length > 0 ? `${base}-gaps-error` : undefined}
      >
        <legend className="field-label">{labels.gaps}</legend>
        {unique.length === 0 ? <p className="text-sm text-muted">{labels.noGaps}</p> : null}
        <ol className="space-y-3">
          {unique.map((key, index) => {
            const rowId = `${base}-body-gaps-${index}`;
            const gap = body.gaps[key] ?? { accepted: "", caseSensitive: false };
            const error = errorUnder(`body.gaps.${index}`);
            return (
              <li key={key} id={rowId} className="space-y-2 rounded-md border border-gray-300 p-3">
                <div>
                  <label htmlFor={`${rowId}-accepted`} className="field-label">
                    {labels.gapLabel(`[[${key}]]`)} — {labels.acceptedAnswers}
                  </label>
                  <textarea
                    id={`${rowId}-accepted`}
                    rows={2}
                    value={gap.accepted}
                    onChange={(event) => setGap(key, { accepted: event.currentTarget.value })}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy(`${base}-gaps-hint`, error && `${rowId}-error`)}
                    className="field-input"
                  />
                  <FieldError id={`${rowId}-error`} message={error} />
                </div>
                <Checkbox checked={gap.caseSensitive} onChange={(caseSensitive) => setGap(key, { caseSensitive })}>
                  {labels.caseSensitive}
                </Checkbox>
              </li>
            );
          })}
        </ol>
        {unique.length > 0 ? (
          <p id={`${base}-gaps-hint`} className="text-sm text-muted">
            {labels.acceptedAnswersHint}
          </p>
        ) : null}
        <div id={`${base}-gaps-error`}>
          {repeated.map((key) => (
            <p key={key} role="alert" className="mt-1 text-sm font-medium text-danger">
              {labels.gapRepeated(`[[${key}]]`)}
            </p>
          ))}
          {listError ? <p className="mt-1 text-sm font-medium text-danger">{listError}</p> : null}
        </div>
      </fieldset>
      <ScoringSelect
        id={`${base}-scoring`}
        value={body.scoring}
        onChange={(scoring) => update((current) => ({ ...current, scoring }))}
        labels={labels}
      />
    </div>
  );
}
