import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuizItem } from "~/components/quiz/quiz-item";
import { attemptReview } from "~/domain/assessments/attempts.server";
import { LOCALE_TAGS } from "~/i18n/config";

export const meta: MetaFunction = () => [{ title: "Bài làm của học sinh — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const review = await attemptReview(actor, params.attemptId ?? "");
  if (!review) throw new Response("Không tìm thấy bài làm.", { status: 404 });
  return { review };
}

const decimal = (value: number) => String(Math.round(value * 100) / 100).replace(".", ",");

/** A student's attempt as the teacher sees it: each answer with its marks, and what the browser noticed. */
export default function AttemptReview() {
  const { t, i18n } = useTranslation();
  const { review } = useLoaderData<typeof loader>();
  const when = (iso: string) =>
    new Date(iso).toLocaleString(LOCALE_TAGS[i18n.language === "en" ? "en" : "vi"], {
      dateStyle: "short",
      timeStyle: "medium",
      timeZone: "Asia/Ho_Chi_Minh",
    });
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="review-title">
      <header className="space-y-1">
        <h1 id="review-title" className="text-2xl font-bold text-brand-900">
          {review.student.fullName} ({review.student.code})
        </h1>
        <p className="text-sm text-muted">
          <Link to={`/assessments/results/${review.assignmentId}`} className="underline">
            {review.title}
          </Link>{" "}
          · {t("quiz.version", { code: review.versionCode })} · {t(`quiz.attemptStatus.${review.status}`)}
          {review.submittedAt ? ` · ${when(review.submittedAt)}` : ""}
        </p>
        <p className="text-lg">
          {review.score === null ? t("quiz.waitingForGrading") : t("quiz.score", { score: decimal(review.score), max: 10 })}
        </p>
      </header>
      {/* The answers as the student left them, read-only. */}
      <fieldset disabled className="space-y-4">
        <legend className="sr-only">{t("assessments.answers")}</legend>
        {review.items.map(({ item, response, score, comment }) => (
          <div key={item.key} className="space-y-1">
            <QuizItem attemptId={review.id} item={item} saved={response ?? undefined} review />
            <p className="text-sm">
              {score
                ? `${t(`quiz.itemStatus.${score.status}`)} · ${decimal(score.earned)} / ${decimal(score.max)}`
                : t("quiz.itemStatus.unanswered")}
              {comment ? ` · ${comment}` : ""}
            </p>
          </div>
        ))}
      </fieldset>
      <section aria-labelledby="events-title" className="card space-y-2">
        <h2 id="events-title" className="font-semibold">
          {t("assessments.eventsTitle", { count: review.events.length })}
        </h2>
        {review.events.length === 0 ? <p className="text-sm text-muted">{t("assessments.noEvents")}</p> : null}
        <ol className="space-y-1 text-sm">
          {review.events.map((event, index) => (
            <li key={index}>
              {when(event.at)} · {t(`assessments.eventTypes.${event.type}`)}
              {event.detail ? ` (${event.detail})` : ""}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
