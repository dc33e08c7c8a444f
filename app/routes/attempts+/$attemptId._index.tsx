import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { QuizItem } from "~/components/quiz/quiz-item";
import { useQuizSession } from "~/components/quiz/use-quiz-session";
import { attemptView, saveResponse, submitAttempt } from "~/domain/assessments/attempts.server";
import { responseFromFields, sameResponse } from "~/domain/assessments/form-responses";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.attempt.title ?? "Bài kiểm tra"} — Kho Học Liệu` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const attempt = await attemptView(actor, params.attemptId ?? "");
  if (!attempt) throw new Response("Không tìm thấy bài làm.", { status: 404 });
  if (attempt.status !== "in_progress") throw redirect(`/attempts/${attempt.id}/result`);
  return { attempt };
}

/**
 * The plain form post, for browsers where the page's script did not run: saves every item whose answer differs
 * from the stored one (next sequence number), and submits when asked.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const attemptId = params.attemptId ?? "";
  const attempt = await attemptView(actor, attemptId);
  if (!attempt) throw new Response("Không tìm thấy bài làm.", { status: 404 });
  const form = await request.formData();
  if (attempt.status === "in_progress") {
    for (const item of attempt.items) {
      const response = responseFromFields(item, (name) => form.getAll(name).map(String));
      const stored = attempt.responses[item.key];
      if (!response || sameResponse(response, stored?.response)) continue;
      await saveResponse(actor, attemptId, item.key, { seq: (stored?.seq ?? 0) + 1, response });
    }
  }
  if (form.get("intent") === "submit") {
    await submitAttempt(actor, attemptId);
    return redirect(`/attempts/${attemptId}/result`);
  }
  return redirect(`/attempts/${attemptId}?saved=1`);
}

function clock(seconds: number) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

/** The student's quiz page: every item on one page, each answer saved as it changes. */
export default function QuizPage() {
  const { t, i18n } = useTranslation();
  const { attempt } = useLoaderData<typeof loader>();
  const formRef = useRef<HTMLFormElement>(null);
  const session = useQuizSession(attempt, formRef);
  const [searchParams] = useSearchParams();
  const deadline = new Date(attempt.deadline).toLocaleTimeString(i18n.language === "en" ? "en-GB" : "vi-VN", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Ho_Chi_Minh",
  });
  const answered = Object.keys(attempt.responses).length;
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="quiz-title">
      <header className="space-y-1">
        <h1 id="quiz-title" className="text-2xl font-bold text-brand-900">
          {attempt.title}
        </h1>
        <p className="text-sm text-muted">
          {t("quiz.version", { code: attempt.versionCode })} · {t("quiz.deadline", { time: deadline })} ·{" "}
          {t("quiz.itemCount", { count: attempt.items.length })}
        </p>
      </header>
      <div
        className="sticky top-0 z-10 flex flex-wrap items-center justify-between gap-2 rounded-md border border-gray-300 bg-white p-2 shadow-sm"
        role="status"
        aria-live="polite"
      >
        <span
          data-testid="save-state"
          data-state={session.save}
          className={session.save === "offline" || session.save === "error" ? "font-semibold text-red-800" : ""}
        >
          {t(`quiz.state.${session.save}`, { count: session.pending })}
        </span>
        {session.remaining !== null ? (
          <span className="font-mono text-lg" aria-label={t("quiz.remaining", { time: clock(session.remaining) })}>
            ⏱ {clock(session.remaining)}
          </span>
        ) : null}
      </div>
      {searchParams.get("saved") ? <Notice tone="success">{t("quiz.savedByForm", { count: answered })}</Notice> : null}
      <Form
        method="post"
        ref={formRef}
        className="space-y-4"
        onSubmit={(event) => {
          // With the script running, answers are already saved one by one: submit through the API (which waits for
          // unsent answers) instead of posting the form.
          const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
          if (intent !== "submit") return;
          event.preventDefault();
          if (!window.confirm(t("quiz.confirmSubmit"))) return;
          void session.submit();
        }}
      >
        {attempt.items.map((item) => (
          <QuizItem key={item.key} item={item} saved={attempt.responses[item.key]?.response} disabled={session.submitting} />
        ))}
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="save" className="btn-secondary">
            {t("quiz.save")}
          </button>
          <button type="submit" name="intent" value="submit" className="btn-primary" disabled={session.submitting}>
            {session.submitting ? t("quiz.submitting") : t("quiz.submit")}
          </button>
        </div>
        {session.save === "offline" ? <Notice tone="error">{t("quiz.offlineSubmit")}</Notice> : null}
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
