import { Form, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const GLOBAL_SEARCH_PATH = "/search";

/**
 * The header's search box: a plain GET form to the search page, so it works before (or without) JavaScript and
 * the words stay in the address. On the search page it shows the words searched, ready to be changed.
 */
export function GlobalSearchBox() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [searchParams] = useSearchParams();
  const searched = pathname === GLOBAL_SEARCH_PATH ? (searchParams.get("q") ?? "") : "";
  return (
    <Form method="get" action={GLOBAL_SEARCH_PATH} role="search" className="flex w-full max-w-xl items-center gap-2">
      <label htmlFor="global-search" className="sr-only">
        {t("search.box")}
      </label>
      {/* Keyed by the words searched: back and forward between searches show each one's words. */}
      <input
        key={searched}
        id="global-search"
        name="q"
        type="search"
        required
        maxLength={200}
        enterKeyHint="search"
        autoComplete="off"
        defaultValue={searched}
        placeholder={t("search.placeholder")}
        className="min-h-11 min-w-0 flex-1 rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-ink"
      />
      <button type="submit" className="btn-secondary">
        {t("search.submit")}
      </button>
    </Form>
  );
}
