import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { addAssessmentItemSchema } from "#content-schemas/assessments";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuestionView, questionViewLabelsEn, questionViewLabelsVi } from "~/components/question-view";
import { addItem, listAssessments } from "~/domain/assessments/assessments.server";
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
    // "Add to a test": the person's tests of the same subject and grade that are not assigned yet.
    tests: question.liveVersion
      ? (await listAssessments(actor)).filter(
          (test) => !test.locked && test.subject === question.subject && test.grade === question.grade,
        )
      : [],
  };
}

const REVIEW_INTENTS = ["submit", "archive", "nominate"] as const;
type ReviewIntent = (typeof REVIEW_INTENTS)[number];

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const questionId = params.questionId ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "add-to-test") {
    const parsed = addAssessmentItemSchema.safeParse({
      questionId,
      points: Number(String(form.get("points") ?? "").replace(",", ".")),
    });
    if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
    const added = await addItem(actor, String(form.get("assessmentId") ?? ""), parsed.data);
    return Response.json(added.ok ? { addedTo: added.value.id } : { error: added.reason }, {
      status: added.ok ? 200 : added.status,
    });
  }
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
  const { question, review, subjectName, topicNames, tests } = useLoaderData<typeof loader>();
  const result = useActionData<{ done?: ReviewIntent; error?: string; addedTo?: string }>();
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
      {result?.addedTo ? (
        <Notice tone="success">
          {t("questions.view.addedToTest")}{" "}
          <Link to={`/assessments/${result.addedTo}`} className="underline">
            {t("questions.view.openTest")}
          </Link>
        </Notice>
      ) : null}
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
        {question.stats.facility !== null ? (
          <p>
            {t("questions.view.itemStats", {
              facility: question.stats.facility.toFixed(2).replace(".", ","),
              discrimination: question.stats.discrimination?.toFixed(2).replace(".", ",") ?? "—",
            })}
          </p>
        ) : null}
      </section>
      {tests.length > 0 ? (
        <Form method="post" className="card grid gap-3 sm:grid-cols-[1fr_8rem_auto] sm:items-end" aria-labelledby="add-to-test">
          <h2 id="add-to-test" className="font-semibold text-brand-900 sm:col-span-3">
            {t("questions.view.addToTest")}
          </h2>
          <input type="hidden" name="intent" value="add-to-test" />
          <label className="block">
            <span className="field-label">{t("questions.view.test")}</span>
            <select name="assessmentId" className="field-input">
              {tests.map((test) => (
                <option key={test.id} value={test.id}>
                  {test.title}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="field-label">{t("questions.view.points")}</span>
            <input name="points" inputMode="decimal" defaultValue="0,25" className="field-input" />
          </label>
          <button type="submit" className="btn-secondary">
            {t("questions.view.add")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
