import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { repositoryStatisticsQuerySchema, type RepositoryStatistics } from "#content-schemas/statistics";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import { repositoryStatistics, statisticsOrganisations } from "~/domain/statistics/repository-statistics.server";
import { isLanguage, type Language } from "~/i18n/config";
import { formatDateTime, formatNumber } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Thống kê kho học liệu — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const searchParams = new URL(request.url).searchParams;
  // What was asked, as typed, so the form shows it again even when it is refused.
  const asked = {
    organisationId: searchParams.get("organisationId") ?? "",
    from: searchParams.get("from") ?? "",
    to: searchParams.get("to") ?? "",
  };
  const query = repositoryStatisticsQuerySchema.safeParse(Object.fromEntries(searchParams));
  const organisations = await statisticsOrganisations(actor);
  if (!query.success) return data({ asked, organisations, statistics: null }, { status: 400 });
  return { asked, organisations, statistics: await repositoryStatistics(actor, query.data) };
}

/** "2026-03-02" → "02/03/2026", as Vietnamese (and British) readers write days. */
const asDay = (isoDay: string) => isoDay.split("-").reverse().join("/");

export default function RepositoryStatisticsPage() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { asked, organisations, statistics } = useLoaderData<typeof loader>();
  const exportParams = new URLSearchParams({
    ...(statistics ? { organisationId: statistics.organisation.id } : {}),
    ...(statistics?.period.from ? { from: statistics.period.from } : {}),
    ...(statistics?.period.to ? { to: statistics.period.to } : {}),
  });
  return (
    <section className="space-y-5" aria-labelledby="statistics-title">
      <div>
        <h1 id="statistics-title" className="text-2xl font-bold text-brand-900">
          {t("statistics.title")}
        </h1>
        <p className="mt-1 text-muted">{t("statistics.intro")}</p>
      </div>
      <Form method="get" className="card grid gap-3 sm:grid-cols-4 sm:items-end">
        <SelectField
          label={t("statistics.organisation")}
          name="organisationId"
          defaultValue={asked.organisationId || statistics?.organisation.id}
          options={organisations.map((organisation) => ({
            value: organisation.id,
            // Indented under its parent, so the tree reads in a plain select (phones included).
            label: `${"\u2003".repeat(organisation.depth)}${organisation.name}`,
          }))}
        />
        <Field label={t("statistics.from")} name="from" type="date" defaultValue={asked.from} />
        <Field label={t("statistics.to")} name="to" type="date" defaultValue={asked.to} />
        <button type="submit" className="btn-primary">
          {t("statistics.show")}
        </button>
        <p className="text-sm text-muted sm:col-span-4">{t("statistics.periodHint")}</p>
      </Form>
      {statistics ? (
        <Figures statistics={statistics} language={language} exportHref={`/statistics/export.xlsx?${exportParams}`} />
      ) : (
        <Notice tone="error">{t("statistics.invalidPeriod")}</Notice>
      )}
    </section>
  );
}

