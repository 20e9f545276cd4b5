// The analytics overview: each scenario's runs and credited orders over a period. Runs are those
// that started in the period (where each stands now); conversions are orders placed in it. Test
// contacts count nowhere.
import type { Db, RunStatus, ScenarioStatus } from "../db.server";
import { readShopSettings } from "../shops/settings";
import { period, zoneOffsetMinutes } from "./funnel";
import { amount, num, sqlFor } from "./sql.server";

export interface Money {
  currency: string;
  amount: number;
}

export interface RunFigures {
  launches: number;
  /** Running or waiting. */
  inProgress: number;
  /** Ended because the scenario's goal happened (e.g. an order): exited with "goal_reached". */
  goalReached: number;
  /** Went through every step to the end. */
  finished: number;
  /** Left for any other reason (unsubscribed, held out, merged, app uninstalled). */
  exited: number;
  failed: number;
}

export interface ScenarioSummary extends RunFigures {
  id: string;
  name: string;
  status: ScenarioStatus;
  conversions: number;
  revenue: Money[];
}

export const GOAL_REACHED = "goal_reached";

export function runFigures(
  rows: Array<{ status: RunStatus; exitReason: string | null; count: number }>,
): RunFigures {
  const sum = (test: (r: (typeof rows)[number]) => boolean) =>
    rows.filter(test).reduce((total, r) => total + r.count, 0);
  return {
    launches: sum(() => true),
    inProgress: sum((r) => r.status === "ACTIVE" || r.status === "WAITING"),
    goalReached: sum(
      (r) => r.status === "EXITED" && r.exitReason === GOAL_REACHED,
    ),
    finished: sum((r) => r.status === "COMPLETED"),
    exited: sum((r) => r.status === "EXITED" && r.exitReason !== GOAL_REACHED),
    failed: sum((r) => r.status === "FAILED"),
  };
}

/** The period's first day and the instant it began, in the shop's time zone. */
export async function shopPeriod(
  db: Db,
  shopId: string,
  days: number,
  now: Date,
): Promise<{ from: string; since: Date; offset: number }> {
  const shop = await db.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { ianaTimezone: true },
  });
  const offset = zoneOffsetMinutes(shop.ianaTimezone, now);
  return { ...period(now, days, offset), offset };
}

export async function analyticsOverview(
  db: Db,
  shopId: string,
  days: number,
  now = new Date(),
): Promise<ScenarioSummary[]> {
  const q = sqlFor(db);
  const { since } = await shopPeriod(db, shopId, days, now);
  const [scenarios, runs, conversions] = await Promise.all([
    db.scenario.findMany({
      where: { shopId, status: { not: "ARCHIVED" } },
      orderBy: [{ group: "asc" }, { name: "asc" }],
      select: { id: true, name: true, status: true },
    }),
    db.scenarioRun.groupBy({
      by: ["scenarioId", "status", "exitReason"],
      where: { shopId, startedAt: { gte: since }, contact: { isTest: false } },
      _count: { _all: true },
    }),
    db.$queryRaw<
      Array<{
        scenarioId: string;
        currency: string;
        orders: unknown;
        mills: unknown;
      }>
    >(q.sql`
      SELECT c."scenarioId" AS "scenarioId", c."currency" AS currency, COUNT(*) AS orders, ${q.revenueMills} AS mills
      FROM "Conversion" c JOIN "Contact" ct ON ct."id" = c."contactId"
      WHERE c."shopId" = ${shopId} AND c."occurredAt" >= ${q.at(since)} AND NOT ct."isTest" AND ${q.standing}
      GROUP BY c."scenarioId", c."currency"`),
  ]);
  return scenarios.map((s) => {
    const mine = conversions.filter((c) => c.scenarioId === s.id);
    return {
      ...s,
      ...runFigures(
        runs
          .filter((r) => r.scenarioId === s.id)
          .map((r) => ({
            status: r.status,
            exitReason: r.exitReason,
            count: r._count._all,
          })),
      ),
      conversions: mine.reduce((total, c) => total + num(c.orders), 0),
      revenue: moneyOf(mine),
    };
  });
}

/** Rows of (currency, mills) as amounts per currency, largest first. */
export function moneyOf(
  rows: Array<{ currency: string; mills: unknown }>,
): Money[] {
  const byCurrency = new Map<string, number>();
  for (const r of rows)
    byCurrency.set(
      r.currency,
      (byCurrency.get(r.currency) ?? 0) + num(r.mills),
    );
  return [...byCurrency]
    .map(([currency, mills]) => ({ currency, amount: amount(mills) }))
    .sort(
      (a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency),
    );
}

/** The shop an admin session belongs to, and its attribution window; null before the install is recorded. */
export async function shopForAnalytics(
  db: Db,
  domain: string,
): Promise<{ id: string; windowDays: number } | null> {
  const shop = await db.shop.findUnique({
    where: { domain },
    select: { id: true, settings: true },
  });
  return shop
    ? {
        id: shop.id,
        windowDays: readShopSettings(shop.settings).attributionWindowDays,
      }
    : null;
}
