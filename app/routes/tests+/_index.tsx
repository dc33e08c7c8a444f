import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { testsForStudent } from "~/domain/assessments/assignments.server";

export const meta: MetaFunction = () => [{ title: "Bài kiểm tra — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { tests: await testsForStudent(actor) };
}

export function formatWhen(iso: string, language: string) {
  return new Date(iso).toLocaleString(language === "en" ? "en-GB" : "vi-VN", {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Asia/Ho_Chi_Minh",
  });
}

/** A student's tests: what their classes were given, with the way in or to the result. */
export default function StudentTests() {
  const { t, i18n } = useTranslation();
  const { tests } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="tests-title">
      <h1 id="tests-title" className="text-2xl font-bold text-brand-900">
        {t("quiz.testsTitle")}
      </h1>
      {tests.length === 0 ? (
        <p className="card text-muted">{t("quiz.noTests")}</p>
      ) : (
        <ul className="space-y-2">
          {tests.map((test) => (
            <li key={test.id} className="card space-y-1">
              <Link to={`/tests/${test.id}`} className="text-lg font-semibold text-brand-900 underline">
                {test.title}
              </Link>
              <p className="text-sm text-muted">
                {t("quiz.window", {
                  opens: formatWhen(test.opensAt, i18n.language),
                  closes: formatWhen(test.closesAt, i18n.language),
                })}{" "}
                · {t("quiz.timeLimit", { minutes: test.timeLimitMinutes })}
              </p>
              {test.latest ? <p className="text-sm">{t(`quiz.attemptStatus.${test.latest.status}`)}</p> : null}
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
