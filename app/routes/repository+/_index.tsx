import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { type MATERIAL_KINDS } from "#content-schemas/materials";
import { REPOSITORY_SORTS, repositoryQuerySchema, type SHARED_SCOPES, type RepositoryQuery } from "#content-schemas/sharing";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/field";
import { Pager } from "~/components/pager";
import { Notice } from "~/components/notice";
import { Highlighted } from "~/components/highlighted";
import { searchRepository } from "~/domain/search/search-repository.server";
import { isLanguage } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Kho học liệu dùng chung — Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const parsed = repositoryQuerySchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, value]) => value !== "")));
  const query = parsed.success ? parsed.data : repositoryQuerySchema.parse({});
  return { query, page: await searchRepository(actor, query) };
}

type FacetName = keyof ReturnType<typeof useLoaderData<typeof loader>>["page"]["facets"];

/** A link that sets (or, when it is the current value, clears) one filter and goes back to page 1. */
function filterLink(query: RepositoryQuery, name: FacetName, value: string) {
  const next: Record<string, unknown> = {
    ...query,
    page: undefined,
    [name]: String(query[name] ?? "") === value ? undefined : value,
  };
  return `?${new URLSearchParams(Object.entries(next).flatMap(([key, item]) => (item === undefined || item === "" ? [] : [[key, String(item)]])))}`;
}

