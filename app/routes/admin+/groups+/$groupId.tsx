import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { classFormOptions } from "~/domain/classes/class-directory.server";
import { requireAdministeredGroup, saveSubjectGroup, subjectGroupDetails } from "~/domain/subject-groups/subject-groups.server";
import { GroupForm } from "./__group-form";
import { parseGroupForm } from "./__group-form.server";

export const meta: MetaFunction = () => [{ title: "Tổ chuyên môn — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const school = await requireAdministeredGroup(await requireActor(request), params.groupId);
  const group = await subjectGroupDetails(params.groupId!, school.id);
  if (!group) throw new Response("Not Found", { status: 404 });
  return { schoolId: String(school.id), schoolName: school.name, group, ...(await classFormOptions(school.id)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const school = await requireAdministeredGroup(await requireActor(request), params.groupId);
  const form = parseGroupForm(await request.formData());
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const saved = await saveSubjectGroup(school, { ...form.data, schoolId: String(school.id) }, params.groupId);
  if (!saved.ok) return Response.json({ errors: saved.errors }, { status: 400 });
  return redirect(`/admin/groups/${saved.groupId}?saved=1`);
}

export default function EditGroup() {
  const { t } = useTranslation();
  const { schoolId, schoolName, group, teachers, subjects } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  const [searchParams] = useSearchParams();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="group-title">
      <div>
        <h1 id="group-title" className="text-2xl font-bold text-brand-900">
          {t("groups.editTitle", { name: group.name })}
        </h1>
        <p className="text-muted">{schoolName}</p>
      </div>
      {searchParams.get("saved") && !data?.errors ? <Notice tone="success">{t("groups.saved")}</Notice> : null}
      <GroupForm
        key={JSON.stringify(group)}
        values={{ schoolId, ...group }}
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
