import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { materialForViewer, updateMaterial } from "~/domain/materials/materials.server";
import { MaterialForm } from "./__material-form";
import { parseUpdateMaterialForm } from "./__material-form.server";

export { links } from "./__material-form";

export const meta: MetaFunction = () => [{ title: "Sửa học liệu — Kho Học Liệu" }];

async function editableMaterial(request: Request, materialId: string) {
  const actor = await requireActor(request);
  const material = await materialForViewer(actor, materialId);
  if (!material?.canEdit) throw new Response("Không tìm thấy học liệu hoặc bạn không có quyền sửa.", { status: 404 });
  return { actor, material };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { material } = await editableMaterial(request, params.materialId ?? "");
  return { material, subjects: await listSubjects() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, material } = await editableMaterial(request, params.materialId ?? "");
  const form = parseUpdateMaterialForm(await request.formData(), material.kind);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const saved = await updateMaterial(actor, material.id, form.data);
  if (!saved.ok) return Response.json({ errors: { form: saved.reason } }, { status: saved.status });
  return redirect(`/materials/${material.id}?saved=1`);
}

export default function EditMaterial() {
  const { t } = useTranslation();
  const { material, subjects } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string> }>();
  const { version } = material;
  const startsNewVersion = !["draft", "changes_requested"].includes(version.status);
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="edit-material-title">
      <h1 id="edit-material-title" className="text-2xl font-bold text-brand-900">
        {t("materials.editTitle", { title: version.title })}
      </h1>
      {startsNewVersion ? <Notice tone="success">{t("materials.newVersionNotice", { number: version.number })}</Notice> : null}
      <MaterialForm
        kind={material.kind}
        subjects={subjects}
        errors={data?.errors}
        submitLabel={t("materials.form.save")}
        values={{
          title: version.title,
          summary: version.summary,
          subjectCode: version.subjectCode,
          grades: version.grades,
          topicIds: version.topicIds,
          language: version.language,
          licence: version.licence,
          authors: version.authors,
          body: version.body,
          url: version.url,
          file: version.file
            ? { id: "", fileName: version.file.name, size: version.file.size, mimeType: version.file.mimeType }
            : null,
        }}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
