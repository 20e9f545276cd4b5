// The figures the scenario map can show on its nodes: runs that entered over a period, contacts
// waiting at each step now, messages each send step sent, runs that failed at a step, and each
// variant's and the holdout's share. Runs record where they are, not every step they passed, so a
// condition's node carries no count of its own. Test contacts count nowhere.
import type { Db } from "../db.server";
import { rangeFrom } from "./csv";
import { shopForAnalytics, shopPeriod } from "./overview.server";

export interface NodeCounts {
  days: number;
  entered: number;
  /** Contacts waiting at (or about to run) each step now, by step id. */
  here: Record<string, number>;
  /** Messages sent by each send step (accepted by the channel, whatever came after). */
  sent: Record<string, number>;
  failed: Record<string, number>;
  /** Runs by variant key ("holdout" for the held out). */
  variants: Record<string, number>;
}

const SENT = ["SENT", "DELIVERED", "OPENED", "CLICKED"] as const;

const byKey = <K extends string>(
  rows: Array<Partial<Record<K, string | null>> & { _count: { _all: number } }>,
  key: K,
) => {
  const out: Record<string, number> = {};
  for (const row of rows) {
    const id = row[key];
    if (id) out[id] = (out[id] ?? 0) + row._count._all;
  }
  return out;
};

export async function nodeCounts(
  db: Db,
  shopId: string,
  scenarioId: string,
  days: number,
  now: Date,
): Promise<NodeCounts | null> {
  const scenario = await db.scenario.findFirst({
    where: { id: scenarioId, shopId },
    select: { id: true },
  });
  if (!scenario) return null;
  const { since } = await shopPeriod(db, shopId, days, now);
  const real = { contact: { isTest: false } };
  const runsIn = { scenarioId, startedAt: { gte: since }, ...real };
  const [variants, here, sent, failed] = await Promise.all([
    db.scenarioRun.groupBy({
      by: ["variant"],
      where: runsIn,
      _count: { _all: true },
    }),
    db.scenarioRun.groupBy({
      by: ["stepId"],
      where: { scenarioId, status: { in: ["ACTIVE", "WAITING"] }, ...real },
      _count: { _all: true },
    }),
    db.delivery.groupBy({
      by: ["stepId"],
      where: {
        shopId,
        run: { scenarioId },
        createdAt: { gte: since },
        status: { in: [...SENT] },
        ...real,
      },
      _count: { _all: true },
    }),
    db.scenarioRun.groupBy({
      by: ["errorStepId"],
      where: { ...runsIn, status: "FAILED" },
      _count: { _all: true },
    }),
  ]);
  return {
    days,
    entered: variants.reduce((sum, row) => sum + row._count._all, 0),
    here: byKey(here, "stepId"),
    sent: byKey(sent, "stepId"),
    failed: byKey(failed, "errorStepId"),
    variants: byKey(variants, "variant"),
  };
}

/** The map's request: the shop's scenario over `?days=` (30 when absent); a 404 for another shop's or none. */
export async function nodeCountsRequest(
  db: Db,
  domain: string,
  scenarioId: string,
  url: URL,
  now = new Date(),
): Promise<NodeCounts> {
  const days = rangeFrom(url.searchParams.get("days"));
  const shop = await shopForAnalytics(db, domain);
  const counts = shop
    ? await nodeCounts(db, shop.id, scenarioId, days, now)
    : null;
  if (!counts) throw new Response("Not found", { status: 404 });
  return counts;
}
