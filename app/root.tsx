import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
  useMatches,
} from "@remix-run/react";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import type { Role } from "#content-schemas/roles";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GlobalSearchBox } from "~/components/global-search-box";
import { navigationFor } from "~/components/navigation";
import { APP_VERSION } from "~/config/version.server";
import { createI18n, DEFAULT_LANGUAGE, LANGUAGES, type Language } from "~/i18n/config";
import { languageOf } from "~/i18n/language.server";
import { optionalActor } from "~/auth/session.server";
import { mayUseGlobalSearch } from "~/domain/search/global-search.server";
import stylesheet from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Kho Học Liệu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await optionalActor(request);
  const roles: Role[] = actor ? [...new Set(actor.roles.map((binding) => binding.role))] : [];
  return {
    language: await languageOf(request),
    version: APP_VERSION,
    roles,
    user: actor ? { fullName: actor.fullName } : null,
    canSearch: actor ? mayUseGlobalSearch(actor) : false,
  };
}

function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const language: Language = data?.language ?? DEFAULT_LANGUAGE;
  const i18n = useMemo(() => createI18n(language), [language]);
  const hydrate = !useMatches().some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col bg-gray-50 font-sans">
        <I18nextProvider i18n={i18n}>
          <AppShell version={data?.version}>{children}</AppShell>
        </I18nextProvider>
        {/* Pages with `handle = { hydrate: false }` (the quiz) bring their own small script instead of React. */}
        {hydrate ? (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        ) : null}
      </body>
    </html>
  );
}

/** Pages that declare `handle = { bare: true }` (players embedded in lectures) render without the site's frame. */
const isBare = (matches: ReturnType<typeof useMatches>) =>
  matches.some((match) => (match.handle as { bare?: boolean } | undefined)?.bare);

function AppShell({ children, version }: { children: ReactNode; version?: string }) {
  const { t } = useTranslation();
  const rootData = useRootData();
  const navigation = navigationFor(rootData?.roles ?? []);
  if (isBare(useMatches())) return <main id="main">{children}</main>;
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        {t("app.skipToContent")}
      </a>
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <NavLink to="/" className="flex items-center gap-2 text-lg font-bold text-brand-900">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            {t("app.name")}
          </NavLink>
          <MobileMenu items={navigation} />
          <MainNavigation items={navigation} className="hidden flex-wrap items-center gap-1 lg:flex" />
          <div className="flex items-center gap-2">
            <UserMenu />
            <LanguageSwitcher />
          </div>
        </div>
        {/* A row of its own: the menu above already wraps on narrow screens, and a phone needs the full width to type. */}
        {rootData?.canSearch ? (
          <div className="mx-auto max-w-6xl px-4 pb-3">
            <GlobalSearchBox />
          </div>
        ) : null}
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-10">
        {children}
      </main>
      <footer className="border-t border-gray-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-col gap-1 px-4 py-4 text-sm text-muted sm:flex-row sm:justify-between">
          <p>{t("footer.privacy")}</p>
          {version ? <p>{t("footer.version", { version })}</p> : null}
        </div>
      </footer>
    </>
  );
}

/** The phone menu: a native <details> (works without JavaScript) that closes after each navigation. */
function MobileMenu({ items }: { items: ReturnType<typeof navigationFor> }) {
  const { t } = useTranslation();
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);
  return (
    <details ref={menu} className="group lg:hidden">
      <summary className="btn-secondary cursor-pointer list-none">{t("nav.menu")}</summary>
      <MainNavigation
        items={items}
        className="absolute left-0 right-0 z-40 mt-3 flex flex-col gap-1 border-b border-gray-200 bg-white p-4 shadow"
      />
    </details>
  );
}

function MainNavigation({ items, className }: { items: ReturnType<typeof navigationFor>; className: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("nav.label")}>
      <ul className={className}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.to === "/"}
              className={({ isActive }) =>
                `block min-h-11 rounded-md px-3 py-2.5 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-700" : "text-ink hover:bg-gray-100"}`
              }
            >
              {t(item.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useRootData()?.user;
  if (!user) {
    return (
      <Link to="/login" className="btn-primary">
        {t("nav.signIn")}
      </Link>
    );
  }
  return (
    <>
      <Link
        to="/account"
        className="hidden max-w-48 truncate rounded-md px-3 py-2.5 text-sm font-medium text-ink hover:bg-gray-100 sm:block"
        title={t("auth.signedInAs", { name: user.fullName })}
      >
        {user.fullName}
      </Link>
      <Form method="post" action="/logout">
        <button type="submit" className="btn-secondary">
          {t("auth.signOut")}
        </button>
      </Form>
    </>
  );
}

function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="flex items-center gap-2">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <label htmlFor="language" className="sr-only">
        {t("language.label")}
      </label>
      <select
        id="language"
        name="language"
        defaultValue={i18n.language}
        className="min-h-11 rounded-md border border-gray-400 bg-white px-2 text-sm"
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="btn-secondary">
          {t("language.change")}
        </button>
      </noscript>
    </Form>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
