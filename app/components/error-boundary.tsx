import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Messages } from "~/i18n/locales/vi";

type ErrorKey = keyof Messages["errors"];

const MESSAGES: Record<number, { title: ErrorKey; message: ErrorKey }> = {
  400: { title: "badRequestTitle", message: "badRequest" },
  401: { title: "unauthorizedTitle", message: "unauthorized" },
  403: { title: "forbiddenTitle", message: "forbidden" },
  404: { title: "notFoundTitle", message: "notFound" },
  503: { title: "unavailableTitle", message: "unavailable" },
};
const UNEXPECTED = { title: "unexpectedTitle", message: "unexpected" } as const;

/** A friendly page for any error thrown while rendering or loading a route; details go to the log, not to the user. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const { title, message } = MESSAGES[status] ?? UNEXPECTED;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="card mx-auto max-w-xl text-center" role="alert" aria-labelledby="error-title">
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 id="error-title" className="mt-2 text-2xl font-bold">
        {t(`errors.${title}`)}
      </h1>
      <p className="mt-3 text-muted">{t(`errors.${message}`)}</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link to="/" className="btn-primary">
          {t("errors.backHome")}
        </Link>
        {status >= 500 ? (
          <a href="." className="btn-secondary">
            {t("errors.tryAgain")}
          </a>
        ) : null}
      </div>
    </section>
  );
}
