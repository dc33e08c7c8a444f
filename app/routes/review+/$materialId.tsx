import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import katexStyles from "katex/dist/katex.min.css?url";
import { REVIEW_CRITERIA } from "#content-schemas/review";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError, SelectField } from "~/components/field";
import { MaterialContent } from "~/components/material-content";
import { ReviewHistory } from "~/components/review-history";
import { Notice } from "~/components/notice";
import { materialView } from "~/domain/materials/materials.server";
import { decideNomination, reviewHistory, reviewScreen, reviewStep } from "~/domain/materials/review.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import lectureStyles from "~/styles/lecture.css?url";
import { parseAssignForm, parseDecisionForm } from "./__review-form.server";

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
  const formData = await request.formData();
  const materialId = String(screen.material._id);
  if (formData.get("intent") === "assign") {
    const form = parseAssignForm(formData);
    if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
    const result = await reviewStep(actor, materialId, {
      action: "assign",
      reviewerId: form.data.reviewerId,
      dueAt: new Date(`${form.data.dueAt}T23:59:59+07:00`),
    });
    if (!result.ok) return Response.json({ errors: { form: result.reason } }, { status: result.status });
    return redirect("/review?done=assigned");
  }
  const form = parseDecisionForm(formData);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const result =
    screen.task === "nomination"
      ? await decideNomination(actor, materialId, form.data)
      : await reviewStep(actor, materialId, { action: "decide", decision: form.data });
  // The task is finished, so the item leaves this person's queue: back to the queue with the outcome.
  if (!result.ok) return Response.json({ errors: { form: result.reason } }, { status: result.status });
  return redirect(`/review?done=${form.data.decision}`);
}

export default function ReviewScreen() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { material, task, level, canDecide, reviewers, dueAt, history } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string> }>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const today = new Date().toISOString().slice(0, 10);
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
              <FieldError id="reviewer-error" message={result?.errors?.reviewerId} />
              <div>
                <label htmlFor="dueAt" className="field-label">
                  {t("review.dueField")}
                </label>
                <input id="dueAt" name="dueAt" type="date" min={today} className="field-input" required />
                <FieldError id="due-error" message={result?.errors?.dueAt} />
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
                  <legend className="font-medium">{t(`review.criteria.${criterion}`)}</legend>
                  <div className="flex gap-4">
                    <label className="inline-flex min-h-11 items-center gap-2">
                      <input type="radio" name={`pass.${criterion}`} value="pass" required /> {t("review.pass")}
                    </label>
                    <label className="inline-flex min-h-11 items-center gap-2">
                      <input type="radio" name={`pass.${criterion}`} value="fail" /> {t("review.fail")}
                    </label>
                  </div>
                  <label className="sr-only" htmlFor={`comment-${criterion}`}>
                    {t("review.commentFor", { criterion: t(`review.criteria.${criterion}`) })}
                  </label>
                  <input
                    id={`comment-${criterion}`}
                    name={`comment.${criterion}`}
                    className="field-input"
                    placeholder={t("review.commentPlaceholder")}
                  />
                </fieldset>
              ))}
              <FieldError id="criteria-error" message={result?.errors?.criteria} />
              <fieldset>
                <legend className="field-label">{t("review.decisionField")}</legend>
                <label className="mr-4 inline-flex min-h-11 items-center gap-2">
                  <input type="radio" name="decision" value="approve" required /> {t("review.approve")}
                </label>
                <label className="inline-flex min-h-11 items-center gap-2">
                  <input type="radio" name="decision" value="request_changes" /> {t("review.requestChanges")}
                </label>
                <FieldError id="decision-error" message={result?.errors?.decision} />
              </fieldset>
              <div>
                <label htmlFor="message" className="field-label">
                  {t("review.messageField")}
                </label>
                <textarea id="message" name="message" rows={3} className="field-input" />
                <FieldError id="message-error" message={result?.errors?.message} />
              </div>
              <button type="submit" className="btn-primary" disabled={busy}>
                {t("review.send")}
              </button>
            </Form>
          ) : null}
          <ReviewHistory history={history} />
        </div>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
