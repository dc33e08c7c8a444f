import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ROSTER_MAX_FILE_BYTES, schoolYearSchema } from "#content-schemas/roster";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/field";
import { schoolsManagedBy } from "~/domain/organisations/schools-managed-by.server";
import { previewRosterImport } from "~/domain/roster/preview-roster-import.server";
import { readRosterFile, RosterFileError } from "~/domain/roster/read-roster-file.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { parseForm } from "~/utils/form.server";
import { readSmallUpload } from "~/utils/upload.server";

export const meta: MetaFunction = () => [{ title: "Nhập danh sách — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const schools = await schoolsManagedBy(actor);
  if (schools.length === 0) throw new Response("Not allowed", { status: 403 });
  return { schools: schools.map((school) => ({ id: String(school.id), name: school.name })), schoolYear: currentSchoolYear() };
}

const uploadSchema = z.object({
  schoolId: z.string().min(1, "Chọn trường."),
  schoolYear: schoolYearSchema,
  file: z.instanceof(File, { message: "Hãy chọn tệp danh sách." }).refine((file) => file.size > 0, "Hãy chọn tệp danh sách."),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const upload = await readSmallUpload(request, ROSTER_MAX_FILE_BYTES);
  if ("refused" in upload) return Response.json({ errors: { file: upload.refused } }, { status: upload.status });
  const form = parseForm(upload.formData, uploadSchema);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  // Never trust the id from the form: the school must be one this person administers.
  const school = (await schoolsManagedBy(actor)).find((candidate) => String(candidate.id) === form.data.schoolId);
  if (!school) throw new Response("Not allowed", { status: 403 });
  try {
    const rows = await readRosterFile(form.data.file.name, new Uint8Array(await form.data.file.arrayBuffer()));
    const preview = await previewRosterImport({
      school,
      schoolYear: form.data.schoolYear,
      fileName: form.data.file.name,
      rows,
      createdBy: actor.id,
    });
    return redirect(`/admin/roster/${String(preview.importId)}`);
  } catch (error) {
    if (error instanceof RosterFileError) return Response.json({ errors: { file: error.message } }, { status: 400 });
    throw error;
  }
}

export default function RosterUpload() {
  const { t } = useTranslation();
  const { schools, schoolYear } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  const submitting = useNavigation().state === "submitting";
  return (
    <section className="mx-auto max-w-2xl space-y-5" aria-labelledby="roster-title">
      <div>
        <h1 id="roster-title" className="text-2xl font-bold text-brand-900">
          {t("roster.title")}
        </h1>
        <p className="mt-2 text-muted">{t("roster.intro")}</p>
      </div>
      <a href="/admin/roster/template.xlsx" className="btn-secondary" download>
        {t("roster.template")}
      </a>
      <Form method="post" encType="multipart/form-data" className="card space-y-4" noValidate>
        <SelectField
          label={t("roster.school")}
          name="schoolId"
          defaultValue={schools[0]?.id}
          options={schools.map((school) => ({ value: school.id, label: school.name }))}
        />
        <Field
          label={t("roster.schoolYear")}
          name="schoolYear"
          defaultValue={schoolYear}
          inputMode="numeric"
          error={data?.errors?.schoolYear}
        />
        <Field
          label={t("roster.file")}
          name="file"
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          hint={t("roster.fileHint")}
          error={data?.errors?.file}
        />
        <button type="submit" className="btn-primary" disabled={submitting}>
          {t("roster.check")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
