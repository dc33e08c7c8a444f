import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { getQuestion, updateQuestion } from "~/domain/questions/questions.server";
import { QuestionForm, type QuestionFormResult } from "./__question-form";
import { readQuestionForm, refusal } from "./__question-form.server";

export { links } from "./__question-form";
export const meta: MetaFunction = () => [{ title: "Sửa câu hỏi — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const question = await getQuestion(actor, params.questionId ?? "");
  if (!question?.mayEdit) throw new Response("Không tìm thấy câu hỏi.", { status: 404 });
  return { question, subjects: await listSubjects() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = readQuestionForm(await request.formData());
  if ("errors" in form) return Response.json({ errors: form.errors }, { status: 400 });
  const saved = await updateQuestion(actor, params.questionId ?? "", form.draft, { allowDuplicate: form.allowDuplicate });
  if (!saved.ok) return refusal(saved);
  return redirect(`/questions/${saved.value.id}`);
}

export default function EditQuestion() {
  const { t } = useTranslation();
  const { question, subjects } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-4" aria-labelledby="edit-question-title">
      <h1 id="edit-question-title" className="text-2xl font-bold text-brand-900">
        {t("questions.form.editTitle")}
      </h1>
      <QuestionForm initial={question} subjects={subjects} result={useActionData<QuestionFormResult>()} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
