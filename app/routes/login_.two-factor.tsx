import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { clientAddress } from "~/auth/request.server";
import { createSession, rejectCrossSiteMutation } from "~/auth/session.server";
import { clearPendingSignInCookie, pendingSignIn } from "~/auth/two-factor.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { completeSecondFactor } from "~/domain/auth/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Xác thực hai bước — Kho Học Liệu" }];

export function loader({ request }: LoaderFunctionArgs) {
  if (!pendingSignIn(request)) throw redirect("/login");
  return null;
}

const codeSchema = z.object({ code: z.string().trim().min(1) });

export async function action({ request }: ActionFunctionArgs) {
  rejectCrossSiteMutation(request);
  const pending = pendingSignIn(request);
  if (!pending) return Response.json({ error: "twoFactor.expired" }, { status: 401 });
  const form = codeSchema.safeParse(Object.fromEntries(await request.formData()));
  const result = await completeSecondFactor({
    userId: pending.userId,
    code: form.data?.code ?? "",
    ipAddress: clientAddress(request),
  });
  if (!result.ok) {
    const error =
      result.reason === "throttled"
        ? { key: "auth.throttled", minutes: Math.ceil(result.retryAfterMs / 60_000) }
        : { key: "twoFactor.wrongCode", minutes: 0 };
    return Response.json({ error: error.key, minutes: error.minutes }, { status: result.reason === "throttled" ? 429 : 401 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await createSession(result.userId, request));
  headers.append("Set-Cookie", clearPendingSignInCookie());
  return redirect(result.mustChangePassword ? "/account/password" : pending.redirectTo, { headers });
}

export default function TwoFactorSignIn() {
  const { t } = useTranslation();
  const data = useActionData<{ error?: string; minutes?: number }>();
  const submitting = useNavigation().state === "submitting";
  return (
    <section className="card mx-auto max-w-md space-y-5" aria-labelledby="code-title">
      <div>
        <h1 id="code-title" className="text-2xl font-bold text-brand-900">
          {t("twoFactor.codeTitle")}
        </h1>
        <p className="mt-1 text-muted">{t("twoFactor.codeIntro")}</p>
      </div>
      {data?.error ? <Notice tone="error">{t(data.error, { minutes: data.minutes })}</Notice> : null}
      <Form method="post" className="space-y-4">
        <Field
          label={t("twoFactor.code")}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
        />
        <button type="submit" className="btn-primary w-full" disabled={submitting}>
          {t("twoFactor.verify")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
