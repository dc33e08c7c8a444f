import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import katexStyles from "katex/dist/katex.min.css?url";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GRADES, gradeSchema, subjectCodeSchema } from "#content-schemas/curriculum";
import {
  categoryLabel,
  confirmImportSchema,
  IMPORT_FORMATS,
  importFormatSchema,
  MAX_IMPORT_BYTES,
} from "#content-schemas/question-import";
import { COGNITIVE_LEVELS } from "#content-schemas/questions";
import { assertCan } from "~/auth/policy.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import { QuestionView, questionViewLabelsEn, questionViewLabelsVi } from "~/components/question-view";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { listTopics } from "~/domain/curriculum/topics.server";
import { confirmImport, getImport, readQuestionFile } from "~/domain/questions/import-export.server";
import { isLanguage } from "~/i18n/config";
import lectureStyles from "~/styles/lecture.css?url";
import { parseValues } from "~/utils/form.server";
import { readSmallUpload } from "~/utils/upload.server";

export const meta: MetaFunction = () => [{ title: "Nhập câu hỏi — Kho Học Liệu" }];
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexStyles },
  { rel: "stylesheet", href: lectureStyles },
];

const classificationSchema = z.object({ subject: subjectCodeSchema, grade: gradeSchema });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  assertCan(actor, "create", "Question");
  const url = new URL(request.url);
  const importId = url.searchParams.get("id");
  const [found, subjects] = await Promise.all([importId ? getImport(actor, importId) : null, listSubjects()]);
  if (importId && !found) throw new Response("Không tìm thấy lần nhập này.", { status: 404 });
  // Topics are offered once the teacher has chosen the subject and grade the file is about.
  const chosen = classificationSchema.safeParse({
    subject: url.searchParams.get("subject"),
    grade: url.searchParams.get("grade"),
  });
  const topics = chosen.success ? await listTopics(chosen.data.subject, chosen.data.grade) : [];
  const categories = [
    ...new Set(
      (found?.result?.items ?? []).filter((item) => item.category.length > 0).map((item) => categoryLabel(item.category)),
    ),
  ];
  return {
    found,
    chosen: chosen.success ? chosen.data : null,
    topics: topics.map((topic) => ({ id: topic.id, name: topic.name })),
    categories,
    subjects: subjects.map(({ code, name, nameEn, grades }) => ({ code, name, nameEn, grades })),
  };
}

type ActionData =
  | { error: string }
  | {
      confirmed: {
        created: number;
        duplicates: { label: string; reason: string }[];
        refused: { label: string; reason: string }[];
      };
    };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  assertCan(actor, "create", "Question");
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const upload = await readSmallUpload(request, MAX_IMPORT_BYTES);
    if ("refused" in upload) return Response.json({ error: upload.refused } satisfies ActionData, { status: upload.status });
    const file = upload.formData.get("file");
    const format = importFormatSchema.safeParse(upload.formData.get("format"));
    if (!(file instanceof File) || file.size === 0)
      return Response.json({ error: "Hãy chọn tệp câu hỏi." } satisfies ActionData, { status: 400 });
    if (!format.success) return Response.json({ error: "Hãy chọn định dạng tệp." } satisfies ActionData, { status: 400 });
    const read = await readQuestionFile(actor, {
      format: format.data,
      fileName: file.name,
      data: new Uint8Array(await file.arrayBuffer()),
    });
    if (!read.ok) return Response.json({ error: read.reason } satisfies ActionData, { status: read.status });
    return redirect(`/questions/import?id=${read.value.id}`);
  }
  const formData = await request.formData();
  const choice = parseValues(
    {
      subject: formData.get("subject"),
      grade: formData.get("grade"),
      level: formData.get("level"),
      topicIds: formData.getAll("topicIds"),
      // Each category's select is named "category:<path>"; an empty choice leaves the category on the common topics.
      categoryTopics: Object.fromEntries(
        [...formData.entries()]
          .filter(([name, value]) => name.startsWith("category:") && value !== "")
          .map(([name, value]) => [name.slice("category:".length), value]),
      ),
      allowDuplicates: formData.get("allowDuplicates") === "on",
    },
    confirmImportSchema,
  );
  if (!choice.data)
    return Response.json({ error: Object.values(choice.errors)[0] ?? "Hãy chọn môn, khối và mức độ." } satisfies ActionData, {
      status: 400,
    });
  const result = await confirmImport(actor, String(formData.get("importId") ?? ""), choice.data);
  if (!result.ok) return Response.json({ error: result.reason } satisfies ActionData, { status: result.status });
  return {
    confirmed: {
      created: result.value.created.length,
      duplicates: result.value.duplicates,
      refused: result.value.refused,
    },
  } satisfies ActionData;
}

