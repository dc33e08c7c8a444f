import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { schoolYearSchema } from "#content-schemas/roster";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/field";
import { listClasses } from "~/domain/classes/class-directory.server";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";
import { currentSchoolYear } from "~/domain/roster/school-year";

export const meta: MetaFunction = () => [{ title: "Lớp học — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const school = await requireManagedSchool(actor, url.searchParams.get("school"));
  const schoolYear = schoolYearSchema.safeParse(url.searchParams.get("year")).data ?? currentSchoolYear();
  return {
    schools: school.all.map((candidate) => ({ id: String(candidate.id), name: candidate.name })),
    schoolId: String(school.id),
    schoolYear,
    classes: await listClasses(school.id, schoolYear),
  };
}

export default function Classes() {
  const { t } = useTranslation();
  const { schools, schoolId, schoolYear, classes } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-5" aria-labelledby="classes-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="classes-title" className="text-2xl font-bold text-brand-900">
          {t("classes.title")}
        </h1>
        <Link to={`/admin/classes/new?school=${schoolId}&year=${schoolYear}`} className="btn-primary">
          {t("classes.create")}
        </Link>
      </div>
      <Form method="get" className="card flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <SelectField
            label={t("classes.school")}
            name="school"
            defaultValue={schoolId}
            options={schools.map((school) => ({ value: school.id, label: school.name }))}
          />
        </div>
        <div>
          <label htmlFor="year" className="field-label">
            {t("classes.schoolYear")}
          </label>
          <input id="year" name="year" defaultValue={schoolYear} className="field-input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("classes.show")}
        </button>
      </Form>
      {classes.length === 0 ? (
        <p className="text-muted">{t("classes.none")}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("classes.title")}</caption>
            <thead>
              <tr className="border-b border-gray-200">
                <th scope="col" className="py-2 pr-3">
                  {t("classes.name")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("classes.grade")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("classes.homeroomTeacher")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("classes.students")}
                </th>
              </tr>
            </thead>
            <tbody>
              {classes.map((schoolClass) => (
                <tr key={schoolClass.id} className="border-b border-gray-100">
                  <th scope="row" className="py-2 pr-3">
                    <Link to={`/admin/classes/${schoolClass.id}`} className="font-semibold text-brand-700 underline">
                      {schoolClass.name}
                    </Link>
                  </th>
                  <td className="px-3 py-2">{schoolClass.grade}</td>
                  <td className="px-3 py-2">{schoolClass.homeroomTeacher ?? "—"}</td>
                  <td className="px-3 py-2 text-right">{schoolClass.students}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
