import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { globalSearchQuerySchema, type GlobalSearchResult } from "#content-schemas/search";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Highlighted } from "~/components/highlighted";
import { Notice } from "~/components/notice";
import { curriculumLabels } from "~/domain/curriculum/curriculum-labels.server";
import { GLOBAL_SEARCH_FORBIDDEN, globalSearch, mayUseGlobalSearch } from "~/domain/search/global-search.server";
import { isLanguage } from "~/i18n/config";
import type { Messages } from "~/i18n/locales/vi";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.results ? `Tìm kiếm «${data.results.q}» — Kho Học Liệu` : "Tìm kiếm — Kho Học Liệu" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!mayUseGlobalSearch(actor)) throw new Response(GLOBAL_SEARCH_FORBIDDEN, { status: 403 });
  // Nothing typed yet (or a hand-edited address): the page says where to type instead of failing.
  const parsed = globalSearchQuerySchema.safeParse({ q: new URL(request.url).searchParams.get("q") ?? "" });
  if (!parsed.success) return { results: null, subjectNames: {} };
  const results = await globalSearch(actor, parsed.data);
  return { results, subjectNames: await subjectNamesOf(results) };
}

/** Names of the subjects the results mention, in both languages. */
async function subjectNamesOf(results: GlobalSearchResult) {
  const { subjects } = await curriculumLabels();
  const codes = [
    ...(results.materials?.items.map((item) => item.subjectCode) ?? []),
    ...(results.questions?.items.map((item) => item.subject) ?? []),
  ];
  return Object.fromEntries(codes.filter((code) => code in subjects).map((code) => [code, subjects[code]!]));
}

type SectionName = keyof Messages["search"]["sections"];

/** The address of an area's own page for the same words, where every result is listed. */
const areaLink = (path: string, q: string) => `${path}?${new URLSearchParams({ q })}`;

function ResultSection({
  name,
  total,
  seeAll,
  children,
}: {
  name: SectionName;
  total: number;
  seeAll: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = `search-${name}`;
  return (
    <section aria-labelledby={headingId} className="card space-y-3">
      <h2 id={headingId} className="flex flex-wrap items-baseline justify-between gap-x-3 text-lg font-semibold text-brand-900">
        {t(`search.sections.${name}`)}
        <span className="text-sm font-normal text-muted">{t("search.total", { count: total })}</span>
      </h2>
      {total === 0 ? (
        <p className="text-sm text-muted">{t("search.sectionEmpty")}</p>
      ) : (
        <>
          <ul className="space-y-3">{children}</ul>
          {/* Described by the heading: three such links on one page, each says which area it opens. */}
          <Link to={seeAll} aria-describedby={headingId} className="inline-block font-medium text-brand-700 underline">
            {t("search.seeAll", { count: total })}
          </Link>
        </>
      )}
    </section>
  );
}

export default function Search() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "vi";
  const { results, subjectNames } = useLoaderData<typeof loader>();
  if (!results) {
    return (
      <section className="card space-y-2" aria-labelledby="search-title">
        <h1 id="search-title" className="text-2xl font-bold text-brand-900">
          {t("search.box")}
        </h1>
        <p className="text-muted">{t("search.start")}</p>
      </section>
    );
  }
  const { q, materials, questions, externalItems } = results;
  const sections = [materials, questions, externalItems].filter((section) => section !== null);
  const subjectName = (code: string) => subjectNames[code]?.[language] ?? code;
  return (
    <section className="space-y-5" aria-labelledby="search-title">
      <h1 id="search-title" className="text-2xl font-bold break-words text-brand-900">
        {t("search.title", { q })}
      </h1>
      {sections.some((section) => section.degraded) ? <Notice tone="error">{t("search.degraded")}</Notice> : null}
      {sections.every((section) => section.total === 0) ? (
        <div className="card space-y-2">
          <p>{t("search.empty", { q })}</p>
          <h2 className="font-semibold">{t("search.suggestions.title")}</h2>
          <ul className="list-inside list-disc space-y-1">
            <li>{t("search.suggestions.spelling")}</li>
            <li>{t("search.suggestions.fewerWords")}</li>
            {materials ? (
              <li>
                <Link to="/repository" className="text-brand-700 underline">
                  {t("search.suggestions.browse")}
                </Link>
              </li>
            ) : null}
          </ul>
        </div>
      ) : (
        <>
          {materials ? (
            <ResultSection name="materials" total={materials.total} seeAll={areaLink("/repository", q)}>
              {materials.items.map((item) => (
                <li key={item.id} className="space-y-1">
                  <Link to={`/materials/${item.id}`} className="font-semibold text-brand-900 underline">
                    <Highlighted text={materials.highlights[item.id]?.title ?? item.title} />
                  </Link>
                  {item.summary ? (
                    <p className="line-clamp-2 text-sm">
                      <Highlighted text={materials.highlights[item.id]?.summary ?? item.summary} />
                    </p>
                  ) : null}
                  <p className="text-sm text-muted">
                    {t(`materials.kinds.${item.kind}`)} · {subjectName(item.subjectCode)} ·{" "}
                    {item.grades.map((grade) => t("materials.form.grade", { grade })).join(", ")} · {item.owner.name}
                  </p>
                </li>
              ))}
            </ResultSection>
          ) : null}
          {questions ? (
            <ResultSection name="questions" total={questions.total} seeAll={areaLink("/questions", q)}>
              {questions.items.map((item) => (
                <li key={item.id} className="space-y-1">
                  <Link to={`/questions/${item.id}`} className="line-clamp-3 font-semibold text-brand-900 underline">
                    {item.stemText || "—"}
                  </Link>
                  <p className="text-sm text-muted">
                    {t(`questions.types.${item.type}`)} · {subjectName(item.subject)} ·{" "}
                    {t("materials.form.grade", { grade: item.grade })} · {t(`questions.levels.${item.level}`)}
                  </p>
                </li>
              ))}
            </ResultSection>
          ) : null}
          {externalItems ? (
            <ResultSection name="externalItems" total={externalItems.total} seeAll={areaLink("/repository/external", q)}>
              {externalItems.items.map((item) => (
                <li key={item.id} className="space-y-1">
                  {item.url ? (
                    <a
                      href={item.url}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="font-semibold break-words text-brand-900 underline"
                    >
                      {item.title || t("external.untitled")}
                      <span className="sr-only"> ({t("search.opensAtSource")})</span>
                      <span aria-hidden="true"> ↗</span>
                    </a>
                  ) : (
                    <p className="font-semibold break-words">{item.title || t("external.untitled")}</p>
                  )}
                  <p className="text-sm text-muted">
                    {[item.sourceHost, item.publisher, item.subjects.join(", ")].filter(Boolean).join(" · ")}
                  </p>
                </li>
              ))}
            </ResultSection>
          ) : null}
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
