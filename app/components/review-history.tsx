import type { SerializeFrom } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import type { reviewHistory } from "~/domain/materials/review.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

/** The review trail of an item (who did what, when, at which level) and the last request for changes, criterion by criterion. */
export function ReviewHistory({ history }: { history: SerializeFrom<Awaited<ReturnType<typeof reviewHistory>>> }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  if (history.trail.length === 0) return null;
  return (
    <section className="card space-y-2" aria-labelledby="trail-title">
      <h2 id="trail-title" className="font-semibold text-brand-900">
        {t("review.trailTitle")}
      </h2>
      <ol className="space-y-1 text-sm">
        {history.trail.map((entry, index) => (
          <li key={index}>
            {formatDateTime(entry.at, language)} · {entry.actor} · {t(`review.actions.${entry.action}`)} ·{" "}
            {t(`review.levels.${entry.level}`)} · {t("materials.view.version", { number: entry.version })}
            {entry.message ? ` — ${entry.message}` : ""}
          </li>
        ))}
      </ol>
      {history.reviews
        .filter((review) => review.decision === "request_changes")
        .slice(-1)
        .map((review) => (
          <div key={review.at} className="text-sm">
            <p className="font-medium">{t("review.lastRequest", { name: review.reviewer })}</p>
            <ul className="list-disc pl-5">
              {review.criteria
                .filter((verdict) => !verdict.pass || verdict.comment)
                .map((verdict) => (
                  <li key={verdict.criterion}>
                    {t(`review.criteria.${verdict.criterion}`)}: {verdict.pass ? t("review.pass") : t("review.fail")}
                    {verdict.comment ? ` — ${verdict.comment}` : ""}
                  </li>
                ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
