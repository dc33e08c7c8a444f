import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listSessions, revokeSessionById } from "~/auth/lucia.server";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/notice";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Thiết bị đang đăng nhập — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { sessions: await listSessions(actor.id, actor.sessionId) };
}

const revokeSchema = z.object({ sessionId: z.string().regex(/^[a-f0-9]{64}$/) });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = revokeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  // Scoped to the signed-in person: another person's session id matches nothing.
  return { revoked: await revokeSessionById(actor.id, parsed.data.sessionId) };
}

/** "Chrome trên Android" is all a person needs to recognise a device. */
function describeDevice(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "";
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return [browser, system].filter(Boolean).join(" · ") || userAgent.slice(0, 60) || "—";
}

export default function Sessions() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { sessions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <section className="mx-auto max-w-3xl space-y-4" aria-labelledby="sessions-title">
      <div>
        <h1 id="sessions-title" className="text-2xl font-bold text-brand-900">
          {t("account.sessions")}
        </h1>
        <p className="text-muted">{t("account.sessionsIntro")}</p>
      </div>
      {data?.revoked ? <Notice tone="success">{t("account.revoked")}</Notice> : null}
      <ul className="space-y-3">
        {sessions.map((session) => (
          <li key={session.id} className="card flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
            <div className="text-sm">
              <p className="font-semibold">
                {describeDevice(session.userAgent)}
                {session.current ? (
                  <span className="ml-2 rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t("account.thisDevice")}</span>
                ) : null}
              </p>
              <p className="text-muted">
                {t("account.address")}: {session.ipAddress || "—"} · {t("account.signedInAt")}:{" "}
                {formatDateTime(session.createdAt, language)}
              </p>
            </div>
            {session.current ? null : (
              <Form method="post">
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="btn-secondary">
                  {t("account.revoke")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
