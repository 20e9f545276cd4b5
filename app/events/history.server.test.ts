// The shop's past imported from Shopify's bulk operations (the double), on both databases: contacts
// with Shopify's consent and no more, order counts and last order dates, recent orders as stored
// events; nothing started by them; a second run changes no row; an interrupted run resumes; the
// 60-day rule without read_all_orders; the simulator sees the imported orders.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { doubleAdminGraphql } from "../../sandbox/demo";
import { routeShopifyTo } from "../../sandbox/shopify-double/route-shopify-fetch";
import {
  startShopifyDouble,
  type ShopifyDouble,
} from "../../sandbox/shopify-double/server";
import { simulate, simulationSubject } from "../analytics/simulator.server";
import { createDatabaseQueue } from "../jobs/drivers/database.server";
import { activateTemplate } from "../admin/scenarios.server";
import { feedInactivity } from "../runs/inactivity.server";
import {
  HISTORY_SYNC_JOB,
  runHistorySync,
  startHistorySync,
  type HistoryIo,
} from "./history.server";

// A few thousand rows a run, on PostgreSQL too.
vi.setConfig({ testTimeout: 120_000 });

const DAY = 86_400_000;
// Yesterday at 10:00 UTC: recent enough for the 60-day rule, and the win-back's sends a day later fall
// outside the shop's quiet hours (21:00–09:00) whatever the hour CI runs at.
const NOW = new Date(
  Math.floor(Date.now() / 86_400_000) * 86_400_000 - 14 * 3_600_000,
);
const SHOPS = [
  "past-a.myshopify.com",
  "past-b.myshopify.com",
  "past-c.myshopify.com",
  "past-d.myshopify.com",
];
const SIZE = { customers: 300, orders: 1200 };

let double: ShopifyDouble;
let undo: () => void;

beforeAll(async () => {
  double = await startShopifyDouble({
    apiKey: "k",
    apiSecret: "s",
    appUrl: "http://127.0.0.1:9",
    scopes: ["read_orders", "read_all_orders", "read_customers"],
    shops: SHOPS.map((domain) => ({
      domain,
      name: domain,
      email: "o@example.com",
      currencyCode: "EUR",
      ianaTimezone: "UTC",
    })),
  });
  for (const shop of SHOPS)
    double.admin.seedHistory(shop, { ...SIZE, now: NOW });
  // The third shop's app was not granted read_all_orders.
  double.admin.withholdScopes(SHOPS[2]!, ["read_all_orders"]);
  // The result files are on Shopify's storage host: to the double, as in the sandbox.
  undo = routeShopifyTo(double.url, SHOPS);
});
afterAll(async () => {
  undo?.();
  await double?.close();
});

