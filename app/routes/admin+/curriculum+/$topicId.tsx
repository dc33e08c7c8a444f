import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError } from "~/components/field";
import { deleteTopic, getTopic, saveTopic } from "~/domain/curriculum/topics.server";
import { TopicFields } from "./__topic-fields";
import { parseTopicForm } from "./__topic-form.server";

export const meta: MetaFunction = () => [{ title: "Sửa chủ đề — Kho Học Liệu" }];

async function topicOf(request: Request, topicId: string | undefined) {
  assertCan(await requireActor(request), "manage", "Curriculum");
  const topic = await getTopic(topicId);
  if (!topic) throw new Response("Not Found", { status: 404 });
  return topic;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return topicOf(request, params.topicId);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const topic = await topicOf(request, params.topicId);
  const formData = await request.formData();
  const back = `/admin/curriculum?subject=${topic.subjectCode}&grade=${topic.grade}`;
  if (formData.get("intent") === "delete") {
    await deleteTopic(topic.id);
    return redirect(`${back}&removed=1`);
  }
  formData.set("subjectCode", topic.subjectCode);
  formData.set("grade", String(topic.grade));
  const form = parseTopicForm(formData);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const saved = await saveTopic(form.data, topic.id);
  if (!saved.ok) return Response.json({ errors: saved.errors }, { status: 400 });
  return redirect(`${back}&saved=1`);
}

export default function EditTopic() {
  const { t } = useTranslation();
  const topic = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  return (
    <section className="mx-auto max-w-2xl space-y-4" aria-labelledby="topic-title">
      <h1 id="topic-title" className="text-2xl font-bold text-brand-900">
        {topic.name}
      </h1>
      <p className="text-muted">
        {topic.subjectCode} · {t("curriculum.grade")} {topic.grade}
      </p>
      <Form method="post" className="card space-y-4" noValidate>
        <FieldError id="form-error" message={data?.errors?.form} />
        <TopicFields
          values={{ order: topic.order, name: topic.name, outcomes: topic.outcomes.map((outcome) => outcome.text).join("\n") }}
          errors={data?.errors}
        />
        <button type="submit" className="btn-primary">
          {t("curriculum.save")}
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <button type="submit" className="btn-secondary">
          {t("curriculum.remove")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