function Figures({
  statistics,
  language,
  exportHref,
}: {
  statistics: RepositoryStatistics;
  language: Language;
  exportHref: string;
}) {
  const { t } = useTranslation();
  const number = (value: number) => formatNumber(value, language);
  const hours = (value: number | null) => (value === null ? t("statistics.noValue") : number(value));
  const { from, to } = statistics.period;
  const period =
    from && to
      ? t("statistics.reviews.periodBetween", { from: asDay(from), to: asDay(to) })
      : from
        ? t("statistics.reviews.periodFrom", { from: asDay(from) })
        : to
          ? t("statistics.reviews.periodTo", { to: asDay(to) })
          : t("statistics.reviews.periodAll");
  const turnaround = new Map(statistics.reviews.turnaround.map((row) => [row.level, row]));
  const isOffice = statistics.organisation.type !== "school";
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-xl font-bold text-brand-900">{statistics.organisation.name}</h2>
          <p className="text-sm text-muted">
            {t("statistics.generatedAt", { time: formatDateTime(statistics.generatedAt, language) })}
          </p>
        </div>
        <a href={exportHref} className="btn-secondary" download>
          {t("statistics.export")}
        </a>
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {(
          [
            ["items", statistics.items.total],
            ["published", statistics.items.published],
            ["contributors", statistics.contributors.total],
            ["reviews", statistics.reviews.total],
          ] as const
        ).map(([key, value]) => (
          <div key={key} className="card">
            <dt className="text-sm text-muted">{t(`statistics.summary.${key}`)}</dt>
            <dd className="text-2xl font-bold text-brand-900">{number(value)}</dd>
          </div>
        ))}
      </dl>

      <Section id="statistics-items" title={t("statistics.items.title")}>
        <div className="grid gap-5 lg:grid-cols-2">
          <CountTable
            caption={t("statistics.items.byKind")}
            heading={t("statistics.items.kind")}
            rows={statistics.items.byKind.map((row) => ({
              key: row.kind,
              label: t(`materials.kinds.${row.kind}`),
              count: row.count,
            }))}
            number={number}
          />
          {statistics.items.bySubject.length === 0 ? (
            <p className="text-muted">{t("statistics.items.noSubjects")}</p>
          ) : (
            <CountTable
              caption={t("statistics.items.bySubject")}
              heading={t("statistics.items.subject")}
              rows={statistics.items.bySubject.map((row) => ({
                key: row.subjectCode,
                label: language === "en" ? row.nameEn : row.name,
                count: row.count,
              }))}
              number={number}
            />
          )}
          <CountTable
            caption={t("statistics.items.byStatus")}
            heading={t("statistics.items.status")}
            rows={statistics.items.byStatus.map((row) => ({
              key: row.status,
              label: t(`materials.statuses.${row.status}`),
              count: row.count,
            }))}
            number={number}
          />
          <CountTable
            caption={t("statistics.items.byScope")}
            heading={t("statistics.items.scope")}
            rows={statistics.items.byScope.map((row) => ({
              key: row.scope,
              label: t(`review.scopes.${row.scope}`),
              count: row.count,
            }))}
            number={number}
          />
        </div>
      </Section>

      <Section id="statistics-contributors" title={t("statistics.contributors.title")}>
        <p className="mb-3 text-sm">{t("statistics.contributors.total", { count: statistics.contributors.total })}</p>
        {statistics.contributors.top.length === 0 ? (
          <p className="text-muted">{t("statistics.contributors.none")}</p>
        ) : (
          <Table caption={t("statistics.contributors.caption")}>
            <thead>
              <tr className="border-b border-gray-200">
                <th scope="col" className="py-2 pr-3">
                  {t("statistics.contributors.name")}
                </th>
                <th scope="col" className="py-2 pl-3 text-right whitespace-nowrap">
                  {t("statistics.contributors.items")}
                </th>
              </tr>
            </thead>
            <tbody>
              {statistics.contributors.top.map((person) => (
                <tr key={person.id} className="border-b border-gray-100">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    {person.fullName}
                  </th>
                  <td className="py-2 pl-3 text-right tabular-nums">{number(person.items)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Section>

      <Section id="statistics-reviews" title={t("statistics.reviews.title")}>
        <Table caption={t("statistics.reviews.caption", { period })} minWidth="min-w-[36rem]">
          <thead>
            <tr className="border-b border-gray-200">
              <th scope="col" className="py-2 pr-3">
                {t("statistics.reviews.level")}
              </th>
              {(["approved", "changesRequested", "median", "mean"] as const).map((column) => (
                <th key={column} scope="col" className="px-3 py-2 text-right">
                  {t(`statistics.reviews.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {statistics.reviews.byLevel.map((row) => (
              <tr key={row.level} className="border-b border-gray-100">
                <th scope="row" className="py-2 pr-3 font-normal whitespace-nowrap">
                  {t(`review.levels.${row.level}`)}
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{number(row.approved)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{number(row.changesRequested)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{hours(turnaround.get(row.level)?.medianHours ?? null)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{hours(turnaround.get(row.level)?.meanHours ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <p className="mt-3 text-sm text-muted">{t("statistics.reviews.turnaroundHint")}</p>
      </Section>

      <Section id="statistics-reuse" title={t("statistics.reuse.title")}>
        <Table caption={t("statistics.reuse.caption")}>
          <thead>
            <tr className="border-b border-gray-200">
              <th scope="col" className="py-2 pr-3">
                {t("statistics.reuse.figure")}
              </th>
              <th scope="col" className="py-2 pl-3 text-right whitespace-nowrap">
                {t("statistics.reuse.value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ["views", statistics.reuse.views],
                ["downloads", statistics.reuse.downloads],
                ["classUses", statistics.reuse.classUses],
                ["copies", statistics.reuse.copies],
                ["reachedDistrict", statistics.reuse.reachedScope.district],
                ["reachedProvince", statistics.reuse.reachedScope.province],
                ["reachedNational", statistics.reuse.reachedScope.national],
              ] as const
            ).map(([key, value]) => (
              <tr key={key} className="border-b border-gray-100">
                <th scope="row" className="py-2 pr-3 font-normal">
                  {t(`statistics.reuse.${key}`)}
                </th>
                <td className="py-2 pl-3 text-right tabular-nums">{number(value)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Section>

      {isOffice ? (
        <Section id="statistics-schools" title={t("statistics.schools.title")}>
          {statistics.schools.length === 0 ? (
            <p className="text-muted">{t("statistics.schools.none")}</p>
          ) : (
            <Table caption={t("statistics.schools.caption")} minWidth="min-w-[36rem]">
              <thead>
                <tr className="border-b border-gray-200">
                  <th scope="col" className="py-2 pr-3">
                    {t("statistics.schools.school")}
                  </th>
                  {(["items", "published", "contributors"] as const).map((column) => (
                    <th key={column} scope="col" className="px-3 py-2 text-right">
                      {t(`statistics.schools.${column}`)}
                    </th>
                  ))}
                  <th scope="col" className="py-2 pl-3">
                    {t("statistics.schools.code")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {statistics.schools.map((school) => (
                  <tr key={school.id} className="border-b border-gray-100">
                    <th scope="row" className="py-2 pr-3 font-normal">
                      {school.name}
                    </th>
                    <td className="px-3 py-2 text-right tabular-nums">{number(school.items)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{number(school.published)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{number(school.contributors)}</td>
                    <td className="py-2 pl-3 whitespace-nowrap">{school.code}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Section>
      ) : null}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="mb-3 text-lg font-semibold text-brand-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * A captioned table that scrolls sideways inside its own box on a narrow screen, never the page. The
 * caption is shown above the box, where a wide table cannot push it out of sight; screen readers get
 * it from the table itself.
 */
function Table({ caption, minWidth = "", children }: { caption: string; minWidth?: string; children: ReactNode }) {
  return (
    <div>
      <p aria-hidden="true" className="mb-2 font-semibold">
        {caption}
      </p>
      <div className="overflow-x-auto">
        <table className={`w-full text-left text-sm ${minWidth}`}>
          <caption className="sr-only">{caption}</caption>
          {children}
        </table>
      </div>
    </div>
  );
}

function CountTable({
  caption,
  heading,
  rows,
  number,
}: {
  caption: string;
  heading: string;
  rows: readonly { key: string; label: string; count: number }[];
  number: (value: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <Table caption={caption}>
      <thead>
        <tr className="border-b border-gray-200">
          <th scope="col" className="py-2 pr-3">
            {heading}
          </th>
          <th scope="col" className="py-2 pl-3 text-right whitespace-nowrap">
            {t("statistics.items.count")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-b border-gray-100">
            <th scope="row" className="py-2 pr-3 font-normal">
              {row.label}
            </th>
            <td className="py-2 pl-3 text-right tabular-nums">{number(row.count)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" className="py-2 pr-3">
            {t("statistics.total")}
          </th>
          <td className="py-2 pl-3 text-right font-semibold tabular-nums">
            {number(rows.reduce((sum, row) => sum + row.count, 0))}
          </td>
        </tr>
      </tfoot>
    </Table>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
