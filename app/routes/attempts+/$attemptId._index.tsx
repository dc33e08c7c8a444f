import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ESSAY_PHOTO_RULES } from "#content-schemas/assessments";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { QuizItem } from "~/components/quiz/quiz-item";
import quizClientUrl from "~/components/quiz/quiz-client.ts?worker&url";
import type { QuizData } from "~/components/quiz/quiz-client";
import { attemptView, submitAttempt } from "~/domain/assessments/attempts.server";
import { saveFormAnswers } from "~/domain/assessments/form-answers.server";
import { readFormWithSmallFiles } from "~/utils/upload.server";
import { LOCALE_TAGS } from "~/i18n/config";

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

/** A plain form post carries the answers and up to four photos' worth: what comes past that is refused, not read into memory. */
const PLAIN_FORM_MAX_BYTES = 4 * ESSAY_PHOTO_RULES.maxBytes;

/** The plain form post, for browsers where the page's script did not run: saves the answers, submits when asked. */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const attemptId = params.attemptId ?? "";
  const attempt = await attemptView(actor, attemptId);
  if (!attempt) throw new Response("Không tìm thấy bài làm.", { status: 404 });
  const { formData: form, oversized } = await readFormWithSmallFiles(request, {
    maxFileBytes: ESSAY_PHOTO_RULES.maxBytes,
    maxTotalBytes: PLAIN_FORM_MAX_BYTES,
  });
  const refusedPhotos =
    attempt.status === "in_progress" ? (await saveFormAnswers(actor, attempt, form, oversized)).refusedPhotos : 0;
  if (form.get("intent") === "submit") {
    await submitAttempt(actor, attemptId);
    return redirect(`/attempts/${attemptId}/result`);
  }
  return redirect(`/attempts/${attemptId}?saved=1${refusedPhotos ? `&refusedPhotos=${refusedPhotos}` : ""}`);
}

/** The page is not hydrated: its own small script (quiz-client.ts) does the saving, so phones load no React. */
export const handle = { hydrate: false };

/** The student's quiz page: every item on one page, each answer saved as it changes. */
export default function QuizPage() {
  const { t, i18n } = useTranslation();
  const { attempt } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const deadline = new Date(attempt.deadline).toLocaleTimeString(LOCALE_TAGS[i18n.language === "en" ? "en" : "vi"], {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Ho_Chi_Minh",
  });
  const answered = Object.keys(attempt.responses).length;
  const data: QuizData = {
    attempt: {
      id: attempt.id,
      deadline: attempt.deadline,
      serverNow: attempt.serverNow,
      items: attempt.items,
      responses: attempt.responses,
    },
    labels: {
      saved: t("quiz.state.saved"),
      saving: t("quiz.state.saving"),
      offline: t("quiz.state.offline_other", { count: "{{count}}" as unknown as number }),
      closed: t("quiz.state.closed"),
      error: t("quiz.state.error"),
      remaining: t("quiz.remaining", { time: "{{time}}" }),
      confirmSubmit: t("quiz.confirmSubmit"),
      submitting: t("quiz.submitting"),
      photoSending: t("quiz.photos.sending"),
      photoSent: t("quiz.photos.sent"),
      photoOffline: t("quiz.photos.offline"),
      photoTooMany: t("quiz.photos.tooMany", { max: ESSAY_PHOTO_RULES.maxPerItem }),
      photoFailed: t("quiz.photos.failed"),
    },
  };
  const refusedPhotos = Number(searchParams.get("refusedPhotos") ?? 0);
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
        <span data-save-state="" data-testid="save-state" data-state="saved">
          {t("quiz.state.saved")}
        </span>
        <span data-countdown="" className="font-mono text-lg" />
      </div>
      {searchParams.get("saved") ? <Notice tone="success">{t("quiz.savedByForm", { count: answered })}</Notice> : null}
      {refusedPhotos > 0 ? (
        <Notice tone="error">
          {t("quiz.photos.refused", {
            count: refusedPhotos,
            mb: ESSAY_PHOTO_RULES.maxMegabytes,
            max: ESSAY_PHOTO_RULES.maxPerItem,
          })}
        </Notice>
      ) : null}
      <form method="post" encType="multipart/form-data" className="space-y-4" data-quiz="">
        {attempt.items.map((item) => (
          <QuizItem key={item.key} attemptId={attempt.id} item={item} saved={attempt.responses[item.key]?.response} />
        ))}
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="save" className="btn-secondary">
            {t("quiz.save")}
          </button>
          <button type="submit" name="intent" value="submit" className="btn-primary">
            {t("quiz.submit")}
          </button>
        </div>
        <p
          data-offline-submit=""
          hidden
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-900"
        >
          {t("quiz.offlineSubmit")}
        </p>
      </form>
      {/* The data the script needs; "<" is escaped so no answer text can close the script element. */}
      <script
        id="quiz-data"
        type="application/json"
        dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, "\\u003c") }}
      />
      <script type="module" src={quizClientUrl} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
