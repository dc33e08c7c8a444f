import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { signInSchema } from "#content-schemas/auth";
import { clientAddress } from "~/auth/request.server";
import { pendingSignInCookie } from "~/auth/two-factor.server";
import { createSession, optionalActor, rejectCrossSiteMutation } from "~/auth/session.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { signIn } from "~/domain/auth/sign-in.server";
import { parseForm } from "~/utils/form.server";
import { safeRedirectPath } from "~/utils/redirect";

export const meta: MetaFunction = () => [{ title: "Đăng nhập — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await optionalActor(request)) {
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  rejectCrossSiteMutation(request);
  const form = parseForm(await request.formData(), signInSchema);
  if (!form.data) return { errors: form.errors, login: "" };
  const result = await signIn({ login: form.data.login, password: form.data.password, ipAddress: clientAddress(request) });
  if (!result.ok) {
    const status = result.reason === "throttled" ? 429 : 401;
    const formError =
      result.reason === "throttled"
        ? { key: "auth.throttled", minutes: Math.ceil(result.retryAfterMs / 60_000) }
        : { key: "auth.invalid", minutes: 0 };
    return Response.json({ formError, login: form.data.login }, { status });
  }
  if (result.needsSecondFactor) {
    return redirect("/login/two-factor", {
      headers: { "Set-Cookie": pendingSignInCookie(result.userId, safeRedirectPath(form.data.redirectTo)) },
    });
  }
  const destination = result.mustChangePassword ? "/account/password" : safeRedirectPath(form.data.redirectTo);
  return redirect(destination, { headers: { "Set-Cookie": await createSession(result.userId, request) } });
}

interface ActionData {
  errors?: Record<string, string>;
  formError?: { key: "auth.throttled" | "auth.invalid"; minutes: number };
  login?: string;
}

export default function Login() {
  const { t } = useTranslation();
  const data = useActionData<ActionData>();
  const [searchParams] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  return (
    <section className="card mx-auto max-w-md space-y-5" aria-labelledby="login-title">
      <div>
        <h1 id="login-title" className="text-2xl font-bold text-brand-900">
          {t("auth.signInTitle")}
        </h1>
        <p className="mt-1 text-muted">{t("auth.signInIntro")}</p>
      </div>
      {data?.formError ? <Notice tone="error">{t(data.formError.key, { minutes: data.formError.minutes })}</Notice> : null}
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field
          label={t("auth.login")}
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          required
          defaultValue={data?.login}
          error={data?.errors?.login}
        />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={data?.errors?.password}
        />
        <button type="submit" className="btn-primary w-full" disabled={submitting}>
          {submitting ? t("auth.submitting") : t("auth.submit")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
