// Events in, through the real app and the Shopify double's signed webhooks, on both databases:
// every topic is stored once and processed by the worker's jobs into contacts, carts, runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScenarioDefinitionInput } from "../../app/scenarios/model";
import { message } from "../../app/scenarios/templates/text";
import { PROVIDERS } from "../support/databases";
import { startTestAppWithWorker, type TestAppWithWorker } from "../support/app";
import {
  cart,
  checkout,
  consentBody,
  customerBody,
  order,
  type Person,
} from "../support/shopify-payloads";
import { everything } from "../support/tables";

const MINUTE = 60_000;

const ABANDONED_CHECKOUT: ScenarioDefinitionInput = {
  schemaVersion: 1,
  trigger: { type: "checkout_abandoned" },
  goal: { events: ["order_placed"] },
  start: "email",
  steps: [
    {
      id: "email",
      type: "send",
      channels: ["email"],
      next: "wait",
      message: message("test.checkout", {
        en: "{{first_name}}, your checkout is waiting",
        ru: "{{first_name}}, заказ ждёт",
      }),
    },
    {
      id: "wait",
      type: "wait",
      duration: { amount: 1, unit: "days" },
      next: "reminder",
    },
    {
      id: "reminder",
      type: "send",
      channels: ["email"],
      message: message("test.reminder", {
        en: "Still yours",
        ru: "Всё ещё ваше",
      }),
    },
  ],
};

