// The real app for HTTP tests: the sandbox (built server + Shopify double) on a fresh database.
import type { DbProvider } from "../../app/db/provider";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";
import { createTestDatabase, type TestDatabase } from "./databases";
import { startTestWorker, type TestWorker } from "./jobs";
import { emailProviders } from "../../app/channels/email/provider.server";
import type { PushOptions } from "../../app/channels/web-push.server";
import { SANDBOX_APP, SANDBOX_PUSH_SERVICE_HOSTS } from "../../sandbox/config";
import { doubleAdminGraphql } from "../../sandbox/demo";
import { bulkFileFetch } from "../../sandbox/shopify-double/route-shopify-fetch";
import { linkKeysFromEnv } from "../../app/security/link-keys.server";

export { BROWSER_UA } from "../../sandbox/demo";

export interface TestApp extends Pick<Sandbox, "app" | "double" | "shop"> {
  database: TestDatabase;
  /** Apps from startTestApp: stop it and start it again with other settings (same URL). */
  restartApp?: Sandbox["restartApp"];
  stop(): Promise<void>;
}

export async function startTestApp(provider: DbProvider): Promise<TestApp> {
  const database = await createTestDatabase(provider);
  const sandbox = await startSandbox({
    databaseUrl: database.url,
    migrate: false,
    worker: false,
  });
  // Tests drive the web pixel's events themselves, on the worker's clock (e2e.ts `pixelEvent`):
  // the storefront's own pixel is off unless a test turns it on (`double.storefront.webPixels`).
  sandbox.double.storefront.webPixels = false;
  return {
    // The same URL after a restart (same port); `app` is the process started first.
    app: sandbox.app,
    restartApp: (overrides) => sandbox.restartApp(overrides),
    double: sandbox.double,
    shop: sandbox.shop,
    database,
    stop: async () => {
      await sandbox.stop();
      await database.drop();
    },
  };
}

export interface TestAppWithWorker extends TestApp {
  /** Runs the app's jobs on a clock the test moves (see ./jobs.ts). */
  worker: TestWorker;
}

/** The key the sandbox app encrypts shop secrets with. */
export const SANDBOX_KEY = Buffer.from(SANDBOX_APP.encryptionKey, "base64");

/** The keys the sandbox app signs and checks its links with (its environment's). */
export const SANDBOX_LINK_KEYS = linkKeysFromEnv({
  TRIGGER_MAP_LINK_KEYS: SANDBOX_APP.linkKeys,
  SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
  TRIGGER_MAP_ENCRYPTION_KEY: SANDBOX_APP.encryptionKey,
});

/**
 * The app and a worker on its database, sending as the sandbox's app does (Shopify through the
 * double, the shop's own email provider, web push with `push`'s options); `stop` stops the worker first.
 */
export async function startTestAppWithWorker(
  provider: DbProvider,
  push: PushOptions = {},
): Promise<TestAppWithWorker> {
  const app = await startTestApp(provider);
  const providers = emailProviders(app.database.db, SANDBOX_KEY);
  const worker = startTestWorker(app.database.db, {
    adminFor: async () => doubleAdminGraphql(app.double, app.shop),
    shopifyFetch: bulkFileFetch(app.double.url),
    emailProviderFor: (shop) => providers.get(shop),
    links: SANDBOX_LINK_KEYS,
    appUrl: app.app.url,
    push: { key: SANDBOX_KEY, hosts: SANDBOX_PUSH_SERVICE_HOSTS, ...push },
  });
  return {
    ...app,
    worker,
    stop: async () => {
      await worker.close();
      await providers.close();
      await app.stop();
    },
  };
}
