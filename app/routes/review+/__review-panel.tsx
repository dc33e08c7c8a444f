import { Form, useNavigation } from "@remix-run/react";
import type { SerializeFrom } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { REVIEW_CRITERIA } from "#content-schemas/review";
import { FieldError, SelectField } from "~/components/field";
import { ReviewHistory } from "~/components/review-history";
import type { reviewHistory } from "~/domain/review/review-engine.server";

/**
 * The reviewer's side of the review screen, for materials and questions alike: assigning a reviewer (group
 * leaders), the criteria with pass/fail and comments, the decision, and the item's history. `criteriaLabels`
 * names the locale group that words the criteria for the kind of item.
 */
export function ReviewPanel({
  reviewers,
  canDecide,
  history,
  errors,
  criteriaLabels,
}: {
  reviewers: readonly { id: string; fullName: string }[];
  canDecide: boolean;
  history: SerializeFrom<Awaited<ReturnType<typeof reviewHistory>>>;
  errors?: Record<string, string>;
  criteriaLabels: "review.criteria" | "review.questionCriteria";
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className="space-y-4">
      {reviewers.length > 0 ? (
        <Form method="post" className="card space-y-3" aria-labelledby="assign-title">
          <h2 id="assign-title" className="font-semibold text-brand-900">
            {t("review.assignTitle")}
          </h2>
          <input type="hidden" name="intent" value="assign" />
          <SelectField
            label={t("review.reviewerField")}
            name="reviewerId"
            emptyLabel={t("review.chooseReviewer")}
            options={reviewers.map((reviewer) => ({ value: reviewer.id, label: reviewer.fullName }))}
          />
          <FieldError id="reviewer-error" message={errors?.reviewerId} />
          <div>
            <label htmlFor="dueAt" className="field-label">
              {t("review.dueField")}
            </label>
            <input id="dueAt" name="dueAt" type="date" min={today} className="field-input" required />
            <FieldError id="due-error" message={errors?.dueAt} />
          </div>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("review.assign")}
          </button>
        </Form>
      ) : null}
      {canDecide ? (
        <Form method="post" className="card space-y-3" aria-labelledby="decision-title">
          <h2 id="decision-title" className="font-semibold text-brand-900">
            {t("review.criteriaTitle")}
          </h2>
          {REVIEW_CRITERIA.map((criterion) => (
            <fieldset key={criterion} className="space-y-1 border-b border-gray-200 pb-3">
              <legend className="font-medium">{t(`${criteriaLabels}.${criterion}`)}</legend>
              <div className="flex gap-4">
                <label className="inline-flex min-h-11 items-center gap-2">
                  <input type="radio" name={`pass.${criterion}`} value="pass" required /> {t("review.pass")}
                </label>
                <label className="inline-flex min-h-11 items-center gap-2">
                  <input type="radio" name={`pass.${criterion}`} value="fail" /> {t("review.fail")}
                </label>
              </div>
              <label className="sr-only" htmlFor={`comment-${criterion}`}>
                {t("review.commentFor", { criterion: t(`${criteriaLabels}.${criterion}`) })}
              </label>
              <input
                id={`comment-${criterion}`}
                name={`comment.${criterion}`}
                className="field-input"
                placeholder={t("review.commentPlaceholder")}
              />
            </fieldset>
          ))}
          <FieldError id="criteria-error" message={errors?.criteria} />
          <fieldset>
            <legend className="field-label">{t("review.decisionField")}</legend>
            <label className="mr-4 inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="decision" value="approve" required /> {t("review.approve")}
            </label>
            <label className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="decision" value="request_changes" /> {t("review.requestChanges")}
            </label>
            <FieldError id="decision-error" message={errors?.decision} />
          </fieldset>
          <div>
            <label htmlFor="message" className="field-label">
              {t("review.messageField")}
            </label>
            <textarea id="message" name="message" rows={3} className="field-input" />
            <FieldError id="message-error" message={errors?.message} />
          </div>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("review.send")}
          </button>
        </Form>
      ) : null}
      <ReviewHistory history={history} />
    </div>
  );
}
