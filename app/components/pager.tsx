import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous/next links for a paged list whose filters live in the URL (`query` holds them, with `page`). */
export function Pager({
  query,
  total,
  pageSize,
}: {
  query: Record<string, unknown> & { page: number };
  total: number;
  pageSize: number;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const pageLink = (page: number) =>
    `?${new URLSearchParams(
      Object.entries({ ...query, page }).flatMap(([key, value]) =>
        value === undefined || String(value) === "" ? [] : [[key, String(value)]],
      ),
    )}`;
  return (
    <nav aria-label={t("materials.pagination")} className="flex gap-2">
      {query.page > 1 ? (
        <Link to={pageLink(query.page - 1)} className="btn-secondary">
          {t("materials.previous")}
        </Link>
      ) : null}
      <span className="self-center text-sm">{t("materials.pageOf", { page: query.page, pages })}</span>
      {query.page < pages ? (
        <Link to={pageLink(query.page + 1)} className="btn-secondary">
          {t("materials.next")}
        </Link>
      ) : null}
    </nav>
  );
}
