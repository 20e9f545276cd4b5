import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import polarisEnglish from "@shopify/polaris/locales/en.json";
import { authenticate } from "../shopify.server";
import { navWords } from "../ui/words/nav";
import { localeFrom, translate } from "../ui/i18n";
import { polarisRussian } from "../ui/words/polaris-ru";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return {
    apiKey: process.env.SHOPIFY_API_KEY ?? "",
    // Only the sandbox sets this, to its offline stand-in for Shopify's App Bridge script.
    appBridgeUrl: process.env.SHOPIFY_APP_BRIDGE_URL,
    // Shopify passes the merchant's language on the app's first load; pages read it from here.
    locale: localeFrom(request),
  };
};

export default function App() {
  const { apiKey, appBridgeUrl, locale } = useLoaderData<typeof loader>();
  const t = translate(navWords, locale);
  return (
    <AppProvider
      isEmbeddedApp
      apiKey={apiKey}
      i18n={locale === "ru" ? [polarisRussian, polarisEnglish] : polarisEnglish}
      {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}
    >
      <NavMenu>
        <Link to="/app" rel="home">
          {t("dashboard")}
        </Link>
        <Link to="/app/templates">{t("templates")}</Link>
        <Link to="/app/scenarios">{t("scenarios")}</Link>
        <Link to="/app/analytics">{t("analytics")}</Link>
        <Link to="/app/chat-replies">{t("chatReplies")}</Link>
        <Link to="/app/settings">{t("settings")}</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// The layout's data (API key, language) is fixed for the session; reloading it after a page's form
// would read the language from a URL that no longer carries Shopify's `locale`.
export const shouldRevalidate = () => false;

// Shopify needs Remix to catch some thrown responses so its headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) =>
  boundary.headers(headersArgs);
