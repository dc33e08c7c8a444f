import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { REPORT_REASONS, reportInputSchema } from "#content-schemas/sharing";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FieldError } from "~/components/field";
import { Notice } from "~/components/notice";
import { materialForViewer } from "~/domain/materials/materials.server";
import { reportProblem } from "~/domain/sharing/reports.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Báo cáo vấn đề — Kho Học Liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const material = await materialForViewer(actor, params.materialId ?? "");
  if (!material?.liveVersion) throw new Response("Không tìm thấy học liệu đã xuất bản mà bạn được xem.", { status: 404 });
  return { material: { id: material.id, title: material.version.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const materialId = params.materialId ?? "";
  const form = parseForm(await request.formData(), reportInputSchema);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const result = await reportProblem(actor, materialId, form.data);
  if (!result.ok) return Response.json({ errors: { form: result.reason } }, { status: result.status });
  return redirect(`/materials/${materialId}?done=reported`);
}

export default function ReportProblem() {
  const { t } = useTranslation();
  const { material } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors: Record<string, string> }>()?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <section className="mx-auto max-w-2xl space-y-4" aria-labelledby="report-title">
      <h1 id="report-title" className="text-2xl font-bold text-brand-900">
        {t("sharing.reportTitle")}
      </h1>
      <p>
        <Link to={`/materials/${material.id}`} className="underline">
          {material.title}
        </Link>
      </p>
      <p className="text-sm text-muted">{t("sharing.reportIntro")}</p>
      <Form method="post" className="card space-y-4" noValidate>
        {errors.form ? <Notice tone="error">{errors.form}</Notice> : null}
        <fieldset aria-describedby={errors.reason ? "reason-error" : undefined}>
          <legend className="field-label">{t("sharing.reason")}</legend>
          <div className="space-y-1">
            {REPORT_REASONS.map((reason) => (
              <label key={reason} className="flex min-h-11 items-center gap-2">
                <input type="radio" name="reason" value={reason} className="h-5 w-5" />
                {t(`sharing.reasons.${reason}`)}
              </label>
            ))}
          </div>
          <FieldError id="reason-error" message={errors.reason} />
        </fieldset>
        <div>
          <label htmlFor="message" className="field-label">
            {t("sharing.reportMessage")}
          </label>
          <textarea
            id="message"
            name="message"
            rows={4}
            maxLength={2000}
            className="field-input"
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={errors.message ? "message-error" : undefined}
          />
          <FieldError id="message-error" message={errors.message} />
        </div>
        <button type="submit" className="btn-primary" disabled={busy}>
          {t("sharing.sendReport")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
