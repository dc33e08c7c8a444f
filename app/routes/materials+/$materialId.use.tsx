import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { classUseInputSchema } from "#content-schemas/sharing";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FieldError, SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import { materialForViewer } from "~/domain/materials/materials.server";
import { classesTaughtBy, giveToClass, teaches } from "~/domain/sharing/class-use.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Dùng cho lớp — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!teaches(actor)) throw new Response("Chỉ giáo viên mới giao học liệu cho lớp.", { status: 403 });
  const material = await materialForViewer(actor, params.materialId ?? "");
  if (!material?.liveVersion || material.version.number !== material.liveVersion) {
    throw new Response("Chỉ giao cho lớp được học liệu đã được duyệt mà bạn được xem.", { status: 404 });
  }
  const classes = await classesTaughtBy(actor);
  return {
    material: { id: material.id, title: material.version.title, version: material.liveVersion },
    classes: classes.map(({ id, name, schoolYear }) => ({ id, name, schoolYear })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const materialId = params.materialId ?? "";
  const form = parseForm(await request.formData(), classUseInputSchema);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const result = await giveToClass(actor, materialId, form.data);
  if (!result.ok) return Response.json({ errors: { form: result.reason } }, { status: result.status });
  return redirect(`/materials/${materialId}?done=used`);
}

export default function UseInClass() {
  const { t } = useTranslation();
  const { material, classes } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors: Record<string, string> }>()?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <section className="mx-auto max-w-2xl space-y-4" aria-labelledby="use-title">
      <h1 id="use-title" className="text-2xl font-bold text-brand-900">
        {t("sharing.useTitle")}
      </h1>
      <p>
        <Link to={`/materials/${material.id}`} className="underline">
          {material.title}
        </Link>{" "}
        · {t("materials.view.version", { number: material.version })}
      </p>
      <p className="text-sm text-muted">{t("sharing.usePinned")}</p>
      {classes.length === 0 ? (
        <Notice tone="error">{t("sharing.noClasses")}</Notice>
      ) : (
        <Form method="post" className="card space-y-4" noValidate>
          {errors.form ? <Notice tone="error">{errors.form}</Notice> : null}
          <div>
            <SelectField
              label={t("sharing.class")}
              name="classId"
              required
              options={classes.map((schoolClass) => ({
                value: schoolClass.id,
                label: `${schoolClass.name} (${schoolClass.schoolYear})`,
              }))}
              aria-describedby={errors.classId ? "classId-error" : undefined}
            />
            <FieldError id="classId-error" message={errors.classId} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t("sharing.opensOnLabel")}
              name="opensOn"
              type="date"
              hint={t("sharing.opensOnHint")}
              error={errors.opensOn}
            />
            <Field
              label={t("sharing.closesOnLabel")}
              name="closesOn"
              type="date"
              hint={t("sharing.closesOnHint")}
              error={errors.closesOn}
            />
          </div>
          <div>
            <label htmlFor="note" className="field-label">
              {t("sharing.note")}
            </label>
            <textarea id="note" name="note" rows={3} maxLength={500} className="field-input" />
            <FieldError id="note-error" message={errors.note} />
          </div>
          <button type="submit" className="btn-primary" disabled={busy}>
            {t("sharing.giveToClass")}
          </button>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
