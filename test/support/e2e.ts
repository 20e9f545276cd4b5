// The whole product for end-to-end paths: the built app and the Shopify double (the sandbox) on a
// fresh SQLite database with the demo shop installed, a worker running the app's real job handlers
// on a clock the test moves (./jobs.ts: abandonment windows and waits of days pass without
// sleeping), the shop sending its email through a real SMTP server and its pushes to a local push
// service, and a Chromium for the shopper and the merchant. The web process keeps real time: what
// it records (a popup shown, an email left) happens "now", and the worker's clock runs ahead of it
// by what the test skipped. One stack per file (`startE2e`) or per path (`sandboxPerPath`); the
// helpers say what a shopper or a merchant does and sees.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { SMTPServer } from "smtp-server";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import { sweepDeliveries } from "../../app/deliveries/send.server";
import {
  TRACKED,
  trackEvents,
} from "../../extensions/trigger-map-pixel/src/pixel";
import {
  SANDBOX_KEY,
  startTestAppWithWorker,
  type TestAppWithWorker,
} from "./app";
import { ARTIFACTS, launchChromium, type Browser } from "./browser";
import { startPushService, type PushService } from "./push-service";
import { activate, installShop } from "./shop";
import { checkout, order, type Person } from "./shopify-payloads";
import type {
  DoubleFulfillment,
  FulfilledOrder,
  ShipmentStatus,
} from "../../sandbox/shopify-double/fulfillments";

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** How long a helper lets the worker run what became due. */
const DRAIN_MS = 60_000;

export interface E2e extends TestAppWithWorker {
  shopId: string;
  /** The demo storefront's origin, without the trailing slash. */
  store: string;
  browser: Browser;
  push: PushService;
  /** Every email the shop's SMTP server accepted, parsed. */
  mailbox: ParsedMail[];
}

/** A plain SMTP server on 127.0.0.1 that keeps what it accepts, parsed. */
async function startSmtp(mailbox: ParsedMail[]) {
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then((m) => (mailbox.push(m), cb()), cb),
  });
  server.on("error", () => {}); // a killed worker's reset connection (smtp-server emits it)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function startE2e(): Promise<E2e> {
  const mailbox: ParsedMail[] = [];
  const smtp = await startSmtp(mailbox);
  const push = await startPushService();
  // The worker sends as the sandbox's does: Shopify through the double, the shop's own email
  // provider, and pushes to the local push service (its certificate trusted as a browser vendor's
  // would be).
  const t = await startTestAppWithWorker("sqlite", { agent: push.agent });
  const shopId = await installShop(t);
  const db = t.database.db;
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
    t.shop,
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
    ...t,
    shopId,
    store: t.double.storefrontUrl.replace(/\/$/, ""),
    browser,
    push,
    mailbox,
    stop: async () => {
      await browser.close();
      await t.stop();
      await push.close();
      await smtp.close();
    },
  };
}

/** Only this template is active for the shop (the others paused; default parameters unless given); its on-site rules published. Its scenario id. */
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

/** One more template on, the others left as they are; its scenario's id. */
export async function alsoOn(
  e: E2e,
  key: string,
  parameters: Record<string, number> = {},
): Promise<string> {
  return (await activate(e, e.shopId, { [key]: parameters }))[key]!;
}

/**
 * A sandbox of its own for each path (in a `describe`): the app's worker clock only moves forward,
 * while the storefront, its webhooks and the web process live in real time, so a path that moved
 * the clock days ahead leaves nothing a next path could start from.
 */
export function sandboxPerPath(): () => E2e {
  let e: E2e | undefined;
  beforeAll(async () => void (e = await startE2e()), 120_000);
  afterAll(() => e?.stop());
  return () => e!;
}

/** Time passes for the app (the worker's clock moves: days, hours), and everything then due runs. */
export async function passes(e: E2e, ms: number): Promise<void> {
  e.worker.advance(ms);
  await e.worker.drain(DRAIN_MS);
}

/** A new shopper: no cookies, no storage; with `clock`, a page clock of their own the test can move. */
export async function newShopper(
  e: E2e,
  { clock = false }: { clock?: boolean } = {},
): Promise<Page> {
  await e.browser.context.clearCookies();
  const page = await e.browser.context.newPage();
  if (clock) await page.clock.install();
  await page.goto(`${e.store}/pages/contact?embeds=0`);
  await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
  return page;
}

export const dialog = (page: Page) => page.getByRole("dialog");
export const chat = (page: Page) =>
  page.getByRole("complementary", { name: "Open chat" });

/** A screenshot of what the shopper sees, for the record (`e2e-<key>.png`). */
export const shot = (page: Page, key: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `e2e-${key}.png`) });

