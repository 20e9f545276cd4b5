// One scenario's analytics over a period: its runs and how they ended, each send step's funnel by
// channel with the orders credited to it (email's with the provider's delivery, bounce and complaint
// reports: deliverability.server.ts), skipped messages by reason, the A/B split's variants, the
// holdout's lift, and launches and conversions per day. Every figure is counted by the database (groupBy, or SQL in
// sql.server.ts); test contacts count nowhere. Runs and deliveries are those that started in the
// period; conversions are orders placed in it, except the variants' (orders of the variants' runs).
import type {
  AttributionRule,
  Channel,
  DeliveryStatus,
  Db,
  ScenarioStatus,
} from "../db.server";
import { upgradeDefinition, type LocalizedText } from "../scenarios/model";
import { readShopSettings } from "../shops/settings";
import {
  dailySeries,
  period,
  stepCounts,
  stepRates,
  zoneOffsetMinutes,
  type StepCounts,
  type StepRates,
} from "./funnel";
import { deliveredWhere } from "./deliverability.server";
import { liftOf } from "./lift.server";
import { rangeFrom } from "./csv";
import {
  moneyOf,
  runFigures,
  shopForAnalytics,
  type Money,
  type RunFigures,
} from "./overview.server";
import { num, sqlFor } from "./sql.server";
import { compareVariants, type Lift, type VariantResult } from "./stats";

export interface Credited {
  rule: AttributionRule;
  /** The click window (CLICK_WINDOW). */
  windowDays: number | null;
  conversions: number;
  revenue: Money[];
}

export interface StepFigures {
  stepId: string;
  channel: Channel;
  /** The step's message title in the current version, when it has one. */
  title: LocalizedText | null;
  counts: StepCounts;
  rates: StepRates;
  credited: Credited[];
}

export interface SplitFigures {
  stepId: string;
  holdoutPercent: number;
  variants: VariantResult[];
}

export interface ScenarioAnalytics {
  scenario: { id: string; name: string; status: ScenarioStatus };
  currency: string;
  windowDays: number;
  runs: RunFigures;
  exitReasons: Array<{ reason: string; count: number }>;
  errors: Array<{ reason: string; stepId: string | null; count: number }>;
  /** Messages not sent, by the reason recorded (Delivery.error), most first. */
  skipped: Array<{ reason: string; count: number }>;
  /** The shop's provider reports email events: "delivered" is reported, not only "accepted". */
  emailReports: boolean;
  steps: StepFigures[];
  /** Orders credited by a code with no message of the run recorded before the order. */
  creditedWithoutMessage: Credited[];
  splits: SplitFigures[];
  lift: Lift | null;
  days: Array<{ day: string; launches: number; conversions: number }>;
}

