import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ROLES, roleSchema } from "#content-schemas/roles";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/field";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";
import { listPeople } from "~/domain/people/person-record.server";

export const meta: MetaFunction = () => [{ title: "Người dùng — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const school = await requireManagedSchool(actor, url.searchParams.get("school"));
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const role = roleSchema.safeParse(url.searchParams.get("role")).data;
  return {
    schools: school.all.map((candidate) => ({ id: String(candidate.id), name: candidate.name })),
    schoolId: String(school.id),
    query,
    role: role ?? "",
    people: await listPeople(actor, school.id, { query, role }),
  };
}

export default function People() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { schools, schoolId, query, role, people } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-5" aria-labelledby="people-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="people-title" className="text-2xl font-bold text-brand-900">
          {t("people.title")}
        </h1>
        <Link to={`/admin/people/new?school=${schoolId}`} className="btn-primary">
          {t("people.add")}
        </Link>
      </div>
      <Form method="get" className="card grid gap-3 sm:grid-cols-4 sm:items-end">
        <SelectField
          label={t("classes.school")}
          name="school"
          defaultValue={schoolId}
          options={schools.map((school) => ({ value: school.id, label: school.name }))}
        />
        <div>
          <label htmlFor="q" className="field-label">
            {t("people.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={query} className="field-input" />
        </div>
        <div>
          <label htmlFor="role" className="field-label">
            {t("people.role")}
          </label>
          <select id="role" name="role" defaultValue={role} className="field-input">
            <option value="">{t("people.anyRole")}</option>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`roles.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          {t("people.find")}
        </button>
      </Form>
      {people.length === 0 ? (
        <p className="text-muted">{t("people.none")}</p>
      ) : (
        <ul className="space-y-2">
          {people.map((person) => (
            <li key={person.id} className="card flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <Link to={`/admin/people/${person.id}`} className="font-semibold text-brand-700 underline">
                  {person.fullName}
                </Link>
                <p className="text-sm text-muted">
                  {person.username} · {person.roles.map((value) => t(`roles.${value}`)).join(", ")}
                </p>
              </div>
              <p className="text-sm text-muted">
                {person.mustChangePassword
                  ? t("people.mustChange")
                  : person.lastSignInAt
                    ? `${t("people.lastSignIn")}: ${formatDateTime(person.lastSignInAt, language)}`
                    : t("people.never")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
