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
    // Activated long before the silences below began: each is a new silence.
    ({ id: wb1 } = await activateTemplate(
      t.db,
      null,
      shopId,
      "WB1",
      {},
      ago(120),
    ));
    ({ id: wb2 } = await activateTemplate(
      t.db,
      null,
      shopId,
      "WB2",
      {},
      ago(120),
    ));
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

// The flood guard: a win-back turned on after years of imported history reaches by default only
// silences that begin after its activation; "also reach past customers" admits those who lapsed
// before, most recent first, at most so many a day.
describe.each(PROVIDERS)("the win-back flood guard on %s", (provider) => {
  let t: TestDatabase;
  let shopId: string;
  const PAST = 300;
  const deps = (now = NOW) => ({
    db: t.db,
    queue: createDatabaseQueue(t.db, "flood-test", { now: () => now }),
    now: () => now,
  });
  const sentBy = (scenarioId: string) =>
    t.db.delivery.count({ where: { run: { scenarioId } } });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    shopId = (
      await t.db.shop.create({
        data: {
          domain: "lapsed.myshopify.com",
          settings: { quietHours: { start: 0, end: 0 } },
        },
      })
    ).id;
    // As the history import leaves them: the last order (and so the last visit) over three years.
    await t.db.contact.createMany({
      data: Array.from({ length: PAST }, (_, i) => {
        const at = ago(8 + Math.floor((i * 1087) / PAST), i % 24);
        return {
          shopId,
          email: `lapsed${i}@example.com`,
          shopifyCustomerId: String(1000 + i),
          emailConsent: "SUBSCRIBED" as const,
          consentUpdatedAt: ago(1100),
          tags: [],
          orderCount: 1 + (i % 3),
          lastOrderAt: at,
          lastVisitAt: at,
        };
      }),
    });
  });
  afterAll(() => t?.drop());

  it("emails nobody on the day it is turned on after the import, and reaches those who fall silent later", async () => {
    const { id } = await activateTemplate(t.db, null, shopId, "WB1", {}, NOW);
    expect(await feedInactivity(deps())).toBe(0);
    expect(await feedInactivity(deps(new Date(NOW.getTime() + DAY)))).toBe(0);
    expect(await t.db.scenarioRun.count({ where: { scenarioId: id } })).toBe(0);
    expect(await sentBy(id)).toBe(0);

    // A customer who visits after the activation and then stays away is reached as before.
    await t.db.contact.create({
      data: {
        shopId,
        email: "new-silence@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
        lastVisitAt: new Date(NOW.getTime() + 3_600_000),
      },
    });
    await feedInactivity(deps(new Date(NOW.getTime() + 8 * DAY)));
    expect(await runsOf(id)).toEqual(["new-silence@example.com"]);
  });

  it("also reaches past customers when asked, at most the day's number, the most recently lapsed first", async () => {
    const { id } = await activateTemplate(
      t.db,
      null,
      shopId,
      "WB1",
      { pastPerDay: 50 },
      new Date(NOW.getTime() + 8 * DAY),
    );
    const scenario = await t.db.scenario.findUniqueOrThrow({ where: { id } });
    // Changing the parameter keeps the first activation.
    expect(scenario.activatedAt).toEqual(NOW);
    const day1 = new Date(NOW.getTime() + 9 * DAY);
    await feedInactivity(deps(day1));
    const past = () =>
      t.db.scenarioRun.findMany({
        where: { scenarioId: id, triggerEventId: { startsWith: "past:" } },
        include: { contact: true },
      });
    const first = await past();
    expect(first).toHaveLength(50);
    // 50 messages go out that day (no push subscription: email).
    expect(
      await t.db.delivery.count({
        where: {
          run: { scenarioId: id, triggerEventId: { startsWith: "past:" } },
          channel: "EMAIL",
        },
      }),
    ).toBe(50);
    // The most recently lapsed: lapsed0..lapsed49 (their silences are the youngest).
    expect(first.map((r) => r.contact.email).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `lapsed${i}@example.com`).sort(),
    );
    // The hourly passes of the same day add none; the next day, 50 more.
    await feedInactivity(deps(new Date(day1.getTime() + 3_600_000)));
    await feedInactivity(deps(new Date(day1.getTime() + 12 * 3_600_000)));
    expect(await past()).toHaveLength(50);
    await feedInactivity(deps(new Date(day1.getTime() + DAY + 60_000)));
    expect(await past()).toHaveLength(100);
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
});
