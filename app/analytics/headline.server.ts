// The dashboard's headline: since a moment, how many contacts the shop's scenarios took in, how
// many orders they were credited with and for how much, and the lift over held-out contacts across
// the scenarios that hold some out (null when none does). Test contacts count nowhere.
import type { Db } from "../db.server";
import { readShopSettings } from "../shops/settings";
import { liftOf } from "./lift.server";
import { moneyOf, type Money } from "./overview.server";
import { num, sqlFor } from "./sql.server";
import type { Lift } from "./stats";

export interface Headline {
  launches: number;
  conversions: number;
  /** Per currency, largest first. */
  revenue: Money[];
  lift: Lift | null;
}

export async function shopHeadline(
  db: Db,
  shopId: string,
  since: Date,
): Promise<Headline> {
  const shop = await db.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { settings: true, currencyCode: true },
  });
  const windowDays = readShopSettings(shop.settings).attributionWindowDays;
  const q = sqlFor(db);
  const [launches, conversions, lift] = await Promise.all([
    db.scenarioRun.count({
      where: { shopId, startedAt: { gte: since }, contact: { isTest: false } },
    }),
    db.$queryRaw<
      Array<{ currency: string; orders: unknown; mills: unknown }>
    >(q.sql`
      SELECT c."currency" AS currency, COUNT(*) AS orders, ${q.revenueMills} AS mills
      FROM "Conversion" c JOIN "Contact" ct ON ct."id" = c."contactId"
      WHERE c."shopId" = ${shopId} AND c."occurredAt" >= ${q.at(since)} AND NOT ct."isTest" AND ${q.standing}
      GROUP BY c."currency"`),
    liftOf(db, { shopId, since, windowDays, currency: shop.currencyCode }),
  ]);
  return {
    launches,
    conversions: conversions.reduce((total, c) => total + num(c.orders), 0),
    revenue: moneyOf(conversions),
    lift,
  };
}
