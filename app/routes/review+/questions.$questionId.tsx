import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { questionContentSchema } from "#content-schemas/questions";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { QuestionView, questionViewLabelsEn, questionViewLabelsVi } from "~/components/question-view";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import { decideQuestionNomination, questionReviewScreen, questionReviewStep } from "~/domain/questions/review.server";
import { reviewHistory } from "~/domain/review/review-engine.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import { handleReviewForm } from "./__review-form.server";
import { ReviewPanel } from "./__review-panel";

export { links } from "~/routes/questions+/__question-form";
export const meta: MetaFunction = () => [{ title: "Duyệt câu hỏi — Kho Học Liệu" }];

async function screenFor(request: Request, questionId: string) {
  const actor = await requireActor(request);
  const screen = await questionReviewScreen(actor, questionId);
  if (!screen) throw new Response("Không có việc duyệt nào của bạn với câu hỏi này.", { status: 404 });
  return { actor, screen };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { screen } = await screenFor(request, params.questionId ?? "");
  const { version } = screen;
  const labels = await curriculumLabels();
  return {
    content: questionContentSchema.parse({ stem: version.stem, body: version.body, solution: version.solution ?? null }),
    type: version.type,
    number: version.number,
    subjectName: labels.subjects[version.subjectCode]?.vi ?? version.subjectCode,
    grade: version.grade,
    level: version.level,
    outcomes: [...version.outcomes],
    topicNames: version.topicIds.map((id) => labels.topics[String(id)] ?? String(id)),
    task: screen.task,
    reviewLevel: screen.level,
    canDecide: screen.canDecide,
    reviewers: screen.reviewers,
    dueAt: screen.dueAt,
    history: await reviewHistory(screen.item),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, screen } = await screenFor(request, params.questionId ?? "");
  const questionId = String(screen.item._id);
  return handleReviewForm(await request.formData(), {
    assign: (assignment) => questionReviewStep(actor, questionId, { action: "assign", ...assignment }),
    decide: (decision) =>
      screen.task === "nomination"
        ? decideQuestionNomination(actor, questionId, decision)
        : questionReviewStep(actor, questionId, { action: "decide", decision }),
  });
}

export default function QuestionReviewScreen() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string> }>();
  return (
    <section className="space-y-4" aria-labelledby="question-review-title">
      <header>
        <p className="text-sm text-muted">
          {t(`review.tasks.${data.task}`)} · {t(`review.levels.${data.reviewLevel}`)} ·{" "}
          {t("questions.view.version", { number: data.number })}
          {data.dueAt ? ` · ${t("review.due", { date: formatDateTime(data.dueAt, language) })}` : ""}
        </p>
        <h1 id="question-review-title" className="text-2xl font-bold text-brand-900">
          {t(`questions.types.${data.type}`)} · {data.subjectName} · {t("materials.form.grade", { grade: data.grade })} ·{" "}
          {t(`questions.levels.${data.level}`)}
        </h1>
      </header>
      {result?.errors?.form ? <Notice tone="error">{result.errors.form}</Notice> : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-3">
          <div className="card">
            <QuestionView
              content={data.content}
              mode="answer"
              labels={language === "en" ? questionViewLabelsEn : questionViewLabelsVi}
            />
          </div>
          {data.topicNames.length > 0 || data.outcomes.length > 0 ? (
            <div className="card text-sm">
              {data.topicNames.length > 0 ? <p>{data.topicNames.join("; ")}</p> : null}
              {data.outcomes.length > 0 ? (
                <ul className="list-disc pl-6">
                  {data.outcomes.map((outcome) => (
                    <li key={outcome}>{outcome}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>
        <ReviewPanel
          reviewers={data.reviewers}
          canDecide={data.canDecide}
          history={data.history}
          errors={result?.errors}
          criteriaLabels="review.questionCriteria"
        />
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
