// Win-back triggers come from silence, not from an event: "no visit for 7 days", "no order for
// 30 days". The hourly `runs.inactivity` job finds, for each active scenario with such a trigger,
// the contacts whose silence reached its length since a little before the last pass, and feeds
// each the trigger. The trigger's id names the silence (its kind, length and when it began), so a
// pass repeated or overlapping the last one starts nothing twice, and a contact who comes back and
// falls silent again is a new silence.
import type { Db, Shop } from "../db.server";
import type { JobQueue } from "../jobs/types";
import { feedEvent, type RunnerDeps } from "./runner.server";
import { definitionOrPause, republish } from "./versions.server";

export const INACTIVITY_JOB = "runs.inactivity";

/** How far back a silence that reached its length is still taken: passes are hourly, a worker may be down a while. */
export const INACTIVITY_LOOKBACK_MS = 2 * 86_400_000;
const PAGE = 500;

type Silence = "no_visit" | "no_order";

/** Enqueued hourly by every worker (idempotent id per hour). */
export async function scheduleInactivity(
  queue: JobQueue,
  now = new Date(),
): Promise<void> {
  await queue.enqueue(
    INACTIVITY_JOB,
    {},
    {
      id: `inactivity:${now.toISOString().slice(0, 13)}`,
      attempts: 3,
      backoffMs: 60_000,
    },
  );
}

/** One pass over every shop's active win-back scenarios; returns how many contacts were fed a trigger. */
export async function feedInactivity(deps: RunnerDeps): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const scenarios = await db.scenario.findMany({
    where: { status: "ACTIVE", shop: { uninstalledAt: null } },
    include: { shop: true },
  });
  const silences = new Map<
    string,
    { shop: Shop; kind: Silence; days: number }
  >();
  for (const scenario of scenarios) {
    const trigger = (
      await definitionOrPause(
        db,
        scenario.id,
        scenario.currentVersion,
        republish(deps.queue, scenario.shopId),
      )
    )?.trigger;
    if (trigger?.type === "no_visit" || trigger?.type === "no_order") {
      // Two scenarios with the same silence share one pass: the runner starts both from one trigger.
      silences.set(`${scenario.shopId}:${trigger.type}:${trigger.days}`, {
        shop: scenario.shop,
        kind: trigger.type,
        days: trigger.days,
      });
    }
  }
  let fed = 0;
  for (const { shop, kind, days } of silences.values())
    fed += await feedSilence(deps, db, shop, kind, days, now);
  return fed;
}

async function feedSilence(
  deps: RunnerDeps,
  db: Db,
  shop: Shop,
  kind: Silence,
  days: number,
  now: Date,
): Promise<number> {
  const reachedBy = new Date(now.getTime() - days * 86_400_000);
  const since = new Date(reachedBy.getTime() - INACTIVITY_LOOKBACK_MS);
  const field = kind === "no_visit" ? "lastVisitAt" : "lastOrderAt";
  let fed = 0;
  for (let cursor: string | undefined; ;) {
    const contacts = await db.contact.findMany({
      where: { shopId: shop.id, [field]: { gt: since, lte: reachedBy } },
      select: { id: true, lastVisitAt: true, lastOrderAt: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const contact of contacts) {
      const silentSince = (
        kind === "no_visit" ? contact.lastVisitAt : contact.lastOrderAt
      )!;
      await feedEvent(deps, shop, contact.id, {
        id: `${kind}:${days}:${silentSince.toISOString()}`,
        occurredAt: now,
        trigger: { type: kind, days },
      });
      fed++;
    }
    if (contacts.length < PAGE) return fed;
    cursor = contacts.at(-1)!.id;
  }
}
