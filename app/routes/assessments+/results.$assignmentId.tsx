import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { classResults, recordItemStatistics } from "~/domain/assessments/results.server";

export const meta: MetaFunction = () => [{ title: "Kết quả kiểm tra — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const results = await classResults(actor, params.assignmentId ?? "");
  if (!results) throw new Response("Không tìm thấy kết quả của lớp này.", { status: 404 });
  const scores = results.rows.map((row) => row.roundedScore).filter((score): score is number => score !== null);
  return {
    assignmentId: String(results.assignment._id),
    assessmentId: String(results.assessment._id),
    title: results.assessment.title,
    className: results.className,
    rows: results.rows.map((row) => ({ ...row, submittedAt: row.submittedAt?.toISOString() ?? null })),
    analysis: results.analysis,
    numbers: Object.fromEntries(results.items.map((item) => [item.key, item.number])),
    submitted: scores.length,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const recorded = await recordItemStatistics(actor, params.assignmentId ?? "");
  if (!recorded) throw new Response("Không tìm thấy kết quả của lớp này.", { status: 404 });
  return { recorded: recorded.questions };
}

const decimal = (value: number | null, digits = 2) =>
  value === null ? "—" : String(Math.round(value * 10 ** digits) / 10 ** digits).replace(".", ",");

/** A class's results: one row per student, the score distribution, the item analysis and the gradebook export. */
export default function ClassResults() {
  const { t } = useTranslation();
  const { assignmentId, assessmentId, title, className, rows, analysis, numbers } = useLoaderData<typeof loader>();
  const recorded = useActionData<typeof action>()?.recorded;
  const regraded = useSearchParams()[0].get("regraded");
  return (
    <section className="mx-auto max-w-5xl space-y-6" aria-labelledby="results-title">
      <header className="space-y-1">
        <h1 id="results-title" className="text-2xl font-bold text-brand-900">
          {t("assessments.resultsTitle", { className })}
        </h1>
        <p>
          <Link to={`/assessments/${assessmentId}`} className="underline">
            {title}
          </Link>
        </p>
      </header>
      {recorded !== undefined ? <Notice tone="success">{t("assessments.statsRecorded", { count: recorded })}</Notice> : null}
      {regraded !== null ? <Notice tone="success">{t("assessments.regraded", { count: Number(regraded) })}</Notice> : null}
      <div className="flex flex-wrap gap-3">
        <a href={`/assessments/results/${assignmentId}.xlsx`} className="btn-primary" download>
          {t("assessments.exportExcel")}
        </a>
        <Link to={`/assessments/grading/${assignmentId}`} className="btn-secondary">
          {t("assessments.grading")}
        </Link>
        <Form method="post">
          <button type="submit" className="btn-secondary">
            {t("assessments.recordStats")}
          </button>
        </Form>
      </div>
      <dl className="grid gap-3 sm:grid-cols-4">
        {(
          [
            ["submittedStat", String(analysis.attempts)],
            ["mean", decimal(analysis.mean)],
            ["median", decimal(analysis.median)],
            [
              "reliability",
              analysis.reliability
                ? `${decimal(analysis.reliability.value)} (${analysis.reliability.method === "kr20" ? "KR-20" : "Cronbach α"})`
                : "—",
            ],
          ] as const
        ).map(([key, value]) => (
          <div key={key} className="card">
            <dt className="text-sm text-muted">{t(`assessments.${key}`)}</dt>
            <dd className="text-xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="distribution-title">
        <h2 id="distribution-title" className="text-xl font-semibold">
          {t("assessments.distribution")}
        </h2>
        <ol className="flex items-end gap-1" aria-label={t("assessments.distribution")}>
          {analysis.distribution.map((count, band) => (
            <li key={band} className="flex flex-1 flex-col items-center text-xs">
              <span>{count}</span>
              <span className="w-full bg-brand-700" style={{ height: `${Math.max(2, count * 12)}px` }} aria-hidden="true" />
              <span>{band === 9 ? "9–10" : `${band}–${band + 1}`}</span>
            </li>
          ))}
        </ol>
      </section>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="text-left text-xl font-semibold">{t("assessments.studentsTable")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("assessments.studentCode")}</th>
              <th scope="col">{t("assessments.fullName")}</th>
              <th scope="col">{t("assessments.score")}</th>
              <th scope="col">{t("assessments.versionCode")}</th>
              <th scope="col">{t("assessments.status")}</th>
              <th scope="col">{t("assessments.integrity")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.studentId} className="border-t border-gray-200">
                <td>{row.studentCode}</td>
                <td>
                  {row.attemptId ? (
                    <Link to={`/assessments/attempts/${row.attemptId}`} className="underline">
                      {row.fullName}
                    </Link>
                  ) : (
                    row.fullName
                  )}
                </td>
                <td>{decimal(row.roundedScore)}</td>
                <td>{row.versionCode ?? "—"}</td>
                <td>{t(`assessments.rowStatus.${row.status}`)}</td>
                <td>{row.integrityEvents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="text-left text-xl font-semibold">{t("assessments.itemAnalysis")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("assessments.item")}</th>
              <th scope="col">{t("assessments.facility")}</th>
              <th scope="col">{t("assessments.discrimination")}</th>
              <th scope="col">{t("assessments.pointBiserial")}</th>
              <th scope="col">{t("assessments.distractors")}</th>
              <th scope="col">{t("assessments.flags")}</th>
              <th scope="col">
                <span className="sr-only">{t("assessments.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...analysis.items]
              .sort((a, b) => (numbers[a.key] ?? 0) - (numbers[b.key] ?? 0))
              .map((item) => (
                <tr key={item.key} className="border-t border-gray-200">
                  <td>{numbers[item.key]}</td>
                  <td>{decimal(item.facility)}</td>
                  <td>{decimal(item.discrimination)}</td>
                  <td>{decimal(item.pointBiserial)}</td>
                  <td>
                    {item.distractors.map((option) => `${option.label}${option.correct ? "*" : ""}: ${option.count}`).join(" · ")}
                  </td>
                  <td>{item.flags.map((flag) => t(`assessments.flagNames.${flag}`)).join("; ")}</td>
                  <td>
                    <Link
                      to={`/assessments/${assessmentId}/key/${item.key}?back=${encodeURIComponent(`/assessments/results/${assignmentId}`)}`}
                      className="underline"
                      aria-label={t("assessments.correctKeyFor", { number: numbers[item.key] })}
                    >
                      {t("assessments.correctKey")}
                    </Link>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
