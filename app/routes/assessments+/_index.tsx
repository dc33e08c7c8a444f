import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAssessments } from "~/domain/assessments/assessments.server";

export const meta: MetaFunction = () => [{ title: "Bài kiểm tra — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { assessments: await listAssessments(actor) };
}

/** A teacher's tests, newest first. */
export default function Assessments() {
  const { t } = useTranslation();
  const { assessments } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-4xl space-y-4" aria-labelledby="assessments-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="assessments-title" className="text-2xl font-bold text-brand-900">
          {t("assessments.title")}
        </h1>
        <Link to="/assessments/new" className="btn-primary">
          {t("assessments.create")}
        </Link>
      </div>
      {assessments.length === 0 ? (
        <p className="card text-muted">{t("assessments.empty")}</p>
      ) : (
        <ul className="space-y-2">
          {assessments.map((assessment) => (
            <li key={assessment.id} className="card space-y-1">
              <Link to={`/assessments/${assessment.id}`} className="text-lg font-semibold text-brand-900 underline">
                {assessment.title}
              </Link>
              <p className="text-sm text-muted">
                {t(`assessments.purposes.${assessment.purpose}`)} · {t("assessments.gradeLabel", { grade: assessment.grade })} ·{" "}
                {t("assessments.itemCount", { count: assessment.items })} ·{" "}
                {t("assessments.versionCount", { count: assessment.versions })}
                {assessment.locked ? ` · ${t("assessments.assigned")}` : ""}
              </p>
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
