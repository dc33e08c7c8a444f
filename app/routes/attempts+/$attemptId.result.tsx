import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { attemptResult } from "~/domain/assessments/attempts.server";

export const meta: MetaFunction = () => [{ title: "Kết quả bài làm — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const result = await attemptResult(actor, params.attemptId ?? "");
  if (!result.ok && result.status === 404) throw new Response(result.reason, { status: 404 });
  // Submitted, but the teacher has not released the results yet: say so instead of an error page.
  return result.ok ? { result: result.value, hidden: null } : { result: null, hidden: result.reason };
}

const decimal = (value: number) => String(Math.round(value * 100) / 100).replace(".", ",");

export default function AttemptResultPage() {
  const { t } = useTranslation();
  const { result, hidden } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="result-title">
      <h1 id="result-title" className="text-2xl font-bold text-brand-900">
        {t("quiz.resultTitle")}
      </h1>
      <Notice tone="success">{t("quiz.submitted")}</Notice>
      {hidden ? <p className="card">{hidden}</p> : null}
      {result ? (
        <>
          <p className="card text-lg">
            {result.roundedScore === null
              ? t("quiz.waitingForGrading")
              : t("quiz.score", { score: decimal(result.roundedScore), max: decimal(result.maxScore) })}
            <span className="block text-sm text-muted">{t("quiz.version", { code: result.versionCode })}</span>
          </p>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("quiz.itemsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("quiz.item")}</th>
                <th scope="col">{t("quiz.earned")}</th>
                <th scope="col">{t("quiz.status")}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((item) => (
                <tr key={item.key} className="border-t border-gray-200">
                  <td>{item.number}</td>
                  <td>{item.earned === null ? "—" : `${decimal(item.earned)} / ${decimal(item.max)}`}</td>
                  <td>
                    {t(`quiz.itemStatus.${item.status}`)}
                    {item.comment ? <span className="block text-muted">{item.comment}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <Link to="/tests" className="underline">
        {t("quiz.backToTests")}
      </Link>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
