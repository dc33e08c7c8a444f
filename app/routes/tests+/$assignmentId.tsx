import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { startAttemptSchema } from "#content-schemas/assessments";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { Notice } from "~/components/notice";
import { testsForStudent } from "~/domain/assessments/assignments.server";
import { startAttempt } from "~/domain/assessments/attempts.server";
import { parseForm } from "~/utils/form.server";
import { formatWhen } from "./_index";

export const meta: MetaFunction = () => [{ title: "Làm bài kiểm tra — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const test = (await testsForStudent(actor)).find((candidate) => candidate.id === params.assignmentId);
  if (!test) throw new Response("Không tìm thấy bài kiểm tra được giao cho lớp của em.", { status: 404 });
  return { test, now: new Date().toISOString() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), startAttemptSchema);
  if (!form.data) return Response.json({ error: Object.values(form.errors)[0] }, { status: 400 });
  const started = await startAttempt(actor, params.assignmentId ?? "", { ...form.data, address: clientAddress(request) });
  if (!started.ok) return Response.json({ error: started.reason }, { status: started.status });
  return redirect(`/attempts/${started.value.id}`);
}

/** Before starting: the window, the time limit, the access code, and the Start button. */
export default function StartTest() {
  const { t, i18n } = useTranslation();
  const { test, now } = useLoaderData<typeof loader>();
  const error = useActionData<{ error: string }>()?.error;
  const busy = useNavigation().state !== "idle";
  const inProgress = test.latest?.status === "in_progress" && test.latest.deadline > now;
  const finished = test.latest && test.latest.status !== "in_progress";
  return (
    <section className="mx-auto max-w-2xl space-y-4" aria-labelledby="start-title">
      <h1 id="start-title" className="text-2xl font-bold text-brand-900">
        {test.title}
      </h1>
      <ul className="card space-y-1">
        <li>
          {t("quiz.window", { opens: formatWhen(test.opensAt, i18n.language), closes: formatWhen(test.closesAt, i18n.language) })}
        </li>
        <li>{t("quiz.timeLimit", { minutes: test.timeLimitMinutes })}</li>
        <li>{t("quiz.attemptsUsed", { used: test.attemptsUsed, max: test.maxAttempts })}</li>
      </ul>
      <p className="text-sm text-muted">{t("quiz.rules")}</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {finished ? (
        <Link to={`/attempts/${test.latest!.id}/result`} className="underline">
          {t("quiz.seeResult")}
        </Link>
      ) : null}
      {inProgress || test.attemptsUsed < test.maxAttempts ? (
        // The quiz page is not hydrated: it must load as a document for its own script to run.
        <Form method="post" className="card space-y-3" reloadDocument>
          {test.needsAccessCode && !inProgress ? (
            <Field label={t("quiz.accessCode")} name="accessCode" autoComplete="off" required />
          ) : null}
          <button type="submit" className="btn-primary" disabled={busy}>
            {inProgress ? t("quiz.resume") : t("quiz.start")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