describe.each(PROVIDERS)("events in on %s", (provider) => {
  let t: TestAppWithWorker;
  const db = () => t.database.db;
  const deliver = (
    path: string,
    topic: string,
    payload: unknown,
    extra: Record<string, unknown> = {},
  ) =>
    t.double.deliverWebhook({
      path,
      topic,
      shopDomain: t.shop,
      payload,
      ...extra,
    });
  const now = () => t.worker.now();
  const contactOf = (email: string) =>
    db().contact.findFirst({ where: { email } });

  beforeAll(async () => {
    t = await startTestAppWithWorker(provider);
    // Quiet hours off: the test must not depend on the hour it runs at.
    await db().shop.update({
      where: { domain: t.shop },
      data: { settings: { quietHours: { start: 0, end: 0 } } },
    });
  });
  afterAll(() => t?.stop());

  it("ingests every subscribed topic and builds one contact from them", async () => {
    const ann: Person = {
      customerId: 501,
      email: "Ann@Example.com",
      firstName: "Ann",
    };
    const at = now();
    const sent = [
      await deliver(
        "/webhooks/customers",
        "customers/create",
        customerBody(ann, at),
      ),
      await deliver(
        "/webhooks/customers",
        "customers/update",
        customerBody({ ...ann, consent: "subscribed" }, at),
      ),
      await deliver(
        "/webhooks/customers",
        "customers_email_marketing_consent/update",
        consentBody(ann, "subscribed", at),
      ),
      await deliver("/webhooks/carts", "carts/create", cart("cart-ann", at)),
      await deliver(
        "/webhooks/carts",
        "carts/update",
        cart("cart-ann", new Date(at.valueOf() + 1000)),
      ),
      await deliver(
        "/webhooks/checkouts",
        "checkouts/create",
        checkout("co-ann", ann, at, { cartToken: "cart-ann" }),
      ),
      await deliver(
        "/webhooks/checkouts",
        "checkouts/update",
        checkout("co-ann", ann, new Date(at.valueOf() + 2000), {
          cartToken: "cart-ann",
        }),
      ),
      await deliver(
        "/webhooks/orders",
        "orders/create",
        order(ann, new Date(at.valueOf() + 3000), {
          checkoutToken: "co-ann",
          cartToken: "cart-ann",
        }),
      ),
      await deliver(
        "/webhooks/orders",
        "orders/paid",
        order(ann, new Date(at.valueOf() + 4000)),
      ),
    ];
    expect(sent.map((d) => d.status)).toEqual(sent.map(() => 200));
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);

    const events = await db().contactEvent.findMany();
    expect(events.map((e) => e.type).sort()).toEqual([
      "cart_updated",
      "cart_updated",
      "checkout_started",
      "checkout_updated",
      "consent_updated",
      "customer_updated",
      "customer_updated",
      "order_paid",
      "order_placed",
    ]);
    expect(events.every((e) => e.processedAt !== null)).toBe(true);
    const contacts = await db().contact.findMany();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      email: "ann@example.com",
      shopifyCustomerId: "501",
      firstName: "Ann",
      emailConsent: "SUBSCRIBED",
      orderCount: 1,
    });
    // The anonymous cart joined Ann through her checkout's cart token; the order settled both.
    const carts = await db().cart.findMany({ orderBy: { kind: "asc" } });
    expect(carts.map((c) => [c.kind, c.status, c.contactId])).toEqual([
      ["CART", "ORDERED", contacts[0].id],
      ["CHECKOUT", "ORDERED", contacts[0].id],
    ]);
  });

  it("processes a duplicate and a retry of a delivery once", async () => {
    const bo: Person = { customerId: 502, email: "bo@example.com" };
    const first = await deliver(
      "/webhooks/orders",
      "orders/create",
      order(bo, now()),
    );
    const duplicate = await t.double.deliverDuplicate(first);
    const retry = await t.double.deliverRetry(first);
    expect([first.status, duplicate.status, retry.status]).toEqual([
      200, 200, 200,
    ]);
    await t.worker.drain();
    expect(
      await db().webhookReceipt.count({ where: { eventId: first.eventId } }),
    ).toBe(1);
    expect(
      await db().contactEvent.count({
        where: { sourceId: { contains: first.eventId } },
      }),
    ).toBe(1);
    expect(await contactOf("bo@example.com")).toMatchObject({ orderCount: 1 });
  });

  it("abandons a checkout with no order in the window, and an order ends the path even before the last checkout update", async () => {
    const scenario = await db().scenario.create({
      data: {
        shopId: (
          await db().shop.findUniqueOrThrow({ where: { domain: t.shop } })
        ).id,
        group: "SALES",
        name: "Abandoned checkout",
        status: "ACTIVE",
        versions: {
          create: { version: 1, definition: ABANDONED_CHECKOUT as object },
        },
      },
    });
    const cy: Person = {
      customerId: 503,
      email: "cy@example.com",
      firstName: "Cy",
    };
    await deliver(
      "/webhooks/customers",
      "customers/update",
      customerBody({ ...cy, consent: "subscribed" }, now()),
    );
    await deliver(
      "/webhooks/checkouts",
      "checkouts/create",
      checkout("co-cy-1", cy, now()),
    );
    await t.worker.drain();
    expect(
      await db().scenarioRun.count({ where: { scenarioId: scenario.id } }),
    ).toBe(0);

    t.worker.advance(61 * MINUTE);
    await t.worker.drain();
    const run = await db().scenarioRun.findFirstOrThrow({
      where: { scenarioId: scenario.id },
    });
    expect(run).toMatchObject({ status: "WAITING", stepId: "wait" });
    const delivery = await db().delivery.findFirstOrThrow({
      where: { runId: run.id },
    });
    // This test shop has connected no email provider: the message fails, the path goes on.
    expect(delivery).toMatchObject({
      channel: "EMAIL",
      status: "FAILED",
      error: "no email provider connected",
      messageKey: "test.checkout",
    });
    expect(delivery.message).toMatchObject({
      body: "Cy, your checkout is waiting",
    });

    // The order reaches the run waiting for its reminder: goal met, the path ends.
    await deliver(
      "/webhooks/orders",
      "orders/create",
      order(cy, now(), { checkoutToken: "co-cy-1" }),
    );
    await t.worker.drain();
    expect(
      await db().scenarioRun.findUniqueOrThrow({ where: { id: run.id } }),
    ).toMatchObject({ status: "EXITED", exitReason: "goal_reached" });

    // Second checkout: Shopify delivers the order before the checkout's last update.
    const started = now();
    await deliver(
      "/webhooks/checkouts",
      "checkouts/create",
      checkout("co-cy-2", cy, started),
    );
    await deliver(
      "/webhooks/orders",
      "orders/create",
      order(cy, new Date(started.valueOf() + 5000), {
        checkoutToken: "co-cy-2",
      }),
    );
    await t.worker.drain();
    await deliver(
      "/webhooks/checkouts",
      "checkouts/update",
      checkout("co-cy-2", cy, new Date(started.valueOf() + 9000), {
        createdAt: started,
      }),
    );
    await t.worker.drain();
    t.worker.advance(61 * MINUTE);
    await t.worker.drain();
    expect(
      await db().cart.findFirst({ where: { token: "co-cy-2" } }),
    ).toMatchObject({ status: "ORDERED", abandonAt: null });
    expect(
      await db().contactEvent.count({ where: { type: "checkout_abandoned" } }),
    ).toBe(1);
    expect(
      await db().scenarioRun.count({ where: { scenarioId: scenario.id } }),
    ).toBe(1);
    expect(await t.worker.failures()).toEqual([]);
  });

  it("sends the reminder when the run's wait is over", async () => {
    const fay: Person = {
      customerId: 504,
      email: "fay@example.com",
      firstName: "Fay",
    };
    await deliver(
      "/webhooks/customers",
      "customers/update",
      customerBody({ ...fay, consent: "subscribed" }, now()),
    );
    await deliver(
      "/webhooks/checkouts",
      "checkouts/create",
      checkout("co-fay", fay, now()),
    );
    await t.worker.drain();
    t.worker.advance(61 * MINUTE);
    await t.worker.drain();
    const contact = await contactOf("fay@example.com");
    expect(
      await db().scenarioRun.findFirst({ where: { contactId: contact!.id } }),
    ).toMatchObject({ status: "WAITING", stepId: "wait" });
    t.worker.advance(24 * 60 * MINUTE);
    await t.worker.drain();
    const run = await db().scenarioRun.findFirstOrThrow({
      where: { contactId: contact!.id },
      include: { deliveries: { orderBy: { createdAt: "asc" } } },
    });
    expect(run).toMatchObject({ status: "COMPLETED", activeKey: null });
    expect(run.deliveries.map((d) => d.messageKey)).toEqual([
      "test.checkout",
      "test.reminder",
    ]);
  });

  it("processes an event whose job was lost, at the next sweep", async () => {
    const shop = await db().shop.findUniqueOrThrow({
      where: { domain: t.shop },
    });
    const lost = await db().contactEvent.create({
      data: {
        shopId: shop.id,
        type: "customer_updated",
        source: "webhook",
        sourceId: "lost-1",
        occurredAt: now(),
        payload: {
          type: "customer_updated",
          occurredAt: now().toISOString(),
          identity: { customerId: "505", email: "gus@example.com" },
          profile: { firstName: "Gus" },
        },
        createdAt: new Date(now().valueOf() - 5 * MINUTE),
      },
    });
    await t.worker.queue.enqueue(
      "maintenance.sweep-unqueued",
      {},
      { id: "sweep-test" },
    );
    await t.worker.drain();
    expect(
      await db().contactEvent.findUniqueOrThrow({ where: { id: lost.id } }),
    ).toMatchObject({ processedAt: expect.any(Date) });
    expect(await contactOf("gus@example.com")).toMatchObject({
      firstName: "Gus",
      shopifyCustomerId: "505",
    });
  });

  it("ignores a checkout update older than the state it has", async () => {
    const di: Person = { email: "di@example.com" };
    const at = now();
    await deliver(
      "/webhooks/checkouts",
      "checkouts/update",
      checkout("co-di", di, new Date(at.valueOf() + 10_000), { createdAt: at }),
    );
    await t.worker.drain();
    const older = { ...checkout("co-di", di, at), line_items: [] };
    await deliver("/webhooks/checkouts", "checkouts/update", older);
    await t.worker.drain();
    const stored = await db().cart.findFirstOrThrow({
      where: { token: "co-di" },
    });
    expect(stored.sourceUpdatedAt).toEqual(new Date(at.valueOf() + 10_000));
    expect((stored.lineItems as unknown[]).length).toBe(2);
    const events = await db().contactEvent.findMany({
      where: { type: "checkout_updated", contact: { email: "di@example.com" } },
      orderBy: { occurredAt: "asc" },
    });
    expect(events.map((e) => e.stale)).toEqual([true, false]);
  });

  it("answers bad input with 4xx and stores nothing", async () => {
    await t.worker.drain(); // earlier tests' abandonment checks may still add events
    const before = await db().contactEvent.count();
    const forged = await t.double.deliverForged({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: t.shop,
      payload: order({ email: "x@example.com" }, now()),
    });
    const malformed = await deliver("/webhooks/orders", "orders/create", null, {
      rawBody: '{"id": 1,',
    });
    const wrongShape = await deliver("/webhooks/orders", "orders/create", {
      id: 1,
      created_at: "yesterday",
    });
    const oversized = await deliver("/webhooks/carts", "carts/update", null, {
      rawBody: JSON.stringify({ pad: "x".repeat(6 * 1024 * 1024) }),
    });
    const headless = await deliver(
      "/webhooks/orders",
      "orders/create",
      order({}, now()),
      { headersOverride: { "X-Shopify-Topic": null } },
    );
    expect([
      forged.status,
      malformed.status,
      wrongShape.status,
      oversized.status,
      headless.status,
    ]).toEqual([401, 400, 400, 413, 400]);
    expect(malformed.body).toContain("Malformed JSON");
    expect(wrongShape.body).toMatch(/created_at: not a date/);
    expect(await db().contactEvent.count()).toBe(before);
  });

  it("acknowledges and records a delivery for a shop it does not know", async () => {
    const stranger = await t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: "never-installed.myshopify.com",
      payload: order({ email: "z@example.com" }, now()),
    });
    expect(stranger.status).toBe(200);
    expect(
      await db().webhookReceipt.count({
        where: { shopDomain: "never-installed.myshopify.com" },
      }),
    ).toBe(1);
    expect(await contactOf("z@example.com")).toBeNull();
  });

  it("redacting a customer leaves no trace of what the webhooks brought", async () => {
    const eve: Person = {
      customerId: 88771,
      email: "eve.redact@example.com",
      firstName: "Evangeline",
    };
    await deliver(
      "/webhooks/customers",
      "customers/update",
      customerBody({ ...eve, consent: "subscribed" }, now()),
    );
    await deliver(
      "/webhooks/checkouts",
      "checkouts/create",
      checkout("co-eve-7731", eve, now()),
    );
    await deliver(
      "/webhooks/orders",
      "orders/create",
      order(eve, now(), { checkoutToken: "co-eve-7731" }),
    );
    await t.worker.drain();
    expect(await everything(db())).toContain("eve.redact@example.com");
    const redact = await deliver("/webhooks/compliance", "customers/redact", {
      shop_domain: t.shop,
      customer: { id: eve.customerId, email: eve.email },
      orders_to_redact: [],
    });
    expect(redact.status).toBe(200);
    // Answered at once; the privacy.erase job erases.
    await t.worker.drain();
    const left = await everything(db());
    for (const trace of [
      "eve.redact@example.com",
      "Evangeline",
      "88771",
      "co-eve-7731",
    ])
      expect(left).not.toContain(trace);
  });

  it("uninstall stops the shop's scenarios and runs; a second uninstall is harmless", async () => {
    const first = await deliver(
      "/webhooks/app/uninstalled",
      "app/uninstalled",
      { id: 1, domain: t.shop },
    );
    const second = await deliver(
      "/webhooks/app/uninstalled",
      "app/uninstalled",
      { id: 1, domain: t.shop },
    );
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await db().scenario.count({ where: { status: "ACTIVE" } })).toBe(0);
    expect(
      await db().scenarioRun.count({ where: { activeKey: { not: null } } }),
    ).toBe(0);
    expect(await db().delivery.count({ where: { status: "PENDING" } })).toBe(0);
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
  });
});