export async function scenarioAnalytics(
  db: Db,
  shopId: string,
  scenarioId: string,
  days: number,
  now = new Date(),
): Promise<ScenarioAnalytics | null> {
  const scenario = await db.scenario.findFirst({
    where: { id: scenarioId, shopId },
    select: {
      id: true,
      name: true,
      status: true,
      currentVersion: true,
      shop: {
        select: {
          settings: true,
          currencyCode: true,
          ianaTimezone: true,
          emailEventsSince: true,
        },
      },
    },
  });
  if (!scenario) return null;
  const version = await db.scenarioVersion.findUnique({
    where: {
      scenarioId_version: { scenarioId, version: scenario.currentVersion },
    },
  });
  const parsed = upgradeDefinition(version?.definition);
  const definition = parsed.ok ? parsed.definition : null;
  const windowDays = readShopSettings(
    scenario.shop.settings,
  ).attributionWindowDays;
  const currency = scenario.shop.currencyCode;
  const offset = zoneOffsetMinutes(scenario.shop.ianaTimezone, now);
  const { from, since } = period(now, days, offset);
  const runsIn = {
    scenarioId,
    startedAt: { gte: since },
    contact: { isTest: false },
  };

  const deliveriesIn = {
    shopId,
    run: { scenarioId },
    createdAt: { gte: since },
    contact: { isTest: false },
  };
  const reported = scenario.shop.emailEventsSince;
  const emailIn = { ...deliveriesIn, channel: "EMAIL" as const };
  const [
    runs,
    errors,
    deliveries,
    machineOpens,
    machineClicks,
    delivered,
    bounced,
    complained,
    skipped,
    credited,
    variants,
    lift,
    series,
  ] = await Promise.all([
    db.scenarioRun.groupBy({
      by: ["status", "exitReason"],
      where: runsIn,
      _count: { _all: true },
    }),
    db.scenarioRun.groupBy({
      by: ["errorReason", "errorStepId"],
      where: { ...runsIn, status: "FAILED" },
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["stepId", "channel", "status"],
      where: deliveriesIn,
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["stepId", "channel"],
      where: { ...deliveriesIn, machineOpenedAt: { not: null } },
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["stepId", "channel"],
      where: { ...deliveriesIn, machineClickedAt: { not: null } },
      _count: { _all: true },
    }),
    // The provider's reports (email only); "delivered" only once it reports anything.
    reported
      ? db.delivery.groupBy({
          by: ["stepId"],
          where: { AND: [emailIn, deliveredWhere(reported)] },
          _count: { _all: true },
        })
      : Promise.resolve([]),
    db.delivery.groupBy({
      by: ["stepId", "bounceKind"],
      where: { ...emailIn, bouncedAt: { not: null } },
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["stepId"],
      where: { ...emailIn, complainedAt: { not: null } },
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["error"],
      where: { ...deliveriesIn, status: "SKIPPED" },
      _count: { _all: true },
    }),
    creditedByStep(db, shopId, scenarioId, since),
    variantFigures(db, scenarioId, since),
    liftOf(db, { shopId, scenarioId, since, windowDays, currency }),
    daily(db, scenarioId, since, offset),
  ]);

  const runRows = runs.map((r) => ({
    status: r.status,
    exitReason: r.exitReason,
    count: r._count._all,
  }));
  const sendSteps = (definition?.steps ?? []).flatMap((s) =>
    s.type === "send" ? [s] : [],
  );
  const order = (stepId: string) => {
    const i = sendSteps.findIndex((s) => s.id === stepId);
    return i < 0 ? sendSteps.length : i;
  };
  // Steps the period's deliveries name, and steps an order in the period was credited to (an older message).
  const named = [
    ...deliveries.map((d) => `${d.stepId}\u0000${d.channel}`),
    ...credited.flatMap((c) =>
      c.stepId && c.channel ? [`${c.stepId}\u0000${c.channel}`] : [],
    ),
  ];
  const keys = [...new Set(named)].map(
    (k) => k.split("\u0000") as [string, Channel],
  );
  keys.sort(
    (a, b) =>
      order(a[0]) - order(b[0]) ||
      a[0].localeCompare(b[0]) ||
      a[1].localeCompare(b[1]),
  );
  const steps = keys.map(([stepId, channel]) => {
    const byStatus: Partial<Record<DeliveryStatus, number>> = {};
    for (const d of deliveries)
      if (d.stepId === stepId && d.channel === channel)
        byStatus[d.status] = d._count._all;
    const machine = (rows: typeof machineOpens) =>
      rows.find((r) => r.stepId === stepId && r.channel === channel)?._count
        ._all ?? 0;
    const ofStep = (
      rows: Array<{ stepId: string; _count: { _all: number } }>,
    ) =>
      rows
        .filter((r) => r.stepId === stepId)
        .reduce((n, r) => n + r._count._all, 0);
    const counts = stepCounts(
      channel,
      byStatus,
      { opened: machine(machineOpens), clicked: machine(machineClicks) },
      {
        delivered: reported ? ofStep(delivered) : null,
        hardBounced: ofStep(bounced.filter((b) => b.bounceKind !== "soft")),
        softBounced: ofStep(bounced.filter((b) => b.bounceKind === "soft")),
        complained: ofStep(complained),
      },
    );
    return {
      stepId,
      channel,
      title: sendSteps.find((s) => s.id === stepId)?.message.title ?? null,
      counts,
      rates: stepRates(counts),
      credited: credits(
        credited.filter((c) => c.stepId === stepId && c.channel === channel),
      ),
    };
  });

  const splits = (definition?.steps ?? [])
    .flatMap((s) => (s.type === "split" ? [s] : []))
    .map((split) => ({
      stepId: split.id,
      holdoutPercent: split.holdoutPercent,
      variants: compareVariants(
        split.variants.map((v) => ({
          variant: v.key,
          contacts: variants.get(v.key)?.contacts ?? 0,
          conversions: variants.get(v.key)?.conversions ?? 0,
        })),
      ),
    }));

  return {
    scenario: { id: scenario.id, name: scenario.name, status: scenario.status },
    currency,
    windowDays,
    runs: runFigures(runRows),
    exitReasons: runRows
      .filter((r) => r.status === "EXITED")
      .map((r) => ({ reason: r.exitReason ?? "", count: r.count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    errors: errors
      .map((e) => ({
        reason: e.errorReason ?? "",
        stepId: e.errorStepId,
        count: e._count._all,
      }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    skipped: skipped
      .map((r) => ({ reason: r.error ?? "", count: r._count._all }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    emailReports: reported !== null,
    steps,
    creditedWithoutMessage: credits(credited.filter((c) => c.stepId === null)),
    splits,
    lift,
    days: dailySeries(from, days, series.launches).map((d) => ({
      day: d.day,
      launches: d.value,
      conversions: series.conversions[d.day] ?? 0,
    })),
  };
}

interface CreditRow {
  stepId: string | null;
  channel: Channel | null;
  rule: AttributionRule;
  windowDays: number | null;
  currency: string;
  orders: number;
  mills: number;
}

async function creditedByStep(
  db: Db,
  shopId: string,
  scenarioId: string,
  since: Date,
): Promise<CreditRow[]> {
  const q = sqlFor(db);
  const rows = await db.$queryRaw<
    Array<{
      stepId: string | null;
      channel: Channel | null;
      rule: AttributionRule;
      windowDays: unknown;
      currency: string;
      orders: unknown;
      mills: unknown;
    }>
  >(q.sql`
    SELECT d."stepId" AS "stepId", d."channel" AS channel, c."rule" AS rule, c."windowDays" AS "windowDays", c."currency" AS currency,
      COUNT(*) AS orders, ${q.revenueMills} AS mills
    FROM "Conversion" c JOIN "Contact" ct ON ct."id" = c."contactId" LEFT JOIN "Delivery" d ON d."id" = c."deliveryId"
    WHERE c."shopId" = ${shopId} AND c."scenarioId" = ${scenarioId} AND c."occurredAt" >= ${q.at(since)} AND NOT ct."isTest" AND ${q.standing}
    GROUP BY d."stepId", d."channel", c."rule", c."windowDays", c."currency"`);
  return rows.map((r) => ({
    ...r,
    windowDays: r.windowDays === null ? null : num(r.windowDays),
    orders: num(r.orders),
    mills: num(r.mills),
  }));
}

const rank = (rule: AttributionRule) => (rule === "DISCOUNT_CODE" ? 0 : 1);

/** Credit rows of one step as one entry per rule (and window), revenue per currency. */
function credits(rows: CreditRow[]): Credited[] {
  const byRule = new Map<string, CreditRow[]>();
  for (const r of rows)
    byRule.set(`${r.rule}:${r.windowDays ?? ""}`, [
      ...(byRule.get(`${r.rule}:${r.windowDays ?? ""}`) ?? []),
      r,
    ]);
  return (
    [...byRule.values()]
      .map((group) => ({
        rule: group[0].rule,
        windowDays: group[0].windowDays,
        conversions: group.reduce((total, r) => total + r.orders, 0),
        revenue: moneyOf(group),
      }))
      // Codes first (the stronger evidence), then click windows, shortest first.
      .sort(
        (a, b) =>
          rank(a.rule) - rank(b.rule) ||
          (a.windowDays ?? 0) - (b.windowDays ?? 0),
      )
  );
}

/** Runs per variant and how many of them led to a credited order (any time since they started). */
async function variantFigures(
  db: Db,
  scenarioId: string,
  since: Date,
): Promise<Map<string, { contacts: number; conversions: number }>> {
  const q = sqlFor(db);
  const [runs, converted] = await Promise.all([
    db.scenarioRun.groupBy({
      by: ["variant"],
      where: {
        scenarioId,
        startedAt: { gte: since },
        contact: { isTest: false },
        variant: { not: null },
      },
      _count: { _all: true },
    }),
    db.$queryRaw<Array<{ variant: string; runs: unknown }>>(q.sql`
      SELECT r."variant" AS variant, COUNT(DISTINCT c."runId") AS runs
      FROM "Conversion" c JOIN "ScenarioRun" r ON r."id" = c."runId" JOIN "Contact" ct ON ct."id" = r."contactId"
      WHERE r."scenarioId" = ${scenarioId} AND r."startedAt" >= ${q.at(since)} AND r."variant" IS NOT NULL AND NOT ct."isTest" AND ${q.standing}
      GROUP BY r."variant"`),
  ]);
  return new Map(
    runs.map((r) => [
      r.variant!,
      {
        contacts: r._count._all,
        conversions: num(converted.find((c) => c.variant === r.variant)?.runs),
      },
    ]),
  );
}

async function daily(
  db: Db,
  scenarioId: string,
  since: Date,
  offset: number,
): Promise<{
  launches: Record<string, number>;
  conversions: Record<string, number>;
}> {
  const q = sqlFor(db);
  const [launches, conversions] = await Promise.all([
    db.$queryRaw<Array<{ day: string; n: unknown }>>(q.sql`
      SELECT ${q.day(q.sql`r."startedAt"`, offset)} AS day, COUNT(*) AS n
      FROM "ScenarioRun" r JOIN "Contact" ct ON ct."id" = r."contactId"
      WHERE r."scenarioId" = ${scenarioId} AND r."startedAt" >= ${q.at(since)} AND NOT ct."isTest"
      GROUP BY 1`),
    db.$queryRaw<Array<{ day: string; n: unknown }>>(q.sql`
      SELECT ${q.day(q.sql`c."occurredAt"`, offset)} AS day, COUNT(*) AS n
      FROM "Conversion" c JOIN "Contact" ct ON ct."id" = c."contactId"
      WHERE c."scenarioId" = ${scenarioId} AND c."occurredAt" >= ${q.at(since)} AND NOT ct."isTest" AND ${q.standing}
      GROUP BY 1`),
  ]);
  const record = (rows: Array<{ day: string; n: unknown }>) =>
    Object.fromEntries(rows.map((r) => [r.day, num(r.n)]));
  return { launches: record(launches), conversions: record(conversions) };
}

/** The analytics page's and its CSV's request: the shop's scenario over `?days=`; a 404 for another shop's or none. */
export async function scenarioAnalyticsRequest(
  db: Db,
  domain: string,
  scenarioId: string,
  url: URL,
): Promise<{ days: number; analytics: ScenarioAnalytics }> {
  const days = rangeFrom(url.searchParams.get("days"));
  const shop = await shopForAnalytics(db, domain);
  const analytics = shop
    ? await scenarioAnalytics(db, shop.id, scenarioId, days)
    : null;
  if (!analytics) throw new Response("Not found", { status: 404 });
  return { days, analytics };
}
