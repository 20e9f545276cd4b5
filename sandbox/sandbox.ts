// The sandbox's parts, started for real: the Shopify double, the built app with its calls to
// Shopify routed to the double, a worker on the database job driver and, for `npm run sandbox`,
// an email mailbox the demo shop sends to. Used by `npm run sandbox` and by the tests that drive
// the whole product.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../app/db.server";
import { migrateDatabase } from "../app/db/migrate.server";
import { API_VERSION } from "../app/api-version";
import { startAppServer, freePort, type AppServer } from "./app-server";
import { DEMO_SHOP, SANDBOX_APP, SANDBOX_PUSH_SERVICE_HOSTS } from "./config";
import { connectDemoMailbox } from "./demo";
import { startMailbox, type Mailbox } from "./mailbox";
import {
  startShopifyDouble,
  type ShopifyDouble,
} from "./shopify-double/server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Sandbox {
  app: AppServer;
  adminUrl: string;
  appUrl: string;
  doubleUrl: string;
  /** The demo shop's storefront (on the double's origin, like the app proxy and its service worker). */
  storefrontUrl: string;
  shop: string;
  double: ShopifyDouble;
  /** The email mailbox's pages, when it runs. */
  mailboxUrl?: string;
  mailbox?: Mailbox;
  /** Stops the app and starts it again on the same port, with these variables over the sandbox's (a deployment's restart). */
  restartApp(overrides: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function startSandbox(options: {
  port?: number;
  /** The Shopify double's port (default: a free one). */
  doublePort?: number;
  databaseUrl: string;
  log?: (line: string) => void;
  /** Off for a database a test already migrated. */
  migrate?: boolean;
  /** Off where a test drives jobs itself. */
  worker?: boolean;
  /** Off: storefront cart changes send the app no carts/create or carts/update webhook. */
  cartWebhooks?: boolean;
  /** On: the demo shop's email goes to a local mailbox (tests leave it off and bring their own SMTP servers). */
  mailbox?: boolean;
}): Promise<Sandbox> {
  const log = options.log ?? (() => {});
  const port = options.port ?? (await freePort());
  const appUrl = `http://127.0.0.1:${port}`;

  if (options.migrate !== false) await migrateDatabase(options.databaseUrl);
  const db = createDb(options.databaseUrl);
  await db.shop.upsert({
    where: { domain: DEMO_SHOP.domain },
    create: {
      domain: DEMO_SHOP.domain,
      name: DEMO_SHOP.name,
      email: DEMO_SHOP.email,
      currencyCode: DEMO_SHOP.currencyCode,
      ianaTimezone: DEMO_SHOP.ianaTimezone,
      settings: {},
    },
    update: {},
  });
  const mailbox = options.mailbox ? await startMailbox({ log }) : undefined;
  if (mailbox)
    await connectDemoMailbox(
      db,
      DEMO_SHOP.domain,
      mailbox.smtpPort,
      Buffer.from(SANDBOX_APP.encryptionKey, "base64"),
    );
  await db.$disconnect();

  const double = await startShopifyDouble({
    port: options.doublePort,
    apiKey: SANDBOX_APP.apiKey,
    apiSecret: SANDBOX_APP.apiSecret,
    appUrl,
    scopes: SANDBOX_APP.scopes,
    apiVersion: API_VERSION,
    shops: [DEMO_SHOP],
    // As Shopify will from 2027-01-01: the app must ask for expiring offline tokens.
    requireExpiringOfflineTokens: true,
    storefront: { cartWebhooks: options.cartWebhooks },
  });
  const env = {
    DATABASE_URL: options.databaseUrl,
    SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
    SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: SANDBOX_APP.scopes.join(","),
    SHOPIFY_APP_BRIDGE_URL: `${double.url}/app-bridge.js`,
    TRIGGER_MAP_ENCRYPTION_KEY: SANDBOX_APP.encryptionKey,
    TRIGGER_MAP_LINK_KEYS: SANDBOX_APP.linkKeys,
    PUSH_SERVICE_HOSTS: SANDBOX_PUSH_SERVICE_HOSTS.join(","),
    // The sandbox's jobs live in its database (the worker below consumes them), not in a Redis
    // the developer's shell may name.
    REDIS_URL: "",
    // The sandbox's mailbox is an SMTP server on 127.0.0.1: the app may connect to private hosts.
    TRIGGER_MAP_ALLOW_PRIVATE_HOSTS: "1",
  };
  const startApp = (overrides: Record<string, string> = {}) =>
    startAppServer({
      port,
      env: { ...env, ...overrides },
      log,
      shopifyDouble: { url: double.url, shops: [DEMO_SHOP.domain] },
    });
  let app = await startApp();
  log(`[sandbox] app listening on ${appUrl}`);

  const worker =
    options.worker === false
      ? undefined
      : // The worker calls Shopify too (discount codes, products for emails): routed to the double as the app's are.
        spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            "--import",
            path.join(root, "sandbox/preload.ts"),
            path.join(root, "app/worker.server.ts"),
          ],
          {
            cwd: root,
            env: {
              ...process.env,
              ...env,
              SHOPIFY_DOUBLE_URL: double.url,
              SHOPIFY_DOUBLE_SHOPS: DEMO_SHOP.domain,
              TRIGGER_MAP_SANDBOX: "1",
            },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
  worker?.stdout?.on("data", (chunk) => log(String(chunk).trimEnd()));
  worker?.stderr?.on("data", (chunk) => log(String(chunk).trimEnd()));

  return {
    get app() {
      return app;
    },
    async restartApp(overrides) {
      await app.stop();
      app = await startApp(overrides);
    },
    adminUrl: double.adminUrl(DEMO_SHOP.domain),
    appUrl,
    doubleUrl: double.url,
    storefrontUrl: double.storefrontUrl,
    shop: DEMO_SHOP.domain,
    double,
    mailboxUrl: mailbox?.url,
    mailbox,
    async stop() {
      const workerExited =
        !worker || worker.exitCode !== null
          ? Promise.resolve()
          : new Promise((r) => worker.once("exit", r));
      worker?.kill("SIGTERM");
      await Promise.all([
        app.stop(),
        workerExited,
        double.close(),
        mailbox?.close(),
      ]);
    },
  };
}
