import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { signOutEverywhere } from "~/auth/lucia.server";
import { clientAddress } from "~/auth/request.server";
import { blankSessionCookie, requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";

export const meta: MetaFunction = () => [{ title: "Tài khoản — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    username: actor.username,
    fullName: actor.fullName,
    email: actor.email,
    roles: actor.roles.map((binding) => binding.role),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await signOutEverywhere(actor.id);
  await recordAuditEvent({
    action: "auth.sign_out_everywhere",
    actorId: actor.id,
    actorLabel: actor.username,
    organisationPath: actor.organisationPath,
    ipAddress: clientAddress(request),
  });
  return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export default function Account() {
  const { t } = useTranslation();
  const account = useLoaderData<typeof loader>();
  return (
    <section className="card mx-auto max-w-2xl space-y-6" aria-labelledby="account-title">
      <h1 id="account-title" className="text-2xl font-bold text-brand-900">
        {t("account.title")}
      </h1>
      <dl className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <dt className="font-medium">{t("account.username")}</dt>
        <dd>{account.username}</dd>
        <dt className="font-medium">{t("account.email")}</dt>
        <dd>{account.email ?? "—"}</dd>
        <dt className="font-medium">{t("account.roles")}</dt>
        <dd>{account.roles.map((role) => t(`roles.${role}`)).join(", ")}</dd>
      </dl>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Link to="/account/password" className="btn-secondary">
          {t("account.changePassword")}
        </Link>
        <Link to="/account/sessions" className="btn-secondary">
          {t("account.sessions")}
        </Link>
        <Link to="/account/tokens" className="btn-secondary">
          {t("account.tokens")}
        </Link>
        <Link to="/account/two-factor" className="btn-secondary">
          {t("twoFactor.title")}
        </Link>
        <Form method="post">
          <button type="submit" className="btn-secondary" aria-describedby="sign-out-everywhere-hint">
            {t("account.signOutEverywhere")}
          </button>
          <p id="sign-out-everywhere-hint" className="mt-1 text-sm text-muted">
            {t("account.signOutEverywhereHint")}
          </p>
        </Form>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