export default function ImportQuestions() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const labels = language === "en" ? questionViewLabelsEn : questionViewLabelsVi;
  const { found, chosen, topics, categories, subjects } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const items = found?.result?.items ?? [];
  const importable = items.filter((item) => item.content && item.problems.length === 0);
  const broken = items.filter((item) => !item.content || item.problems.length > 0);
  return (
    <section className="space-y-5" aria-labelledby="import-title">
      <h1 id="import-title" className="text-2xl font-bold text-brand-900">
        {t("questions.importPage.title")}
      </h1>
      <p className="text-muted">{t("questions.importPage.intro")}</p>
      {result && "error" in result ? <Notice tone="error">{result.error}</Notice> : null}

      {result && "confirmed" in result ? (
        <div className="card space-y-3">
          <Notice tone="success">{t("questions.importPage.done", { count: result.confirmed.created })}</Notice>
          {result.confirmed.duplicates.length > 0 ? (
            <div>
              <p>{t("questions.importPage.duplicates", { count: result.confirmed.duplicates.length })}</p>
              <ul className="list-disc pl-6 text-sm">
                {result.confirmed.duplicates.map((entry) => (
                  <li key={entry.label}>
                    {entry.label}: {entry.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {result.confirmed.refused.length > 0 ? (
            <div>
              <p>{t("questions.importPage.refused", { count: result.confirmed.refused.length })}</p>
              <ul className="list-disc pl-6 text-sm">
                {result.confirmed.refused.map((entry) => (
                  <li key={entry.label}>
                    {entry.label}: {entry.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Link to="/questions?owner=mine" className="btn-primary inline-block">
            {t("questions.importPage.toBank")}
          </Link>
        </div>
      ) : null}

      {!found ? (
        <Form method="post" encType="multipart/form-data" className="card grid gap-3 sm:grid-cols-3 sm:items-end">
          <div className="sm:col-span-2">
            <label htmlFor="file" className="field-label">
              {t("questions.importPage.file")}
            </label>
            <input id="file" name="file" type="file" required accept=".docx,.xml,.txt,.gift,.zip" className="field-input" />
          </div>
          <SelectField
            label={t("questions.importPage.format")}
            name="format"
            defaultValue="docx"
            options={IMPORT_FORMATS.map((format) => ({ value: format, label: t(`questions.formats.${format}`) }))}
          />
          <button type="submit" className="btn-primary sm:col-start-3" disabled={busy}>
            {busy ? t("questions.importPage.reading") : t("questions.importPage.read")}
          </button>
        </Form>
      ) : null}

      {found?.status === "reading" ? <ReadingProgress imagesStored={found.progress.imagesStored} /> : null}

      {found?.result && !(result && "confirmed" in result) ? (
        <>
          <p aria-live="polite">
            {t("questions.importPage.summary", { ok: importable.length, total: items.length, ms: found.parseMs })}
          </p>
          {broken.length > 0 ? (
            <Notice tone="error">{t("questions.importPage.problems", { count: broken.length })}</Notice>
          ) : null}
          {found.result.unsupported.length > 0 ? (
            <Notice tone="error">
              {t("questions.importPage.unsupported", {
                list: found.result.unsupported.map((entry) => `${entry.label} (${entry.type})`).join(", "),
              })}
            </Notice>
          ) : null}
          {found.result.warnings.map((warning) => (
            <Notice key={warning} tone="error">
              {warning}
            </Notice>
          ))}

          {found.status === "parsed" && importable.length > 0 ? (
            <div className="card space-y-4">
              <h2 className="font-semibold text-brand-900">{t("questions.importPage.classify")}</h2>
              <Form method="get" className="grid gap-3 sm:grid-cols-3 sm:items-end">
                <input type="hidden" name="id" value={found.id} />
                <SelectField
                  label={t("materials.form.subject")}
                  name="subject"
                  defaultValue={chosen?.subject ?? ""}
                  emptyLabel="—"
                  options={subjects.map((subject) => ({
                    value: subject.code,
                    label: language === "en" ? subject.nameEn : subject.name,
                  }))}
                />
                <SelectField
                  label={t("materials.filters.grade")}
                  name="grade"
                  defaultValue={chosen ? String(chosen.grade) : ""}
                  emptyLabel="—"
                  options={GRADES.map((grade) => ({ value: String(grade), label: t("materials.form.grade", { grade }) }))}
                />
                <button type="submit" className="btn-secondary">
                  {t("questions.importPage.chooseClass")}
                </button>
              </Form>
              {chosen ? (
                <Form method="post" className="space-y-3">
                  <input type="hidden" name="importId" value={found.id} />
                  <input type="hidden" name="subject" value={chosen.subject} />
                  <input type="hidden" name="grade" value={chosen.grade} />
                  {topics.length > 0 ? (
                    <fieldset>
                      <legend className="field-label">{t("questions.importPage.topics")}</legend>
                      <div className="grid gap-1 sm:grid-cols-2">
                        {topics.map((topic) => (
                          <label key={topic.id} className="flex min-h-11 items-center gap-2">
                            <input type="checkbox" name="topicIds" value={topic.id} className="h-5 w-5" />
                            {topic.name}
                          </label>
                        ))}
                      </div>
                    </fieldset>
                  ) : null}
                  {categories.length > 0 && topics.length > 0 ? (
                    <fieldset className="space-y-2">
                      <legend className="field-label">{t("questions.importPage.categories")}</legend>
                      {categories.map((category) => (
                        <SelectField
                          key={category}
                          label={category}
                          name={`category:${category}`}
                          defaultValue=""
                          emptyLabel={t("questions.importPage.sameTopics")}
                          options={topics.map((topic) => ({ value: topic.id, label: topic.name }))}
                        />
                      ))}
                    </fieldset>
                  ) : null}
                  <SelectField
                    label={t("questions.importPage.level")}
                    name="level"
                    defaultValue="biet"
                    options={COGNITIVE_LEVELS.map((level) => ({ value: level, label: t(`questions.levels.${level}`) }))}
                  />
                  <label className="flex min-h-11 items-center gap-2">
                    <input type="checkbox" name="allowDuplicates" className="h-5 w-5" />
                    {t("questions.form.allowDuplicate")}
                  </label>
                  <button type="submit" className="btn-primary" disabled={busy}>
                    {t("questions.importPage.confirm", { count: importable.length })}
                  </button>
                </Form>
              ) : (
                <p className="text-sm text-muted">{t("questions.importPage.chooseFirst")}</p>
              )}
            </div>
          ) : null}

          <ol className="space-y-4">
            {items.map((item) => {
              const failed = !item.content || item.problems.length > 0;
              return (
                <li
                  key={item.index}
                  className={`card grid gap-4 lg:grid-cols-2 ${failed ? "border-2 border-red-700" : ""}`}
                  aria-label={item.label}
                >
                  <div>
                    <h2 className="font-semibold text-brand-900">
                      {item.label}
                      {item.section ? ` · ${item.section}` : ""}
                      {item.level ? ` · ${t(`questions.levels.${item.level}`)}` : ""}
                    </h2>
                    <p className="mt-1 text-sm font-semibold text-muted">{t("questions.importPage.source")}</p>
                    <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-gray-50 p-2 text-sm">{item.sourceText}</pre>
                  </div>
                  <div>
                    <p className="text-sm font-semibold text-muted">
                      {failed ? t("questions.importPage.notParsed") : t("questions.importPage.parsed")}
                    </p>
                    {item.problems.length > 0 ? (
                      <ul className="mt-1 list-disc pl-6 text-sm text-red-800" role="alert">
                        {item.problems.map((problem) => (
                          <li key={problem}>{problem}</li>
                        ))}
                      </ul>
                    ) : null}
                    {item.content ? <QuestionView content={item.content} mode="answer" labels={labels} /> : null}
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </section>
  );
}

/** A large file being read by the worker: the page asks again every two seconds until the items are there. */
function ReadingProgress({ imagesStored }: { imagesStored: number }) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2_000);
    return () => clearInterval(timer);
  }, [revalidator]);
  return (
    <div className="card space-y-2" aria-live="polite">
      <p className="font-semibold">{t("questions.importPage.readingInWorker")}</p>
      <p className="text-sm text-muted">{t("questions.importPage.imagesStored", { count: imagesStored })}</p>
      <noscript>
        <p className="text-sm">{t("questions.importPage.reloadLater")}</p>
      </noscript>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
