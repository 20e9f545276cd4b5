// The whole product for end-to-end paths: the built app and the Shopify double (the sandbox) on a
// fresh SQLite database, a worker running the app's real job handlers on a clock the test moves
// (./jobs.ts: the `now` every handler and the dispatcher of waits take), the demo shop sending its
// email through a real SMTP server and its pushes to a local push service, and a Chromium for the
// shopper and the merchant. The web process keeps real time: what it records (a popup shown, an
// email left) happens "now", and the worker's clock runs ahead of it by what the test skipped.
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import {
  emailProviders,
  saveEmailProvider,
} from "../../app/channels/email/provider.server";
import { SANDBOX_PUSH_SERVICE_HOSTS } from "../../sandbox/config";
import { doubleAdminGraphql } from "../../sandbox/demo";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";
import { SANDBOX_KEY, SANDBOX_LINK_KEYS, type TestApp } from "./app";
import { ARTIFACTS, launchChromium, type Browser } from "./browser";
import { createTestDatabase, type TestDatabase } from "./databases";
import { startTestWorker, type TestWorker } from "./jobs";
import { startPushService, type PushService } from "./push-service";
import { activate, installShop } from "./shop";
import { order } from "./shopify-payloads";

export const DAY_MS = 86_400_000;

export interface E2e extends TestApp {
  sandbox: Sandbox;
  worker: TestWorker;
  browser: Browser;
  push: PushService;
  /** Every email the shop's SMTP server accepted, parsed. */
  inbox: ParsedMail[];
  shopId: string;
  /** The demo storefront's origin, without the trailing slash. */
  store: string;
  stop(): Promise<void>;
}

async function startSmtp(inbox: ParsedMail[]) {
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    logger: false,
    authOptional: true,
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then((mail) => (inbox.push(mail), cb()), cb),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startE2e(): Promise<E2e> {
  const database: TestDatabase = await createTestDatabase("sqlite");
  const sandbox = await startSandbox({
    databaseUrl: database.url,
    migrate: false,
    worker: false,
  });
  const db = database.db;
  const inbox: ParsedMail[] = [];
  const smtp = await startSmtp(inbox);
  const push = await startPushService();
  const providers = emailProviders(db, SANDBOX_KEY);
  const worker = startTestWorker(db, {
    adminFor: async () => doubleAdminGraphql(sandbox.double, sandbox.shop),
    emailProviderFor: (shop) => providers.get(shop),
    links: SANDBOX_LINK_KEYS,
    appUrl: sandbox.app.url,
    push: {
      key: SANDBOX_KEY,
      agent: push.agent,
      hosts: SANDBOX_PUSH_SERVICE_HOSTS,
    },
  });
  const app: TestApp = {
    app: sandbox.app,
    double: sandbox.double,
    shop: sandbox.shop,
    database,
    stop: async () => {},
  };
  const shopId = await installShop(app);
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  await db.shop.update({
    where: { id: shopId },
    data: {
      settings: {
        ...(shop.settings as object),
        sender: { name: "Demo Store", email: "hello@demo.example" },
        physicalAddress: "1 Market St, Springfield",
      },
    },
  });
  const saved = await saveEmailProvider(
    db,
    sandbox.shop,
    {
      kind: "smtp",
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      requireTls: false,
    },
    SANDBOX_KEY,
  );
  if (!saved.ok)
    throw new Error(
      `the shop's SMTP provider was refused: ${JSON.stringify(saved)}`,
    );
  const browser = await launchChromium();
  return {
    ...app,
    sandbox,
    worker,
    browser,
    push,
    inbox,
    shopId,
    store: sandbox.double.storefrontUrl.replace(/\/$/, ""),
    stop: async () => {
      await browser.close();
      await worker.close();
      await providers.close();
      await sandbox.stop();
      await smtp.close();
      await push.close();
      await database.drop();
    },
  };
}

/** Only this template is active for the demo shop (the others paused); its on-site rules published. Its scenario id. */
export async function only(
  e: E2e,
  key: string,
  parameters: Record<string, number> = {},
): Promise<string> {
  await e.database.db.scenario.updateMany({
    where: { shopId: e.shopId },
    data: { status: "PAUSED" },
  });
  return (await activate(e, e.shopId, { [key]: parameters }))[key]!;
}

/** A new shopper: no cookies, no storage. */
export async function newShopper(e: E2e): Promise<Page> {
  await e.browser.context.clearCookies();
  const page = await e.browser.context.newPage();
  await page.goto(`${e.store}/pages/contact?embeds=0`);
  await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
  return page;
}

/** What the popup or chat bubble is, inside the page's shadow root. */
/** Notifications allowed for the store; the browser's push service (Google's, out of reach) is the local one. */
export async function allowPush(
  e: E2e,
  page: Page,
): Promise<{ endpoint: string }> {
  await e.browser.context.grantPermissions(["notifications"], {
    origin: e.store,
  });
  const subscription = e.push.subscribe();
  await page.addInitScript((json) => {
    PushManager.prototype.subscribe = async function () {
      return { toJSON: () => json } as unknown as PushSubscription;
    };
  }, subscription);
  return subscription;
}

export const dialog = (page: Page) => page.getByRole("dialog");
export const chat = (page: Page) =>
  page.getByRole("complementary", { name: "Open chat" });

export const shot = (page: Page, key: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `e2e-${key}.png`) });

