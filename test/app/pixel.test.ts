// The web pixel's endpoint and what its events do, through the real app on both databases:
// CORS, validation, limits; visits and identity stitching with the webhooks' customer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedEvent } from "../../app/events/normalize";
import { createEventLog } from "../../app/events/ingest.server";
import { PROVIDERS } from "../support/databases";
import {
  BROWSER_UA,
  startTestAppWithWorker,
  type TestAppWithWorker,
} from "../support/app";
import { checkout, customerBody } from "../support/shopify-payloads";

const MINUTE = 60_000;

describe.each(PROVIDERS)("web pixel on %s", (provider) => {
  let t: TestAppWithWorker;
  let seq = 0;
  const db = () => t.database.db;
  const post = (body: unknown, init: RequestInit = {}) =>
    fetch(`${t.app.url}/pixel`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Origin: `https://${t.shop}` },
      body: typeof body === "string" ? body : JSON.stringify(body),
      ...init,
    });
  const pixelEvent = (
    clientId: string,
    name: string,
    extra: Record<string, unknown> = {},
  ) => ({
    v: 1,
    shop: t.shop,
    clientId,
    event: {
      id: `e-${++seq}`,
      name,
      at: new Date().toISOString(),
      url: `https://${t.shop}/products/linen-shirt`,
      ...extra,
    },
  });

  beforeAll(async () => {
    t = await startTestAppWithWorker(provider);
  });
  afterAll(() => t?.stop());

  it("is activated for the shop when the merchant opens the app", async () => {
    const idToken = t.double.mintSessionToken(t.shop);
    const host = Buffer.from(`${t.shop}/admin`).toString("base64url");
    const response = await fetch(
      `${t.app.url}/app?embedded=1&shop=${t.shop}&host=${host}&id_token=${idToken}`,
      { headers: { "User-Agent": BROWSER_UA } },
    );
    expect(response.status).toBe(200);
    const created = t.double.admin.operations.find((o) =>
      o.query.includes("webPixelCreate"),
    );
    expect(created?.variables).toEqual({
      settings: JSON.stringify({ ingestUrl: `${t.app.url}/pixel` }),
    });
    expect(t.double.admin.invalidOperations).toEqual([]);
  });

  it("answers CORS preflight and bad input with 4xx", async () => {
    const preflight = await fetch(`${t.app.url}/pixel`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://x.example",
        "Access-Control-Request-Method": "POST",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const malformed = await post("{nope");
    const wrongShape = await post({
      v: 1,
      shop: t.shop,
      clientId: "c",
      event: { id: "x", name: "teleported", at: "now" },
    });
    const oversized = await post(JSON.stringify({ pad: "x".repeat(20_000) }));
    const stranger = await post({
      ...pixelEvent("c-404", "page_viewed"),
      shop: "nobody.myshopify.com",
    });
    expect([
      malformed.status,
      wrongShape.status,
      oversized.status,
      stranger.status,
    ]).toEqual([400, 400, 413, 404]);
    expect(wrongShape.headers.get("access-control-allow-origin")).toBe("*");
    expect(await wrongShape.text()).toMatch(/event\.name/);
  });

  it("limits one browser's rate", async () => {
    // A burst of 60 passes; a flood past it is refused however fast this machine sends it (the
    // bucket refills 2 a second, so a bounded flood outruns it).
    const statuses: number[] = [];
    while (statuses.length < 300 && statuses.at(-1) !== 429) {
      statuses.push(
        (
          await post({
            ...pixelEvent("flooder", "page_viewed"),
            shop: "nobody.myshopify.com",
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("limits one address however many browser ids it makes up", async () => {
    // Sent 50 at a time until refused (bounded): faster than the bucket's refill on any machine.
    const statuses: number[] = [];
    while (statuses.length < 2000 && !statuses.includes(429)) {
      const batch = Array.from({ length: 50 }, (_, i) =>
        post({
          ...pixelEvent(`made-up-${statuses.length + i}`, "page_viewed"),
          shop: "nobody.myshopify.com",
        }),
      );
      statuses.push(...(await Promise.all(batch)).map((r) => r.status));
    }
    expect(statuses).toContain(429);
  });

  it("counts visits: a page view after 30 idle minutes is a new visit", async () => {
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    const start = Date.now() - 3 * 60 * MINUTE;
    const view = (minutes: number): NormalizedEvent => ({
      type: "page_viewed",
      occurredAt: new Date(start + minutes * MINUTE).toISOString(),
      identity: { visitorId: "visitor-v" },
      page: { url: `https://${t.shop}/`, pageType: "home" },
    });
    for (const [i, minutes] of [0, 10, 25, 70, 75].entries()) {
      await createEventLog(db(), t.worker.queue).storefront(
        shop.id,
        "pixel",
        `visit-${i}`,
        view(minutes),
      );
      await t.worker.drain();
    }
    const link = await db().contactVisitor.findFirstOrThrow({
      where: { visitorId: "visitor-v" },
      include: { contact: true },
    });
    expect(link.contact).toMatchObject({
      visitCount: 2,
      firstVisitAt: new Date(start),
      lastVisitAt: new Date(start + 70 * MINUTE),
      lastSeenAt: new Date(start + 75 * MINUTE),
    });
  });

  it("never takes a browser's word for who it is", async () => {
    await t.double.deliverWebhook({
      path: "/webhooks/customers",
      topic: "customers/create",
      shopDomain: t.shop,
      payload: customerBody(
        { customerId: 9100, email: "victim@example.com", firstName: "Vic" },
        new Date(),
      ),
    });
    const claim = await post(
      pixelEvent("attacker", "checkout_completed", {
        checkoutToken: "co-forged",
        email: "victim@example.com",
        customerId: "9100",
      }),
    );
    expect(claim.status).toBe(204);
    await t.worker.drain();
    const victim = await db().contact.findFirstOrThrow({
      where: { email: "victim@example.com" },
      include: { visitors: true },
    });
    expect(victim.visitors).toEqual([]);
  });

  it("stitches the browser to the customer the webhooks know, keeping both histories", async () => {
    const response = await post(
      pixelEvent("browser-b", "product_viewed", { productId: "p1" }),
    );
    expect(response.status).toBe(204);
    await t.double.deliverWebhook({
      path: "/webhooks/customers",
      topic: "customers/create",
      shopDomain: t.shop,
      payload: customerBody(
        { customerId: 9001, email: "bea@example.com", firstName: "Bea" },
        new Date(),
      ),
    });
    await t.worker.drain();
    expect(
      await db().contact.count({
        where: {
          OR: [
            { email: "bea@example.com" },
            { visitors: { some: { visitorId: "browser-b" } } },
          ],
        },
      }),
    ).toBe(2);

    // The browser reaches checkout; Shopify's webhook about that checkout names her: one person.
    expect(
      (
        await post(
          pixelEvent("browser-b", "checkout_started", {
            checkoutToken: "co-bea",
          }),
        )
      ).status,
    ).toBe(204);
    await t.worker.drain();
    const bea = {
      customerId: 9001,
      email: "bea@example.com",
      firstName: "Bea",
    };
    await t.double.deliverWebhook({
      path: "/webhooks/checkouts",
      topic: "checkouts/create",
      shopDomain: t.shop,
      payload: checkout("co-bea", bea, new Date()),
    });
    await t.worker.drain();
    const contacts = await db().contact.findMany({
      where: {
        OR: [
          { email: "bea@example.com" },
          { visitors: { some: { visitorId: "browser-b" } } },
        ],
      },
      include: { events: true },
    });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      shopifyCustomerId: "9001",
      firstName: "Bea",
      visitCount: 1,
    });
    expect(contacts[0].events.map((e) => e.type).sort()).toEqual([
      "checkout_started",
      "checkout_started",
      "customer_updated",
      "product_viewed",
    ]);
    expect(await t.worker.failures()).toEqual([]);
  });
});
