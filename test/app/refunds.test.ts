// Refunds and cancellations take revenue back, through the real app, the worker and the Shopify
// double's signed refunds/create and orders/cancelled webhooks, on both databases: a partial refund
// lowers the scenario's revenue, a replayed refund changes nothing, a cancellation removes the
// order; bad deliveries are refused as every webhook's are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioAnalytics } from "../../app/analytics/scenario.server";
import { cancelledOrderBody } from "../../sandbox/shopify-double/refunds";
import { startTestAppWithWorker, type TestAppWithWorker } from "../support/app";
import { PROVIDERS } from "../support/databases";
import { activate, installShop } from "../support/shop";
import { order } from "../support/shopify-payloads";

describe.each(PROVIDERS)("refunds and cancellations on %s", (provider) => {
  let t: TestAppWithWorker;
  let shopId: string;
  let lg3: string;
  let code: string;
  const db = () => t.database.db;
  const settle = async () => {
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
  };
  const placed = async (totalPrice: string) => {
    const body = order(
      { email: "ann@example.com" },
      new Date(Date.now() + 60_000),
      { discountCodes: [code], totalPrice },
    );
    const delivery = await t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: t.shop,
      payload: body,
    });
    expect(delivery.status).toBe(200);
    await settle();
    return body;
  };
  /** The scenario's credited orders and revenue, as its Analytics page shows them. */
  const credited = async () => {
    const a = (await scenarioAnalytics(db(), shopId, lg3, 30))!;
    return a.creditedWithoutMessage
      .concat(a.steps.flatMap((s) => s.credited))
      .map((c) => ({
        conversions: c.conversions,
        revenue: c.revenue.map((m) => `${m.currency} ${m.amount.toFixed(2)}`),
      }));
  };

  beforeAll(async () => {
    t = await startTestAppWithWorker(provider);
    shopId = await installShop(t);
    ({ LG3: lg3 } = await activate(t, shopId, { LG3: {} }));
    const captured = await fetch(
      t.double.appProxyUrl("/capture", { shop: t.shop }),
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          visitorId: "browser-ann",
          email: "ann@example.com",
          rule: `${lg3}:popup`,
        }),
      },
    );
    ({ code } = (await captured.json()) as { code: string });
    await settle();
  });
  afterAll(() => t?.stop());

  it("lowers the scenario's revenue by a partial refund, once however often Shopify sends it, and removes a cancelled order", async () => {
    const body = await placed("72.00");
    expect(await credited()).toEqual([
      { conversions: 1, revenue: ["USD 72.00"] },
    ]);

    // The shirt comes back: $49 less its share of the order's $8 discount.
    const shirt = body.line_items[0]!;
    const refund = await t.double.refundOrder(t.shop, body, {
      lines: [{ lineItemId: shirt.id, quantity: 1 }],
    });
    expect(refund.status).toBe(200);
    await settle();
    expect(await credited()).toEqual([
      { conversions: 1, revenue: ["USD 27.90"] },
    ]);

    // Shopify's retry, a duplicate under a new delivery id, and the same refund as a new event.
    await t.double.deliverRetry(refund);
    await t.double.deliverDuplicate(refund);
    await t.double.deliverWebhook({
      path: "/webhooks/refunds",
      topic: "refunds/create",
      shopDomain: t.shop,
      payload: refund.refund,
    });
    await settle();
    expect(await credited()).toEqual([
      { conversions: 1, revenue: ["USD 27.90"] },
    ]);
    expect(
      await db().orderRefund.findMany({
        where: { shopId },
        select: { refundId: true, orderId: true, amount: true },
      }),
    ).toEqual([
      {
        refundId: String(refund.refund.id),
        orderId: String(body.id),
        amount: "44.10",
      },
    ]);

    // The merchant cancels the order and refunds the rest: no conversion, no revenue.
    const { refund: rest, cancelled } = await t.double.cancelOrder(
      t.shop,
      body,
      { reason: "customer" },
    );
    expect([rest?.status, cancelled.status]).toEqual([200, 200]);
    await settle();
    expect(await credited()).toEqual([]);
    expect(
      await db().orderCancellation.findMany({
        where: { shopId },
        select: { orderId: true, reason: true },
      }),
    ).toEqual([{ orderId: String(body.id), reason: "customer" }]);
  });

  it("removes an unpaid order cancelled without a refund, and keeps the others", async () => {
    const kept = await placed("30.00");
    const unpaid = await placed("45.50");
    expect(await credited()).toEqual([
      { conversions: 2, revenue: ["USD 75.50"] },
    ]);
    const { refund, cancelled } = await t.double.cancelOrder(t.shop, unpaid, {
      refund: false,
      reason: "declined",
    });
    expect([refund, cancelled.status]).toEqual([null, 200]);
    await settle();
    expect(await credited()).toEqual([
      { conversions: 1, revenue: ["USD 30.00"] },
    ]);
    expect(
      await db().conversion.count({ where: { orderId: String(kept.id) } }),
    ).toBe(1);
  });

  it("refuses a refund or a cancellation signed with another secret (401) or of the wrong shape (400, with the reason), recording nothing", async () => {
    const body = order({ email: "ann@example.com" }, new Date());
    const before = await db().webhookReceipt.count();
    const forged = await Promise.all([
      t.double.deliverForged({
        path: "/webhooks/refunds",
        topic: "refunds/create",
        shopDomain: t.shop,
        payload: { id: 1, order_id: body.id, created_at: body.created_at },
      }),
      t.double.deliverForged({
        path: "/webhooks/orders",
        topic: "orders/cancelled",
        shopDomain: t.shop,
        payload: cancelledOrderBody(body),
      }),
    ]);
    expect(forged.map((d) => d.status)).toEqual([401, 401]);

    const refund = await t.double.deliverWebhook({
      path: "/webhooks/refunds",
      topic: "refunds/create",
      shopDomain: t.shop,
      payload: { id: 2, created_at: body.created_at },
    });
    expect(refund.status).toBe(400);
    expect(refund.body).toContain("Unexpected REFUNDS_CREATE body: order_id");
    const cancellation = await t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/cancelled",
      shopDomain: t.shop,
      payload: body,
    });
    expect(cancellation.status).toBe(400);
    expect(cancellation.body).toContain(
      "Unexpected ORDERS_CANCELLED body: cancelled_at",
    );
    const notJson = await t.double.deliverWebhook({
      path: "/webhooks/refunds",
      topic: "refunds/create",
      shopDomain: t.shop,
      payload: null,
      rawBody: "{not json",
    });
    expect([notJson.status, notJson.body]).toEqual([
      400,
      "Malformed JSON body",
    ]);
    expect(await db().webhookReceipt.count()).toBe(before);
    expect(await db().orderRefund.count({ where: { refundId: "2" } })).toBe(0);
  });
});
