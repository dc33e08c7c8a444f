import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import katexStyles from "katex/dist/katex.min.css?url";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MaterialContent } from "~/components/material-content";
import { Notice } from "~/components/notice";
import { materialView } from "~/domain/materials/materials.server";
import { decideNomination, reviewHistory, reviewScreen, reviewStep } from "~/domain/materials/review.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import lectureStyles from "~/styles/lecture.css?url";
import { handleReviewForm } from "./__review-form.server";
import { ReviewPanel } from "./__review-panel";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexStyles },
  { rel: "stylesheet", href: lectureStyles },
];

export const meta: MetaFunction = () => [{ title: "Duyệt học liệu — Kho Học Liệu" }];

async function screenFor(request: Request, materialId: string) {
  const actor = await requireActor(request);
  const screen = await reviewScreen(actor, materialId);
  if (!screen) throw new Response("Không có việc duyệt nào của bạn với học liệu này.", { status: 404 });
  return { actor, screen };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, screen } = await screenFor(request, params.materialId ?? "");
  return {
    material: await materialView(actor, screen.material, screen.version),
    task: screen.task,
    level: screen.level,
    canDecide: screen.canDecide,
    reviewers: screen.reviewers,
    dueAt: screen.dueAt,
    history: await reviewHistory(screen.material),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, screen } = await screenFor(request, params.materialId ?? "");
  const materialId = String(screen.material._id);
  return handleReviewForm(await request.formData(), {
    assign: (assignment) => reviewStep(actor, materialId, { action: "assign", ...assignment }),
    decide: (decision) =>
      screen.task === "nomination"
        ? decideNomination(actor, materialId, decision)
        : reviewStep(actor, materialId, { action: "decide", decision }),
  });
}

export default function ReviewScreen() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { material, task, level, canDecide, reviewers, dueAt, history } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string> }>();
  return (
    <section className="space-y-4" aria-labelledby="review-screen-title">
      <header>
        <p className="text-sm text-muted">
          {t(`review.tasks.${task}`)} · {t(`review.levels.${level}`)} ·{" "}
          {t("materials.view.version", { number: material.version.number })}
          {dueAt ? ` · ${t("review.due", { date: formatDateTime(dueAt, language) })}` : ""}
        </p>
        <h1 id="review-screen-title" className="text-2xl font-bold text-brand-900">
          {material.version.title}
        </h1>
      </header>
      {result?.errors?.form ? <Notice tone="error">{result.errors.form}</Notice> : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-3">
          <MaterialContent material={material} h5pResult={null} />
          {material.version.summary ? <p className="card">{material.version.summary}</p> : null}
        </div>
        <ReviewPanel
          reviewers={reviewers}
          canDecide={canDecide}
          history={history}
          errors={result?.errors}
          criteriaLabels="review.criteria"
        />
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
