import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { classDetails, classFormOptions, requireAdministeredClass } from "~/domain/classes/class-directory.server";
import { saveClass } from "~/domain/classes/save-class.server";
import { ClassForm } from "./__class-form";
import { parseClassForm } from "./__class-form.server";

export const meta: MetaFunction = () => [{ title: "Lớp học — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const school = await requireAdministeredClass(await requireActor(request), params.classId);
  const details = await classDetails(params.classId!, school.id);
  if (!details) throw new Response("Not Found", { status: 404 });
  return { schoolId: String(school.id), schoolName: school.name, details, ...(await classFormOptions(school.id)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const school = await requireAdministeredClass(await requireActor(request), params.classId);
  const form = parseClassForm(await request.formData());
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  // The class stays in its school whatever the form says.
  const saved = await saveClass(school, { ...form.data, schoolId: String(school.id) }, params.classId);
  if (!saved.ok) return Response.json({ errors: saved.errors }, { status: 400 });
  return redirect(`/admin/classes/${saved.classId}?saved=1`);
}

export default function EditClass() {
  const { t } = useTranslation();
  const { schoolId, schoolName, details, teachers, subjects } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  const [searchParams] = useSearchParams();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="class-title">
      <div>
        <h1 id="class-title" className="text-2xl font-bold text-brand-900">
          {t("classes.editTitle", { name: details.name, year: details.schoolYear })}
        </h1>
        <p className="text-muted">{schoolName}</p>
      </div>
      {searchParams.get("saved") && !data?.errors ? <Notice tone="success">{t("classes.saved")}</Notice> : null}
      <ClassForm
        key={JSON.stringify(details)}
        values={{
          schoolId,
          schoolYear: details.schoolYear,
          name: details.name,
          grade: details.grade,
          homeroomTeacherId: details.homeroomTeacherId,
          subjectTeachers: details.subjectTeachers,
        }}
        teachers={teachers}
        subjects={subjects}
        errors={data?.errors}
      />
      <section className="card space-y-2" aria-labelledby="students-title">
        <h2 id="students-title" className="text-lg font-semibold">
          {t("classes.studentList")} ({details.students.length})
        </h2>
        {details.students.length === 0 ? (
          <p className="text-muted">{t("classes.noStudents")}</p>
        ) : (
          <ol className="list-decimal pl-6">
            {details.students.map((student) => (
              <li key={student.id}>
                {student.name} {student.code ? <span className="text-muted">({student.code})</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
