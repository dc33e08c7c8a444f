import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GRADES, listSubjectsQuerySchema, type Subject } from "#content-schemas/curriculum";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { gradeRange } from "~/utils/grades";

export const meta: MetaFunction = () => [
  { title: "Kho Học Liệu — Kho học liệu số dùng chung" },
  { name: "description", content: "Học liệu số, ngân hàng câu hỏi và kiểm tra trực tuyến cho trường phổ thông." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = listSubjectsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const grade = parsed.success ? parsed.data.grade : undefined;
  return { grade, subjects: await listSubjects({ grade }) };
}

export default function Home() {
  const { grade, subjects } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-2xl font-bold text-brand-900 sm:text-3xl">{t("home.title")}</h1>
        <p className="max-w-3xl text-base leading-relaxed text-muted">{t("home.intro")}</p>
      </section>

      <section aria-labelledby="subjects-title" className="card space-y-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <h2 id="subjects-title" className="text-xl font-semibold">
              {t("home.subjectsTitle")}
            </h2>
            <p className="text-sm text-muted" aria-live="polite">
              {t("home.subjectsCount", { count: subjects.length })}
            </p>
          </div>
          <Form method="get" className="flex items-end gap-2">
            <div>
              <label htmlFor="grade" className="field-label">
                {t("home.gradeFilter")}
              </label>
              <select id="grade" name="grade" defaultValue={grade ?? ""} className="field-input">
                <option value="">{t("home.allGrades")}</option>
                {GRADES.map((value) => (
                  <option key={value} value={value}>
                    {t("home.grade", { grade: value })}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn-primary">
              {t("home.filter")}
            </button>
          </Form>
        </div>
        {subjects.length === 0 ? (
          <p className="text-muted">{t("home.noSubjects")}</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {subjects.map((subject) => (
              <SubjectCard key={subject.code} subject={subject} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function SubjectCard({ subject }: { subject: Subject }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="rounded-md border border-gray-200 p-3">
      <p className="font-medium">{i18n.language === "en" ? subject.nameEn : subject.name}</p>
      <p className="text-sm text-muted">{t("home.grades", { range: gradeRange(subject.grades) })}</p>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
