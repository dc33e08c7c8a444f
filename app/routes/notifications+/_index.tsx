import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { markAllRead, myNotifications } from "~/domain/notifications/notifications.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Thông báo — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { items: await myNotifications(actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  await markAllRead(await requireActor(request));
  return null;
}

export default function Notifications() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { items } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-4" aria-labelledby="notifications-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="notifications-title" className="text-2xl font-bold text-brand-900">
          {t("notifications.title")}
        </h1>
        {items.some((item) => !item.read) ? (
          <Form method="post">
            <button type="submit" className="btn-secondary">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="card text-muted">{t("notifications.empty")}</p>
      ) : (
        <ul className="space-y-2">
          {items.map((item) => (
            <li key={item.id} className={`card ${item.read ? "" : "border-brand-500"}`}>
              <p className={item.read ? "" : "font-semibold"}>
                {t(`notifications.kinds.${item.kind}`, { name: item.actorName })}:{" "}
                <Link to={item.href} className="underline">
                  {item.title}
                </Link>
              </p>
              <p className="text-sm text-muted">
                {formatDateTime(item.createdAt, language)}
                {item.read ? "" : ` · ${t("notifications.unread")}`}
              </p>
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
