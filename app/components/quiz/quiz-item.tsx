import { useTranslation } from "react-i18next";
import type { DeliveredItem } from "#content-schemas/assessments";
import type { QuestionResponse } from "#content-schemas/questions";
import { ESSAY_PHOTO_RULES, essayPhotoPath } from "#content-schemas/assessments";
import { fieldsFromResponse, photoField, photoFileField, responseField } from "~/domain/assessments/form-responses";

/**
 * One item of the quiz page as plain form fields (radio buttons, checkboxes, selects, text boxes): it works as a
 * form post without JavaScript, and the page's script saves each change as it happens. Its HTML comes from the
 * server (formulas already rendered), so the page needs no math library in the browser.
 */
export function QuizItem({
  attemptId,
  item,
  saved,
  review = false,
}: {
  attemptId: string;
  item: DeliveredItem;
  saved: QuestionResponse | undefined;
  /** A teacher reading the attempt: photos open in full instead of offering to drop or add any. */
  review?: boolean;
}) {
  const { t } = useTranslation();
  const values = saved ? fieldsFromResponse(item, saved) : {};
  const has = (name: string, value: string) => (values[name] ?? []).includes(value);
  const first = (name: string) => values[name]?.[0] ?? "";
  const headingId = `item-${item.key}-heading`;
  const points = String(item.points).replace(".", ",");
  return (
    <fieldset className="card min-w-0 space-y-3" aria-labelledby={headingId} data-item-key={item.key}>
      <h2 id={headingId} className="font-semibold text-brand-900">
        {t("quiz.itemHeading", { number: item.number, points })}
      </h2>
      <div className="rich-text" dangerouslySetInnerHTML={{ __html: item.stemHtml }} />
      {item.type === "single_choice" || item.type === "multiple_response" ? (
        <ul className="space-y-2">
          {item.parts.map((part) => {
            const name = responseField(item.key);
            const id = `${name}-${part.id}`;
            return (
              <li key={part.id}>
                <label htmlFor={id} className="flex cursor-pointer items-start gap-3 rounded-md border border-gray-300 p-3">
                  <input
                    id={id}
                    type={item.type === "single_choice" ? "radio" : "checkbox"}
                    name={name}
                    value={part.id}
                    defaultChecked={has(name, part.id)}
                    className="mt-1 h-5 w-5"
                  />
                  <span className="font-semibold">{part.label}.</span>
                  <span className="rich-text min-w-0" dangerouslySetInnerHTML={{ __html: part.html }} />
                </label>
              </li>
            );
          })}
        </ul>
      ) : null}
      {item.type === "true_false_group" ? (
        <ul className="space-y-2">
          {item.parts.map((part) => {
            const name = responseField(item.key, part.id);
            return (
              <li key={part.id} className="rounded-md border border-gray-300 p-3">
                <fieldset className="min-w-0">
                  <legend className="flex gap-2">
                    <span className="font-semibold">{part.label}</span>
                    <span className="rich-text min-w-0" dangerouslySetInnerHTML={{ __html: part.html }} />
                  </legend>
                  <div className="mt-2 flex gap-6">
                    {(["true", "false"] as const).map((value) => (
                      <label key={value} className="flex cursor-pointer items-center gap-2">
                        <input type="radio" name={name} value={value} defaultChecked={has(name, value)} className="h-5 w-5" />
                        {t(value === "true" ? "quiz.true" : "quiz.false")}
                      </label>
                    ))}
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ul>
      ) : null}
      {item.type === "short_answer" ? (
        <div>
          <label htmlFor={responseField(item.key)} className="field-label">
            {t(item.answerKind === "numeric" ? "quiz.numericAnswer" : "quiz.textAnswer")}
          </label>
          <input
            id={responseField(item.key)}
            name={responseField(item.key)}
            defaultValue={first(responseField(item.key))}
            inputMode={item.answerKind === "numeric" ? "decimal" : "text"}
            autoComplete="off"
            maxLength={200}
            className="field-input max-w-xs"
          />
          {item.answerKind === "numeric" ? <p className="mt-1 text-sm text-muted">{t("quiz.numericHint")}</p> : null}
        </div>
      ) : null}
      {item.type === "essay" ? (
        <div>
          <label htmlFor={responseField(item.key)} className="field-label">
            {t("quiz.essayAnswer")}
          </label>
          <textarea
            id={responseField(item.key)}
            name={responseField(item.key)}
            defaultValue={first(responseField(item.key))}
            rows={8}
            maxLength={50_000}
            className="field-input"
          />
          {review ? (
            <PhotoLinks attemptId={attemptId} photoIds={values[photoField(item.key)] ?? []} />
          ) : item.allowPhoto ? (
            <EssayPhotos attemptId={attemptId} itemKey={item.key} photoIds={values[photoField(item.key)] ?? []} />
          ) : null}
        </div>
      ) : null}
      {item.type === "matching" ? (
        <div className="space-y-2">
          <ul className="space-y-1 text-sm">
            {item.matches.map((match) => (
              <li key={match.id} className="flex gap-2">
                <span className="font-semibold">{match.label}.</span>
                <span className="rich-text" dangerouslySetInnerHTML={{ __html: match.html }} />
              </li>
            ))}
          </ul>
          {item.parts.map((part) => {
            const name = responseField(item.key, part.id);
            return (
              <div key={part.id} className="flex flex-wrap items-center gap-2">
                <label htmlFor={name} className="flex gap-2">
                  <span className="font-semibold">{part.label}.</span>
                  <span className="rich-text" dangerouslySetInnerHTML={{ __html: part.html }} />
                </label>
                <select id={name} name={name} defaultValue={first(name)} className="field-input w-auto">
                  <option value="">{t("quiz.choose")}</option>
                  {item.matches.map((match) => (
                    <option key={match.id} value={match.id}>
                      {match.label}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </div>
      ) : null}
      {item.type === "ordering" ? (
        <div className="space-y-2">
          <ul className="space-y-1 text-sm">
            {item.parts.map((part) => (
              <li key={part.id} className="rich-text" dangerouslySetInnerHTML={{ __html: part.html }} />
            ))}
          </ul>
          {item.parts.map((_, position) => {
            const name = responseField(item.key, String(position + 1));
            return (
              <div key={name} className="flex items-center gap-2">
                <label htmlFor={name}>{t("quiz.position", { position: position + 1 })}</label>
                <select id={name} name={name} defaultValue={first(name)} className="field-input w-auto max-w-full">
                  <option value="">{t("quiz.choose")}</option>
                  {item.parts.map((part) => (
                    <option key={part.id} value={part.id}>
                      {part.html.replace(/<[^>]+>/g, "").slice(0, 80)}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </div>
      ) : null}
      {item.type === "cloze" ? (
        <div className="grid gap-2 sm:grid-cols-2">
          {item.gaps.map((gap) => {
            const name = responseField(item.key, gap);
            return (
              <div key={gap}>
                <label htmlFor={name} className="field-label">
                  {t("quiz.gap", { gap })}
                </label>
                <input
                  id={name}
                  name={name}
                  defaultValue={first(name)}
                  autoComplete="off"
                  maxLength={200}
                  className="field-input"
                />
              </div>
            );
          })}
        </div>
      ) : null}
    </fieldset>
  );
}

/** A photo, opening in full in a new tab; with `keep`, the box that keeps it in the answer (untick to drop it). */
function PhotoEntry({
  attemptId,
  itemKey,
  photoId,
  number,
  keep,
}: {
  attemptId: string;
  itemKey: string;
  photoId: string;
  number: number | string;
  keep: boolean;
}) {
  const { t } = useTranslation();
  const url = essayPhotoPath(attemptId, photoId);
  return (
    <li className="flex flex-col items-start gap-1 text-sm">
      <a href={url} target="_blank" rel="noopener noreferrer" className="block">
        <img
          src={url}
          alt={t("quiz.photos.alt", { number })}
          className={`${keep ? "h-28 w-28" : "h-40 w-40"} rounded-md border border-gray-300 object-cover`}
          loading="lazy"
        />
      </a>
      {keep ? (
        <label className="flex cursor-pointer items-center gap-2">
          <input type="checkbox" name={photoField(itemKey)} value={photoId} defaultChecked className="h-5 w-5" />
          {t("quiz.photos.keep", { number })}
        </label>
      ) : null}
    </li>
  );
}

/** An essay's photos for reading (a teacher's view): each opens in full in a new tab. */
export function PhotoLinks({ attemptId, photoIds }: { attemptId: string; photoIds: string[] }) {
  const { t } = useTranslation();
  if (photoIds.length === 0) return null;
  return (
    <ul className="mt-3 flex flex-wrap gap-3" aria-label={t("quiz.photos.title")}>
      {photoIds.map((photoId, index) => (
        <PhotoEntry key={photoId} attemptId={attemptId} itemKey="" photoId={photoId} number={index + 1} keep={false} />
      ))}
    </ul>
  );
}

/**
 * Photos of an essay written on paper: each kept photo has a checked box (untick to drop it), and a file field adds
 * more — sent with the form post, or by the page's script through the API as soon as they are chosen; the script
 * adds each sent photo from the template, with "{{number}}" and "{{id}}" filled in.
 */
function EssayPhotos({ attemptId, itemKey, photoIds }: { attemptId: string; itemKey: string; photoIds: string[] }) {
  const { t } = useTranslation();
  const inputId = photoFileField(itemKey);
  return (
    <div
      className="mt-3 space-y-2"
      data-essay-photos={itemKey}
      data-photo-max={ESSAY_PHOTO_RULES.maxPerItem}
      data-photo-long-side={ESSAY_PHOTO_RULES.longSide}
    >
      <ul className="flex flex-wrap gap-3" aria-label={t("quiz.photos.title")} data-photo-list="">
        {photoIds.map((photoId, index) => (
          <PhotoEntry key={photoId} attemptId={attemptId} itemKey={itemKey} photoId={photoId} number={index + 1} keep />
        ))}
      </ul>
      <template data-photo-template="">
        <PhotoEntry attemptId={attemptId} itemKey={itemKey} photoId="{{id}}" number="{{number}}" keep />
      </template>
      <label htmlFor={inputId} className="field-label">
        {t("quiz.photos.add")}
      </label>
      <input
        id={inputId}
        name={inputId}
        type="file"
        accept={ESSAY_PHOTO_RULES.types.join(",")}
        multiple
        aria-describedby={`${inputId}-hint`}
        className="block w-full text-sm"
        data-photo-input=""
      />
      <p id={`${inputId}-hint`} className="text-sm text-muted">
        {t("quiz.photos.hint", { max: ESSAY_PHOTO_RULES.maxPerItem, mb: ESSAY_PHOTO_RULES.maxMegabytes })}
      </p>
      <p className="text-sm font-medium" role="status" data-photo-status="" />
    </div>
  );
}