function FacetList({ name, title, label }: { name: FacetName; title: string; label: (value: string) => string }) {
  const { query, page } = useLoaderData<typeof loader>();
  const rows = page.facets[name];
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={`facet-${name}`} className="space-y-1">
      <h2 id={`facet-${name}`} className="text-sm font-semibold text-ink">
        {title}
      </h2>
      <ul className="space-y-0.5">
        {rows.slice(0, 15).map((row) => {
          const active = String(query[name] ?? "") === row.value;
          return (
            <li key={row.value}>
              <Link
                to={filterLink(query, name, row.value)}
                aria-current={active ? "true" : undefined}
                className={`flex min-h-9 items-center justify-between gap-2 rounded px-2 text-sm hover:bg-gray-100 ${active ? "bg-brand-50 font-semibold text-brand-700" : ""}`}
              >
                <span className="min-w-0 truncate">{label(row.value)}</span>
                <span className="text-muted">{row.count}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Results follow the typing: the form is submitted a moment after the last key, replacing the history entry. */
function useInstantSearch() {
  const submit = useSubmit();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  return (form: HTMLFormElement | null) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => form && submit(form, { replace: true, preventScrollReset: true }), 300);
  };
}

/** Arrow keys move between the search box and the result links; Escape goes back to the box. */
function moveFocus(event: KeyboardEvent<HTMLElement>) {
  if (!["ArrowDown", "ArrowUp", "Escape"].includes(event.key)) return;
  const links = [...document.querySelectorAll<HTMLAnchorElement>("[data-result-link]")];
  const box = document.getElementById("q");
  const current = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next =
    event.key === "Escape" ? box : event.key === "ArrowDown" ? links[current + 1] : current <= 0 ? box : links[current - 1];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

export default function Repository() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { query, page } = useLoaderData<typeof loader>();
  const searchAsYouType = useInstantSearch();
  const subjectName = (code: string) => page.labels.subjects[code]?.[language] ?? code;
  return (
    <section className="space-y-5" aria-labelledby="repository-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 id="repository-title" className="text-2xl font-bold text-brand-900">
            {t("repository.title")}
          </h1>
          <p className="text-muted">{t("repository.intro")}</p>
        </div>
        <Link to="/repository/external" className="btn-secondary">
          {t("repository.external")}
        </Link>
      </div>

      <Form method="get" role="search" className="card grid gap-3 sm:grid-cols-4 sm:items-end" onKeyDown={moveFocus}>
        <div className="sm:col-span-2">
          <label htmlFor="q" className="field-label">
            {t("repository.search")}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            className="field-input"
            autoComplete="off"
            aria-describedby="search-hint"
            onChange={(event) => searchAsYouType(event.currentTarget.form)}
          />
          <p id="search-hint" className="mt-1 text-xs text-muted">
            {t("repository.searchHint")}
          </p>
        </div>
        {(["subject", "grade", "topic", "kind", "scope"] as const).map((name) =>
          query[name] ? <input key={name} type="hidden" name={name} value={String(query[name])} /> : null,
        )}
        <SelectField
          label={t("repository.sort")}
          name="sort"
          defaultValue={query.sort}
          options={REPOSITORY_SORTS.map((sort) => ({ value: sort, label: t(`repository.sorts.${sort}`) }))}
        />
        <button type="submit" className="btn-primary">
          {t("repository.apply")}
        </button>
      </Form>

      <div className="grid gap-5 lg:grid-cols-[16rem_1fr]">
        <aside
          className={`card space-y-4 ${Object.values(page.facets).every((rows) => rows.length === 0) ? "hidden" : ""}`}
          aria-label={t("repository.facets")}
        >
          <FacetList name="subject" title={t("materials.form.subject")} label={subjectName} />
          <FacetList name="grade" title={t("materials.filters.grade")} label={(grade) => t("materials.form.grade", { grade })} />
          <FacetList
            name="kind"
            title={t("materials.filters.kind")}
            label={(kind) => t(`materials.kinds.${kind as (typeof MATERIAL_KINDS)[number]}`)}
          />
          <FacetList name="topic" title={t("repository.topic")} label={(topic) => page.labels.topics[topic] ?? topic} />
          <FacetList
            name="scope"
            title={t("repository.scope")}
            label={(scope) => t(`review.scopes.${scope as (typeof SHARED_SCOPES)[number]}`)}
          />
        </aside>

        <div className="space-y-3">
          {page.degraded ? <Notice tone="error">{t("repository.degraded")}</Notice> : null}
          <p className="text-sm text-muted" aria-live="polite">
            {t("repository.count", { count: page.total })}
          </p>
          {page.items.length === 0 ? (
            <div className="card space-y-2">
              <p>{t("repository.empty")}</p>
              <ul className="list-inside list-disc text-sm text-muted">
                <li>{t("repository.suggestions.spelling")}</li>
                <li>{t("repository.suggestions.fewerWords")}</li>
                <li>{t("repository.suggestions.external")}</li>
              </ul>
              <Link to="/repository" className="underline">
                {t("repository.clear")}
              </Link>
            </div>
          ) : (
            <ul className="space-y-2">
              {page.items.map((item) => (
                <li key={item.id} className="card space-y-1">
                  <Link
                    to={`/materials/${item.id}`}
                    className="font-semibold text-brand-900 underline"
                    data-result-link
                    onKeyDown={moveFocus}
                  >
                    <Highlighted text={page.highlights[item.id]?.title ?? item.title} />
                  </Link>
                  {item.summary ? (
                    <p className="line-clamp-2 text-sm">
                      <Highlighted text={page.highlights[item.id]?.summary ?? item.summary} />
                    </p>
                  ) : null}
                  <p className="text-sm text-muted">
                    {t(`materials.kinds.${item.kind}`)} · {subjectName(item.subjectCode)} ·{" "}
                    {item.grades.map((grade) => t("materials.form.grade", { grade })).join(", ")} · {item.owner.name} ·{" "}
                    {t(`review.scopes.${item.scope}`)}
                  </p>
                  <p className="text-sm text-muted">
                    {t(`materials.licences.${item.licence.replaceAll(".", "_")}`)} ·{" "}
                    {t("repository.uses", { count: item.uses, formatted: formatNumber(item.uses, language) })}
                    {item.rating.average !== null
                      ? ` · ${t("repository.rating", { average: formatNumber(item.rating.average, language), count: item.rating.count })}`
                      : ""}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pager query={query} total={page.total} pageSize={page.pageSize} />
        </div>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
