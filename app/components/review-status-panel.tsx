import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { itemReviewSummary } from "~/domain/review/review-engine.server";
import { ReviewHistory } from "./review-history";

export type ReviewStatus = SerializeFrom<NonNullable<Awaited<ReturnType<typeof itemReviewSummary>>>>;

/**
 * The review state on an item's own page (material or question): its sharing scope, a pending nomination, the
 * steps its author or group leader may take next (posted as `intent` = submit | nominate | archive), and the history.
 */
export function ReviewStatusPanel({ review }: { review: ReviewStatus }) {
  const { t } = useTranslation();
  return (
    <section className="card space-y-2" aria-labelledby="review-panel-title">
      <h2 id="review-panel-title" className="font-semibold text-brand-900">
        {t("review.panelTitle")}
      </h2>
      <p className="text-sm">
        {t("review.scopeIs", { scope: t(`review.scopes.${review.scope as "private"}`) })}
        {review.nomination ? ` · ${t("review.nominationPending", { level: t(`review.levels.${review.nomination}`) })}` : ""}
      </p>
      <Form method="post" className="flex flex-wrap gap-2">
        {review.canSubmit ? (
          <button type="submit" name="intent" value="submit" className="btn-primary">
            {t("review.submit")}
          </button>
        ) : null}
        {review.canNominate && review.nextLevel ? (
          <button type="submit" name="intent" value="nominate" className="btn-secondary">
            {t("review.nominate", { level: t(`review.levels.${review.nextLevel}`) })}
          </button>
        ) : null}
        {review.canArchive ? (
          <button type="submit" name="intent" value="archive" className="btn-secondary">
            {t("review.archive")}
          </button>
        ) : null}
      </Form>
      <ReviewHistory history={review.history} />
    </section>
  );
}
