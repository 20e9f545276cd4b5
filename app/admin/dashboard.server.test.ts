// The dashboard's figures on both databases: the last 30 days' conversions, their revenue summed
// exactly per currency, and runs started; older ones and other shops' left out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { activateTemplate } from "./scenarios.server";
import { pauseFromDashboard, shopOverview } from "./dashboard.server";

const DAY = 86_400_000;
const NOW = new Date("2026-12-02T12:00:00Z");

describe.each(PROVIDERS)("the dashboard's figures on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(() => t?.drop());

  it("counts the last 30 days' conversions, revenue per currency and runs started, for this shop only", async () => {
    const seed = async (domain: string) => {
      const shop = await t.db.shop.create({ data: { domain, settings: {} } });
      const { id: scenarioId } = await activateTemplate(
        t.db,
        null,
        shop.id,
        "SA3",
      );
      const contact = await t.db.contact.create({
        data: { shopId: shop.id, tags: [] },
      });
      const conversion = (revenue: string, currency: string, daysAgo: number) =>
        t.db.conversion.create({
          data: {
            shopId: shop.id,
            contactId: contact.id,
            scenarioId,
            orderId: `${domain}-${revenue}-${daysAgo}`,
            revenue,
            currency,
            rule: "DISCOUNT_CODE",
            occurredAt: new Date(NOW.getTime() - daysAgo * DAY),
          },
        });
      await conversion("72.00", "USD", 1);
      await conversion("0.10", "USD", 29);
      await conversion("19.99", "EUR", 3);
      await conversion("500.00", "USD", 31);
      for (const daysAgo of [0, 10, 40]) {
        const other = await t.db.contact.create({
          data: { shopId: shop.id, tags: [] },
        });
        await t.db.scenarioRun.create({
          data: {
            shopId: shop.id,
            scenarioId,
            scenarioVersion: 1,
            contactId: other.id,
            state: {},
            startedAt: new Date(NOW.getTime() - daysAgo * DAY),
          },
        });
      }
    };
    await seed("figures.myshopify.com");
    await seed("neighbour.myshopify.com");

    const overview = await shopOverview(t.db, "figures.myshopify.com", NOW);
    expect(overview.headline).toEqual({
      since: new Date(NOW.getTime() - 30 * DAY).toISOString(),
      conversions: 3,
      revenue: [
        { currency: "USD", amount: 72.1 },
        { currency: "EUR", amount: 19.99 },
      ],
      launches: 2,
      // No scenario holds anyone out.
      lift: null,
    });
    expect(overview.activeScenariosByGroup).toEqual({
      LEAD_GENERATION: 0,
      SALES: 1,
      RETENTION: 0,
      WIN_BACK: 0,
    });
  });

  it("warns of a complaint rate over the limit, naming the scenario behind it, whose button pauses it", async () => {
    const domain = "complaints.myshopify.com";
    const shop = await t.db.shop.create({
      data: {
        domain,
        settings: {},
        emailEventsSince: new Date(NOW.getTime() - 20 * DAY),
      },
    });
    const { id: scenarioId } = await activateTemplate(
      t.db,
      null,
      shop.id,
      "SA3",
    );
    const contact = await t.db.contact.create({
      data: { shopId: shop.id, tags: [] },
    });
    const run = await t.db.scenarioRun.create({
      data: {
        shopId: shop.id,
        scenarioId,
        scenarioVersion: 1,
        contactId: contact.id,
        state: {},
      },
    });
    const at = new Date(NOW.getTime() - DAY);
    // 120 delivered, one complaint: 0.83%, over Gmail and Yahoo's 0.3%.
    await t.db.delivery.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        shopId: shop.id,
        runId: run.id,
        contactId: contact.id,
        stepId: "mail",
        channel: "EMAIL" as const,
        messageKey: "m",
        status: "DELIVERED" as const,
        statusHistory: [],
        idempotencyKey: `complaints-${i}`,
        createdAt: at,
        sentAt: at,
        deliveredAt: at,
        complainedAt: i === 0 ? at : null,
      })),
    });

    const overview = await shopOverview(t.db, domain, NOW);
    expect(overview.deliverability.warnings).toEqual([
      expect.objectContaining({
        kind: "complaint",
        level: "critical",
        rate: 1 / 120,
        scenario: expect.objectContaining({
          id: scenarioId,
          status: "ACTIVE",
          templateKey: "SA3",
        }),
      }),
    ]);

    // Another shop's scenario is not paused from here.
    expect(
      await pauseFromDashboard(t.db, null, "figures.myshopify.com", scenarioId),
    ).toEqual({ ok: false, error: "no such scenario in this shop" });
    expect(await pauseFromDashboard(t.db, null, domain, scenarioId)).toEqual({
      ok: true,
    });
    expect(
      (await t.db.scenario.findUniqueOrThrow({ where: { id: scenarioId } }))
        .status,
    ).toBe("PAUSED");
    // The rate stays what it was; the button gives way to "it is paused now".
    const after = await shopOverview(t.db, domain, NOW);
    expect(after.deliverability.warnings[0]?.scenario?.status).toBe("PAUSED");
  });
});
