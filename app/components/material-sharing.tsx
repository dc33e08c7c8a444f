import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SharingPanel } from "~/domain/sharing/sharing-panel.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

/** The buttons that take a published item into a class, into the person's school, or back to its reviewers. */
export function SharingActions({ materialId, panel }: { materialId: string; panel: SharingPanel }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="flex flex-wrap gap-2">
      {panel.canUseInClass ? (
        <Link to={`/materials/${materialId}/use`} className="btn-primary">
          {t("sharing.useInClass")}
        </Link>
      ) : null}
      {panel.canCopy ? (
        <button type="submit" name="intent" value="copy" className="btn-secondary">
          {t("sharing.copy")}
        </button>
      ) : null}
      <Link to={`/materials/${materialId}/report`} className="btn-secondary">
        {t("sharing.report")}
      </Link>
    </Form>
  );
}

export function ClassUses({ panel }: { panel: SharingPanel }) {
  const { t } = useTranslation();
  if (panel.classUses.length === 0) return null;
  return (
    <section className="card space-y-2" aria-labelledby="class-uses-title">
      <h2 id="class-uses-title" className="font-semibold text-brand-900">
        {t("sharing.classUses")}
      </h2>
      <ul className="space-y-2">
        {panel.classUses.map((use) => (
          <li key={use.id} className="flex flex-wrap items-center justify-between gap-2">
            <span>
              {t("sharing.classUse", { name: use.class.name, version: use.version })}
              {use.opensOn ? ` · ${t("sharing.opensOn", { date: use.opensOn })}` : ""}
              {use.closesOn ? ` · ${t("sharing.closesOn", { date: use.closesOn })}` : ""}
            </span>
            <Form method="post">
              <input type="hidden" name="classUseId" value={use.id} />
              <button type="submit" name="intent" value="remove_class_use" className="btn-secondary">
                {t("sharing.removeClassUse", { name: use.class.name })}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Feedback({ panel, rating }: { panel: SharingPanel; rating: { average: number | null; count: number } }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  if (!panel.canComment && !panel.canRate) return null;
  return (
    <section className="card space-y-4" aria-labelledby="feedback-title" id="feedback">
      <h2 id="feedback-title" className="font-semibold text-brand-900">
        {t("sharing.feedback")}
      </h2>
      <p className="text-sm">
        {rating.average !== null
          ? t("sharing.average", { average: rating.average, count: rating.count })
          : t("sharing.noRatings")}
      </p>
      {panel.canRate ? (
        <Form method="post" className="space-y-2">
          <fieldset>
            <legend className="field-label">{t("sharing.yourRating")}</legend>
            <div className="flex flex-wrap gap-3">
              {[1, 2, 3, 4, 5].map((stars) => (
                <label key={stars} className="flex min-h-11 items-center gap-1">
                  <input type="radio" name="stars" value={stars} defaultChecked={panel.myStars === stars} className="h-5 w-5" />
                  {t("sharing.stars", { count: stars })}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" name="intent" value="rate" className="btn-secondary">
            {t("sharing.rate")}
          </button>
        </Form>
      ) : null}
      {panel.canComment ? (
        <Form method="post" className="space-y-2">
          <label htmlFor="comment-body" className="field-label">
            {t("sharing.comment")}
          </label>
          <textarea id="comment-body" name="body" rows={3} maxLength={2000} className="field-input" />
          <button type="submit" name="intent" value="comment" className="btn-secondary">
            {t("sharing.sendComment")}
          </button>
        </Form>
      ) : null}
      {panel.comments.length > 0 ? (
        <ul className="space-y-3" aria-label={t("sharing.comments")}>
          {panel.comments.map((comment) => (
            <li key={comment.id} className="border-t border-gray-200 pt-2">
              <p className="text-sm text-muted">
                {comment.author.fullName} · {comment.author.school} · {formatDateTime(comment.createdAt, language)}
              </p>
              <p className="whitespace-pre-line">{comment.body}</p>
              {comment.mine ? (
                <Form method="post">
                  <input type="hidden" name="commentId" value={comment.id} />
                  <button type="submit" name="intent" value="delete_comment" className="text-sm text-danger underline">
                    {t("sharing.deleteComment")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Problems users reported, for the people who handle them: each closed with what was done. */
export function OpenReports({ panel }: { panel: SharingPanel }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  if (!panel.openReports || panel.openReports.length === 0) return null;
  return (
    <section className="card space-y-3 border-danger" aria-labelledby="reports-title" id="reports">
      <h2 id="reports-title" className="font-semibold text-danger">
        {t("sharing.openReports", { count: panel.openReports.length })}
      </h2>
      <ul className="space-y-4">
        {panel.openReports.map((report) => (
          <li key={report.id} className="space-y-2">
            <p className="text-sm text-muted">
              {t(`sharing.reasons.${report.reason}`)} · {report.reporter} · {formatDateTime(report.createdAt, language)} ·{" "}
              {t("materials.view.version", { number: report.version })}
            </p>
            <p className="whitespace-pre-line">{report.message}</p>
            <Form method="post" className="space-y-2">
              <input type="hidden" name="reportId" value={report.id} />
              <label htmlFor={`resolution-${report.id}`} className="field-label">
                {t("sharing.resolution")}
              </label>
              <textarea id={`resolution-${report.id}`} name="resolution" rows={2} className="field-input" />
              <button type="submit" name="intent" value="resolve_report" className="btn-secondary">
                {t("sharing.resolve")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
