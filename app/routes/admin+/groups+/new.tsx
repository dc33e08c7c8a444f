import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { classFormOptions } from "~/domain/classes/class-directory.server";
import { requireManagedSchool } from "~/domain/organisations/schools-managed-by.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { GroupForm } from "./__group-form";
import { parseGroupForm } from "./__group-form.server";

export const meta: MetaFunction = () => [{ title: "Tạo tổ chuyên môn — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const school = await requireManagedSchool(actor, new URL(request.url).searchParams.get("school"));
  return { schoolId: String(school.id), schoolName: school.name, ...(await classFormOptions(school.id)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseGroupForm(await request.formData());
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const school = await requireManagedSchool(actor, form.data.schoolId);
  const saved = await saveSubjectGroup(school, form.data);
  if (!saved.ok) return Response.json({ errors: saved.errors }, { status: 400 });
  return redirect(`/admin/groups/${saved.groupId}?saved=1`);
}

export default function NewGroup() {
  const { t } = useTranslation();
  const { schoolId, schoolName, teachers, subjects } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="new-group-title">
      <div>
        <h1 id="new-group-title" className="text-2xl font-bold text-brand-900">
          {t("groups.newTitle")}
        </h1>
        <p className="text-muted">{schoolName}</p>
      </div>
      <GroupForm
        values={{ schoolId, name: "", subjectCodes: [], leaderId: "", memberIds: [] }}
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
