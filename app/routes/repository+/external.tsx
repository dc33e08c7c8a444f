import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listExternalItemsQuerySchema, type ExternalItemList } from "#content-schemas/external-items";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/field";
import { Notice } from "~/components/notice";
import { Pager } from "~/components/pager";
import { harvestStatusFor, listExternalItems } from "~/domain/interop/external-items.server";
import { isLanguage } from "~/i18n/config";
import { formatDateTime, formatNumber } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Học liệu từ kho khác — Kho Học Liệu" }];

/** Characters of a description shown in the list; the whole text is at the source. */
const DESCRIPTION_PREVIEW = 280;

function preview(text: string) {
  if (text.length <= DESCRIPTION_PREVIEW) return text;
  const cut = text.slice(0, DESCRIPTION_PREVIEW);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > DESCRIPTION_PREVIEW / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  // A hand-edited address with a wrong value shows the unfiltered list rather than an error page.
  const parsed = listExternalItemsQuerySchema.safeParse(
    Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")),
  );
  const query = parsed.success ? parsed.data : listExternalItemsQuerySchema.parse({});
  const [list, harvestStatus] = await Promise.all([listExternalItems(actor, query), harvestStatusFor(actor)]);
  if (!list.ok) throw new Response(list.reason, { status: list.status });
  return {
    query,
    list: { ...list.value, items: list.value.items.map((item) => ({ ...item, description: preview(item.description) })) },
    harvestStatus,
  };
}

/** Options of a facet, keeping the chosen value even when nothing matches it any more. */
function facetOptions(rows: { value: string; label: string; count: number }[], selected: string | undefined) {
  const options = rows.map((row) => ({ value: row.value, label: `${row.label} (${row.count})` }));
  return selected && !rows.some((row) => row.value === selected) ? [{ value: selected, label: selected }, ...options] : options;
}

/** Sources by host; two sources on one host are told apart by their full address. */
function sourceRows(sources: ExternalItemList["facets"]["sources"]) {
  return sources.map((row) => ({
    value: row.source,
    label: sources.filter((other) => other.sourceHost === row.sourceHost).length > 1 ? row.source : row.sourceHost,
    count: row.count,
  }));
}

export default function ExternalItems() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { query, list, harvestStatus } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.source || query.subject);
  return (
    <section className="space-y-5" aria-labelledby="external-title">
      <div>
        <h1 id="external-title" className="text-2xl font-bold text-brand-900">
          {t("external.title")}
        </h1>
        <p className="mt-1 text-muted">{t("external.intro")}</p>
      </div>

      {/* Keyed by the filters: the inputs keep their own state, so a navigation (e.g. «Bỏ lọc») must remount them. */}
      <Form
        key={JSON.stringify([query.q, query.source, query.subject])}
        method="get"
        role="search"
        className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
      >
        <div className="sm:col-span-2">
          <Field
            label={t("external.filters.search")}
            hint={t("external.filters.searchHint")}
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
          />
        </div>
        <SelectField
          label={t("external.filters.source")}
          name="source"
          defaultValue={query.source ?? ""}
          emptyLabel={t("external.filters.all")}
          options={facetOptions(sourceRows(list.facets.sources), query.source)}
        />
        <SelectField
          label={t("external.filters.subject")}
          name="subject"
          defaultValue={query.subject ?? ""}
          emptyLabel={t("external.filters.all")}
          options={facetOptions(
            list.facets.subjects.map((row) => ({ value: row.value, label: row.value, count: row.count })),
            query.subject,
          )}
        />
        <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-4">
          <button type="submit" className="btn-primary">
            {t("external.filters.apply")}
          </button>
          {filtered ? (
            <Link to="/repository/external" className="btn-secondary">
              {t("external.filters.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      {list.degraded ? <Notice tone="error">{t("external.degraded")}</Notice> : null}
      <p className="text-sm text-muted" aria-live="polite">
        {t("external.count", { count: list.total })}
      </p>

      {list.items.length === 0 ? (
        <p className="card text-muted">{t(filtered ? "external.noMatch" : "external.empty")}</p>
      ) : (
        <ul className="space-y-3">
          {list.items.map((item) => (
            <li key={item.id}>
              <article className="card space-y-2" aria-labelledby={`external-${item.id}`}>
                <p>
                  <span className="rounded bg-gray-100 px-2 py-0.5 text-xs font-semibold text-muted">{t("external.badge")}</span>
                </p>
                <h2 id={`external-${item.id}`} className="text-lg font-semibold break-words text-brand-900">
                  {item.title || t("external.untitled")}
                </h2>
                {item.description ? <p className="text-sm break-words whitespace-pre-line">{item.description}</p> : null}
                <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                  {(
                    [
                      ["creators", item.creators.join(", ")],
                      ["publisher", item.publisher],
                      ["subjects", item.subjects.join(", ")],
                      ["rights", item.rights],
                      ["source", item.sourceHost],
                      ["updated", formatDateTime(item.datestamp, language)],
                    ] as const
                  )
                    .filter(([, value]) => value !== "")
                    .map(([field, value]) => (
                      <div key={field} className="contents">
                        <dt className="font-medium text-muted">{t(`external.fields.${field}`)}</dt>
                        <dd className="break-words">{value}</dd>
                      </div>
                    ))}
                </dl>
                {item.url ? (
                  <a
                    href={item.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="btn-secondary"
                    aria-label={t("external.openLabel", { title: item.title || t("external.untitled") })}
                  >
                    {t("external.open")}
                    <span aria-hidden="true">↗</span>
                  </a>
                ) : (
                  <p className="text-sm text-muted">{t("external.noLink")}</p>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}

      <Pager query={query} total={list.total} pageSize={list.pageSize} />

      {harvestStatus ? (
        <section className="card space-y-3" aria-labelledby="harvest-status-title">
          <h2 id="harvest-status-title" className="text-lg font-semibold text-brand-900">
            {t("external.status.title")}
          </h2>
          <p className="text-sm text-muted">{t("external.status.intro")}</p>
          {harvestStatus.length === 0 ? (
            <p className="text-sm">{t("external.status.none")}</p>
          ) : (
            <ul className="space-y-3">
              {harvestStatus.map((source) => (
                <li key={source.source} className="space-y-1 border-t border-gray-100 pt-3 text-sm">
                  <p className="font-mono break-all">{source.source}</p>
                  <p>
                    {t("external.status.lastSucceeded")}:{" "}
                    {source.lastSucceededAt ? formatDateTime(source.lastSucceededAt, language) : t("external.status.never")} ·{" "}
                    {t("external.status.lastAttempt")}:{" "}
                    {source.lastAttemptAt ? formatDateTime(source.lastAttemptAt, language) : t("external.status.never")} ·{" "}
                    {t("external.status.records")}: {formatNumber(source.lastRecordCount, language)}
                  </p>
                  {source.lastError ? (
                    <p className="text-danger">
                      {t("external.status.lastError")}: {source.lastError}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
