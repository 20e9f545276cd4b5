// Big deletes never block traffic, on both databases with a shop of 200,000 events: shop/redact
// and customers/redact are answered at once and recorded with their receipt; a job erases in short
// batches, between which another shop's webhooks are answered and stored; a crash mid-way resumes,
// and a rerun changes nothing. The daily pruning goes in batches too.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server";
import { createDatabaseQueue } from "../../app/jobs/drivers/database.server";
import { DEFAULT_QUEUE } from "../../app/jobs/index.server";
import {
  ERASE_JOB,
  runErasure,
  STALLED_MS,
  type EraseOutcome,
} from "../../app/privacy/erasure.server";
import {
  PRUNE_EVENTS_JOB,
  pruneContactEvents,
} from "../../app/privacy/retention.server";
import type { BatchOptions } from "../../app/privacy/batches.server";
import { PROVIDERS } from "../support/databases";
import { startTestApp, type TestApp } from "../support/app";
import { startTestWorker } from "../support/jobs";
import { seedBigShop, type BigShop } from "../support/big-shop";
import { order } from "../support/shopify-payloads";
import { everything } from "../support/tables";

const EVENTS = 200_000;

describe.each(PROVIDERS)("erasure on %s", (provider) => {
  let t: TestApp;
  let db: Db;
  let big: BigShop;
  let demoShopId: string;
  const compliance = (
    shopDomain: string,
    topic: string,
    payload: unknown,
    ids: { eventId?: string; webhookId?: string } = {},
  ) =>
    t.double.deliverWebhook({
      path: "/webhooks/compliance",
      topic,
      shopDomain,
      payload,
      ...ids,
    });
  // The job run in the test's process, on the app's database (its continuations are only queued).
  const deps = () => ({
    db,
    queue: createDatabaseQueue(db, DEFAULT_QUEUE, { log: () => {} }),
    now: () => new Date(),
  });
  const eventsOf = (shopId: string) =>
    db.contactEvent.count({ where: { shopId } });

  /** A signed order webhook of the demo shop, answered and stored while `shopId`'s rows are being deleted. */
  async function otherShopWebhookStored(): Promise<void> {
    const input = {
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: t.shop,
      payload: order({ email: "meanwhile@example.com" }, new Date()),
      eventId: randomUUID(),
      webhookId: randomUUID(),
    };
    // A keep-alive socket the app closed as the request went out (a loaded machine's race, not the
    // app's answer): sent again as Shopify retries, same event and delivery.
    const response = await t.double
      .deliverWebhook(input)
      .catch(() => t.double.deliverWebhook(input));
    expect(response.status).toBe(200);
    expect(
      await db.contactEvent.count({
        where: { shopId: demoShopId, sourceId: { endsWith: response.eventId } },
      }),
    ).toBe(1);
  }

  beforeAll(async () => {
    t = await startTestApp(provider);
    db = t.database.db;
    demoShopId = (
      await db.shop.findUniqueOrThrow({ where: { domain: t.shop } })
    ).id;
    big = await seedBigShop(db, "big-erase.myshopify.com", { events: EVENTS });
  }, 120_000);
  afterAll(() => t?.stop());

  it("shop/redact is answered 200 while every row of the shop is still there, the erasure recorded with the receipt", async () => {
    const response = await compliance(big.domain, "shop/redact", {
      shop_id: 2,
      shop_domain: big.domain,
    });
    expect(response.status).toBe(200);
    expect(await eventsOf(big.id)).toBe(EVENTS);
    expect(await db.contact.count({ where: { shopId: big.id } })).toBe(2);
    expect(await db.shop.count({ where: { id: big.id } })).toBe(1);
    expect(
      await db.erasure.findMany({
        where: { shopId: big.id },
        select: { kind: true },
      }),
    ).toEqual([{ kind: "SHOP" }]);
    const receipt = await db.webhookReceipt.findFirstOrThrow({
      where: { eventId: response.eventId },
    });
    expect(receipt.processedAt).toBeInstanceOf(Date);
    expect(await db.job.count({ where: { name: ERASE_JOB } })).toBe(1);
    // Shopify's retry of it records nothing more.
    const retry = await compliance(
      big.domain,
      "shop/redact",
      { shop_id: 2, shop_domain: big.domain },
      { eventId: response.eventId, webhookId: response.webhookId },
    );
    expect(retry.status).toBe(200);
    expect(await db.erasure.count({ where: { shopId: big.id } })).toBe(1);
  });

  it("stores nothing new for a shop being erased: a late webhook, a customer's redaction or data request find no shop", async () => {
    const late = await t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: big.domain,
      payload: order({ email: "late@example.com" }, new Date()),
    });
    const redact = await compliance(big.domain, "customers/redact", {
      shop_domain: big.domain,
      customer: { id: 5, email: big.customer.email },
      orders_to_redact: [],
    });
    const request = await compliance(big.domain, "customers/data_request", {
      shop_domain: big.domain,
      customer: { id: 5, email: big.customer.email },
      data_request: { id: 77 },
    });
    expect([late.status, redact.status, request.status]).toEqual([
      200, 200, 200,
    ]);
    expect(await eventsOf(big.id)).toBe(EVENTS);
    expect(await db.erasure.count({ where: { shopId: big.id } })).toBe(1);
    expect(
      await db.customerDataExport.count({ where: { requestId: "77" } }),
    ).toBe(0);
  });

  it("the erase job deletes in batches, between which another shop's webhooks are stored; a crash mid-way resumes; a rerun changes nothing", async () => {
    const { id: erasureId } = await db.erasure.findFirstOrThrow({
      where: { shopId: big.id },
    });
    // Its time up after one batch: it queues the rest as a new job and lets go of the erasure.
    expect(await runErasure(deps(), erasureId, { runMs: 0 })).toBe("continues");
    expect(
      await db.job.count({
        where: { name: ERASE_JOB, id: { startsWith: `erase:${erasureId}:` } },
      }),
    ).toBe(2);
    expect(
      (await db.erasure.findUniqueOrThrow({ where: { id: erasureId } }))
        .leaseUntil,
    ).toBeNull();
    let batches = 0;
    const crash: BatchOptions["afterBatch"] = async () => {
      if (++batches === 2) await otherShopWebhookStored();
      if (batches === 5) throw new Error("injected crash after 5 batches");
    };
    await expect(
      runErasure(deps(), erasureId, { afterBatch: crash }),
    ).rejects.toThrow("injected crash");
    const left = await eventsOf(big.id);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(EVENTS);
    expect(await db.shop.count({ where: { id: big.id } })).toBe(1);

    // The rerun goes on from there (queueing itself again if its time is up), the other shop's
    // webhooks stored between its batches while the big shop still has events.
    const during: number[] = [];
    let outcome: EraseOutcome;
    do {
      outcome = await runErasure(deps(), erasureId, {
        afterBatch: async (table) => {
          if (table === "contactEvent" && ++batches % 20 === 0) {
            await otherShopWebhookStored();
            during.push(await eventsOf(big.id));
          }
        },
      });
    } while (outcome === "continues");
    expect(outcome).toBe("done");
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.every((n) => n > 0 && n < EVENTS)).toBe(true);

    const all = await everything(db);
    for (const trace of big.traces) expect(all).not.toContain(trace);
    expect(await db.erasure.count()).toBe(0);
    // Done: running it again finds nothing and changes nothing.
    expect(await runErasure(deps(), erasureId)).toBe("none");
    expect(await everything(db)).toBe(all);
  }, 120_000);

  it("customers/redact is answered while the customer's rows are there; an erasure whose job was lost is queued by the minute sweep and erased by the worker", async () => {
    const shop = await seedBigShop(db, "cust-erase.myshopify.com", {
      events: 20_000,
      customerEvents: 10_000,
    });
    const customer = { id: shop.customer.id, email: shop.customer.email };
    const response = await compliance(shop.domain, "customers/redact", {
      shop_domain: shop.domain,
      customer,
      orders_to_redact: [],
    });
    expect(response.status).toBe(200);
    const ofCustomer = {
      shopId: shop.id,
      contact: { email: shop.customer.email },
    };
    expect(await db.contactEvent.count({ where: ofCustomer })).toBe(10_000);
    expect(
      await db.erasure.count({ where: { shopId: shop.id, kind: "CUSTOMER" } }),
    ).toBe(1);

    // The job is lost (the queue lost it, or it gave up): the worker's minute sweep queues it again.
    await db.job.deleteMany({ where: { name: ERASE_JOB } });
    const worker = startTestWorker(db);
    try {
      worker.advance(STALLED_MS + 60_000);
      await worker.queue.enqueue(
        "maintenance.sweep-unqueued",
        {},
        { id: "sweep-test" },
      );
      await worker.drain(60_000);
      expect(await worker.failures()).toEqual([]);
    } finally {
      await worker.close();
    }
    expect(await db.erasure.count()).toBe(0);
    const all = await everything(db);
    for (const trace of [
      shop.customer.email,
      "cust-erase-visitor-0",
      "cust-erase-first-0",
      "cust-erase-order-0",
      "cust-erase-checkout-unlinked",
      "cust-erase chat 0",
      `"${shop.customer.id}"`,
      "cust-erase-custev-1",
    ]) {
      expect(all).not.toContain(trace);
    }
    // Everyone else stays.
    expect(await db.contactEvent.count({ where: { shopId: shop.id } })).toBe(
      10_000,
    );
    expect(all).toContain("other@cust-erase.example");
  }, 120_000);

  it("pruning deletes a shop's old events in batches, between which another shop's webhooks are stored, and queues the rest when its time is up", async () => {
    const old = new Date(Date.now() - 400 * 86_400_000);
    const shop = await seedBigShop(db, "prune.myshopify.com", {
      events: 6_000,
      occurredAt: old,
    });
    const recent = await db.contactEvent.create({
      data: {
        shopId: shop.id,
        type: "page_viewed",
        source: "pixel",
        sourceId: "prune-recent",
        occurredAt: new Date(),
        processedAt: new Date(),
        payload: {},
      },
    });
    const others = await db.contactEvent.count({
      where: { shopId: { not: shop.id } },
    });

    // No time left: one batch, then the rest is queued from this shop.
    expect(await pruneContactEvents(deps(), shop.id, { runMs: 0 })).toBe(
      "continues",
    );
    expect(await eventsOf(shop.id)).toBe(6_001 - 2_000);
    const next = await db.job.findFirstOrThrow({
      where: { name: PRUNE_EVENTS_JOB },
    });
    expect(next.data).toEqual({ fromShopId: shop.id });

    let batches = 0;
    const outcome = await pruneContactEvents(deps(), shop.id, {
      afterBatch: async (table) => {
        if (table === "contactEvent" && ++batches === 1)
          await otherShopWebhookStored();
      },
    });
    expect(outcome).toBe("done");
    expect(batches).toBe(2);
    expect(
      (await db.contactEvent.findMany({ where: { shopId: shop.id } })).map(
        (e) => e.id,
      ),
    ).toEqual([recent.id]);
    expect(
      await db.contactEvent.count({ where: { shopId: { not: shop.id } } }),
    ).toBe(others + 1);
  });
});
