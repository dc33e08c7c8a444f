import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createTokenSchema, TOKEN_LIFETIMES_DAYS } from "#content-schemas/auth";
import { createAccessToken, listAccessTokens, revokeAccessToken } from "~/auth/access-tokens.server";
import { clientAddress } from "~/auth/request.server";
import { requireActor } from "~/auth/session.server";
import { Field } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Mã truy cập API — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { tokens: await listAccessTokens(actor.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  if (formData.get("intent") === "revoke") {
    return { revoked: await revokeAccessToken(actor, String(formData.get("tokenId") ?? ""), clientAddress(request)) };
  }
  const form = parseForm(formData, createTokenSchema, { lists: ["scopes"] });
  if (!form.data) return Response.json({ errors: form.errors }, { status: 400 });
  return { token: await createAccessToken(actor, form.data, clientAddress(request)) };
}

type ActionData = { token?: string; revoked?: boolean; errors?: Record<string, string> };

export default function Tokens() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { tokens } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  return (
    <section className="mx-auto max-w-3xl space-y-5" aria-labelledby="tokens-title">
      <div>
        <h1 id="tokens-title" className="text-2xl font-bold text-brand-900">
          {t("account.tokens")}
        </h1>
        <p className="mt-1 text-muted">{t("account.tokensIntro")}</p>
      </div>
      {data?.token ? (
        <div role="status" className="card space-y-2 border-green-200 bg-green-50">
          <p className="font-medium text-success">{t("account.tokenCreated")}</p>
          <code className="block break-all rounded bg-white p-2 font-mono text-sm" data-testid="new-token">
            {data.token}
          </code>
        </div>
      ) : null}
      {data?.revoked ? <Notice tone="success">{t("account.tokenRevoked")}</Notice> : null}
      <Form method="post" className="card space-y-4" noValidate>
        <Field label={t("account.tokenName")} name="name" required error={data?.errors?.name} />
        <fieldset aria-describedby={data?.errors?.scopes ? "scopes-error" : undefined}>
          <legend className="field-label">{t("account.tokenScopes")}</legend>
          <label className="mt-2 flex min-h-11 items-center gap-2">
            <input type="checkbox" name="scopes" value="read" defaultChecked className="h-5 w-5" /> {t("account.scopeRead")}
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="scopes" value="write" className="h-5 w-5" /> {t("account.scopeWrite")}
          </label>
          {data?.errors?.scopes ? (
            <p id="scopes-error" role="alert" className="text-sm font-medium text-danger">
              {data.errors.scopes}
            </p>
          ) : null}
        </fieldset>
        <div>
          <label htmlFor="lifetimeDays" className="field-label">
            {t("account.tokenLifetime")}
          </label>
          <select id="lifetimeDays" name="lifetimeDays" defaultValue="90" className="field-input">
            {TOKEN_LIFETIMES_DAYS.map((days) => (
              <option key={days} value={days}>
                {t("account.days", { count: days })}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="intent" value="create" />
        <button type="submit" className="btn-primary">
          {t("account.createToken")}
        </button>
      </Form>
      {tokens.length === 0 ? (
        <p className="text-muted">{t("account.noTokens")}</p>
      ) : (
        <ul className="space-y-2">
          {tokens.map((token) => (
            <li key={token.id} className="card flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
              <div className="text-sm">
                <p className="font-semibold">
                  {token.name} <span className="font-mono font-normal text-muted">{token.prefix}…</span>
                </p>
                <p className="text-muted">
                  {token.scopes.join(", ")} ·{" "}
                  {token.expired ? t("account.expired") : `${t("account.expires")}: ${formatDateTime(token.expiresAt, language)}`}{" "}
                  ·{" "}
                  {token.lastUsedAt
                    ? `${t("account.lastUsed")}: ${formatDateTime(token.lastUsedAt, language)}`
                    : t("account.neverUsed")}
                </p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="tokenId" value={token.id} />
                <button type="submit" className="btn-secondary" aria-label={`${t("account.revokeToken")} ${token.name}`}>
                  {t("account.revokeToken")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
