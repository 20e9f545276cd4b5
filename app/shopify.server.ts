// The Shopify app: auth, session storage and Admin API clients for the rest of the app.
import "@shopify/shopify-app-remix/adapters/node";
import {
  abstractFetch,
  setAbstractFetchFunc,
} from "@shopify/shopify-api/runtime";
import {
  AppDistribution,
  LogSeverity,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";
import { startHistorySync } from "./events/history.server";
import { recordInstall } from "./shops/install.server";
import { jobQueue } from "./jobs/queue.server";
import { CachedSessionStorage } from "./shops/session-storage.server";
import { activateWebPixel } from "./shops/web-pixel.server";
import { publishStorefrontConfig } from "./storefront/publish.server";
import { readAppEnv } from "./env.server";
import { API_VERSION } from "./api-version";
import { logger } from "./logger.server";
import { withShopifyTimeout } from "./shopify/fetch-timeout";

const env = readAppEnv();

// Every call to Shopify gets a time limit (the adapter above, or the sandbox's preload, set the fetch).
setAbstractFetchFunc(withShopifyTimeout(abstractFetch as typeof fetch));

// PrismaSessionStorage is typed for @prisma/client's class; our generated client has the same
// `session` delegate it uses.
export const sessions = new CachedSessionStorage(
  new PrismaSessionStorage(db as never),
);

const shopify = shopifyApp({
  apiKey: env.apiKey,
  apiSecretKey: env.apiSecret,
  apiVersion: API_VERSION,
  scopes: env.scopes,
  appUrl: env.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: sessions,
  distribution: AppDistribution.AppStore,
  // Expiring offline tokens, refreshed by the library when close to expiry: Shopify refuses
  // non-expiring offline tokens for public apps from 2027-01-01.
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  logger: {
    level:
      process.env.SHOPIFY_LOG_LEVEL === "debug"
        ? LogSeverity.Debug
        : LogSeverity.Info,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      const shopId = await recordInstall(db, session.shop, admin.graphql);
      // The shop's past (customers, orders), imported once per shop: a reinstall keeps what was
      // imported, and the dashboard's "Sync again" runs it again.
      await startHistorySync(
        { db, queue: jobQueue(), now: () => new Date() },
        shopId,
      ).catch((error: Error) =>
        logger.error("install: could not queue the history import", {
          shop: session.shop,
          error,
        }),
      );
      // Storefront events need the pixel; its failure must not lock the merchant out of the app.
      await activateWebPixel(admin.graphql, env.appUrl).catch((error: Error) =>
        logger.error("install: could not activate the web pixel", {
          shop: session.shop,
          error,
        }),
      );
      // The storefront shows what the active scenarios say (none after a reinstall: uninstall paused them).
      await publishStorefrontConfig(db, admin.graphql, shopId).catch(
        (error: Error) =>
          logger.error("install: could not publish the storefront rules", {
            shop: session.shop,
            error,
          }),
      );
    },
  },
  ...(env.customShopDomains
    ? { customShopDomains: env.customShopDomains }
    : {}),
});

export default shopify;
export { API_VERSION };
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
