// The mandatory privacy webhooks against the real app, on both databases: an export holds what
// the app knows of a customer, and a redaction leaves no trace of them in any table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { PROVIDERS } from "../support/databases";
import { BROWSER_UA, startTestApp, type TestApp } from "../support/app";
import { startTestWorker, type TestWorker } from "../support/jobs";
import { everything } from "../support/tables";

const ANN = {
  id: 820982911946154508,
  email: "ann.quixote@example.com",
  phone: "+4915112345678",
};
async function seed(db: Db, shopDomain: string) {
  const shop = await db.shop.findUniqueOrThrow({
    where: { domain: shopDomain },
  });
  const person = (
    email: string,
    customerId: string,
    firstName: string,
    lastName: string,
    visitor: string,
  ) =>
    db.contact.create({
      data: {
        shopId: shop.id,
        email,
        shopifyCustomerId: customerId,
        firstName,
        lastName,
        phone: email === ANN.email ? ANN.phone : null,
        tags: [],
        visitors: { create: { shopId: shop.id, visitorId: visitor } },
        pushSubscriptions: {
          create: {
            endpoint: `https://push.example/${visitor}`,
            p256dh: "k",
            auth: "a",
          },
        },
      },
    });
  const ann = await person(
    ANN.email,
    String(ANN.id),
    "Annabel",
    "Quixote",
    "visitor-ann",
  );
  const bob = await person(
    "bob@example.com",
    "1001",
    "Bob",
    "Stays",
    "visitor-bob",
  );
  const scenario = await db.scenario.create({
    data: {
      shopId: shop.id,
      templateKey: "SA3",
      group: "SALES",
      name: "Abandoned cart",
    },
  });
  for (const contact of [ann, bob]) {
    await db.contactEvent.create({
      data: {
        shopId: shop.id,
        contactId: contact.id,
        type: "checkout_started",
        source: "webhook",
        sourceId: `co-${contact.id}`,
        occurredAt: new Date(),
        payload: {
          email: contact.email,
          name: `${contact.firstName} ${contact.lastName}`,
        },
      },
    });
    const run = await db.scenarioRun.create({
      data: {
        shopId: shop.id,
        scenarioId: scenario.id,
        scenarioVersion: 1,
        contactId: contact.id,
        state: { to: contact.email },
      },
    });
    await db.delivery.create({
      data: {
        shopId: shop.id,
        runId: run.id,
        contactId: contact.id,
        stepId: "cart-email",
        channel: "EMAIL",
        messageKey: "sa3.email",
        idempotencyKey: `${run.id}:cart-email`,
        statusHistory: [],
      },
    });
    // The provider reported the address bounced: kept in clear for the merchant, until the redact.
    await db.emailSuppression.create({
      data: {
        shopId: shop.id,
        email: contact.email!.toLowerCase(),
        reason: "HARD_BOUNCE",
        provider: "sendgrid",
      },
    });
  }
}

describe.each(PROVIDERS)("privacy webhooks on %s", (provider) => {
  let t: TestApp;
  // Redactions are answered at once and erased by the privacy.erase job (test/app/erasure.test.ts).
  let worker: TestWorker;
  const compliance = (topic: string, payload: unknown) =>
    t.double.deliverWebhook({
      path: "/webhooks/compliance",
      topic,
      shopDomain: t.shop,
      payload,
    });

  beforeAll(async () => {
    t = await startTestApp(provider);
    await seed(t.database.db, t.shop);
    worker = startTestWorker(t.database.db);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.stop();
  });

  it("customers/data_request stores an export of everything held on that customer, once", async () => {
    const payload = {
      shop_id: 1,
      shop_domain: t.shop,
      orders_requested: [],
      customer: ANN,
      data_request: { id: 9999 },
    };
    const first = await compliance("customers/data_request", payload);
    await compliance("customers/data_request", payload);
    expect(first.status).toBe(200);
    const exports = await t.database.db.customerDataExport.findMany();
    expect(exports).toHaveLength(1);
    const text = JSON.stringify(exports[0].data);
    for (const held of [
      ANN.email,
      "Annabel",
      "visitor-ann",
      "https://push.example/visitor-ann",
      "checkout_started",
      "cart-email",
    ]) {
      expect(text).toContain(held);
    }
    expect(text).not.toContain("bob@example.com");
  });

  it("gives the merchant the export to download, and nobody without the shop's session", async () => {
    const [row] = await t.database.db.customerDataExport.findMany();
    const url = `${t.app.url}/app/data-exports/${row.id}`;
    // A browser's user agent: Shopify's library answers bots 410.
    const as = (token: string) => ({
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA },
    });
    const download = await fetch(url, as(t.double.mintSessionToken(t.shop)));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      'attachment; filename="customer-data-request-9999.json"',
    );
    expect(download.headers.get("cache-control")).toBe("no-store");
    expect(await download.text()).toContain(ANN.email);
    const missing = await fetch(
      `${url}x`,
      as(t.double.mintSessionToken(t.shop)),
    );
    expect(missing.status).toBe(404);
    const anonymous = await fetch(url, as("forged"));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain(ANN.email);
  });

  it("customers/redact leaves no trace of the customer in any table, and keeps everyone else", async () => {
    const response = await compliance("customers/redact", {
      shop_id: 1,
      shop_domain: t.shop,
      customer: ANN,
      orders_to_redact: [],
    });
    expect(response.status).toBe(200);
    await worker.drain();
    const all = await everything(t.database.db);
    for (const trace of [
      ANN.email,
      ANN.phone,
      String(ANN.id),
      "Annabel",
      "Quixote",
      "visitor-ann",
    ]) {
      expect(all).not.toContain(trace);
    }
    expect(all).toContain("bob@example.com");
    const again = await compliance("customers/redact", {
      shop_id: 1,
      shop_domain: t.shop,
      customer: ANN,
      orders_to_redact: [],
    });
    expect(again.status).toBe(200);
  });

  it("refuses a compliance payload of the wrong shape with 400", async () => {
    const response = await compliance("customers/redact", {
      shop_domain: t.shop,
      customer: "not an object",
    });
    expect(response.status).toBe(400);
  });

  it("shop/redact erases the shop and everything of it", async () => {
    const response = await compliance("shop/redact", {
      shop_id: 1,
      shop_domain: t.shop,
    });
    expect(response.status).toBe(200);
    await worker.drain();
    const db = t.database.db;
    expect(await db.shop.count()).toBe(0);
    for (const model of [
      "session",
      "contact",
      "contactVisitor",
      "pushSubscription",
      "contactEvent",
      "scenario",
      "scenarioRun",
      "delivery",
      "customerDataExport",
      "erasure",
    ] as const) {
      expect(
        await (db[model] as unknown as { count(): Promise<number> }).count(),
      ).toBe(0);
    }
    expect(await everything(db)).not.toContain("bob@example.com");
  });
});
