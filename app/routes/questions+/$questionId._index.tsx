import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuestionView, questionViewLabelsEn, questionViewLabelsVi } from "~/components/question-view";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import { Notice } from "~/components/notice";
import { ReviewStatusPanel } from "~/components/review-status-panel";
import { findReadableQuestion, questionViewFor } from "~/domain/questions/questions.server";
import { nominateQuestion, questionReviewStep, questionReviewSummary } from "~/domain/questions/review.server";

export { links } from "./__question-form";
export const meta: MetaFunction = () => [{ title: "Câu hỏi — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const stored = await findReadableQuestion(actor, params.questionId ?? "");
  const question = stored && questionViewFor(actor, stored);
  if (!stored || !question) throw new Response("Không tìm thấy câu hỏi.", { status: 404 });
  const labels = await curriculumLabels();
  return {
    question,
    review: await questionReviewSummary(actor, stored),
    subjectName: labels.subjects[question.subject]?.vi ?? question.subject,
    topicNames: question.topicIds.map((id) => labels.topics[id] ?? id),
  };
}

const REVIEW_INTENTS = ["submit", "archive", "nominate"] as const;
type ReviewIntent = (typeof REVIEW_INTENTS)[number];

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const questionId = params.questionId ?? "";
  const intent = String((await request.formData()).get("intent") ?? "");
  if (!(REVIEW_INTENTS as readonly string[]).includes(intent))
    return Response.json({ error: "Thao tác không hợp lệ." }, { status: 400 });
  const result =
    intent === "nominate"
      ? await nominateQuestion(actor, questionId)
      : await questionReviewStep(actor, questionId, { action: intent as "submit" | "archive" });
  return Response.json(result.ok ? { done: intent } : { error: result.reason }, { status: result.ok ? 200 : result.status });
}

export default function QuestionPage() {
  const { t, i18n } = useTranslation();
  const { question, review, subjectName, topicNames } = useLoaderData<typeof loader>();
  const result = useActionData<{ done?: ReviewIntent; error?: string }>();
  return (
    <article className="space-y-4" aria-labelledby="question-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="question-title" className="text-2xl font-bold text-brand-900">
          {t(`questions.types.${question.type}`)} · {t("questions.view.version", { number: question.version })} ·{" "}
          {t(`materials.statuses.${question.status}`)}
        </h1>
        {question.mayEdit ? (
          <Link to={`/questions/${question.id}/edit`} className="btn-primary">
            {t("questions.view.edit")}
          </Link>
        ) : null}
      </div>
      {result?.done ? <Notice tone="success">{t(`review.pageDone.${result.done}`)}</Notice> : null}
      {result?.error ? <Notice tone="error">{result.error}</Notice> : null}
      {review ? <ReviewStatusPanel review={review} /> : null}
      <div className="card">
        <QuestionView
          content={question}
          mode="answer"
          labels={i18n.language === "en" ? questionViewLabelsEn : questionViewLabelsVi}
        />
      </div>
      <section className="card text-sm" aria-labelledby="question-metadata">
        <h2 id="question-metadata" className="font-semibold text-brand-900">
          {t("questions.view.metadata")}
        </h2>
        <p>
          {subjectName} · {t("materials.form.grade", { grade: question.grade })} · {t(`questions.levels.${question.level}`)} ·{" "}
          {t("questions.view.difficulty", { value: question.difficulty })}
        </p>
        {topicNames.length > 0 ? <p>{topicNames.join("; ")}</p> : null}
        {question.tags.length > 0 ? <p>{question.tags.join(", ")}</p> : null}
        {question.source ? (
          <p>
            {t("questions.view.source")}: {question.source}
          </p>
        ) : null}
        <p>{t("questions.view.stats", { attempts: question.stats.attempts })}</p>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
