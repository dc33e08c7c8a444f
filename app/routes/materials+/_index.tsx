import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  bulkMaterialActionSchema,
  LICENCES,
  listMaterialsQuerySchema,
  MATERIAL_KINDS,
  REVIEW_STATUSES,
} from "#content-schemas/materials";
import { GRADES } from "#content-schemas/curriculum";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import { Pager } from "~/components/pager";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { deleteMaterials, listMyMaterials, setLicence } from "~/domain/materials/materials.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Học liệu của tôi — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const parsed = listMaterialsQuerySchema.safeParse(
    Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")),
  );
  const query = parsed.success ? parsed.data : listMaterialsQuerySchema.parse({});
  const [list, subjects] = await Promise.all([listMyMaterials(actor, query), listSubjects()]);
  return { query, list, subjects: subjects.map(({ code, name, nameEn }) => ({ code, name, nameEn })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), bulkMaterialActionSchema, { lists: ["ids"] });
  if (!form.data) return Response.json({ error: Object.values(form.errors)[0] }, { status: 400 });
  if (form.data.action === "delete") {
    const { deleted, refused } = await deleteMaterials(actor, form.data.ids);
    return Response.json({ done: { key: "materials.bulk.deleted", count: deleted, refused } });
  }
  const { changed, refused } = await setLicence(actor, form.data.ids, form.data.licence);
  return Response.json({ done: { key: "materials.bulk.licenceSet", count: changed, refused } });
}

export default function MyMaterials() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { query, list, subjects } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; done?: { key: string; count: number; refused: number } }>();
  const navigation = useNavigation();
  return (
    <section className="space-y-5" aria-labelledby="materials-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="materials-title" className="text-2xl font-bold text-brand-900">
          {t("materials.mine")}
        </h1>
        <Link to="/materials/new" className="btn-primary">
          {t("materials.add")}
        </Link>
      </div>

      <Form method="get" className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end">
        <div className="sm:col-span-3 lg:col-span-2">
          <label htmlFor="q" className="field-label">
            {t("materials.filters.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} className="field-input" />
        </div>
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
          label={t("materials.filters.kind")}
          name="kind"
          defaultValue={query.kind ?? ""}
          emptyLabel={t("materials.filters.all")}
          options={MATERIAL_KINDS.map((kind) => ({ value: kind, label: t(`materials.kinds.${kind}`) }))}
        />
        <SelectField
          label={t("materials.filters.status")}
          name="status"
          defaultValue={query.status ?? ""}
          emptyLabel={t("materials.filters.all")}
          options={REVIEW_STATUSES.map((status) => ({ value: status, label: t(`materials.statuses.${status}`) }))}
        />
        <button type="submit" className="btn-secondary lg:col-start-6">
          {t("materials.filters.apply")}
        </button>
      </Form>

      {result?.error ? <Notice tone="error">{result.error}</Notice> : null}
      {result?.done ? (
        <Notice tone="success">
          {t(result.done.key, { count: result.done.count })}
          {result.done.refused > 0 ? ` ${t("materials.bulk.refused", { count: result.done.refused })}` : ""}
        </Notice>
      ) : null}

      {list.items.length === 0 ? (
        <p className="card text-muted">{t("materials.empty")}</p>
      ) : (
        <Form method="post" className="space-y-3">
          <fieldset className="card flex flex-wrap items-end gap-3">
            <legend className="sr-only">{t("materials.bulk.legend")}</legend>
            <button type="submit" name="action" value="delete" className="btn-secondary" disabled={navigation.state !== "idle"}>
              {t("materials.bulk.delete")}
            </button>
            <SelectField
              label={t("materials.bulk.licence")}
              name="licence"
              defaultValue="CC-BY-4.0"
              options={LICENCES.map((licence) => ({
                value: licence,
                label: t(`materials.licences.${licence.replaceAll(".", "_")}`),
              }))}
            />
            <button
              type="submit"
              name="action"
              value="set_licence"
              className="btn-secondary"
              disabled={navigation.state !== "idle"}
            >
              {t("materials.bulk.applyLicence")}
            </button>
          </fieldset>
          <p className="text-sm text-muted" aria-live="polite">
            {t("materials.count", { count: list.total })}
          </p>
          <ul className="space-y-2">
            {list.items.map((material) => (
              <li key={material.id} className="card flex items-start gap-3">
                <input
                  type="checkbox"
                  name="ids"
                  value={material.id}
                  className="mt-1.5 h-5 w-5"
                  aria-label={t("materials.bulk.select", { title: material.title })}
                />
                <div className="min-w-0 flex-1">
                  <Link to={`/materials/${material.id}`} className="font-semibold text-brand-900 underline">
                    {material.title}
                  </Link>
                  <p className="text-sm text-muted">
                    {t(`materials.kinds.${material.kind}`)} · {material.subjectCode} ·{" "}
                    {material.grades.map((grade) => t("materials.form.grade", { grade })).join(", ")} ·{" "}
                    {t(`materials.statuses.${material.status}`)} ·{" "}
                    {t("materials.view.version", { number: material.latestVersion })}
                    {material.processing === "failed" ? ` · ${t("materials.processing.failedShort")}` : ""}
                    {material.processing === "queued" || material.processing === "running"
                      ? ` · ${t("materials.processing.runningShort")}`
                      : ""}
                  </p>
                  <p className="text-xs text-muted">{formatDateTime(material.updatedAt, language)}</p>
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
