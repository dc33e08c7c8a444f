import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { createQuestion } from "~/domain/questions/questions.server";
import { QuestionForm, type QuestionFormResult } from "./__question-form";
import { readQuestionForm, refusal } from "./__question-form.server";

export { links } from "./__question-form";
export const meta: MetaFunction = () => [{ title: "Soạn câu hỏi — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  assertCan(await requireActor(request), "create", "Question");
  return { subjects: await listSubjects() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = readQuestionForm(await request.formData());
  if ("errors" in form) return Response.json({ errors: form.errors }, { status: 400 });
  const created = await createQuestion(actor, form.draft, { allowDuplicate: form.allowDuplicate });
  if (!created.ok) return refusal(created);
  return redirect(`/questions/${created.value.id}`);
}

export default function NewQuestion() {
  const { t } = useTranslation();
  const { subjects } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-4" aria-labelledby="new-question-title">
      <h1 id="new-question-title" className="text-2xl font-bold text-brand-900">
        {t("questions.form.newTitle")}
      </h1>
      <QuestionForm subjects={subjects} result={useActionData<QuestionFormResult>()} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
