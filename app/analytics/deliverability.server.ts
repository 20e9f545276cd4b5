// The shop's email deliverability over the last days, from its provider's reports
// (app/deliveries/email-events.server.ts): per scenario and in all, emails sent, delivered (or only
// accepted, before the provider reported anything), bounced and complained about, and warnings
// when a rate nears or passes the limit mailbox providers enforce. Gmail and Yahoo's sender rules
// reject or spam-folder mail from senders over a 0.3% spam complaint rate; providers review (and
// may suspend) accounts over about 2% bounces. The account is the shop's own, so a suspension
// stops its order emails too. Counted by the database; test contacts count nowhere.
import type { Db, Prisma, ScenarioStatus } from "../db.server";
import { REACHED } from "./funnel";
import { shopPeriod } from "./overview.server";
import { num, sqlFor } from "./sql.server";
import { rate } from "./stats";

/** Gmail and Yahoo's spam complaint limit. */
export const COMPLAINT_LIMIT = 0.003;
/** A warning before it. */
export const COMPLAINT_NEAR = 0.002;
/** Where providers review (and may suspend) an account for bounces. */
export const BOUNCE_LIMIT = 0.02;
export const BOUNCE_NEAR = 0.015;
/**
 * Emails sent in the period below which no warning is given. Below 100 a single bounce or
 * complaint moves a rate by a point or more, so the rate says more about chance than about the
 * list (one complaint in 3 emails on the first day is 33%); providers judge rates over volumes far
 * larger. From 100 on, one complaint (1%) is a real signal worth a look: it is over the limit.
 */
export const MIN_SENT = 100;

export interface DeliverabilityFigures {
  sent: number;
  /** Reported delivered; equal to sent where `accepted`. */
  delivered: number;
  hardBounced: number;
  softBounced: number;
  complained: number;
  /** Bounced (hard and soft) / sent. */
  bounceRate: number | null;
  /** Complained / delivered. */
  complaintRate: number | null;
}

export interface ScenarioDeliverability extends DeliverabilityFigures {
  id: string;
  name: string;
  status: ScenarioStatus;
  /** Its template, whose name the admin shows in its language. */
  templateKey: string | null;
}

export interface DeliverabilityWarning {
  kind: "complaint" | "bounce";
  /** "critical" at or over the limit, "warning" nearing it. */
  level: "critical" | "warning";
  rate: number;
  limit: number;
  /** The scenario with the most complaints (or bounces), the first to pause; null when none has any. */
  scenario: Pick<
    ScenarioDeliverability,
    "id" | "name" | "status" | "templateKey"
  > | null;
}

export interface Deliverability {
  days: number;
  /** No provider reports yet: "delivered" is only "accepted", and no bounce is known. */
  accepted: boolean;
  total: DeliverabilityFigures;
  scenarios: ScenarioDeliverability[];
  warnings: DeliverabilityWarning[];
}

/**
 * Email deliveries the provider reported delivered, or that were opened or clicked (an open proves
 * delivery). Those sent before its first report count as delivered unless they bounced: nothing
 * was reported about them either way.
 */
export function deliveredWhere(
  emailEventsSince: Date,
): Prisma.DeliveryWhereInput {
  return {
    OR: [
      { deliveredAt: { not: null } },
      { status: { in: ["OPENED", "CLICKED"] } },
      {
        status: { in: REACHED },
        sentAt: { lt: emailEventsSince },
        bouncedAt: null,
      },
    ],
  };
}

