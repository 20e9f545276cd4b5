// Win-back triggers from silence: the hourly pass starts WB1 (no visit for N days) and WB2 (no order
// for N days) for contacts whose silence reached its length, once per silence, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { createDatabaseQueue } from "../jobs/drivers/database.server";
import { activateTemplate } from "../admin/scenarios.server";
import { feedInactivity } from "./inactivity.server";

const DAY = 86_400_000;
const NOW = new Date("2026-06-10T12:00:00Z");
const ago = (days: number, hours = 0) =>
  new Date(NOW.getTime() - days * DAY - hours * 3_600_000);

describe.each(PROVIDERS)("the win-back pass on %s", (provider) => {
  let t: TestDatabase;
  let shopId: string;
  let wb1: string;
  let wb2: string;
  const deps = (now = NOW) => ({
    db: t.db,
    queue: createDatabaseQueue(t.db, "inactivity-test", { now: () => now }),
    now: () => now,
  });
  const contact = (
    email: string,
    data: { lastVisitAt?: Date; lastOrderAt?: Date; orderCount?: number },
  ) =>
    t.db.contact.create({
      data: {
        shopId,
        email,
        emailConsent: "SUBSCRIBED",
        tags: [],
        visitCount: 3,
        ...data,
      },
    });
  const runsOf = async (scenarioId: string) =>
    (
      await t.db.scenarioRun.findMany({
        where: { scenarioId },
        include: { contact: true },
      })
    )
      .map((r) => r.contact.email)
      .sort();

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    shopId = (
      await t.db.shop.create({
        data: { domain: "quiet.myshopify.com", settings: {} },
      })
    ).id;
    ({ id: wb1 } = await activateTemplate(t.db, null, shopId, "WB1"));
    ({ id: wb2 } = await activateTemplate(t.db, null, shopId, "WB2"));
  });
  afterAll(() => t?.drop());

  it("starts a scenario for contacts whose silence just reached its length, once however often the pass runs", async () => {
    const wb1Days = (
      (
        await t.db.scenarioVersion.findFirstOrThrow({
          where: { scenarioId: wb1 },
        })
      ).definition as { trigger: { days: number } }
    ).trigger.days;
    await contact("away@example.com", { lastVisitAt: ago(wb1Days, 1) });
    await contact("recent@example.com", { lastVisitAt: ago(wb1Days - 1) });
    // Gone long before the pass's lookback: a win-back "7 days after" is not sent months later.
    await contact("long-gone@example.com", { lastVisitAt: ago(wb1Days + 30) });

    await feedInactivity(deps());
    await feedInactivity(deps(new Date(NOW.getTime() + 3_600_000)));
    expect(await runsOf(wb1)).toEqual(["away@example.com"]);

    // A day later the recent visitor's silence reaches its length too.
    await feedInactivity(deps(new Date(NOW.getTime() + DAY)));
    expect(await runsOf(wb1)).toEqual([
      "away@example.com",
      "recent@example.com",
    ]);
  });

  it("starts the no-order scenario for buyers whose last order is that many days old", async () => {
    const wb2Days = (
      (
        await t.db.scenarioVersion.findFirstOrThrow({
          where: { scenarioId: wb2 },
        })
      ).definition as { trigger: { days: number } }
    ).trigger.days;
    await contact("buyer@example.com", {
      lastOrderAt: ago(wb2Days, 2),
      orderCount: 1,
      lastVisitAt: ago(1),
    });
    await contact("fresh-buyer@example.com", {
      lastOrderAt: ago(1),
      orderCount: 1,
      lastVisitAt: ago(1),
    });
    await feedInactivity(deps());
    expect(await runsOf(wb2)).toEqual(["buyer@example.com"]);
  });

  it("starts nothing for a paused scenario", async () => {
    await t.db.scenario.update({
      where: { id: wb1 },
      data: { status: "PAUSED" },
    });
    await contact("paused@example.com", { lastVisitAt: ago(40) });
    await feedInactivity(deps(new Date(NOW.getTime() + 33 * DAY)));
    expect(await runsOf(wb1)).toEqual([
      "away@example.com",
      "recent@example.com",
    ]);
  });
});
