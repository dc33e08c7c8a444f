import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDateTime } from "~/i18n/format";
import { isLanguage } from "~/i18n/config";
import { jobStatus } from "~/services/jobs.server";

export const meta: MetaFunction = () => [{ title: "Tác vụ nền — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCan(actor, "read", "Job");
  return jobStatus({ limit: 100 });
}

export default function Jobs() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { overview, jobs } = useLoaderData<typeof loader>();
  const when = (value?: string | Date | null) => (value ? formatDateTime(value, language) : "—");
  return (
    <section className="space-y-6" aria-labelledby="jobs-title">
      <div>
        <h1 id="jobs-title" className="text-2xl font-bold text-brand-900">
          {t("jobs.title")}
        </h1>
        <p className="mt-1 text-muted">{t("jobs.intro")}</p>
      </div>
      <div className="card overflow-x-auto">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <caption className="sr-only">{t("jobs.title")}</caption>
          <thead>
            <tr className="border-b border-gray-200">
              <th scope="col" className="py-2 pr-3">
                {t("jobs.name")}
              </th>
              {(["queued", "running", "completed", "failed", "repeating"] as const).map((state) => (
                <th key={state} scope="col" className="px-3 py-2 text-right">
                  {t(`jobs.states.${state}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {overview.map((row) => (
              <tr key={row.name} className="border-b border-gray-100">
                <th scope="row" className="py-2 pr-3 font-mono font-normal">
                  {row.name}
                </th>
                <td className="px-3 py-2 text-right">{row.queued + row.scheduled}</td>
                <td className="px-3 py-2 text-right">{row.running}</td>
                <td className="px-3 py-2 text-right">{row.completed}</td>
                <td className={`px-3 py-2 text-right ${row.failed > 0 ? "font-semibold text-danger" : ""}`}>{row.failed}</td>
                <td className="px-3 py-2 text-right">{row.repeating}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {jobs.length === 0 ? (
        <p className="text-muted">{t("jobs.empty")}</p>
      ) : (
        <ul className="space-y-2">
          {jobs.map((job) => (
            <li key={job.id} className="card space-y-1 text-sm">
              <p className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-mono">{job.name}</span>
                <span
                  className={`rounded px-2 py-0.5 text-xs font-semibold ${job.state === "failed" ? "bg-red-50 text-danger" : "bg-gray-100"}`}
                >
                  {t(`jobs.states.${job.state}`)}
                </span>
              </p>
              <p className="text-muted">
                {t("jobs.lastRun")}: {when(job.lastRunAt)} · {t("jobs.nextRun")}: {when(job.nextRunAt)} · {t("jobs.failCount")}:{" "}
                {job.failCount}
              </p>
              {job.failReason ? (
                <p className="text-danger">
                  {t("jobs.failReason")}: {job.failReason}
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
