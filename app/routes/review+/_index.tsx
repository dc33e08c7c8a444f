import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { reviewQueue } from "~/domain/review/review-queue.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Duyệt học liệu — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { items: await reviewQueue(actor) };
}

export default function ReviewQueue() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { items } = useLoaderData<typeof loader>();
  const count = (task: string) => items.filter((item) => item.task === task).length;
  const done = useSearchParams()[0].get("done");
  return (
    <section className="space-y-4" aria-labelledby="review-title">
      <h1 id="review-title" className="text-2xl font-bold text-brand-900">
        {t("review.title")}
      </h1>
      {done === "assigned" || done === "approve" || done === "request_changes" ? (
        <Notice tone="success">{t(`review.done.${done}`)}</Notice>
      ) : null}
      <p className="text-muted" aria-live="polite">
        {t("review.counts", {
          assign: count("assign"),
          review: count("review"),
          nomination: count("nomination"),
          report: count("report"),
        })}
      </p>
      {items.length === 0 ? (
        <p className="card text-muted">{t("review.empty")}</p>
      ) : (
        <ul className="space-y-2">
          {items.map((item) => (
            <li key={`${item.kind}-${item.id}`} className="card flex flex-wrap items-center justify-between gap-2">
              <div className="min-w-0">
                <Link
                  to={
                    item.kind === "question"
                      ? `/review/questions/${item.id}`
                      : item.task === "report"
                        ? `/materials/${item.id}#reports`
                        : `/review/${item.id}`
                  }
                  className="font-semibold text-brand-900 underline"
                >
                  {item.title}
                </Link>
                <p className="text-sm text-muted">
                  {item.kind === "question" ? `${t("nav.questions")} · ` : ""}
                  {t(`review.tasks.${item.task}`)} · {t(`review.levels.${item.level}`)} · {item.subjectCode} ·{" "}
                  {t(`materials.statuses.${item.status}`)}
                  {item.reviewer ? ` · ${t("review.reviewer", { name: item.reviewer })}` : ""}
                </p>
              </div>
              {item.dueAt ? (
                <p className={item.overdue ? "text-sm font-semibold text-danger" : "text-sm"}>
                  {t(item.overdue ? "review.overdue" : "review.due", { date: formatDateTime(item.dueAt, language) })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