/** Through the theme's own "Add to cart" (Shopify's AJAX cart): the cart's token once the double's carts webhook went. */
export async function addToCart(
  e: E2e,
  page: Page,
  handle: string,
): Promise<string> {
  await page.goto(`${e.store}/products/${handle}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByText("Added to your cart.").waitFor();
  await e.double.storefront.settled();
  return (await e.browser.context.cookies(e.store)).find(
    (c) => c.name === "cart",
  )!.value;
}

/** The browser's visitor token (Shopify's `_shopify_y`). */
export async function visitorId(e: E2e): Promise<string> {
  return (await e.browser.context.cookies(e.store)).find(
    (c) => c.name === "_shopify_y",
  )!.value;
}

/** The pointer leaves the page through the top, as toward the tab bar. */
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

const WEBHOOK_PATHS: Record<string, string> = {
  checkouts: "/webhooks/checkouts",
  orders: "/webhooks/orders",
  refunds: "/webhooks/refunds",
  customers: "/webhooks/customers",
  carts: "/webhooks/carts",
};

/** Shopify's signed webhook from the double (e.g. "checkouts/create"), then the worker's processing. */
export async function webhook(
  e: E2e,
  topic: string,
  payload: unknown,
): Promise<void> {
  const delivery = await e.double.deliverWebhook({
    path: WEBHOOK_PATHS[topic.split("/")[0]!]!,
    topic,
    shopDomain: e.shop,
    payload,
  });
  if (delivery.status !== 200)
    throw new Error(`${topic}: the app answered ${delivery.status}`);
  await e.worker.drain(DRAIN_MS);
}

/**
 * The merchant ships the order (`status` null), or its carrier reports a shipment status: the
 * double's signed fulfillments/create or /update, dated on the worker's clock, then the worker.
 */
export async function ships(
  e: E2e,
  order: FulfilledOrder,
  status: ShipmentStatus | null = null,
): Promise<DoubleFulfillment> {
  const { fulfillment, delivery } = await e.double.fulfillments.fulfil(
    e.shop,
    order,
    status,
    { at: e.worker.now() },
  );
  if (delivery.status !== 200)
    throw new Error(`fulfillments: the app answered ${delivery.status}`);
  await e.worker.drain(DRAIN_MS);
  return fulfillment;
}

/** Shopify's signed orders/create webhook for an order by this person (no cart), placed on the worker's clock. */
export const placeOrder = (
  e: E2e,
  person: { email: string; customerId?: number; firstName?: string },
  extra: { discountCodes?: string[]; totalPrice?: string } = {},
) => webhook(e, "orders/create", order(person, e.worker.now(), extra));

export const mailTo = (e: E2e, email: string) =>
  e.mailbox.filter((m) => JSON.stringify(m.to).includes(email));

/** The emails to this address once the n-th arrived (the worker runs what a page's report started). */
export async function mailArrives(
  e: E2e,
  email: string,
  n: number,
): Promise<ParsedMail[]> {
  for (let tries = 0; tries < 100 && mailTo(e, email).length < n; tries++) {
    await e.worker.drain(DRAIN_MS);
    // The worker's minute sweep, which the moved clock skipped: it queues again an email left
    // PENDING with no send job (seen here when a wait's end and an event move one run at once).
    if (tries > 0)
      await sweepDeliveries(e.database.db, e.worker.queue, e.worker.now());
  }
  return mailTo(e, email);
}

/** The List-Unsubscribe header as sent (unfolded). */
export const unsubscribeHeader = (m: ParsedMail) =>
  m.headerLines
    .find((l) => l.key === "list-unsubscribe")
    ?.line.replace(/\r?\n\s+/g, " ");

/** The pushes the push service accepted for a subscription, decrypted. */
export const pushesTo = (e: E2e, endpoint: string) =>
  e.push.received
    .filter((p) => endpoint.endsWith(`/${p.id}`))
    .map(
      (p) =>
        JSON.parse(p.payload) as { title: string; body: string; url: string },
    );

/** Notifications allowed for the store: a push subscription at the local push service, handed to the page's PushManager (Chromium's own is Google's, out of reach). */
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

export interface AnalyticsRow {
  launches: number;
  inProgress: number;
  goalReached: number;
  allStepsDone: number;
  leftEarly: number;
  failed: number;
  conversions: number;
  revenue: string;
}

export interface AnalyticsRow {
  launches: number;
  inProgress: number;
  goalReached: number;
  allStepsDone: number;
  leftEarly: number;
  failed: number;
  conversions: number;
  revenue: string;
}

/**
 * The scenario's row on the admin's Analytics page, opened in Chromium as the merchant does:
 * [name, launches, in progress, goal reached, finished, exited, failed, conversions, revenue].
 */
export async function analyticsCells(
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

/** The scenario's figures on the admin's Analytics page (`analyticsCells`), by name. */
export async function analyticsRow(
  e: E2e,
  scenarioId: string,
  key: string,
): Promise<AnalyticsRow> {
  const cells = await analyticsCells(e, scenarioId, key);
  const [
    launches,
    inProgress,
    goalReached,
    allStepsDone,
    leftEarly,
    failed,
    conversions,
  ] = cells.slice(1, 8).map(Number);
  return {
    launches: launches!,
    inProgress: inProgress!,
    goalReached: goalReached!,
    allStepsDone: allStepsDone!,
    leftEarly: leftEarly!,
    failed: failed!,
    conversions: conversions!,
    revenue: cells[8]!,
  };
}

/** The lines of the browser's cart as Shopify's last carts webhook for it carried them, and their total. */
function cartLines(e: E2e, cartToken: string) {
  const last = e.double.storefront.deliveries
    .filter(
      (d) => (JSON.parse(d.rawBody) as { token: string }).token === cartToken,
    )
    .at(-1);
  if (!last) throw new Error(`no carts webhook went for cart ${cartToken}`);
  const lines = (
    JSON.parse(last.rawBody) as {
      line_items: Array<{ price: string; quantity: number }>;
    }
  ).line_items;
  return {
    lines,
    total: lines
      .reduce((sum, l) => sum + Number(l.price) * l.quantity, 0)
      .toFixed(2),
  };
}

/** Shopify's checkouts/create as the shopper starts checkout with the browser's cart, at the app's time. */
export function checkoutOf(
  e: E2e,
  cartToken: string,
  person: Person,
  token = `co-${cartToken}`,
) {
  const { lines, total } = cartLines(e, cartToken);
  return {
    ...checkout(token, person, e.worker.now(), { cartToken }),
    line_items: lines,
    total_price: total,
    subtotal_price: total,
  };
}

/** Shopify's orders/create for the browser's cart (paid or not: financial_status as given), at the app's time. */
export function orderOf(
  e: E2e,
  cartToken: string | undefined,
  person: Person,
  extra: { discountCodes?: string[]; checkoutToken?: string } = {},
) {
  const body = order(person, e.worker.now(), { cartToken, ...extra });
  if (!cartToken) return body;
  const { lines, total } = cartLines(e, cartToken);
  return { ...body, line_items: lines, total_price: total };
}

/**
 * Shopify's standard events for the shopper's browser, through the app's real web pixel code
 * (`trackEvents`), stamped with the worker's clock (the demo storefront's own pixel host, off in
 * tests unless `e.double.storefront.webPixels` is set, stamps real time). This stands in for
 * Shopify's host: it hands the pixel the browser's client id (`_shopify_y`) and cart, sets the
 * cookie it sets, and posts what the pixel sends to the app's `/pixel` endpoint from the shop's origin.
 */
export async function pixelEvent(
  e: E2e,
  name: (typeof TRACKED)[number],
  data: Record<string, unknown> = {},
  path = "/",
): Promise<void> {
  const cookies = await e.browser.context.cookies(e.store);
  const clientId = cookies.find((c) => c.name === "_shopify_y")!.value;
  const cart = cookies.find((c) => c.name === "cart")?.value;
  const handlers = new Map<string, (event: unknown) => void>();
  const sent: Promise<Response>[] = [];
  const cookiesSet: Promise<void>[] = [];
  const api = {
    // The pixel's cookie goes on the shop's domain, as Shopify's host sets it.
    browser: {
      cookie: {
        set: (line: string) => {
          const [name, value] = line.split(";")[0]!.split("=");
          const set = e.browser.context.addCookies([
            { name: name!, value: value!, url: e.store },
          ]);
          cookiesSet.push(set);
          return set;
        },
      },
    },
    analytics: {
      subscribe: (n: string, handler: (event: unknown) => void) =>
        void handlers.set(n, handler),
    },
    init: {
      data: {
        shop: { myshopifyDomain: e.shop },
        cart: cart ? { id: `gid://shopify/Cart/${cart}` } : null,
      },
    },
    settings: { ingestUrl: `${e.app.url}/pixel` },
  } as unknown as Parameters<typeof trackEvents>[0];
  trackEvents(
    api,
    (url, body) =>
      void sent.push(
        fetch(url, {
          method: "POST",
          body,
          headers: {
            "Content-Type": "text/plain",
            Origin: `https://${e.shop}`,
          },
        }),
      ),
  );
  handlers.get(name)!({
    id: `${name}-${randomUUID()}`,
    clientId,
    timestamp: e.worker.now().toISOString(),
    data,
    context: { document: { location: { href: `https://${e.shop}${path}` } } },
  });
  for (const response of await Promise.all(sent))
    if (response.status >= 300)
      throw new Error(`/pixel answered ${response.status}`);
  await Promise.all(cookiesSet);
  await e.worker.drain(DRAIN_MS);
}

/** The product as Shopify's pixel events carry it (`productVariant.product` / `cartLine.merchandise.product`). */
export const pixelProduct = (id: number, title: string) => ({
  id: String(id),
  title,
});