/** The pointer leaves through the top of the window (as the exit-intent tests do in headless Chromium). */
export async function leaveThroughTop(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__triggerMap);
  await page.mouse.move(400, 300);
  await page.mouse.move(400, 0);
  await page.evaluate(() =>
    document.dispatchEvent(
      new MouseEvent("mouseout", {
        clientY: -1,
        relatedTarget: null,
        bubbles: true,
      }),
    ),
  );
}

/** Moves the worker's clock and lets it run what became due. */
export async function advance(e: E2e, ms: number): Promise<void> {
  e.worker.advance(ms);
  await e.worker.drain(60_000);
}

export const mailTo = (e: E2e, email: string) =>
  e.inbox.filter((m) => JSON.stringify(m.to).includes(email));

/** The one-click unsubscribe header of a marketing email, unfolded. */
export const unsubscribeHeader = (mail: ParsedMail) =>
  mail.headerLines
    .find((l) => l.key === "list-unsubscribe")
    ?.line.replace(/\r?\n\s+/g, " ");

/** Shopify's signed orders/create webhook for an order by this person, placed on the worker's clock. */
export async function placeOrder(
  e: E2e,
  person: { email: string; customerId?: number; firstName?: string },
  extra: { discountCodes?: string[]; totalPrice?: string } = {},
) {
  const delivery = await e.double.deliverWebhook({
    path: "/webhooks/orders",
    topic: "orders/create",
    shopDomain: e.shop,
    payload: order(person, e.worker.now(), extra),
  });
  await e.worker.drain(60_000);
  return delivery;
}

/**
 * The scenario's row on the admin's analytics page, opened by the merchant in Chromium:
 * [name, launches, in progress, goal reached, finished, exited, failed, conversions, revenue].
 */
export async function analyticsRow(
  e: E2e,
  scenarioId: string,
  key: string,
): Promise<string[]> {
  const page = await e.browser.context.newPage();
  try {
    await page.goto(e.double.adminUrl(e.shop));
    await page
      .getByRole("link", { name: "Analytics" })
      .click({ timeout: 30_000 });
    const link = page.locator(`a[data-scenario="${scenarioId}"]`);
    await link.waitFor({ timeout: 30_000 });
    await page.screenshot({
      path: path.join(ARTIFACTS, `e2e-${key}-analytics.png`),
      fullPage: true,
    });
    return await page
      .locator("tr", { has: link })
      .locator("th, td")
      .allInnerTexts();
  } finally {
    await page.close();
  }
}
