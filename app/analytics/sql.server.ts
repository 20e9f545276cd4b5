// The few aggregates Prisma's groupBy cannot express (sums of a decimal string, calendar days,
// joins across runs, deliveries and conversions), as SQL that differs between SQLite and
// PostgreSQL only in the fragments below. Counted by the database: no rows are loaded to count.
// Each client accepts only its own `Prisma.sql` fragments, so a query is built with its client's.
import { Prisma as SqlitePrisma } from "@trigger-map/prisma-sqlite";
import { Prisma as PostgresPrisma } from "@trigger-map/prisma-postgresql";
import type { Db } from "../db.server";

export type Sql = SqlitePrisma.Sql;
type Value = string | number | Date | Sql | null;

export interface SqlFor {
  /** Tagged template for a query or fragment. */
  sql(strings: TemplateStringsArray, ...values: Value[]): Sql;
  /**
   * An instant as the database compares it: Prisma keeps SQLite's DateTime as ISO text with
   * "+00:00", so a parameter in the same form compares as text does; PostgreSQL takes the Date.
   */
  at(instant: Date): Value;
  /** A DateTime column's calendar day (YYYY-MM-DD) at a fixed UTC offset in minutes. */
  day(column: Sql, offsetMinutes: number): Sql;
  /** `later` falls within `days` days after `start` (both DateTime columns). */
  within(start: Sql, later: Sql, days: number): Sql;
  /**
   * The sum of conversions' net revenue (`c`: Shopify's decimal string) in thousandths, added as
   * integers: exact for every currency (at most three decimals), where adding floats is not. Net
   * as Shopify's sales reports count an order: its total less what its refunds took back
   * (OrderRefund), never below zero.
   */
  revenueMills: Sql;
  /**
   * The conversion `c` still stands: its order was not cancelled (a cancelled order's sales are zero
   * in Shopify's reports, and it is no conversion). Every query of conversions has it.
   */
  standing: Sql;
  /** The order placed that an `order_placed` event `e` tells was not cancelled. */
  orderStanding: Sql;
}

export function sqlFor(db: Db): SqlFor {
  const postgres =
    (db as unknown as { _activeProvider?: string })._activeProvider ===
    "postgresql";
  const sql = (postgres
    ? PostgresPrisma.sql
    : SqlitePrisma.sql) as unknown as SqlFor["sql"];
  const mills = (column: Sql) =>
    sql`CAST(ROUND(CAST(${column} AS NUMERIC) * 1000) AS BIGINT)`;
  const refunded = sql`COALESCE((SELECT SUM(${mills(sql`rf."amount"`)}) FROM "OrderRefund" rf WHERE rf."shopId" = c."shopId" AND rf."orderId" = c."orderId"), 0)`;
  const net = sql`${mills(sql`c."revenue"`)} - ${refunded}`;
  // GREATEST in PostgreSQL, the two-argument MAX in SQLite.
  const revenueMills = postgres
    ? sql`SUM(GREATEST(${net}, 0))`
    : sql`SUM(MAX(${net}, 0))`;
  const notCancelled = (orderId: Sql, shopId: Sql) =>
    sql`NOT EXISTS (SELECT 1 FROM "OrderCancellation" oc WHERE oc."shopId" = ${shopId} AND oc."orderId" = ${orderId})`;
  const standing = notCancelled(sql`c."orderId"`, sql`c."shopId"`);
  const orderStanding = notCancelled(
    postgres
      ? sql`(e."payload"->'order'->>'id')`
      : sql`json_extract(e."payload", '$.order.id')`,
    sql`e."shopId"`,
  );
  return postgres
    ? {
        sql,
        at: (instant) => instant,
        day: (column, offset) =>
          sql`to_char(${column} + make_interval(mins => ${offset}::int), 'YYYY-MM-DD')`,
        within: (start, later, days) =>
          sql`(${later} >= ${start} AND ${later} <= ${start} + make_interval(days => ${days}::int))`,
        revenueMills,
        standing,
        orderStanding,
      }
    : {
        sql,
        at: (instant) => instant.toISOString().replace("Z", "+00:00"),
        day: (column, offset) =>
          sql`strftime('%Y-%m-%d', ${column}, ${`${offset >= 0 ? "+" : ""}${offset} minutes`})`,
        within: (start, later, days) =>
          sql`(julianday(${later}) >= julianday(${start}) AND julianday(${later}) <= julianday(${start}) + ${days})`,
        revenueMills,
        standing,
        orderStanding,
      };
}

/** COUNT and SUM come back as bigint or Decimal on PostgreSQL, numbers on SQLite. */
export const num = (value: unknown): number =>
  value === null || value === undefined ? 0 : Number(String(value));

/** Thousandths back to an amount. */
export const amount = (mills: number): number => Math.round(mills) / 1000;
