import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ROSTER_LAYOUT } from "#content-schemas/roster";
import { assertCanOn } from "~/auth/policy.server";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { applyRosterImport } from "~/domain/roster/apply-roster-import.server";
import { loadRosterImport } from "~/domain/roster/load-roster-import.server";

export const meta: MetaFunction = () => [{ title: "Xem trước danh sách — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const rosterImport = await loadRosterImport(actor, params.importId);
  return {
    id: String(rosterImport._id),
    fileName: rosterImport.fileName,
    schoolYear: rosterImport.schoolYear,
    status: rosterImport.status,
    summary: rosterImport.summary,
    rows: rosterImport.rows.map(({ kind, rowNumber, cells, problems, action }) => ({
      kind,
      rowNumber,
      problems,
      action,
      content: Object.values(cells)
        .filter((value) => value !== undefined && value !== null)
        .map((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)))
        .join(" · "),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const rosterImport = await loadRosterImport(actor, params.importId);
  assertCanOn(actor, "create", "RosterImport", { organisationPath: rosterImport.organisationPath.map(String) });
  const result = await applyRosterImport({
    importId: String(rosterImport._id),
    actorId: actor.id,
    ipAddress: clientAddress(request),
  });
  if (!result.ok && result.reason === "has_problems") throw new Response("Bad Request", { status: 400 });
  return result;
}

export default function RosterPreview() {
  const { t } = useTranslation();
  const rosterImport = useLoaderData<typeof loader>();
  const submitting = useNavigation().state === "submitting";
  const { summary } = rosterImport;
  const validRows = summary.rows - summary.rowsWithProblems;
  return (
    <section className="space-y-5" aria-labelledby="preview-title">
      <div>
        <h1 id="preview-title" className="text-2xl font-bold text-brand-900">
          {t("roster.previewTitle", { file: rosterImport.fileName })}
        </h1>
        <p className="text-muted">{t("roster.previewIntro", { year: rosterImport.schoolYear, rows: summary.rows })}</p>
      </div>

      {rosterImport.status === "applied" && summary.applied ? (
        <div role="status" className="card space-y-3 border-green-200 bg-green-50">
          <p className="font-semibold text-success">{t("roster.applied", summary.applied)}</p>
          <a href={`/admin/roster/${rosterImport.id}/passwords.xlsx`} className="btn-primary" download>
            {t("roster.passwords")}
          </a>
          <p className="text-sm text-muted">{t("roster.passwordsHint")}</p>
        </div>
      ) : summary.rowsWithProblems > 0 ? (
        <Notice tone="error">{t("roster.problemsFound", { count: summary.rowsWithProblems })}</Notice>
      ) : (
        <div className="card flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p>{t("roster.readyToApply")}</p>
          <Form method="post">
            <button type="submit" className="btn-primary" disabled={submitting}>
              {t("roster.apply", { count: validRows })}
            </button>
          </Form>
        </div>
      )}

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        {(Object.keys(ROSTER_LAYOUT) as (keyof typeof ROSTER_LAYOUT)[]).map((kind) => (
          <div key={kind} className="card">
            <dt className="font-semibold">{t(`roster.kinds.${kind}`)}</dt>
            <dd className="text-sm text-muted">
              {t("roster.willCreate")}: {summary.create[kind]} · {t("roster.willUpdate")}: {summary.update[kind]}
            </dd>
          </div>
        ))}
      </dl>

      {/* A list rather than a table: on a phone the problems must be readable without scrolling sideways. */}
      <ul className="space-y-2" aria-label={t("roster.previewTitle", { file: rosterImport.fileName })}>
        {[...rosterImport.rows]
          .sort((a, b) => b.problems.length - a.problems.length)
          .map((row) => (
            <li
              key={`${row.kind}-${row.rowNumber}`}
              className={`card space-y-1 text-sm ${row.problems.length ? "border-red-200 bg-red-50" : ""}`}
              data-problem={row.problems.length > 0 || undefined}
            >
              <p className="font-semibold">
                {t(`roster.kinds.${row.kind}`)} · {t("roster.row")} {row.rowNumber}
              </p>
              <p>{row.content}</p>
              {row.problems.length ? (
                <ul className="list-disc pl-4 text-danger">
                  {row.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              ) : (
                <p className="text-success">
                  {t("roster.ok")} · {row.action === "update" ? t("roster.willUpdate") : t("roster.willCreate")}
                </p>
              )}
            </li>
          ))}
      </ul>
      <Link to="/admin/roster" className="btn-secondary">
        {t("roster.uploadAgain")}
      </Link>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
