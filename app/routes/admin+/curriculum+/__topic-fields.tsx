import { useTranslation } from "react-i18next";
import { Field, FieldError } from "~/components/field";

export interface TopicValues {
  order: number | string;
  name: string;
  outcomes: string;
}

/** Position, name and learning outcomes (one per line) of a topic. */
export function TopicFields({ values, errors }: { values: TopicValues; errors?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("curriculum.order")} name="order" inputMode="numeric" defaultValue={values.order} error={errors?.order} />
      <Field label={t("curriculum.name")} name="name" defaultValue={values.name} error={errors?.name} />
      <div>
        <label htmlFor="outcomes" className="field-label">
          {t("curriculum.outcomes")}
        </label>
        <textarea
          id="outcomes"
          name="outcomes"
          rows={5}
          defaultValue={values.outcomes}
          className="field-input"
          aria-describedby="outcomes-hint outcomes-error"
        />
        <p id="outcomes-hint" className="mt-1 text-sm text-muted">
          {t("curriculum.outcomesHint")}
        </p>
        <FieldError id="outcomes-error" message={errors?.outcomes} />
      </div>
    </>
  );
}
