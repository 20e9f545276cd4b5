// The real app for HTTP tests: the built server on a fresh database, with the Shopify double
// standing in for Shopify.
import type { DbProvider } from "../../app/db/provider";
import { API_VERSION } from "../../app/api-version";
import { freePort, startAppServer, type AppServer } from "../../sandbox/app-server";
import { DEMO_SHOP, SANDBOX_APP } from "../../sandbox/config";
import { startShopifyDouble, type ShopifyDouble } from "../../sandbox/shopify-double/server";
import { createTestDatabase, type TestDatabase } from "./databases";

export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export interface TestApp {
  app: AppServer;
  double: ShopifyDouble;
  database: TestDatabase;
  shop: string;
  stop(): Promise<void>;
}

export async function startTestApp(provider: DbProvider): Promise<TestApp> {
  const database = await createTestDatabase(provider);
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const double = await startShopifyDouble({
    apiKey: SANDBOX_APP.apiKey,
    apiSecret: SANDBOX_APP.apiSecret,
    appUrl,
    scopes: SANDBOX_APP.scopes,
    apiVersion: API_VERSION,
    shops: [DEMO_SHOP],
  });
  const app = await startAppServer({
    port,
    env: {
      DATABASE_URL: database.url,
      SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
      SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
      SHOPIFY_APP_URL: appUrl,
      SCOPES: SANDBOX_APP.scopes.join(","),
    },
    shopifyDouble: { url: double.url, shops: [DEMO_SHOP.domain] },
  });
  return {
    app,
    double,
    database,
    shop: DEMO_SHOP.domain,
    stop: async () => {
      await app.stop();
      await double.close();
      await database.drop();
    },
  };
}
