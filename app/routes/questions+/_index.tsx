import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GRADES } from "#content-schemas/curriculum";
import { EXPORT_FORMATS } from "#content-schemas/question-import";
import { REVIEW_STATUSES } from "#content-schemas/materials";
import {
  bulkQuestionActionSchema,
  COGNITIVE_LEVELS,
  listQuestionsQuerySchema,
  QUESTION_TYPES,
  type CognitiveLevel,
} from "#content-schemas/questions";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import { Pager } from "~/components/pager";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import { bulkQuestionAction, listQuestions } from "~/domain/questions/questions.server";
import { isLanguage } from "~/i18n/config";
import { parseValues } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Ngân hàng câu hỏi — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const parsed = listQuestionsQuerySchema.safeParse(
    Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")),
  );
  const query = parsed.success ? parsed.data : listQuestionsQuerySchema.parse({});
  const [list, subjects] = await Promise.all([listQuestions(actor, query), listSubjects()]);
  const labels = await curriculumLabels();
  const topicIds = [...new Set(list.matrix.map((cell) => cell.topicId).filter((id): id is string => Boolean(id)))];
  return {
    query,
    list,
    topics: Object.fromEntries(topicIds.map((id) => [id, labels.topics[id] ?? id])),
    subjects: subjects.map(({ code, name, nameEn }) => ({ code, name, nameEn })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  const tags = String(formData.get("addTags") ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  // Empty selects mean "leave as is".
  const form = parseValues(
    {
      action: formData.get("action"),
      ids: formData.getAll("ids"),
      ...(formData.get("level") ? { level: formData.get("level") } : {}),
      ...(formData.get("difficulty") ? { difficulty: Number(formData.get("difficulty")) } : {}),
      ...(tags.length > 0 ? { addTags: tags } : {}),
    },
    bulkQuestionActionSchema,
  );
  if (!form.data) return Response.json({ error: Object.values(form.errors)[0] }, { status: 400 });
  const { changed, refused } = await bulkQuestionAction(actor, form.data);
  return Response.json({
    done: { key: form.data.action === "delete" ? "questions.bulk.deleted" : "questions.bulk.changed", count: changed, refused },
  });
}

/** Levels in the order a matrix shows them: the three-level scale first, then the older four-level one. */
const LEVEL_ORDER: readonly CognitiveLevel[] = COGNITIVE_LEVELS;

export default function QuestionBank() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { query, list, subjects, topics } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; done?: { key: string; count: number; refused: number } }>();
  const navigation = useNavigation();
  const levels = LEVEL_ORDER.filter((level) => list.matrix.some((cell) => cell.level === level));
  const rows = [...new Set(list.matrix.map((cell) => cell.topicId ?? ""))];
  const cell = (topicId: string, level: string) =>
    list.matrix.find((entry) => (entry.topicId ?? "") === topicId && entry.level === level)?.count ?? 0;
  return (
    <section className="space-y-5" aria-labelledby="questions-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="questions-title" className="text-2xl font-bold text-brand-900">
          {t("questions.title")}
        </h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/questions/import" className="btn-secondary">
            {t("questions.import")}
          </Link>
          <Link to="/questions/new" className="btn-primary">
            {t("questions.add")}
          </Link>
        </div>
      </div>

      <Form method="get" className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-4 lg:items-end">
        <div className="sm:col-span-3 lg:col-span-2">
          <label htmlFor="q" className="field-label">
            {t("questions.filters.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} className="field-input" />
        </div>
        <SelectField
          label={t("questions.filters.owner")}
          name="owner"
          defaultValue={query.owner}
          options={(["bank", "mine"] as const).map((owner) => ({ value: owner, label: t(`questions.owners.${owner}`) }))}
        />
        <SelectField
          label={t("materials.form.subject")}
          name="subject"
          defaultValue={query.subject ?? ""}
          emptyLabel={t("materials.filters.all")}
          options={subjects.map((subject) => ({ value: subject.code, label: language === "en" ? subject.nameEn : subject.name }))}
        />
        <SelectField
          label={t("materials.filters.grade")}
          name="grade"
          defaultValue={query.grade ? String(query.grade) : ""}
          emptyLabel={t("materials.filters.all")}
          options={GRADES.map((grade) => ({ value: String(grade), label: t("materials.form.grade", { grade }) }))}
        />
        <SelectField
          label={t("questions.filters.level")}
          name="level"
          defaultValue={query.level ?? ""}
          emptyLabel={t("materials.filters.all")}
          options={COGNITIVE_LEVELS.map((level) => ({ value: level, label: t(`questions.levels.${level}`) }))}
        />
        <SelectField
          label={t("questions.filters.type")}
          name="type"
          defaultValue={query.type ?? ""}
          emptyLabel={t("materials.filters.all")}
          options={QUESTION_TYPES.map((type) => ({ value: type, label: t(`questions.types.${type}`) }))}
        />
        <SelectField
          label={t("materials.filters.status")}
          name="status"
          defaultValue={query.status ?? ""}
          emptyLabel={t("materials.filters.all")}
          options={REVIEW_STATUSES.map((status) => ({ value: status, label: t(`materials.statuses.${status}`) }))}
        />
        {query.topic ? <input type="hidden" name="topic" value={query.topic} /> : null}
        <button type="submit" className="btn-secondary">
          {t("materials.filters.apply")}
        </button>
      </Form>

      {list.degraded ? <Notice tone="error">{t("questions.degraded")}</Notice> : null}
      {result?.error ? <Notice tone="error">{result.error}</Notice> : null}
      {result?.done ? (
        <Notice tone="success">
          {t(result.done.key, { count: result.done.count })}
          {result.done.refused > 0 ? ` ${t("questions.bulk.refused", { count: result.done.refused })}` : ""}
        </Notice>
      ) : null}

      {rows.length > 0 ? (
        <div className="card overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="mb-2 text-left font-semibold text-brand-900">{t("questions.matrix.caption")}</caption>
            <thead>
              <tr>
                <th scope="col" className="p-2 text-left">
                  {t("questions.filters.topic")}
                </th>
                {levels.map((level) => (
                  <th key={level} scope="col" className="p-2 text-right">
                    {t(`questions.levels.${level}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((topicId) => (
                <tr key={topicId} className="border-t border-gray-200">
                  <th scope="row" className="p-2 text-left font-normal">
                    {topicId ? (
                      <Link
                        to={`?${new URLSearchParams({ ...stringEntries(query), topic: topicId, page: "1" })}`}
                        className="underline"
                      >
                        {topics[topicId] ?? topicId}
                      </Link>
                    ) : (
                      t("questions.matrix.noTopic")
                    )}
                  </th>
                  {levels.map((level) => (
                    <td key={level} className="p-2 text-right tabular-nums">
                      {cell(topicId, level)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {list.items.length === 0 ? (
        <p className="card text-muted">{t("questions.empty")}</p>
      ) : (
        <Form method="post" className="space-y-3">
          <fieldset className="card flex flex-wrap items-end gap-3">
            <legend className="sr-only">{t("questions.bulk.legend")}</legend>
            <SelectField
              label={t("questions.bulk.level")}
              name="level"
              defaultValue=""
              emptyLabel="—"
              options={COGNITIVE_LEVELS.map((level) => ({ value: level, label: t(`questions.levels.${level}`) }))}
            />
            <SelectField
              label={t("questions.bulk.difficulty")}
              name="difficulty"
              defaultValue=""
              emptyLabel="—"
              options={[1, 2, 3, 4, 5].map((value) => ({ value: String(value), label: String(value) }))}
            />
            <div>
              <label htmlFor="addTags" className="field-label">
                {t("questions.bulk.tags")}
              </label>
              <input id="addTags" name="addTags" className="field-input" />
            </div>
            <button
              type="submit"
              name="action"
              value="set_metadata"
              className="btn-secondary"
              disabled={navigation.state !== "idle"}
            >
              {t("questions.bulk.apply")}
            </button>
            <button type="submit" name="action" value="delete" className="btn-secondary" disabled={navigation.state !== "idle"}>
              {t("questions.bulk.delete")}
            </button>
            {EXPORT_FORMATS.map((format) => (
              <button
                key={format}
                type="submit"
                formMethod="get"
                formAction={`/api/v1/questions/export`}
                name="format"
                value={format}
                className="btn-secondary"
              >
                {t("questions.bulk.export")} {t(`questions.formats.${format}`)}
              </button>
            ))}
          </fieldset>
          <p className="text-sm text-muted" aria-live="polite">
            {t("questions.count", { count: list.total })}
          </p>
          <ul className="space-y-2">
            {list.items.map((question) => (
              <li key={question.id} className="card flex items-start gap-3">
                <input
                  type="checkbox"
                  name="ids"
                  value={question.id}
                  className="mt-1.5 h-5 w-5"
                  aria-label={t("questions.bulk.select", { stem: question.stemText.slice(0, 80) })}
                />
                <div className="min-w-0 flex-1">
                  <Link to={`/questions/${question.id}`} className="font-semibold text-brand-900 underline">
                    {question.stemText.slice(0, 200) || "—"}
                  </Link>
                  <p className="text-sm text-muted">
                    {t(`questions.types.${question.type}`)} · {question.subject} ·{" "}
                    {t("materials.form.grade", { grade: question.grade })} · {t(`questions.levels.${question.level}`)} ·{" "}
                    {t(`materials.statuses.${question.status}`)} · {t("questions.view.version", { number: question.version })}
                    {question.tags.length > 0 ? ` · ${question.tags.join(", ")}` : ""}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </Form>
      )}
      <Pager query={query} total={list.total} pageSize={list.pageSize} />
    </section>
  );
}

function stringEntries(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== "")
      .map(([key, value]) => [key, String(value)]),
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
