import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { schoolYearSchema } from "#content-schemas/roster";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { classFormOptions } from "~/domain/classes/class-directory.server";
import { saveClass } from "~/domain/classes/save-class.server";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { ClassForm } from "./__class-form";
import { parseClassForm } from "./__class-form.server";

export const meta: MetaFunction = () => [{ title: "Tạo lớp — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const school = await requireManagedSchool(actor, url.searchParams.get("school"));
  const schoolYear = schoolYearSchema.safeParse(url.searchParams.get("year")).data ?? currentSchoolYear();
  return { schoolId: String(school.id), schoolName: school.name, schoolYear, ...(await classFormOptions(school.id)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseClassForm(await request.formData());
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const school = await requireManagedSchool(actor, form.data.schoolId);
  const saved = await saveClass(school, form.data);
  if (!saved.ok) return Response.json({ errors: saved.errors }, { status: 400 });
  return redirect(`/admin/classes/${saved.classId}?saved=1`);
}

export default function NewClass() {
  const { t } = useTranslation();
  const { schoolId, schoolName, schoolYear, teachers, subjects } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="new-class-title">
      <div>
        <h1 id="new-class-title" className="text-2xl font-bold text-brand-900">
          {t("classes.newTitle")}
        </h1>
        <p className="text-muted">{schoolName}</p>
      </div>
      <ClassForm
        values={{ schoolId, schoolYear, name: "", grade: 6, homeroomTeacherId: "", subjectTeachers: [] }}
        teachers={teachers}
        subjects={subjects}
        errors={data?.errors}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
