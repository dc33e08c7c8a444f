import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/field";
import { listAuditEvents } from "~/domain/audit/list-audit-events.server";
import { schoolsManagedBy } from "~/domain/organisations/schools-managed-by.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Nhật ký bảo mật — Kho Học Liệu" }];

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);
const filterSchema = z.object({
  organisationId: z.string().max(24).optional().catch(undefined),
  username: z.string().trim().max(64).optional().catch(undefined),
  from: date,
  to: date,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [events, schools] = await Promise.all([listAuditEvents(actor, filter), schoolsManagedBy(actor)]);
  return { filter, events, organisations: schools.map((school) => ({ id: String(school.id), name: school.name })) };
}

export default function AuditLog() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { filter, events, organisations } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-5" aria-labelledby="audit-title">
      <h1 id="audit-title" className="text-2xl font-bold text-brand-900">
        {t("audit.title")}
      </h1>
      <Form method="get" className="card grid gap-3 sm:grid-cols-5 sm:items-end">
        <SelectField
          label={t("audit.organisation")}
          name="organisationId"
          defaultValue={filter.organisationId ?? ""}
          emptyLabel="—"
          options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        />
        <div>
          <label htmlFor="username" className="field-label">
            {t("audit.person")}
          </label>
          <input id="username" name="username" defaultValue={filter.username ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="from" className="field-label">
            {t("audit.from")}
          </label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="to" className="field-label">
            {t("audit.to")}
          </label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} className="field-input" />
        </div>
        <button type="submit" className="btn-secondary">
          {t("audit.filter")}
        </button>
      </Form>
      {events.length === 0 ? (
        <p className="text-muted">{t("audit.none")}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">{t("audit.title")}</caption>
            <thead>
              <tr className="border-b border-gray-200">
                <th scope="col" className="py-2 pr-3">
                  {t("audit.when")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.action")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.who")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.about")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("audit.address")}
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-b border-gray-100">
                  <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(event.at, language)}</td>
                  <td className="px-3 py-2">{t(`audit.actions.${event.action.replace(".", "_")}`)}</td>
                  <td className="px-3 py-2">{event.actor}</td>
                  <td className="px-3 py-2">{event.subject}</td>
                  <td className="px-3 py-2">{event.ipAddress}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
