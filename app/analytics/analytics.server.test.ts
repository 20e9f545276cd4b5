// The analytics queries on both databases, against a seeded history whose figures are known
// (test/support/analytics-seed.ts): counted by the database, test contacts and older runs left out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  PROVIDERS,
  type TestDatabase,
} from "../../test/support/databases";
import { seedAnalytics } from "../../test/support/analytics-seed";
import { shopHeadline } from "./headline.server";
import { nodeCounts } from "./node-counts.server";
import { analyticsOverview } from "./overview.server";
import { scenarioAnalytics } from "./scenario.server";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;

describe.each(PROVIDERS)("analytics on %s", (provider) => {
  let database: TestDatabase;
  let shopId: string;
  let scenarioId: string;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const shop = await database.db.shop.create({
      data: {
        domain: `analytics-${provider}.myshopify.com`,
        currencyCode: "USD",
        ianaTimezone: "Europe/Moscow",
        settings: {},
      },
    });
    shopId = shop.id;
    scenarioId = await seedAnalytics(database.db, shopId, NOW);
    // Machines' opens and clicks on four of email a's messages: counted apart, in no rate.
    const scanned = (
      await database.db.delivery.findMany({
        where: { shopId, stepId: "mail_a", status: { in: ["SENT", "OPENED"] } },
        orderBy: { id: "asc" },
        take: 4,
        select: { id: true },
      })
    ).map((d) => d.id);
    await database.db.delivery.updateMany({
      where: { id: { in: scanned } },
      data: { machineOpenedAt: NOW },
    });
    await database.db.delivery.updateMany({
      where: { id: { in: scanned.slice(0, 2) } },
      data: { machineClickedAt: NOW },
    });
    // A scenario that never ran still has its row.
    await database.db.scenario.create({
      data: { shopId, group: "SALES", name: "Quiet", status: "ACTIVE" },
    });
  });
  afterAll(() => database?.drop());

  it("counts on the map's nodes what the scenario's analytics counts: entered, sent by step, failed at a step, each variant, waiting now", async () => {
    await database.db.scenarioRun.updateMany({
      where: { scenarioId, status: { in: ["ACTIVE", "WAITING"] } },
      data: { stepId: "popup" },
    });
    const counts = await nodeCounts(database.db, shopId, scenarioId, 30, NOW);
    const analytics = (await scenarioAnalytics(
      database.db,
      shopId,
      scenarioId,
      30,
      NOW,
    ))!;
    const sentBy = (stepId: string) =>
      analytics.steps
        .filter((s) => s.stepId === stepId)
        .reduce((sum, s) => sum + s.counts.sent, 0);
    const failedAt = (stepId: string) =>
      analytics.errors
        .filter((e) => e.stepId === stepId)
        .reduce((sum, e) => sum + e.count, 0);
    expect(counts).toEqual({
      days: 30,
      entered: analytics.runs.launches,
      here: { popup: analytics.runs.inProgress },
      sent: Object.fromEntries(
        ["mail_a", "mail_b", "popup"]
          .map((id) => [id, sentBy(id)])
          .filter(([, n]) => n),
      ),
      failed: Object.fromEntries(
        analytics.errors.flatMap((e) =>
          e.stepId ? [[e.stepId, failedAt(e.stepId)]] : [],
        ),
      ),
      variants: expect.objectContaining(
        Object.fromEntries(
          analytics.splits[0]!.variants.map((v) => [v.variant, v.contacts]),
        ),
      ),
    });
    expect(counts!.variants.holdout).toBeGreaterThan(0);
    expect(await nodeCounts(database.db, "another", scenarioId, 30, NOW)).toBe(
      null,
    );
  });

  it("sums each scenario's runs by how they ended, its credited orders and revenue, over the period", async () => {
    const overview = await analyticsOverview(database.db, shopId, 30, NOW);
    expect(overview).toEqual([
      {
        id: scenarioId,
        name: "Welcome split",
        status: "PAUSED",
        launches: 110,
        inProgress: 10,
        goalReached: 8,
        finished: 50,
        exited: 35,
        failed: 7,
        conversions: 8,
        revenue: [{ currency: "USD", amount: 301 }],
      },
      {
        id: expect.any(String),
        name: "Quiet",
        status: "ACTIVE",
        launches: 0,
        inProgress: 0,
        goalReached: 0,
        finished: 0,
        exited: 0,
        failed: 0,
        conversions: 0,
        revenue: [],
      },
    ]);
    // 90 days reach the run of 40 days ago and its order.
    expect(
      (await analyticsOverview(database.db, shopId, 90, NOW))[0],
    ).toMatchObject({
      launches: 111,
      finished: 51,
      conversions: 9,
      revenue: [{ currency: "USD", amount: 1300 }],
    });
  });

  it("breaks a scenario down: exits, errors by reason and step, each step's funnel (machines' opens and clicks apart, rates on people's) with its credited orders by rule", async () => {
    const a = (await scenarioAnalytics(
      database.db,
      shopId,
      scenarioId,
      30,
      NOW,
    ))!;
    expect(a.runs).toEqual({
      launches: 110,
      inProgress: 10,
      goalReached: 8,
      finished: 50,
      exited: 35,
      failed: 7,
    });
    expect(a.exitReasons).toEqual([
      { reason: "holdout", count: 30 },
      { reason: "goal_reached", count: 8 },
      { reason: "unsubscribed", count: 5 },
    ]);
    expect(a.errors).toEqual([
      {
        reason: "no value and no fallback for first_name",
        stepId: "mail_b",
        count: 3,
      },
      { reason: "provider refused the address", stepId: "mail_a", count: 2 },
      { reason: "provider refused the address", stepId: "mail_b", count: 2 },
    ]);
    expect(a.steps.map((s) => [s.stepId, s.channel, s.title?.en])).toEqual([
      ["mail_a", "EMAIL", "Welcome A"],
      ["mail_b", "EMAIL", "Welcome B"],
      ["popup", "POPUP", "Your offer"],
    ]);
    const [mailA, mailB, popup] = a.steps;
    expect(mailA.counts).toEqual({
      sent: 35,
      // The shop's provider reports no events: delivered is only accepted.
      delivered: 35,
      accepted: true,
      hardBounced: null,
      softBounced: null,
      complained: null,
      opened: 15,
      clicked: 5,
      pending: 0,
      failed: 2,
      unknown: 1,
      skipped: 0,
      machineOpened: 4,
      machineClicked: 2,
    });
    expect(mailA.rates).toEqual({
      openRate: 15 / 35,
      clickRate: 5 / 35,
      clickToOpenRate: 5 / 15,
      bounceRate: null,
      complaintRate: null,
    });
    expect(a.emailReports).toBe(false);
    expect(a.skipped).toEqual([]);
    expect(mailA.credited).toEqual([
      {
        rule: "DISCOUNT_CODE",
        windowDays: null,
        conversions: 4,
        revenue: [{ currency: "USD", amount: 200 }],
      },
      {
        rule: "CLICK_WINDOW",
        windowDays: 5,
        conversions: 2,
        revenue: [{ currency: "USD", amount: 61 }],
      },
    ]);
    expect(mailB.counts).toMatchObject({
      sent: 35,
      opened: 10,
      clicked: 4,
      machineOpened: 0,
      machineClicked: 0,
    });
    expect(mailB.credited).toEqual([
      {
        rule: "CLICK_WINDOW",
        windowDays: 5,
        conversions: 2,
        revenue: [{ currency: "USD", amount: 40 }],
      },
    ]);
    expect(popup.counts).toMatchObject({
      sent: 11,
      delivered: 11,
      opened: null,
      clicked: 4,
      machineOpened: null,
    });
    expect(popup.rates).toEqual({
      openRate: null,
      clickRate: 4 / 11,
      clickToOpenRate: null,
      bounceRate: null,
      complaintRate: null,
    });
    expect(a.creditedWithoutMessage).toEqual([]);
  });

  it("compares the split's variants and measures the holdout's lift on orders within the window", async () => {
    const a = (await scenarioAnalytics(
      database.db,
      shopId,
      scenarioId,
      30,
      NOW,
    ))!;
    expect(a.splits).toHaveLength(1);
    const [control, b] = a.splits[0].variants;
    expect(control).toMatchObject({
      variant: "a",
      contacts: 40,
      conversions: 6,
      rate: 0.15,
      versusControl: null,
    });
    expect(b).toMatchObject({
      variant: "b",
      contacts: 40,
      conversions: 2,
      rate: 0.05,
      versusControl: {
        enough: true,
        significant: false,
        pValue: expect.closeTo(0.13604, 4),
      },
    });
    expect(a.lift).toMatchObject({
      enough: true,
      treated: { contacts: 80, conversions: 12 },
      holdout: { contacts: 30, conversions: 3 },
      treatedRate: 0.15,
      holdoutRate: expect.closeTo(0.1, 10),
      pValue: expect.closeTo(0.49615, 4),
      significant: false,
      incrementalConversions: {
        value: expect.closeTo(4, 8),
        low: expect.closeTo(-6.62727, 4),
        high: expect.closeTo(14.62727, 4),
      },
      incrementalRevenue: {
        value: expect.closeTo(150.5, 6),
        low: expect.closeTo(-249.35107, 3),
        high: expect.closeTo(550.35107, 3),
      },
    });
  });

  it("counts launches and conversions per day of the shop's calendar", async () => {
    const a = (await scenarioAnalytics(
      database.db,
      shopId,
      scenarioId,
      7,
      NOW,
    ))!;
    expect(a.days).toHaveLength(7);
    expect(a.days[6].day).toBe("2025-06-15");
    expect(a.days.reduce((n, d) => n + d.launches, 0)).toBe(110);
    expect(a.days.reduce((n, d) => n + d.conversions, 0)).toBe(8);
    // Moscow's day 2025-06-15 began at 21:00 UTC the day before: runs started hourly back from noon UTC.
    expect(a.days[6].launches).toBe(15);
    expect(
      await scenarioAnalytics(database.db, "another-shop", scenarioId, 7, NOW),
    ).toBeNull();
  });

  it("gives the dashboard its headline since a moment", async () => {
    const headline = await shopHeadline(
      database.db,
      shopId,
      new Date(NOW.valueOf() - 30 * DAY),
    );
    expect(headline).toMatchObject({
      launches: 110,
      conversions: 8,
      revenue: [{ currency: "USD", amount: 301 }],
      lift: { enough: true, treated: { contacts: 80, conversions: 12 } },
    });
    expect(
      await shopHeadline(
        database.db,
        shopId,
        new Date(NOW.valueOf() - 90 * DAY),
      ),
    ).toMatchObject({ launches: 111, conversions: 9 });
  });
});
