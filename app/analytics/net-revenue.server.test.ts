// Revenue as Shopify's reports count it, on both databases: a credited order's total less what its
// refunds took back (never below zero), and a cancelled order nowhere (neither revenue nor a
// conversion, nor an order for the holdout's lift). Refunds count whichever came first, the refund
// or the order's conversion.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { shopHeadline } from "./headline.server";
import { liftGroups } from "./lift.server";
import { analyticsOverview } from "./overview.server";
import { scenarioAnalytics } from "./scenario.server";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;

describe.each(PROVIDERS)("net revenue on %s", (provider) => {
  let database: TestDatabase;
  let shopId: string;
  let scenarioId: string;
  const contacts: string[] = [];
  const db = () => database.db;

  const credit = (orderId: string, revenue: string, contact = 0) =>
    db().conversion.create({
      data: {
        shopId,
        contactId: contacts[contact]!,
        scenarioId,
        orderId,
        revenue,
        currency: "USD",
        rule: "DISCOUNT_CODE",
        occurredAt: new Date(NOW.valueOf() - DAY),
      },
    });
  const refund = (refundId: string, orderId: string, amount: string) =>
    db().orderRefund.create({
      data: {
        shopId,
        refundId,
        orderId,
        amount,
        occurredAt: NOW,
      },
    });
  const cancel = (orderId: string) =>
    db().orderCancellation.create({
      data: { shopId, orderId, cancelledAt: NOW, reason: "customer" },
    });
  const figures = async () => {
    const [overview] = await analyticsOverview(db(), shopId, 30, NOW);
    const scenario = (await scenarioAnalytics(
      db(),
      shopId,
      scenarioId,
      30,
      NOW,
    ))!;
    const headline = await shopHeadline(
      db(),
      shopId,
      new Date(NOW.valueOf() - 30 * DAY),
    );
    // The three readings agree; one figure each is returned.
    expect(headline.conversions).toBe(overview!.conversions);
    expect(headline.revenue).toEqual(overview!.revenue);
    expect(scenario.creditedWithoutMessage).toEqual(
      overview!.conversions
        ? [
            {
              rule: "DISCOUNT_CODE",
              windowDays: null,
              conversions: overview!.conversions,
              revenue: overview!.revenue,
            },
          ]
        : [],
    );
    expect(scenario.days.reduce((total, d) => total + d.conversions, 0)).toBe(
      overview!.conversions,
    );
    return {
      conversions: overview!.conversions,
      revenue: overview!.revenue.map((m) => m.amount),
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const shop = await db().shop.create({
      data: {
        domain: `net-${provider}.myshopify.com`,
        currencyCode: "USD",
        settings: {},
      },
    });
    shopId = shop.id;
    scenarioId = (
      await db().scenario.create({
        data: { shopId, group: "SALES", name: "Refunded", status: "ACTIVE" },
      })
    ).id;
    for (const name of ["ann", "bo", "cy"])
      contacts.push(
        (
          await db().contact.create({
            data: { shopId, email: `${name}@example.com`, tags: [] },
          })
        ).id,
      );
  });
  afterAll(() => database?.drop());

  it("takes partial refunds out of a credited order, never below zero, and counts the order still", async () => {
    await credit("o1", "100.00");
    await credit("o2", "50.00");
    expect(await figures()).toEqual({ conversions: 2, revenue: [150] });

    await refund("r1", "o1", "40.00");
    expect(await figures()).toEqual({ conversions: 2, revenue: [110] });
    // More refunded than the order's total (a goodwill refund on top): the order is worth nothing, not less.
    await refund("r2", "o1", "70.00");
    expect(await figures()).toEqual({ conversions: 2, revenue: [50] });
    // A refund of an order no scenario was credited with changes nothing.
    await refund("r3", "o-elsewhere", "10.00");
    expect(await figures()).toEqual({ conversions: 2, revenue: [50] });
  });

  it("takes out a refund recorded before the order's conversion, exactly in thousandths", async () => {
    await refund("r4", "o3", "0.1");
    await refund("r5", "o3", "0.205");
    await credit("o3", "1.005", 1);
    expect(await figures()).toEqual({ conversions: 3, revenue: [50.7] });
  });

  it("leaves a cancelled order out: neither its revenue nor a conversion", async () => {
    await cancel("o2");
    expect(await figures()).toEqual({ conversions: 2, revenue: [0.7] });
    await cancel("o1");
    await cancel("o3");
    expect(await figures()).toEqual({ conversions: 0, revenue: [] });
  });

  it("measures the holdout's lift on orders not cancelled", async () => {
    const other = (
      await db().scenario.create({
        data: { shopId, group: "SALES", name: "Lift", status: "ACTIVE" },
      })
    ).id;
    const run = (contact: number, variant: string) =>
      db().scenarioRun.create({
        data: {
          shopId,
          scenarioId: other,
          contactId: contacts[contact]!,
          scenarioVersion: 1,
          status: "COMPLETED",
          variant,
          state: {},
          startedAt: new Date(NOW.valueOf() - 3 * DAY),
        },
      });
    const placed = (contact: number, orderId: string) =>
      db().contactEvent.create({
        data: {
          shopId,
          contactId: contacts[contact]!,
          type: "order_placed",
          source: "webhook",
          sourceId: `event-${orderId}`,
          occurredAt: new Date(NOW.valueOf() - 2 * DAY),
          payload: { type: "order_placed", order: { id: orderId } },
        },
      });
    await run(0, "a");
    await run(1, "holdout");
    await run(2, "holdout");
    await placed(0, "lift-1");
    await placed(1, "lift-2");
    await placed(2, "lift-3");
    const groups = () =>
      liftGroups(db(), {
        shopId,
        scenarioId: other,
        since: new Date(NOW.valueOf() - 30 * DAY),
        windowDays: 5,
        currency: "USD",
      });
    expect(await groups()).toEqual({
      treated: { contacts: 1, conversions: 1 },
      holdout: { contacts: 2, conversions: 2 },
    });
    await cancel("lift-2");
    expect(await groups()).toEqual({
      treated: { contacts: 1, conversions: 1 },
      holdout: { contacts: 2, conversions: 1 },
    });
  });
});
