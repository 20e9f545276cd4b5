// A shipment's status told twice (fulfillments/update comes for any change) starts something once:
// the later delivery is the one set aside, whatever order or however concurrently the worker takes
// them up. On both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { fulfillment, order } from "../../test/support/shopify-payloads";
import { createDatabaseQueue } from "../jobs/drivers/database.server";
import { createEventLog } from "./ingest.server";
import { normalizeWebhook } from "./normalize";
import { processEvent } from "./process.server";

const SHOP = "ships.myshopify.com";

describe.each(PROVIDERS)("a shipment status told twice on %s", (provider) => {
  let t: TestDatabase;
  let webhook = 0;
  const deps = () => ({
    db: t.db,
    queue: createDatabaseQueue(t.db, "fulfillment-test"),
    now: () => new Date(),
  });

  /** Stores a webhook as the route does; returns its event's id. */
  async function store(topic: string, payload: unknown): Promise<string> {
    const at = new Date();
    const normalized = normalizeWebhook(topic, payload, at);
    if (!normalized.ok) throw new Error(normalized.reason);
    const webhookId = `w-${++webhook}`;
    await createEventLog(t.db, deps().queue).webhook(
      { shop: SHOP, topic, webhookId, triggeredAt: at.toISOString() },
      normalized.event,
    );
    const row = await t.db.contactEvent.findFirstOrThrow({
      where: { sourceId: `${topic}:${webhookId}` },
    });
    return row.id;
  }

  /** An order, then the carrier's "delivered" twice (the second for a new tracking number). */
  async function deliveredTwice(email: string, fulfillmentId: number) {
    const placed = order({ customerId: fulfillmentId, email }, new Date());
    await processEvent(deps(), await store("orders/create", placed));
    const delivered = fulfillment(placed, new Date(), {
      id: fulfillmentId,
      shipmentStatus: "delivered",
    });
    const first = await store("fulfillments/update", delivered);
    const second = await store("fulfillments/update", {
      ...delivered,
      tracking_numbers: ["1Z2345", "1Z2346"],
    });
    return { first, second };
  }

  /** Stored order; two stored in the same millisecond are either way round, so one told is first. */
  const setAside = async (ids: string[]) =>
    (
      await t.db.contactEvent.findMany({
        where: { id: { in: ids } },
        orderBy: [{ createdAt: "asc" }, { stale: "asc" }],
      })
    ).map((e) => e.stale);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await t.db.shop.create({ data: { domain: SHOP, settings: {} } });
  });
  afterAll(() => t?.drop());

  it("sets the later delivery aside when the worker takes it up first", async () => {
    const { first, second } = await deliveredTwice("late@example.com", 8101);
    await processEvent(deps(), second);
    await processEvent(deps(), first);
    expect(await setAside([first, second])).toEqual([false, true]);
  });

  it("sets the later delivery aside when both are taken up at once", async () => {
    const { first, second } = await deliveredTwice("both@example.com", 8102);
    await Promise.all([
      processEvent(deps(), first),
      processEvent(deps(), second),
    ]);
    expect(await setAside([first, second])).toEqual([false, true]);
  });
});
