import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { changePasswordSchema, PASSWORD_MIN_LENGTH } from "#content-schemas/auth";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { changePassword } from "~/domain/auth/change-password.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Đổi mật khẩu — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { forced: actor.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), changePasswordSchema);
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  const result = await changePassword({
    userId: actor.id,
    currentSessionId: actor.sessionId,
    currentPassword: form.data.currentPassword,
    newPassword: form.data.newPassword,
    ipAddress: clientAddress(request),
  });
  if (!result.ok) return Response.json({ errors: { [result.field]: result.message } }, { status: 400 });
  return { changed: true };
}

export default function ChangePassword() {
  const { t } = useTranslation();
  const { forced } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; changed?: boolean }>();
  return (
    <section className="card mx-auto max-w-md space-y-5" aria-labelledby="password-title">
      <h1 id="password-title" className="text-2xl font-bold text-brand-900">
        {t("account.passwordTitle")}
      </h1>
      {forced && !data?.changed ? (
        <p className="rounded-md bg-brand-50 p-3 text-sm text-brand-900">{t("account.passwordForced")}</p>
      ) : null}
      {data?.changed ? (
        <Notice tone="success">{t("account.passwordChanged")}</Notice>
      ) : (
        <Form method="post" className="space-y-4" noValidate>
          <Field
            label={t("account.currentPassword")}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={data?.errors?.currentPassword}
          />
          <Field
            label={t("account.newPassword")}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            hint={t("account.newPasswordHint", { min: PASSWORD_MIN_LENGTH })}
            error={data?.errors?.newPassword}
          />
          <Field
            label={t("account.confirmPassword")}
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            error={data?.errors?.confirmPassword}
          />
          <button type="submit" className="btn-primary w-full">
            {t("account.savePassword")}
          </button>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
