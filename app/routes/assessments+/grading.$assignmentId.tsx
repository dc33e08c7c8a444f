import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { gradeEssaySchema } from "#content-schemas/assessments";
import type { RichText } from "#content-schemas/questions";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { essayQueue, gradeEssay } from "~/domain/assessments/results.server";
import { parseValues } from "~/utils/form.server";
import { renderRichTextHtml } from "~/utils/rich-text-html";
import { PhotoLinks } from "~/components/quiz/quiz-item";

export const meta: MetaFunction = () => [{ title: "Chấm tự luận — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const queue = await essayQueue(actor, params.assignmentId ?? "");
  if (!queue) throw new Response("Không tìm thấy bài kiểm tra.", { status: 404 });
  return {
    assignmentId: String(queue.assignment._id),
    items: queue.items.map((item) => ({
      key: item.key,
      points: item.points,
      stemHtml: renderRichTextHtml(item.stem as RichText),
      rubric: item.body.type === "essay" ? item.body.rubric : [],
    })),
    entries: queue.entries,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const parsed = parseValues(
    {
      attemptId: form.get("attemptId"),
      itemKey: form.get("itemKey"),
      points: Number(String(form.get("points") ?? "").replace(",", ".")),
      comment: form.get("comment") ?? "",
    },
    gradeEssaySchema,
  );
  const target = `${String(form.get("attemptId"))}:${String(form.get("itemKey"))}`;
  if (!parsed.data) return { target, error: Object.values(parsed.errors)[0] };
  const graded = await gradeEssay(actor, parsed.data);
  return graded.ok ? { target, error: null } : { target, error: graded.reason };
}

/** The essays of one class, answer by answer: the rubric next to the text, marks and a comment for each. */
export default function EssayGrading() {
  const { t } = useTranslation();
  const { assignmentId, items, entries } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const waiting = entries.filter((entry) => entry.points === null).length;
  return (
    <section className="mx-auto max-w-4xl space-y-4" aria-labelledby="grading-title">
      <h1 id="grading-title" className="text-2xl font-bold text-brand-900">
        {t("assessments.gradingTitle")}
      </h1>
      <p>
        {t("assessments.waitingEssays", { count: waiting })} ·{" "}
        <Link to={`/assessments/results/${assignmentId}`} className="underline">
          {t("assessments.results")}
        </Link>
      </p>
      {entries.length === 0 ? <p className="card text-muted">{t("assessments.noEssays")}</p> : null}
      <ol className="space-y-4">
        {entries.map((entry, index) => {
          const item = items.find((candidate) => candidate.key === entry.itemKey);
          const key = `${entry.attemptId}:${entry.itemKey}`;
          const headingId = `essay-${index}`;
          return (
            <li key={key} id={`entry-${index}`} className="card space-y-2" aria-labelledby={headingId}>
              <h2 id={headingId} className="font-semibold">
                {t("assessments.essayOf", { name: entry.studentName, index: index + 1, total: entries.length })}
              </h2>
              {item ? <div className="rich-text text-sm text-muted" dangerouslySetInnerHTML={{ __html: item.stemHtml }} /> : null}
              {entry.text || entry.photoUploadIds.length === 0 ? (
                <blockquote className="whitespace-pre-wrap rounded-md bg-gray-50 p-3">
                  {entry.text || t("assessments.noAnswer")}
                </blockquote>
              ) : null}
              <PhotoLinks attemptId={entry.attemptId} photoIds={entry.photoUploadIds} />
              {item ? (
                <ul className="list-disc pl-5 text-sm">
                  {item.rubric.map((row) => (
                    <li key={row.criterion}>
                      {row.criterion} ({Math.round(row.weight * 100)}%){row.description ? ` — ${row.description}` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
              {outcome?.target === key ? (
                <Notice tone={outcome.error ? "error" : "success"}>{outcome.error ?? t("assessments.graded")}</Notice>
              ) : null}
              <Form method="post" className="grid gap-2 sm:grid-cols-[8rem_1fr_auto] sm:items-end">
                <input type="hidden" name="attemptId" value={entry.attemptId} />
                <input type="hidden" name="itemKey" value={entry.itemKey} />
                <label className="block">
                  <span className="field-label">
                    {t("assessments.essayPoints", { max: String(item?.points ?? 0).replace(".", ",") })}
                  </span>
                  <input name="points" inputMode="decimal" defaultValue={entry.points ?? ""} required className="field-input" />
                </label>
                <label className="block">
                  <span className="field-label">{t("assessments.comment")}</span>
                  <input name="comment" defaultValue={entry.comment} className="field-input" />
                </label>
                <button type="submit" className="btn-primary">
                  {t("assessments.saveGrade")}
                </button>
              </Form>
              <p className="flex justify-between text-sm">
                {index > 0 ? <a href={`#entry-${index - 1}`}>{t("assessments.previous")}</a> : <span />}
                {index < entries.length - 1 ? <a href={`#entry-${index + 1}`}>{t("assessments.next")}</a> : null}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
