// Holdout lift's counts. Held-out contacts receive nothing, so no order of theirs is ever credited
// (app/deliveries/attribution.ts): comparing them with credited orders would flatter the scenario.
// Both groups are therefore measured alike: a contact converted when they placed any order within
// the shop's attribution window after entering the scenario. Treated = the contacts a split sent
// down a variant; contacts who left before the split were never randomized and count in neither.
import type { Db } from "../db.server";
import { holdoutLift, type Group, type Lift } from "./stats";
import { amount, num, sqlFor } from "./sql.server";

export interface LiftScope {
  shopId: string;
  /** One scenario, or every scenario of the shop that held contacts out. */
  scenarioId?: string;
  since: Date;
  windowDays: number;
  /** The shop's currency: the treated contacts' average order is taken in it. */
  currency: string;
}

export async function liftGroups(
  db: Db,
  scope: LiftScope,
): Promise<{ treated: Group; holdout: Group }> {
  const q = sqlFor(db);
  const scenarios = scope.scenarioId
    ? q.sql`r."scenarioId" = ${scope.scenarioId}`
    : q.sql`r."scenarioId" IN (SELECT h."scenarioId" FROM "ScenarioRun" h WHERE h."shopId" = ${scope.shopId} AND h."variant" = 'holdout')`;
  const ordered = q.within(
    q.sql`r."startedAt"`,
    q.sql`e."occurredAt"`,
    scope.windowDays,
  );
  const rows = await db.$queryRaw<
    Array<{ held: unknown; contacts: unknown; converted: unknown }>
  >(q.sql`
    SELECT CASE WHEN r."variant" = 'holdout' THEN 1 ELSE 0 END AS held, COUNT(*) AS contacts,
      SUM(CASE WHEN EXISTS (SELECT 1 FROM "ContactEvent" e WHERE e."contactId" = r."contactId" AND e."type" = 'order_placed' AND ${ordered} AND ${q.orderStanding}) THEN 1 ELSE 0 END) AS converted
    FROM "ScenarioRun" r JOIN "Contact" ct ON ct."id" = r."contactId"
    WHERE r."shopId" = ${scope.shopId} AND ${scenarios} AND r."startedAt" >= ${q.at(scope.since)}
      AND r."variant" IS NOT NULL AND NOT ct."isTest"
    GROUP BY 1`);
  const group = (held: number): Group => {
    const row = rows.find((r) => num(r.held) === held);
    return { contacts: num(row?.contacts), conversions: num(row?.converted) };
  };
  return { treated: group(0), holdout: group(1) };
}

/** The scope's lift, or null when no contact was held out. */
export async function liftOf(db: Db, scope: LiftScope): Promise<Lift | null> {
  const { treated, holdout } = await liftGroups(db, scope);
  if (holdout.contacts === 0) return null;
  return holdoutLift(treated, holdout, await averageOrderValue(db, scope));
}

/** The average credited order in the shop's currency: only treated contacts have credited orders. */
async function averageOrderValue(
  db: Db,
  scope: LiftScope,
): Promise<number | null> {
  const q = sqlFor(db);
  const scenarios = scope.scenarioId
    ? q.sql`c."scenarioId" = ${scope.scenarioId}`
    : q.sql`c."scenarioId" IN (SELECT h."scenarioId" FROM "ScenarioRun" h WHERE h."shopId" = ${scope.shopId} AND h."variant" = 'holdout')`;
  const [row] = await db.$queryRaw<
    Array<{ orders: unknown; mills: unknown }>
  >(q.sql`
    SELECT COUNT(*) AS orders, ${q.revenueMills} AS mills
    FROM "Conversion" c JOIN "Contact" ct ON ct."id" = c."contactId"
    WHERE c."shopId" = ${scope.shopId} AND ${scenarios} AND c."occurredAt" >= ${q.at(scope.since)}
      AND c."currency" = ${scope.currency} AND NOT ct."isTest" AND ${q.standing}`);
  const orders = num(row?.orders);
  return orders > 0 ? amount(num(row?.mills)) / orders : null;
}
