import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GRADES, listTopicsQuerySchema } from "#content-schemas/curriculum";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError } from "~/components/field";
import { Notice } from "~/components/notice";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { importTopics, listTopics, saveTopic } from "~/domain/curriculum/topics.server";
import { readSmallUpload } from "~/utils/upload.server";
import { TopicFields } from "./__topic-fields";
import { parseTopicForm } from "./__topic-form.server";

export const meta: MetaFunction = () => [{ title: "Danh mục chương trình — Kho Học Liệu" }];

const MAX_CATALOGUE_BYTES = 5 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  assertCan(await requireActor(request), "manage", "Curriculum");
  const url = new URL(request.url);
  const query = listTopicsQuerySchema.safeParse({
    subject: url.searchParams.get("subject") ?? "TOAN",
    grade: url.searchParams.get("grade") ?? "10",
  });
  const { subject, grade } = query.success ? query.data : { subject: "TOAN", grade: 10 };
  return { subject, grade, subjects: await listSubjects(), topics: await listTopics(subject, grade) };
}

export async function action({ request }: ActionFunctionArgs) {
  assertCan(await requireActor(request), "manage", "Curriculum");
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const upload = await readSmallUpload(request, MAX_CATALOGUE_BYTES);
    if ("refused" in upload)
      return Response.json({ importProblems: [{ row: 0, message: upload.refused }] }, { status: upload.status });
    const file = upload.formData.get("file");
    if (!(file instanceof File) || file.size === 0)
      return Response.json({ importProblems: [{ row: 0, message: "Hãy chọn tệp danh mục." }] }, { status: 400 });
    const result = await importTopics(new Uint8Array(await file.arrayBuffer()));
    return result.ok ? { imported: result.saved } : Response.json({ importProblems: result.problems }, { status: 400 });
  }
  const form = parseTopicForm(await request.formData());
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const saved = await saveTopic(form.data);
  if (!saved.ok) return Response.json({ errors: saved.errors }, { status: 400 });
  return redirect(`/admin/curriculum?subject=${form.data.subjectCode}&grade=${form.data.grade}&saved=1`);
}

type ActionData = { errors?: Record<string, string>; importProblems?: { row: number; message: string }[]; imported?: number };

export default function Curriculum() {
  const { t } = useTranslation();
  const { subject, grade, subjects, topics } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const [searchParams] = useSearchParams();
  const nextOrder = (topics.at(-1)?.order ?? 0) + 1;
  // Posting to the plain address drops the previous "saved" message from the query string.
  const here = `/admin/curriculum?subject=${subject}&grade=${grade}`;
  return (
    <section className="space-y-5" aria-labelledby="curriculum-title">
      <div>
        <h1 id="curriculum-title" className="text-2xl font-bold text-brand-900">
          {t("curriculum.title")}
        </h1>
        <p className="text-muted">{t("curriculum.intro")}</p>
      </div>
      {searchParams.get("saved") ? <Notice tone="success">{t("curriculum.saved")}</Notice> : null}
      {searchParams.get("removed") ? <Notice tone="success">{t("curriculum.removed")}</Notice> : null}
      {data?.imported ? <Notice tone="success">{t("curriculum.imported", { count: data.imported })}</Notice> : null}
      <Form method="get" className="card flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="subject" className="field-label">
            {t("curriculum.subject")}
          </label>
          <select id="subject" name="subject" defaultValue={subject} className="field-input">
            {subjects.map((entry) => (
              <option key={entry.code} value={entry.code}>
                {entry.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="grade" className="field-label">
            {t("curriculum.grade")}
          </label>
          <select id="grade" name="grade" defaultValue={grade} className="field-input">
            {GRADES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          {t("curriculum.show")}
        </button>
      </Form>
      {topics.length === 0 ? (
        <p className="text-muted">{t("curriculum.none")}</p>
      ) : (
        <ol className="card space-y-3" aria-label={t("curriculum.title")}>
          {topics.map((topic) => (
            <li key={topic.id} className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between">
              <div>
                <p className="font-medium">
                  {topic.order}. {topic.name}
                </p>
                {topic.outcomes.length > 0 ? (
                  <p className="text-sm text-muted">{t("curriculum.outcomeCount", { count: topic.outcomes.length })}</p>
                ) : null}
              </div>
              <Link
                to={`/admin/curriculum/${topic.id}`}
                className="btn-secondary"
                aria-label={`${t("curriculum.edit")} ${topic.name}`}
              >
                {t("curriculum.edit")}
              </Link>
            </li>
          ))}
        </ol>
      )}
      <Form method="post" action={here} className="card space-y-4" noValidate aria-labelledby="add-topic-title">
        <h2 id="add-topic-title" className="text-lg font-semibold">
          {t("curriculum.add")}
        </h2>
        <input type="hidden" name="subjectCode" value={subject} />
        <input type="hidden" name="grade" value={grade} />
        <FieldError id="grade-error" message={data?.errors?.grade} />
        <TopicFields
          key={`${subject}-${grade}-${nextOrder}`}
          values={{ order: nextOrder, name: "", outcomes: "" }}
          errors={data?.errors}
        />
        <button type="submit" className="btn-primary">
          {t("curriculum.add")}
        </button>
      </Form>
      <Form
        method="post"
        action={here}
        encType="multipart/form-data"
        className="card space-y-3"
        aria-labelledby="import-topics-title"
      >
        <h2 id="import-topics-title" className="text-lg font-semibold">
          {t("curriculum.importTitle")}
        </h2>
        <p className="text-sm text-muted">{t("curriculum.importHint")}</p>
        <a href="/admin/curriculum/template.xlsx" className="btn-secondary" download>
          {t("curriculum.template")}
        </a>
        <div>
          <label htmlFor="file" className="field-label">
            {t("curriculum.file")}
          </label>
          <input id="file" name="file" type="file" accept=".xlsx" className="field-input" />
        </div>
        {data?.importProblems ? (
          <Notice tone="error">
            {data.importProblems.map((problem) => (
              <span key={`${problem.row}-${problem.message}`} className="block">
                {problem.row > 0 ? t("curriculum.rowProblem", problem) : problem.message}
              </span>
            ))}
          </Notice>
        ) : null}
        <button type="submit" className="btn-primary">
          {t("curriculum.import")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
