// Win-back triggers come from silence, not from an event: "no visit for 7 days", "no order for
// 30 days". The hourly `runs.inactivity` job finds, for each active scenario with such a trigger,
// the contacts whose silence reached its length since a little before the last pass, and feeds
// each the trigger. The trigger's id names the silence (its kind, length and when it began), so a
// pass repeated or overlapping the last one starts nothing twice, and a contact who comes back and
// falls silent again is a new silence.
// Flood guard: only silences that began after the scenario's activation count by default, so a
// win-back turned on after years of imported orders emails no one that day; the trigger's
// `pastPerDay` also reaches those who lapsed before, most recent first, at most that many a day.
import type { Shop } from "../db.server";
import type { JobQueue } from "../jobs/types";
import { feedEvent, type RunnerDeps } from "./runner.server";
import { definitionOrPause, republish } from "./versions.server";

export const INACTIVITY_JOB = "runs.inactivity";

/** How far back a silence that reached its length is still taken: passes are hourly, a worker may be down a while. */
export const INACTIVITY_LOOKBACK_MS = 2 * 86_400_000;
const PAGE = 500;

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
    orderBy: { id: "asc" },
  });
  let fed = 0;
  for (const scenario of scenarios) {
    const trigger = (
      await definitionOrPause(
        db,
        scenario.id,
        scenario.currentVersion,
        republish(deps.queue, scenario.shopId),
      )
    )?.trigger;
    if (trigger?.type !== "no_visit" && trigger?.type !== "no_order") continue;
    const silence: Silence = {
      scenarioId: scenario.id,
      shop: scenario.shop,
      kind: trigger.type,
      days: trigger.days,
      // Scenarios activated before activatedAt was kept: their creation.
      activatedAt: scenario.activatedAt ?? scenario.createdAt,
    };
    fed += await feedNewSilences(deps, silence, now);
    if (trigger.pastPerDay)
      fed += await feedPastSilences(deps, silence, trigger.pastPerDay, now);
  }
  return fed;
}

interface Silence {
  scenarioId: string;
  shop: Shop;
  kind: "no_visit" | "no_order";
  days: number;
  activatedAt: Date;
}

const fieldOf = (kind: Silence["kind"]) =>
  kind === "no_visit" ? "lastVisitAt" : "lastOrderAt";

/**
 * The trigger's id names the silence, so the runner starts each silence once per scenario; a past
 * silence's is marked, so the day's ramp counts its own runs.
 */
const silenceId = (s: Silence, since: Date) =>
  `${since < s.activatedAt ? "past:" : ""}${s.kind}:${s.days}:${since.toISOString()}`;

/**
 * Silences that began after the scenario's activation and reached its length since a little before
 * the last pass: what a scenario reaches by default.
 */
async function feedNewSilences(
  deps: RunnerDeps,
  s: Silence,
  now: Date,
): Promise<number> {
  const reachedBy = new Date(now.getTime() - s.days * 86_400_000);
  const lookback = new Date(reachedBy.getTime() - INACTIVITY_LOOKBACK_MS);
  const since = lookback > s.activatedAt ? lookback : s.activatedAt;
  if (since >= reachedBy) return 0;
  const field = fieldOf(s.kind);
  let fed = 0;
  for (let cursor: string | undefined; ;) {
    const contacts = await deps.db.contact.findMany({
      where: { shopId: s.shop.id, [field]: { gte: since, lte: reachedBy } },
      select: { id: true, lastVisitAt: true, lastOrderAt: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const contact of contacts) {
      // gte: a silence that began at the activation's instant began with it.
      if (contact[field]! < since) continue;
      await feed(deps, s, contact.id, contact[field]!, now);
      fed++;
    }
    if (contacts.length < PAGE) return fed;
    cursor = contacts.at(-1)!.id;
  }
}

/**
 * "Also reach past customers": contacts a message can reach (email consent, a push subscription)
 * whose silence began before the activation and has reached its length, the most recently lapsed
 * first, at most `perDay` runs started this way in any 24 hours. Whoever the scenario refuses
 * (entry conditions, cooldown) is passed over, not counted.
 */
async function feedPastSilences(
  deps: RunnerDeps,
  s: Silence,
  perDay: number,
  now: Date,
): Promise<number> {
  const { db } = deps;
  const field = fieldOf(s.kind);
  const reachedBy = new Date(now.getTime() - s.days * 86_400_000);
  const until = reachedBy < s.activatedAt ? reachedBy : s.activatedAt;
  const started = await db.scenarioRun.count({
    where: {
      scenarioId: s.scenarioId,
      triggerEventId: { startsWith: "past:" },
      startedAt: { gt: new Date(now.getTime() - 86_400_000) },
    },
  });
  let left = perDay - started;
  let fed = 0;
  // Those refused are tried again next pass: a pass tries a bounded number.
  const tries = Math.max(PAGE, perDay * 4);
  for (let skip = 0; left > 0 && skip < tries; skip += PAGE) {
    const contacts = await db.contact.findMany({
      where: {
        shopId: s.shop.id,
        [field]: { lt: until },
        // Not already reached for this silence (by this scenario).
        runs: { none: { scenarioId: s.scenarioId } },
        // The day's number is of people a message can reach: who never consented would only use it up.
        OR: [
          { emailConsent: "SUBSCRIBED" },
          { pushSubscriptions: { some: {} } },
        ],
      },
      select: { id: true, lastVisitAt: true, lastOrderAt: true },
      orderBy: [{ [field]: "desc" }, { id: "asc" }],
      take: PAGE,
      skip,
    });
    for (const contact of contacts) {
      if (left <= 0) break;
      const since = contact[field]!;
      await feed(deps, s, contact.id, since, now);
      fed++;
      if (
        await db.scenarioRun.findFirst({
          where: {
            scenarioId: s.scenarioId,
            contactId: contact.id,
            triggerEventId: silenceId(s, since),
          },
          select: { id: true },
        })
      )
        left--;
    }
    if (contacts.length < PAGE) break;
  }
  return fed;
}

function feed(
  deps: RunnerDeps,
  s: Silence,
  contactId: string,
  since: Date,
  now: Date,
) {
  return feedEvent(deps, s.shop, contactId, {
    id: silenceId(s, since),
    occurredAt: now,
    trigger: { type: s.kind, days: s.days },
    scenarioIds: [s.scenarioId],
  });
}
