import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { QuestionBody, RichText } from "#content-schemas/questions";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { Notice } from "~/components/notice";
import { findAssessment, itemBody } from "~/domain/assessments/assessments.server";
import { correctKey } from "~/domain/assessments/results.server";
import { safeRedirectPath } from "~/utils/redirect";
import { renderRichTextHtml } from "~/utils/rich-text-html";

export const meta: MetaFunction = () => [{ title: "Sửa đáp án — Kho Học Liệu" }];

/** The formats whose key this page edits (the API takes any format). */
const EDITABLE = new Set<QuestionBody["type"]>(["single_choice", "multiple_response", "true_false_group", "short_answer"]);

async function itemOf(request: Request, assessmentId: string, itemKey: string) {
  const actor = await requireActor(request);
  const assessment = await findAssessment(actor, assessmentId, "update");
  const item = assessment?.items.find((candidate) => candidate.key === itemKey);
  if (!assessment || !item) throw new Response("Không tìm thấy câu hỏi trong bài kiểm tra.", { status: 404 });
  return { actor, assessment, item, body: itemBody(item) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { item, body } = await itemOf(request, params.assessmentId ?? "", params.itemKey ?? "");
  const html = (doc: unknown) => renderRichTextHtml(doc as RichText);
  return {
    stemHtml: html(item.stem),
    body,
    editable: EDITABLE.has(body.type),
    partsHtml: Object.fromEntries(
      (body.type === "single_choice" || body.type === "multiple_response"
        ? body.options
        : body.type === "true_false_group"
          ? body.statements
          : []
      ).map((part) => [part.id, html(part.content)]),
    ),
  };
}

/** The stored body with the answer the form chose. */
function correctedBody(body: QuestionBody, form: FormData): QuestionBody {
  switch (body.type) {
    case "single_choice":
      return { ...body, correctOptionId: String(form.get("correct") ?? "") };
    case "multiple_response":
      return {
        ...body,
        options: body.options.map((option) => ({ ...option, correct: form.getAll("correct").includes(option.id) })),
      };
    case "true_false_group":
      return {
        ...body,
        statements: body.statements.map((statement) => ({
          ...statement,
          correct: form.get(`correct.${statement.id}`) === "true",
        })),
      };
    case "short_answer":
      return body.answer.kind === "numeric"
        ? { ...body, answer: { ...body.answer, value: String(form.get("value") ?? "").trim() } }
        : {
            ...body,
            answer: {
              ...body.answer,
              accepted: String(form.get("value") ?? "")
                .split("\n")
                .map((line) => line.trim())
                .filter(Boolean),
            },
          };
    default:
      return body;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, assessment, body } = await itemOf(request, params.assessmentId ?? "", params.itemKey ?? "");
  const form = await request.formData();
  const corrected = await correctKey(
    actor,
    String(assessment._id),
    params.itemKey ?? "",
    correctedBody(body, form),
    String(form.get("reason") ?? "").trim(),
  );
  if (!corrected.ok) return Response.json({ error: corrected.reason }, { status: corrected.status });
  const back = safeRedirectPath(new URL(request.url).searchParams.get("back"), `/assessments/${String(assessment._id)}`);
  return redirect(`${back}${back.includes("?") ? "&" : "?"}regraded=${corrected.value.regraded}`);
}

/** Correcting a wrong key found in the item analysis: every submitted attempt is scored again. */
export default function CorrectKey() {
  const { t } = useTranslation();
  const { stemHtml, body, editable, partsHtml } = useLoaderData<typeof loader>();
  const error = useActionData<{ error: string }>()?.error;
  const [searchParams] = useSearchParams();
  const back = searchParams.get("back") ?? "";
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="key-title">
      <h1 id="key-title" className="text-2xl font-bold text-brand-900">
        {t("assessments.correctKeyTitle")}
      </h1>
      <p className="text-sm text-muted">{t("assessments.correctKeyHint")}</p>
      <div className="card rich-text" dangerouslySetInnerHTML={{ __html: stemHtml }} />
      {error ? <Notice tone="error">{error}</Notice> : null}
      {!editable ? (
        <Notice tone="error">{t("assessments.correctKeyByApi")}</Notice>
      ) : (
        <Form method="post" className="card space-y-3">
          {body.type === "single_choice" || body.type === "multiple_response" ? (
            <fieldset className="space-y-2">
              <legend className="field-label">{t("assessments.correctAnswer")}</legend>
              {body.options.map((option, index) => (
                <label key={option.id} className="flex items-start gap-2">
                  <input
                    type={body.type === "single_choice" ? "radio" : "checkbox"}
                    name="correct"
                    value={option.id}
                    defaultChecked={
                      body.type === "single_choice" ? body.correctOptionId === option.id : "correct" in option && option.correct
                    }
                    className="mt-1 h-5 w-5"
                  />
                  <span className="font-semibold">{String.fromCharCode(65 + index)}.</span>
                  <span className="rich-text" dangerouslySetInnerHTML={{ __html: partsHtml[option.id] ?? "" }} />
                </label>
              ))}
            </fieldset>
          ) : null}
          {body.type === "true_false_group"
            ? body.statements.map((statement, index) => (
                <fieldset key={statement.id} className="flex flex-wrap items-center gap-4">
                  <legend className="flex gap-2">
                    <span className="font-semibold">{String.fromCharCode(97 + index)})</span>
                    <span className="rich-text" dangerouslySetInnerHTML={{ __html: partsHtml[statement.id] ?? "" }} />
                  </legend>
                  {(["true", "false"] as const).map((value) => (
                    <label key={value} className="flex items-center gap-2">
                      <input
                        type="radio"
                        name={`correct.${statement.id}`}
                        value={value}
                        defaultChecked={String(statement.correct) === value}
                        className="h-5 w-5"
                      />
                      {t(value === "true" ? "quiz.true" : "quiz.false")}
                    </label>
                  ))}
                </fieldset>
              ))
            : null}
          {body.type === "short_answer" ? (
            body.answer.kind === "numeric" ? (
              <Field label={t("assessments.correctAnswer")} name="value" defaultValue={body.answer.value} inputMode="decimal" />
            ) : (
              <label className="block">
                <span className="field-label">{t("assessments.acceptedAnswers")}</span>
                <textarea name="value" rows={4} defaultValue={body.answer.accepted.join("\n")} className="field-input" />
              </label>
            )
          ) : null}
          <Field label={t("assessments.correctionReason")} name="reason" required />
          <div className="flex flex-wrap gap-3">
            <button type="submit" className="btn-primary">
              {t("assessments.correctAndRegrade")}
            </button>
            {back ? (
              <Link to={back} className="btn-secondary">
                {t("assessments.cancel")}
              </Link>
            ) : null}
          </div>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
