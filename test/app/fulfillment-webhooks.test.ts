// Shopify's fulfillment webhooks through the real app and worker, on both databases: verified,
// stored once, and a shipment's statuses told once each (fulfillments/update comes for any change).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  resolveParameters,
  templateByKey,
} from "../../app/scenarios/templates";
import { PROVIDERS } from "../support/databases";
import { startTestAppWithWorker, type TestAppWithWorker } from "../support/app";
import { fulfillment, order, type Person } from "../support/shopify-payloads";

const PATH = "/webhooks/fulfillments";

describe.each(PROVIDERS)("fulfillment webhooks on %s", (provider) => {
  let t: TestAppWithWorker;
  const db = () => t.database.db;
  const deliver = (
    topic: string,
    payload: unknown,
    extra: Record<string, unknown> = {},
  ) =>
    t.double.deliverWebhook({
      path: PATH,
      topic,
      shopDomain: t.shop,
      payload,
      ...extra,
    });
  const now = () => t.worker.now();

  /** An order-status template as a shop that also wants email would set it up. */
  async function activate(key: string) {
    const template = templateByKey(key)!;
    const definition = template.build(
      resolveParameters(template, { email: 1 }),
    );
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    return db().scenario.create({
      data: {
        shopId: shop.id,
        group: "RETENTION",
        name: key,
        templateKey: key,
        status: "ACTIVE",
        versions: { create: { version: 1, definition: definition as object } },
      },
    });
  }

  beforeAll(async () => {
    t = await startTestAppWithWorker(provider);
    // Quiet hours on all day: transactional messages must not wait for them.
    await db().shop.update({
      where: { domain: t.shop },
      data: { settings: { quietHours: { start: 0, end: 23 } } },
    });
    await activate("RE3-shipped");
    await activate("RE3-delivered");
  });
  afterAll(() => t?.stop());

  it("refuses a forged, a malformed and a wrongly shaped body, storing nothing", async () => {
    const before = await db().contactEvent.count();
    const receipts = await db().webhookReceipt.count();
    const body = fulfillment(order({ email: "x@example.com" }, now()), now());
    const forged = await t.double.deliverForged({
      path: PATH,
      topic: "fulfillments/create",
      shopDomain: t.shop,
      payload: body,
    });
    const malformed = await deliver("fulfillments/create", null, {
      rawBody: '{"id": 1,',
    });
    const { order_id: _orderId, ...noOrder } = body;
    const wrongShape = await deliver("fulfillments/update", noOrder);
    expect([forged.status, malformed.status, wrongShape.status]).toEqual([
      401, 400, 400,
    ]);
    expect(wrongShape.body).toMatch(/order_id/);
    expect(await db().contactEvent.count()).toBe(before);
    expect(await db().webhookReceipt.count()).toBe(receipts);
  });

  it("tells a shipment's statuses once each, however often Shopify delivers them, without marketing consent", async () => {
    const ann: Person = { customerId: 701, email: "ann.ships@example.com" };
    const placed = order(ann, now());
    await t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: t.shop,
      payload: placed,
    });
    const shipped = fulfillment(placed, now(), { id: 9001 });
    const first = await deliver("fulfillments/create", shipped);
    const retry = await t.double.deliverRetry(first);
    const duplicate = await t.double.deliverDuplicate(first);
    // A tracking update, then the carrier's delivered status twice (two changes, two events).
    const inTransit = await deliver("fulfillments/update", {
      ...shipped,
      shipment_status: "in_transit",
    });
    const delivered = { ...shipped, shipment_status: "delivered" };
    const d1 = await deliver("fulfillments/update", delivered);
    const d2 = await deliver("fulfillments/update", {
      ...delivered,
      tracking_numbers: ["1Z2345", "1Z2346"],
    });
    expect(
      [first, retry, duplicate, inTransit, d1, d2].map((r) => r.status),
    ).toEqual([200, 200, 200, 200, 200, 200]);
    await t.worker.drain();

    const contact = await db().contact.findFirstOrThrow({
      where: { email: "ann.ships@example.com" },
    });
    const events = await db().contactEvent.findMany({
      where: { contactId: contact.id, type: { not: "order_placed" } },
      // Two stored in the same millisecond have no order of their own: the stale one is the later.
      orderBy: [{ createdAt: "asc" }, { stale: "asc" }],
    });
    expect(events.map((e) => [e.type, e.stale])).toEqual([
      ["order_shipped", false],
      ["fulfillment_updated", false],
      ["order_delivered", false],
      ["order_delivered", true],
    ]);
    expect(events.every((e) => e.processedAt)).toBe(true);
    const deliveries = await db().delivery.findMany({
      where: { contactId: contact.id },
      orderBy: { createdAt: "asc" },
    });
    // Two created in the same millisecond have no order in PostgreSQL: compared by key.
    expect(
      deliveries
        .map((d) => [d.messageKey, d.channel, d.marketing])
        .sort((a, b) => String(b[0]).localeCompare(String(a[0]))),
    ).toEqual([
      ["re3.shipped", "EMAIL", false],
      ["re3.delivered", "EMAIL", false],
    ]);
    // The shipment's tracking page is the button's link.
    const shippedMail = deliveries.find((d) => d.messageKey === "re3.shipped")!;
    expect(JSON.stringify(shippedMail.message)).toContain(
      "https://www.ups.com/WebTracking?tracknum=1Z2345",
    );

    // The next order ships too: told again (a status message goes for every order).
    const again = order(ann, now());
    await deliver("fulfillments/create", fulfillment(again, now()));
    await t.worker.drain();
    expect(
      await db().delivery.count({
        where: { contactId: contact.id, messageKey: "re3.shipped" },
      }),
    ).toBe(2);
  });
});
