// The dashboard's figures on both databases: the last 30 days' conversions, their revenue summed
// exactly per currency, and runs started; older ones and other shops' left out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { activateTemplate } from "./scenarios.server";
import { shopOverview } from "./dashboard.server";

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
});