describe.each(PROVIDERS)("the history import on %s", (provider) => {
  let t: TestDatabase;
  const ids: Record<string, string> = {};
  const queue = () => createDatabaseQueue(t.db, "history-test");
  const deps = () => ({ db: t.db, queue: queue(), now: () => NOW });
  const io = (shop: string, extra: Partial<HistoryIo> = {}): HistoryIo => ({
    graphql: doubleAdminGraphql(double, shop),
    ...extra,
  });
  /** Runs the job until the import ends, as the worker would (polls included). */
  const runToEnd = async (shop: string, extra: Partial<HistoryIo> = {}) => {
    for (let i = 0; i < 200; i++) {
      await runHistorySync(deps(), ids[shop]!, io(shop, extra));
      const row = await t.db.historySync.findUniqueOrThrow({
        where: { shopId: ids[shop]! },
      });
      if (row.phase === "DONE" || row.phase === "FAILED") return row;
    }
    throw new Error("the import did not end");
  };
  const snapshot = async (shopId: string) => ({
    contacts: await t.db.contact.findMany({
      where: { shopId },
      orderBy: { id: "asc" },
    }),
    events: await t.db.contactEvent.findMany({
      where: { shopId },
      orderBy: { id: "asc" },
    }),
  });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    for (const domain of SHOPS) {
      ids[domain] = (
        await t.db.shop.create({ data: { domain, settings: {} } })
      ).id;
      // Scenarios started by orders, active before the import: imported orders must start none.
      for (const key of ["RE1", "RE2", "WB2"])
        await activateTemplate(t.db, null, ids[domain]!, key);
    }
  });
  afterAll(() => t?.drop());

  it("imports customers with Shopify's consent, order counts and recent orders, starting nothing", async () => {
    const shop = SHOPS[0]!;
    const shopId = ids[shop]!;
    expect(await startHistorySync(deps(), shopId)).toBe(true);
    // Once per shop: install again queues nothing new.
    expect(await startHistorySync(deps(), shopId)).toBe(false);
    const started = Date.now();
    const row = await runToEnd(shop);
    const took = Date.now() - started;
    expect(row).toMatchObject({
      phase: "DONE",
      customers: SIZE.customers,
      orders: SIZE.orders,
      recentOrdersOnly: false,
      error: null,
    });
    expect(took).toBeLessThan(60_000);

    const customers = double.admin.customers(shop);
    const orders = double.admin.orders(shop);
    const contacts = await t.db.contact.findMany({ where: { shopId } });
    const byCustomer = new Map(contacts.map((c) => [c.shopifyCustomerId, c]));
    // Every customer, and each guest buyer by email.
    const guests = new Set(
      orders.filter((o) => !o.customerId).map((o) => o.email),
    );
    expect(contacts).toHaveLength(customers.length + guests.size);

    for (const customer of customers) {
      const contact = byCustomer.get(customer.id.split("/").pop()!)!;
      expect(contact.email).toBe(customer.email);
      const consent = customer.emailMarketingConsent!;
      if (consent.marketingState === "SUBSCRIBED") {
        expect(contact.emailConsent).toBe("SUBSCRIBED");
        expect(contact.consentUpdatedAt?.toISOString()).toBe(
          new Date(consent.consentUpdatedAt!).toISOString(),
        );
      } else {
        // Never granted beyond what Shopify shows.
        expect(contact.emailConsent).not.toBe("SUBSCRIBED");
      }
      const own = orders.filter((o) => o.customerId === customer.id);
      expect(contact.orderCount).toBe(own.length);
      expect(contact.lastOrderAt?.toISOString() ?? null).toBe(
        own.length ? new Date(own.at(-1)!.createdAt).toISOString() : null,
      );
    }
    const subscribed = customers.filter(
      (c) => c.emailMarketingConsent?.marketingState === "SUBSCRIBED",
    ).length;
    expect(
      contacts.filter((c) => c.emailConsent === "SUBSCRIBED"),
    ).toHaveLength(subscribed);

    // Orders within the shop's event retention (365 days) are stored, processed and stale.
    const kept = orders.filter(
      (o) => Date.parse(o.createdAt) >= NOW.valueOf() - 365 * DAY,
    );
    const events = await t.db.contactEvent.findMany({ where: { shopId } });
    expect(events).toHaveLength(kept.length);
    expect(
      events.every(
        (e) =>
          e.type === "order_placed" && e.stale && e.processedAt && e.contactId,
      ),
    ).toBe(true);
    expect(events[0]!.source).toBe("history");

    // Nothing started: no run, no message, no event processing queued.
    expect(await t.db.scenarioRun.count({ where: { shopId } })).toBe(0);
    expect(await t.db.delivery.count({ where: { shopId } })).toBe(0);
    expect(
      await t.db.job.count({ where: { name: { not: HISTORY_SYNC_JOB } } }),
    ).toBe(0);
    expect(double.admin.invalidOperations).toEqual([]);
  });

  it("changes no row when run again", async () => {
    const shop = SHOPS[0]!;
    const shopId = ids[shop]!;
    const before = await snapshot(shopId);
    expect(await startHistorySync(deps(), shopId, { again: true })).toBe(true);
    const row = await runToEnd(shop);
    expect(row).toMatchObject({ phase: "DONE", customers: SIZE.customers });
    expect(await snapshot(shopId)).toEqual(before);
  });

  it("resumes where an interrupted run stopped, and ends with the same figures", async () => {
    const shop = SHOPS[1]!;
    const shopId = ids[shop]!;
    await startHistorySync(deps(), shopId);
    // A worker that dies mid-file: the stream breaks after a few kilobytes.
    const breaking: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      let sent = 0;
      const reader = response.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent > 70_000) return controller.error(new Error("killed"));
          const { done, value } = await reader.read();
          if (done) return controller.close();
          sent += value.length;
          controller.enqueue(value);
        },
      });
      return new Response(body, { status: response.status });
    };
    // A download that breaks before any line is applied fails the job (the queue retries it)…
    const dead: typeof fetch = async () =>
      new Response(
        new ReadableStream({
          pull: (controller) => controller.error(new Error("reset")),
        }),
      );
    let threw = false;
    for (let i = 0; i < 20 && !threw; i++)
      threw = await runHistorySync(
        deps(),
        shopId,
        io(shop, { fetch: dead }),
      ).then(
        () => false,
        () => true,
      );
    expect(threw).toBe(true);
    // …one that breaks later keeps the lines applied and ends the run, for the next to go on.
    await runHistorySync(deps(), shopId, io(shop, { fetch: breaking }));
    const halfway = await t.db.historySync.findUniqueOrThrow({
      where: { shopId },
    });
    expect(halfway.phase).toBe("CUSTOMERS");
    expect(halfway.linesDone).toBeGreaterThan(0);
    expect(halfway.linesDone).toBeLessThan(SIZE.customers);
    expect(halfway.customers).toBe(halfway.linesDone);

    // Then runs cut short by their line budget, as slices are.
    await runHistorySync(deps(), shopId, io(shop, { maxLines: 50 }));
    const sliced = await t.db.historySync.findUniqueOrThrow({
      where: { shopId },
    });
    expect(sliced.linesDone).toBe(halfway.linesDone + 50);
    const row = await runToEnd(shop, { maxLines: 400 });
    expect(row).toMatchObject({
      phase: "DONE",
      customers: SIZE.customers,
      orders: SIZE.orders,
    });
    const figures = async (id: string) => ({
      contacts: await t.db.contact.count({ where: { shopId: id } }),
      subscribed: await t.db.contact.count({
        where: { shopId: id, emailConsent: "SUBSCRIBED" },
      }),
      orders: (
        await t.db.contact.aggregate({
          where: { shopId: id },
          _sum: { orderCount: true },
        })
      )._sum.orderCount,
      events: await t.db.contactEvent.count({ where: { shopId: id } }),
    });
    // The same history as the first shop's (same seed), imported in one go.
    expect(await figures(shopId)).toEqual(await figures(ids[SHOPS[0]!]!));
  });

  it("says when Shopify gave only the last 60 days of orders", async () => {
    const shop = SHOPS[2]!;
    const shopId = ids[shop]!;
    await startHistorySync(deps(), shopId);
    const row = await runToEnd(shop);
    const recent = double.admin
      .orders(shop)
      .filter((o) => Date.parse(o.createdAt) >= Date.now() - 60 * DAY);
    expect(row).toMatchObject({
      phase: "DONE",
      recentOrdersOnly: true,
      customers: SIZE.customers,
      orders: recent.length,
    });
    // Order counts are Shopify's own figure on the customer, old orders included.
    const sum = (
      await t.db.contact.aggregate({
        where: { shopId, shopifyCustomerId: { not: null } },
        _sum: { orderCount: true },
      })
    )._sum.orderCount;
    expect(sum).toBe(
      double.admin.orders(shop).filter((o) => o.customerId).length,
    );
  });

  it("has a win-back turned on after the import email nobody that day, or 50 a day when asked to reach past customers", async () => {
    const shopId = ids[SHOPS[0]!]!;
    const at = (hours: number) => () =>
      new Date(NOW.valueOf() + hours * 3_600_000);
    const { id } = await activateTemplate(t.db, null, shopId, "WB1", {}, NOW);
    for (const hours of [1, 2, 24])
      await feedInactivity({ db: t.db, queue: queue(), now: at(hours) });
    expect(await t.db.scenarioRun.count({ where: { shopId } })).toBe(0);
    expect(await t.db.delivery.count({ where: { shopId } })).toBe(0);

    await activateTemplate(t.db, null, shopId, "WB1", { pastPerDay: 50 }, NOW);
    for (const hours of [25, 26, 30])
      await feedInactivity({ db: t.db, queue: queue(), now: at(hours) });
    expect(await t.db.scenarioRun.count({ where: { scenarioId: id } })).toBe(
      50,
    );
    // Each gets the promotion by email (subscribed, no push subscription).
    expect(
      await t.db.delivery.count({
        where: { run: { scenarioId: id }, channel: "EMAIL" },
      }),
    ).toBe(50);
    expect(await t.db.scenarioRun.count({ where: { shopId } })).toBe(50);
  });

  it("counts each line once when two runs of the job go at the same time", async () => {
    const shop = SHOPS[3]!;
    const shopId = ids[shop]!;
    await startHistorySync(deps(), shopId);
    const rows = await Promise.all([
      runToEnd(shop, { maxLines: 150 }),
      runToEnd(shop, { maxLines: 150 }),
    ]);
    for (const row of rows)
      expect(row).toMatchObject({
        phase: "DONE",
        customers: SIZE.customers,
        orders: SIZE.orders,
      });
    expect(await t.db.contact.count({ where: { shopId } })).toBe(
      await t.db.contact.count({ where: { shopId: ids[SHOPS[0]!]! } }),
    );
  });

  it("lets the simulator replay the imported orders", async () => {
    const shop = SHOPS[0]!;
    const subject = await simulationSubject(t.db, shop, { templateKey: "RE1" });
    const { report } = await simulate(t.db, shop, subject!, { now: NOW });
    const lastMonth = double.admin
      .orders(shop)
      .filter((o) => Date.parse(o.createdAt) >= NOW.valueOf() - 30 * DAY);
    expect(lastMonth.length).toBeGreaterThan(0);
    expect(report.entered).toBeGreaterThan(0);
  });
});
