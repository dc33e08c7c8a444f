import { useId, type ReactNode } from "react";
import {
  CLOZE_GAP_PATTERN,
  clozeGapKeys,
  type QuestionBodyOf,
  type QuestionContent,
  type RichText,
} from "#content-schemas/questions";
import { renderRichTextHtml } from "~/utils/rich-text-html";
import type { QuestionViewLabels } from "./question-editor-labels";

export type { QuestionViewLabels } from "./question-editor-labels";
export { questionViewLabelsEn, questionViewLabelsVi } from "./question-editor-labels";

export type QuestionViewMode = "student" | "answer";

export interface QuestionViewProps {
  content: QuestionContent;
  /** "student": the question as a student sees it; "answer": the same with the answers and the solution. */
  mode: QuestionViewMode;
  labels: QuestionViewLabels;
  /** Shown as "Câu 3" above the stem. */
  number?: number;
}

/**
 * One question as a student sees it (inputs disabled: a preview) or as a teacher reviews it, with
 * the correct answers marked in words and symbols, never by colour alone. Pure: renders from its
 * props in the browser and on the server. Rich text (stems, options, solutions) goes through
 * `renderRichTextHtml`, so formulas are KaTeX HTML: the page links katex.min.css and lecture.css.
 *
 * Content that is still being written (the editor's live preview) renders too: a part the rich
 * text schema rejects shows `labels.unreadable`, an answer not chosen yet shows as not chosen.
 */
export function QuestionView({ content, mode, labels, number }: QuestionViewProps) {
  const id = useId();
  const answer = mode === "answer";
  const { body } = content;
  return (
    <div className="question-view min-w-0 space-y-4" data-type={body.type} data-mode={mode}>
      {number !== undefined ? <p className="font-semibold text-brand-900">{labels.question(number)}</p> : null}
      {body.type === "cloze" ? (
        <ClozeStem id={id} stem={content.stem} body={body} answer={answer} labels={labels} />
      ) : (
        <Rich doc={content.stem} labels={labels} />
      )}
      <Body id={id} stem={content.stem} body={body} answer={answer} labels={labels} />
      {answer && content.solution ? (
        <section aria-labelledby={`${id}-solution`} className="rounded-md border border-gray-200 bg-gray-50 p-3">
          <h4 id={`${id}-solution`} className="mb-2 font-semibold">
            {labels.solution}
          </h4>
          <Rich doc={content.solution} labels={labels} />
        </section>
      ) : null}
    </div>
  );
}

function Body({ id, stem, body, answer, labels }: PartProps<QuestionContent["body"]> & { stem: RichText }) {
  switch (body.type) {
    case "single_choice":
      return <SingleChoice id={id} body={body} answer={answer} labels={labels} />;
    case "true_false_group":
      return <TrueFalseGroup id={id} body={body} answer={answer} labels={labels} />;
    case "short_answer":
      return <ShortAnswer id={id} body={body} answer={answer} labels={labels} />;
    case "essay":
      return <Essay id={id} body={body} answer={answer} labels={labels} />;
    case "multiple_response":
      return <MultipleResponse id={id} body={body} answer={answer} labels={labels} />;
    case "matching":
      return <Matching id={id} body={body} answer={answer} labels={labels} />;
    case "ordering":
      return <Ordering id={id} body={body} answer={answer} labels={labels} />;
    case "cloze":
      return answer ? <ClozeAnswers stem={stem} body={body} labels={labels} /> : null;
  }
}

interface PartProps<B> {
  /** Prefix of the ids and input names of this question (useId of the view). */
  id: string;
  body: B;
  answer: boolean;
  labels: QuestionViewLabels;
}

// ---- Rich text -----------------------------------------------------------------------------

/** Rendered documents by identity: the live preview re-renders often, with mostly unchanged parts. */
const htmlCache = new WeakMap<object, string | null>();

