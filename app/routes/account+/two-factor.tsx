import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { confirmEnrolment, disableTwoFactor, enrolment, mustUseTwoFactor } from "~/auth/two-factor.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Xác thực hai bước — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { required: mustUseTwoFactor(actor.roles.map((binding) => binding.role)), state: await enrolment(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  const code = String(formData.get("code") ?? "");
  if (formData.get("intent") === "disable") {
    const result = await disableTwoFactor(actor, code, clientAddress(request));
    const messages = {
      disabled: "twoFactor.disabledNow",
      required: "twoFactor.cannotDisable",
      wrong_code: "twoFactor.wrongCode",
    } as const;
    return Response.json({ message: messages[result], ok: result === "disabled" }, { status: result === "disabled" ? 200 : 400 });
  }
  const enabled = await confirmEnrolment(actor, code, clientAddress(request));
  return Response.json(
    { message: enabled ? "twoFactor.enabledNow" : "twoFactor.wrongCode", ok: enabled },
    { status: enabled ? 200 : 400 },
  );
}

export default function TwoFactorSettings() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { required, state } = useLoaderData<typeof loader>();
  const data = useActionData<{ message: string; ok: boolean }>();
  return (
    <section className="mx-auto max-w-xl space-y-4" aria-labelledby="two-factor-title">
      <h1 id="two-factor-title" className="text-2xl font-bold text-brand-900">
        {t("twoFactor.title")}
      </h1>
      {data ? (
        <p
          role={data.ok ? "status" : "alert"}
          className={`rounded-md border p-3 text-sm font-medium ${data.ok ? "border-green-200 bg-green-50 text-success" : "border-red-200 bg-red-50 text-danger"}`}
        >
          {t(data.message)}
        </p>
      ) : null}
      {state.enabled ? (
        <div className="card space-y-3">
          <p>{t("twoFactor.enabled", { date: formatDateTime(state.enabledAt, language) })}</p>
          {required ? (
            <p className="text-sm text-muted">{t("twoFactor.required")}</p>
          ) : (
            <Form method="post" className="space-y-3">
              <input type="hidden" name="intent" value="disable" />
              <Field
                label={t("twoFactor.code")}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                hint={t("twoFactor.disableHint")}
              />
              <button type="submit" className="btn-secondary">
                {t("twoFactor.disable")}
              </button>
            </Form>
          )}
        </div>
      ) : (
        <div className="card space-y-4">
          <p className={required ? "font-medium text-brand-900" : "text-muted"}>
            {required ? t("twoFactor.required") : t("twoFactor.optional")}
          </p>
          <p>{t("twoFactor.step1")}</p>
          {/* The SVG is generated on the server from our own otpauth URI. */}
          <div className="mx-auto w-56" role="img" aria-label="QR" dangerouslySetInnerHTML={{ __html: state.qrSvg }} />
          <p className="text-sm">
            {t("twoFactor.manualKey")}:{" "}
            <code className="break-all font-mono" data-testid="manual-key">
              {state.manualKey}
            </code>
          </p>
          <Form method="post" className="space-y-3">
            <input type="hidden" name="intent" value="enable" />
            <Field label={`${t("twoFactor.step2")}`} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} />
            <button type="submit" className="btn-primary">
              {t("twoFactor.enable")}
            </button>
          </Form>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