export async function deliverability(
  db: Db,
  shopId: string,
  now: Date,
  days = 30,
): Promise<Deliverability> {
  const q = sqlFor(db);
  const [{ since }, shop] = await Promise.all([
    shopPeriod(db, shopId, days, now),
    db.shop.findUniqueOrThrow({
      where: { id: shopId },
      select: { emailEventsSince: true },
    }),
  ]);
  const reported = shop.emailEventsSince;
  const reached = q.sql`d."status" IN ('SENT', 'DELIVERED', 'OPENED', 'CLICKED')`;
  // Same as deliveredWhere, for the per-scenario sums groupBy cannot make (a run's scenario).
  const delivered = reported
    ? q.sql`(d."deliveredAt" IS NOT NULL OR d."status" IN ('OPENED', 'CLICKED') OR (${reached} AND d."sentAt" < ${q.at(reported)} AND d."bouncedAt" IS NULL))`
    : reached;
  const rows = await db.$queryRaw<
    Array<{
      scenarioId: string | null;
      sent: unknown;
      delivered: unknown;
      hard: unknown;
      soft: unknown;
      complained: unknown;
    }>
  >(q.sql`
    SELECT r."scenarioId" AS "scenarioId",
      SUM(CASE WHEN ${reached} THEN 1 ELSE 0 END) AS sent,
      SUM(CASE WHEN ${delivered} THEN 1 ELSE 0 END) AS delivered,
      SUM(CASE WHEN d."bouncedAt" IS NOT NULL AND d."bounceKind" = 'soft' THEN 1 ELSE 0 END) AS soft,
      SUM(CASE WHEN d."bouncedAt" IS NOT NULL AND (d."bounceKind" IS NULL OR d."bounceKind" <> 'soft') THEN 1 ELSE 0 END) AS hard,
      SUM(CASE WHEN d."complainedAt" IS NOT NULL THEN 1 ELSE 0 END) AS complained
    FROM "Delivery" d JOIN "Contact" ct ON ct."id" = d."contactId" LEFT JOIN "ScenarioRun" r ON r."id" = d."runId"
    WHERE d."shopId" = ${shopId} AND d."channel" = 'EMAIL' AND d."createdAt" >= ${q.at(since)} AND NOT ct."isTest"
    GROUP BY r."scenarioId"`);
  const counted = rows.map((r) => ({
    scenarioId: r.scenarioId,
    sent: num(r.sent),
    delivered: num(r.delivered),
    hardBounced: num(r.hard),
    softBounced: num(r.soft),
    complained: num(r.complained),
  }));
  const ids = counted.flatMap((r) => (r.scenarioId ? [r.scenarioId] : []));
  const scenarios = ids.length
    ? await db.scenario.findMany({
        where: { id: { in: ids }, shopId },
        select: { id: true, name: true, status: true, templateKey: true },
        orderBy: { name: "asc" },
      })
    : [];
  const total = figures(
    counted.reduce(
      (sum, r) => ({
        sent: sum.sent + r.sent,
        delivered: sum.delivered + r.delivered,
        hardBounced: sum.hardBounced + r.hardBounced,
        softBounced: sum.softBounced + r.softBounced,
        complained: sum.complained + r.complained,
      }),
      { sent: 0, delivered: 0, hardBounced: 0, softBounced: 0, complained: 0 },
    ),
  );
  const perScenario = scenarios.map((s) => ({
    ...s,
    ...figures(counted.find((r) => r.scenarioId === s.id)!),
  }));
  return {
    days,
    accepted: !reported,
    total,
    scenarios: perScenario,
    warnings: warningsOf(total, perScenario),
  };
}

function figures(
  c: Omit<DeliverabilityFigures, "bounceRate" | "complaintRate">,
): DeliverabilityFigures {
  return {
    sent: c.sent,
    delivered: c.delivered,
    hardBounced: c.hardBounced,
    softBounced: c.softBounced,
    complained: c.complained,
    bounceRate: rate(c.hardBounced + c.softBounced, c.sent),
    complaintRate: rate(c.complained, c.delivered),
  };
}

/** The shop's rates against the limits, once MIN_SENT emails went out. Pure. */
export function warningsOf(
  total: DeliverabilityFigures,
  scenarios: ScenarioDeliverability[],
): DeliverabilityWarning[] {
  if (total.sent < MIN_SENT) return [];
  const warnings: DeliverabilityWarning[] = [];
  const check = (
    kind: DeliverabilityWarning["kind"],
    value: number | null,
    near: number,
    limit: number,
    events: (s: ScenarioDeliverability) => number,
  ) => {
    if (value === null || value < near) return;
    // The most events first; of equals, the higher share of its own emails.
    const driver = scenarios
      .filter((s) => events(s) > 0)
      .sort(
        (a, b) =>
          events(b) - events(a) || events(b) / b.sent - events(a) / a.sent,
      )[0];
    warnings.push({
      kind,
      level: value >= limit ? "critical" : "warning",
      rate: value,
      limit,
      scenario: driver
        ? {
            id: driver.id,
            name: driver.name,
            status: driver.status,
            templateKey: driver.templateKey,
          }
        : null,
    });
  };
  check(
    "complaint",
    total.complaintRate,
    COMPLAINT_NEAR,
    COMPLAINT_LIMIT,
    (s) => s.complained,
  );
  check(
    "bounce",
    total.bounceRate,
    BOUNCE_NEAR,
    BOUNCE_LIMIT,
    (s) => s.hardBounced + s.softBounced,
  );
  return warnings;
}