/** The HTML of a rich text part, or null when the schema rejects it. */
function richHtml(doc: RichText): string | null {
  const cached = htmlCache.get(doc);
  if (cached !== undefined) return cached;
  let html: string | null;
  try {
    html = renderRichTextHtml(doc);
  } catch {
    html = null;
  }
  htmlCache.set(doc, html);
  return html;
}

function Rich({
  doc,
  labels,
  id,
  className = "",
}: {
  doc: RichText;
  labels: QuestionViewLabels;
  id?: string;
  className?: string;
}) {
  return <RichHtml html={richHtml(doc)} labels={labels} id={id} className={className} />;
}

function RichHtml({
  html,
  labels,
  id,
  className = "",
}: {
  html: string | null;
  labels: QuestionViewLabels;
  id?: string;
  className?: string;
}) {
  if (html === null) {
    return (
      <p id={id} className={`text-sm text-danger ${className}`}>
        {labels.unreadable}
      </p>
    );
  }
  // The rich text renderer escapes every text and attribute value; formulas are KaTeX (trust: false).
  return <div id={id} className={`lecture-content min-w-0 ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

// ---- Shared pieces -------------------------------------------------------------------------

/** "A", "B", … for the option at `index`. */
export const optionLetter = (index: number) =>
  String.fromCharCode(65 + (index % 26)) + (index >= 26 ? Math.floor(index / 26) : "");
/** "a", "b", … for statements and the right column of a matching question. */
export const statementLetter = (index: number) => optionLetter(index).toLowerCase();

/** A number as people write it here: `0.5` → "0,5" with a comma separator. */
function formatNumber(value: number, labels: QuestionViewLabels): string {
  return Number.isFinite(value) ? String(value).replace(".", labels.decimalSeparator) : "—";
}

/** The mark of a correct part: a check and words, never colour alone. */
function CorrectMark({ labels }: { labels: QuestionViewLabels }) {
  return (
    <span className="inline-flex shrink-0 items-center gap-1 rounded bg-success px-2 py-0.5 text-sm font-semibold text-white">
      <span aria-hidden="true">✓</span>
      {labels.correctAnswer}
    </span>
  );
}

function AnswerBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-md border-2 border-success bg-green-50 p-3 text-sm">
      <p className="font-semibold text-success">
        <span aria-hidden="true">✓ </span>
        {title}
      </p>
      <div className="mt-1 space-y-1 text-ink">{children}</div>
    </div>
  );
}

function Scoring({ scoring, labels }: { scoring: "all_or_nothing" | "proportional"; labels: QuestionViewLabels }) {
  return (
    <p className="text-sm text-muted">
      {labels.scoring}: {scoring === "proportional" ? labels.scoringProportional : labels.scoringAllOrNothing}
    </p>
  );
}

/** 32-bit FNV-1a of a part id: a display order that depends only on the ids. */
function hashId(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index += 1) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The parts in an order that depends only on their ids and is never the stored one (the answer of
 * an ordering question, the pairing of a matching one): the same on the server and in the browser.
 */
export function scrambledOrder<T extends { id: string }>(parts: readonly T[]): T[] {
  const sorted = [...parts].sort((a, b) => hashId(a.id) - hashId(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sorted.length > 1 && sorted.every((part, index) => part === parts[index])) sorted.push(sorted.shift()!);
  return sorted;
}

const choiceClass = (correct: boolean) =>
  `flex items-start gap-3 rounded-md border p-3 ${correct ? "border-2 border-success bg-green-50" : "border-gray-300"}`;

// ---- Formats -------------------------------------------------------------------------------

function SingleChoice({ id, body, answer, labels }: PartProps<QuestionBodyOf<"single_choice">>) {
  const chosen = body.options.some((option) => option.id === body.correctOptionId);
  return (
    <fieldset className="min-w-0">
      <legend className="mb-2 text-sm text-muted">{labels.chooseOne}</legend>
      <ChoiceList
        id={id}
        options={body.options}
        inputType="radio"
        isCorrect={(option) => answer && option.id === body.correctOptionId}
        labels={labels}
      />
      {answer && !chosen ? <p className="mt-2 text-sm font-medium text-danger">{labels.noCorrectAnswer}</p> : null}
    </fieldset>
  );
}

/** Lettered options with disabled inputs (a preview); the correct ones marked in words in the answer view. */
function ChoiceList<Option extends { id: string; content: RichText }>({
  id,
  options,
  inputType,
  isCorrect,
  labels,
}: {
  id: string;
  options: readonly Option[];
  inputType: "radio" | "checkbox";
  isCorrect: (option: Option) => boolean;
  labels: QuestionViewLabels;
}) {
  return (
    <ul className="space-y-2">
      {options.map((option, index) => {
        const correct = isCorrect(option);
        const base = `${id}-option-${index}`;
        return (
          <li key={option.id} className={choiceClass(correct)}>
            <input
              type={inputType}
              name={`${id}-choice`}
              id={base}
              value={option.id}
              checked={correct}
              disabled
              aria-labelledby={`${base}-letter ${base}-text`}
              className="mt-1 h-5 w-5 shrink-0"
            />
            <label htmlFor={base} id={`${base}-letter`} className="font-semibold">
              {optionLetter(index)}.
            </label>
            <Rich doc={option.content} labels={labels} id={`${base}-text`} className="flex-1" />
            {correct ? <CorrectMark labels={labels} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function MultipleResponse({ id, body, answer, labels }: PartProps<QuestionBodyOf<"multiple_response">>) {
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="mb-2 text-sm text-muted">{labels.chooseMany}</legend>
      <ChoiceList
        id={id}
        options={body.options}
        inputType="checkbox"
        isCorrect={(option) => answer && option.correct === true}
        labels={labels}
      />
      {answer && !body.options.some((option) => option.correct === true) ? (
        <p className="text-sm font-medium text-danger">{labels.noCorrectAnswer}</p>
      ) : null}
      {answer ? <Scoring scoring={body.scoring} labels={labels} /> : null}
    </fieldset>
  );
}

function TrueFalseGroup({ id, body, answer, labels }: PartProps<QuestionBodyOf<"true_false_group">>) {
  return (
    <fieldset className="min-w-0">
      <legend className="mb-2 text-sm text-muted">{labels.trueFalseHint}</legend>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-gray-300 text-sm">
              <th scope="col" className="py-2 pr-2 font-semibold">
                {labels.statement}
              </th>
              <th scope="col" className="w-14 px-1 py-2 text-center font-semibold">
                {labels.true}
              </th>
              <th scope="col" className="w-14 px-1 py-2 text-center font-semibold">
                {labels.false}
              </th>
              {answer ? (
                <th scope="col" className="w-16 px-1 py-2 text-center font-semibold">
                  {labels.correctAnswer}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {body.statements.map((statement, index) => {
              const letter = statementLetter(index);
              const known = answer && typeof statement.correct === "boolean";
              return (
                <tr key={statement.id} className="border-b border-gray-200 align-top">
                  <th scope="row" className="py-2 pr-2 font-normal">
                    <div className="flex gap-2">
                      <span className="font-semibold">{letter})</span>
                      <Rich doc={statement.content} labels={labels} className="flex-1" />
                    </div>
                  </th>
                  {[true, false].map((value) => (
                    <td key={String(value)} className="px-1 py-2 text-center">
                      <input
                        type="radio"
                        name={`${id}-statement-${index}`}
                        value={String(value)}
                        checked={known && statement.correct === value}
                        disabled
                        aria-label={labels.statementChoice(letter, value ? labels.true : labels.false)}
                        className="h-5 w-5"
                      />
                    </td>
                  ))}
                  {answer ? (
                    <td className="px-1 py-2 text-center font-bold">
                      {known ? (
                        <span className="text-success">
                          <span aria-hidden="true">{statement.correct ? labels.trueShort : labels.falseShort}</span>
                          <span className="sr-only">{statement.correct ? labels.true : labels.false}</span>
                        </span>
                      ) : (
                        <span className="font-normal text-danger">—</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {answer && body.statements.some((statement) => typeof statement.correct !== "boolean") ? (
        <p className="mt-2 text-sm font-medium text-danger">{labels.noCorrectAnswer}</p>
      ) : null}
    </fieldset>
  );
}

function ShortAnswer({ id, body, answer, labels }: PartProps<QuestionBodyOf<"short_answer">>) {
  const numeric = body.answer.kind === "numeric";
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={`${id}-short`} className="field-label">
          {labels.shortAnswer}
        </label>
        <input
          id={`${id}-short`}
          type="text"
          inputMode={numeric ? "decimal" : undefined}
          disabled
          aria-describedby={numeric ? `${id}-short-hint` : undefined}
          className="field-input max-w-xs disabled:bg-gray-50"
        />
        {numeric ? (
          <p id={`${id}-short-hint`} className="mt-1 text-sm text-muted">
            {labels.shortAnswerNumericHint}
          </p>
        ) : null}
      </div>
      {answer ? (
        <AnswerBox title={body.answer.kind === "numeric" ? labels.correctAnswer : labels.acceptedAnswers}>
          {body.answer.kind === "numeric" ? (
            <p>
              <strong className="font-mono text-base">{body.answer.value || "—"}</strong>
              {body.answer.tolerance > 0 || !Number.isFinite(body.answer.tolerance)
                ? ` (${labels.tolerance(formatNumber(body.answer.tolerance, labels))})`
                : null}
            </p>
          ) : (
            <>
              <ul className="list-disc pl-5">
                {body.answer.accepted.map((text, index) => (
                  <li key={index} className="font-semibold">
                    {text}
                  </li>
                ))}
              </ul>
              <p className="text-muted">{body.answer.caseSensitive ? labels.caseSensitive : labels.caseInsensitive}</p>
            </>
          )}
        </AnswerBox>
      ) : null}
    </div>
  );
}

function Essay({ id, body, answer, labels }: PartProps<QuestionBodyOf<"essay">>) {
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={`${id}-essay`} className="field-label">
          {labels.essayAnswer}
        </label>
        <textarea
          id={`${id}-essay`}
          rows={5}
          disabled
          aria-describedby={body.allowPhoto ? `${id}-essay-hint` : undefined}
          className="field-input disabled:bg-gray-50"
        />
        {body.allowPhoto ? (
          <p id={`${id}-essay-hint`} className="mt-1 text-sm text-muted">
            {labels.essayPhoto}
          </p>
        ) : null}
      </div>
      {answer ? (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="mb-1 text-left font-semibold">{labels.rubric}</caption>
            <thead>
              <tr className="border-b border-gray-300">
                <th scope="col" className="py-1 pr-2">
                  {labels.rubricCriterion}
                </th>
                <th scope="col" className="w-20 px-2 py-1 text-right">
                  {labels.rubricWeight}
                </th>
                <th scope="col" className="py-1 pl-2">
                  {labels.rubricDescription}
                </th>
              </tr>
            </thead>
            <tbody>
              {body.rubric.map((row, index) => (
                <tr key={index} className="border-b border-gray-200 align-top">
                  <th scope="row" className="py-1 pr-2 font-medium">
                    {row.criterion}
                  </th>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {formatNumber(Math.round(row.weight * 1e4) / 100, labels)}%
                  </td>
                  <td className="py-1 pl-2 whitespace-pre-line">{row.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function Matching({ id, body, answer, labels }: PartProps<QuestionBodyOf<"matching">>) {
  const responses = scrambledOrder(body.responses);
  const letterOf = new Map(responses.map((response, index) => [response.id, statementLetter(index)]));
  const correctOf = new Map(body.pairs.map((pair) => [pair.premiseId, pair.responseId]));
  return (
    <fieldset className="min-w-0 space-y-3">
      <legend className="mb-2 text-sm text-muted">{labels.matchingHint}</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="min-w-0">
          <p className="mb-1 text-sm font-semibold">{labels.premises}</p>
          <ol className="space-y-2">
            {body.premises.map((premise, index) => {
              const number = String(index + 1);
              const correct = answer ? (correctOf.get(premise.id) ?? "") : "";
              return (
                <li key={premise.id} className="space-y-2 rounded-md border border-gray-300 p-3">
                  <div className="flex gap-2">
                    <span className="font-semibold">{number}.</span>
                    <Rich doc={premise.content} labels={labels} className="flex-1" />
                  </div>
                  <div className="flex flex-wrap items-center gap-2">
                    <label htmlFor={`${id}-match-${index}`} className="text-sm">
                      {labels.matchWith(number)}
                    </label>
                    <select
                      id={`${id}-match-${index}`}
                      value={correct}
                      disabled
                      className="min-h-11 rounded-md border border-gray-400 bg-white px-2 disabled:bg-gray-50"
                    >
                      <option value="">{labels.chooseResponse}</option>
                      {responses.map((response) => (
                        <option key={response.id} value={response.id}>
                          {letterOf.get(response.id)}
                        </option>
                      ))}
                    </select>
                  </div>
                </li>
              );
            })}
          </ol>
        </div>
        <div className="min-w-0">
          <p className="mb-1 text-sm font-semibold">{labels.responses}</p>
          <ul className="space-y-2">
            {responses.map((response) => (
              <li key={response.id} className="flex gap-2 rounded-md border border-gray-300 p-3">
                <span className="font-semibold">{letterOf.get(response.id)}.</span>
                <Rich doc={response.content} labels={labels} className="flex-1" />
              </li>
            ))}
          </ul>
        </div>
      </div>
      {answer ? (
        <AnswerBox title={labels.correctPairs}>
          <p className="font-semibold">
            {body.premises
              .map((premise, index) => `${index + 1} – ${letterOf.get(correctOf.get(premise.id) ?? "") ?? "?"}`)
              .join("; ")}
          </p>
          <Scoring scoring={body.scoring} labels={labels} />
        </AnswerBox>
      ) : null}
    </fieldset>
  );
}

function Ordering({ id, body, answer, labels }: PartProps<QuestionBodyOf<"ordering">>) {
  const shown = scrambledOrder(body.items);
  const letterOf = new Map(shown.map((item, index) => [item.id, optionLetter(index)]));
  const positionOf = new Map(body.items.map((item, index) => [item.id, String(index + 1)]));
  return (
    <fieldset className="min-w-0 space-y-3">
      <legend className="mb-2 text-sm text-muted">{labels.orderingHint}</legend>
      <ul className="space-y-2">
        {shown.map((item, index) => {
          const letter = optionLetter(index);
          return (
            <li key={item.id} className="flex flex-wrap items-start gap-2 rounded-md border border-gray-300 p-3">
              <span className="font-semibold">{letter}.</span>
              <Rich doc={item.content} labels={labels} className="min-w-40 flex-1" />
              <label htmlFor={`${id}-order-${index}`} className="sr-only">
                {labels.positionOf(letter)}
              </label>
              <select
                id={`${id}-order-${index}`}
                value={answer ? (positionOf.get(item.id) ?? "") : ""}
                disabled
                className="min-h-11 rounded-md border border-gray-400 bg-white px-2 disabled:bg-gray-50"
              >
                <option value="">{labels.chooseResponse}</option>
                {body.items.map((_, position) => (
                  <option key={position} value={String(position + 1)}>
                    {position + 1}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
      {answer ? (
        <AnswerBox title={labels.correctOrder}>
          <p className="font-semibold">{body.items.map((item) => letterOf.get(item.id)).join(" → ")}</p>
          <ol className="list-decimal space-y-1 pl-5">
            {body.items.map((item) => (
              <li key={item.id}>
                <Rich doc={item.content} labels={labels} />
              </li>
            ))}
          </ol>
          <Scoring scoring={body.scoring} labels={labels} />
        </AnswerBox>
      ) : null}
    </fieldset>
  );
}

// ---- Cloze ---------------------------------------------------------------------------------

// Gap markers become these (Unicode private use) before rendering, so only markers in the text of
// the stem become boxes, never `[[…]]` inside a formula's source or an attribute.
const GAP_OPEN = "\uE000";
const GAP_CLOSE = "\uE001";
const GAP_TOKEN = new RegExp(`${GAP_OPEN}([A-Za-z0-9_-]{1,24})${GAP_CLOSE}`, "g");

/** The document with every `[[key]]` in its text replaced by a token the renderer leaves alone. */
function markGaps(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(markGaps);
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  if (record.type === "text" && typeof record.text === "string") {
    return { ...record, text: record.text.replace(CLOZE_GAP_PATTERN, `${GAP_OPEN}$1${GAP_CLOSE}`) };
  }
  return Array.isArray(record.content) ? { ...record, content: record.content.map(markGaps) } : record;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const GAP_INPUT_CLASS =
  "mx-1 inline-block min-h-9 w-32 max-w-full rounded-md border border-gray-400 bg-white px-2 align-baseline text-base disabled:bg-gray-50";
const GAP_ANSWER_CLASS =
  "mx-1 inline-block min-h-9 w-32 max-w-full rounded-md border-2 border-success bg-green-50 px-2 align-baseline text-base font-semibold text-ink";

function ClozeStem({ id, stem, body, answer, labels }: PartProps<QuestionBodyOf<"cloze">> & { stem: RichText }) {
  const html = richHtml(markGaps(stem) as RichText);
  const accepted = new Map(body.gaps.map((gap) => [gap.key, gap.accepted[0] ?? ""]));
  let position = 0;
  const withBoxes =
    html?.replace(GAP_TOKEN, (_, key: string) => {
      position += 1;
      const label = escapeHtml(labels.gap(position));
      const value = answer ? accepted.get(key) : undefined;
      return (
        `<span class="whitespace-nowrap"><span aria-hidden="true" class="text-sm text-muted">(${position})</span>` +
        `<input type="text" id="${escapeHtml(`${id}-gap-${position}`)}" data-gap="${escapeHtml(key)}" aria-label="${label}" disabled` +
        (value !== undefined ? ` value="${escapeHtml(value)}" class="${GAP_ANSWER_CLASS}"` : ` class="${GAP_INPUT_CLASS}"`) +
        `></span>`
      );
    }) ?? null;
  return (
    <div className="space-y-2">
      <p className="text-sm text-muted">{labels.clozeHint}</p>
      <RichHtml html={withBoxes} labels={labels} />
    </div>
  );
}

/** The answers of the gaps in the order the boxes appear in the stem (numbered like the boxes). */
function ClozeAnswers({ stem, body, labels }: { stem: RichText; body: QuestionBodyOf<"cloze">; labels: QuestionViewLabels }) {
  const keys = clozeGapKeys(stem);
  const gaps = [
    ...keys.map((key) => body.gaps.find((gap) => gap.key === key) ?? { key, accepted: [], caseSensitive: false }),
    ...body.gaps.filter((gap) => !keys.includes(gap.key)),
  ];
  return (
    <AnswerBox title={labels.gapAnswers}>
      <ol className="space-y-1">
        {gaps.map((gap, index) => (
          <li key={index}>
            <span className="font-medium">{labels.gap(index + 1)}:</span>{" "}
            <strong className="font-semibold">{gap.accepted.join(" / ") || "—"}</strong>
            {gap.caseSensitive ? <span className="text-muted"> ({labels.caseSensitive})</span> : null}
          </li>
        ))}
      </ol>
      <Scoring scoring={body.scoring} labels={labels} />
    </AnswerBox>
  );
}
