// Webhooks reach the real app as Shopify sends them (signed by the double), on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS } from "../support/databases";
import { startTestApp, type TestApp } from "../support/app";
import { order as orderBody } from "../support/shopify-payloads";

describe.each(PROVIDERS)("webhooks on %s", (provider) => {
  let t: TestApp;
  const seedSession = () =>
    t.database.db.session.upsert({
      where: { id: `offline_${t.shop}` },
      create: {
        id: `offline_${t.shop}`,
        shop: t.shop,
        state: "",
        isOnline: false,
        accessToken: "shpat_x",
        scope: "read_orders",
      },
      update: {},
    });
  const uninstalled = (
    extra: Partial<Parameters<TestApp["double"]["deliverWebhook"]>[0]> = {},
  ) =>
    t.double.deliverWebhook({
      path: "/webhooks/app/uninstalled",
      topic: "app/uninstalled",
      shopDomain: t.shop,
      payload: { id: 1, domain: t.shop },
      ...extra,
    });

  beforeAll(async () => {
    t = await startTestApp(provider);
  });
  afterAll(() => t?.stop());

  it("app/uninstalled with a wrong HMAC gets 401 and changes nothing", async () => {
    await seedSession();
    const response = await uninstalled({ secret: "not-the-app-secret" });
    expect(response.status).toBe(401);
    expect(await t.database.db.session.count({ where: { shop: t.shop } })).toBe(
      1,
    );
    expect(await t.database.db.webhookReceipt.count()).toBe(0);
  });

  it("app/uninstalled without Shopify's headers gets 400 and changes nothing", async () => {
    const response = await uninstalled({
      headersOverride: {
        "X-Shopify-Topic": null,
        "X-Shopify-Shop-Domain": null,
      },
    });
    expect(response.status).toBe(400);
    expect(await t.database.db.session.count({ where: { shop: t.shop } })).toBe(
      1,
    );
  });

  it("app/uninstalled deletes the shop's sessions and marks it uninstalled; a retry and a second event are harmless", async () => {
    const first = await uninstalled();
    expect(first.status).toBe(200);
    expect(await t.database.db.session.count({ where: { shop: t.shop } })).toBe(
      0,
    );
    const shop = await t.database.db.shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    expect(shop.uninstalledAt).toBeInstanceOf(Date);

    const retry = await t.double.deliverWebhook({
      path: "/webhooks/app/uninstalled",
      topic: "app/uninstalled",
      shopDomain: t.shop,
      payload: { id: 1, domain: t.shop },
      eventId: first.eventId,
      webhookId: first.webhookId,
    });
    const again = await uninstalled();
    expect([retry.status, again.status]).toEqual([200, 200]);
    expect(
      await t.database.db.webhookReceipt.count({
        where: { topic: "APP_UNINSTALLED" },
      }),
    ).toBe(2);
    expect(
      (
        await t.database.db.shop.findUniqueOrThrow({
          where: { domain: t.shop },
        })
      ).uninstalledAt,
    ).toEqual(shop.uninstalledAt);
  });

  it("a compliance webhook is verified before it is acknowledged", async () => {
    const payload = {
      shop_domain: t.shop,
      customer: { id: 7, email: "ann@example.com" },
      orders_to_redact: [],
    };
    const forged = await t.double.deliverWebhook({
      path: "/webhooks/compliance",
      topic: "customers/redact",
      shopDomain: t.shop,
      payload,
      secret: "forged",
    });
    expect(forged.status).toBe(401);
    const real = await t.double.deliverWebhook({
      path: "/webhooks/compliance",
      topic: "customers/redact",
      shopDomain: t.shop,
      payload,
    });
    expect(real.status).toBe(200);
  });

  it("a subscribed topic is acknowledged once per event, however often it is delivered", async () => {
    const order = {
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: t.shop,
      payload: orderBody({ email: "ann@example.com" }, new Date()),
    };
    const first = await t.double.deliverWebhook(order);
    const duplicate = await t.double.deliverWebhook({
      ...order,
      eventId: first.eventId,
    });
    expect([first.status, duplicate.status]).toEqual([200, 200]);
    const receipts = await t.database.db.webhookReceipt.findMany({
      where: { eventId: first.eventId },
    });
    expect(receipts).toHaveLength(1);
    expect(receipts[0].processedAt).toBeInstanceOf(Date);
  });

  it("a correctly signed body that is not JSON gets 400 with the reason, and nothing is recorded", async () => {
    const before = await t.database.db.webhookReceipt.count();
    const response = await t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: t.shop,
      payload: null,
      rawBody: "{not json",
    });
    expect(response.status).toBe(400);
    expect(response.body).toBe("Malformed JSON body");
    expect(await t.database.db.webhookReceipt.count()).toBe(before);
  });

  it("answers 405 to anything but POST", async () => {
    const response = await fetch(`${t.app.url}/webhooks/app/uninstalled`);
    expect(response.status).toBe(405);
  });
});
