// Waits live in the database (`ScenarioRun.nextDueAt`), the source of truth; the queue only holds
// the steps due within the next few seconds. Every worker runs a dispatcher that hands the runs due
// up to now + LOOKAHEAD over to the queue as `runs.due` jobs delayed to their time. Its first pass,
// and one every minute (reconcileEveryMs) after, start from the beginning of time: a worker starting after a crash, or a
// Redis that lost its data, loses no wait. Job ids are per run and due time, so a run handed over
// by several workers (or by the runner itself) runs once.
import type { Db, Prisma, ScenarioRun } from "../db.server";
import type { JobQueue } from "../jobs/types";

export const RUN_DUE_JOB = "runs.due";
/** The dispatcher hands over the waits due within this. */
export const LOOKAHEAD_MS = 10_000;
/** The runner enqueues a wait due within this itself (a dispatcher may have passed its time already). */
export const DIRECT_ENQUEUE_MS = 2 * LOOKAHEAD_MS;
const PAGE = 2_000;

/** The job for a run's wait: its id names the run and the due time; `runAt` may be later (fairness). */
export function scheduleDue(
  queue: JobQueue,
  runId: string,
  dueAt: Date,
  runAt: Date = dueAt,
) {
  return queue.enqueue(
    RUN_DUE_JOB,
    { runId },
    {
      id: `run:${runId}:${dueAt.toISOString()}`,
      runAt,
      attempts: 5,
      backoffMs: 2_000,
    },
  );
}

type DueRun = { id: string; shopId: string; nextDueAt: Date | null };

export interface DispatcherOptions {
  now?: () => Date;
  /**
   * Fairness: one shop's steps are handed over at most this many per second; a burst beyond it
   * waits its turn, so the other shops' steps go at their time.
   */
  perShopPerSecond?: number;
  /** How often a pass re-reads every due wait, whatever was handed over (a queue that lost its data). Default a minute. */
  reconcileEveryMs?: number;
}

export interface Dispatcher {
  /** Hands over what is due up to now + LOOKAHEAD; returns how many runs it handed over. */
  tick(): Promise<number>;
}

export function createDispatcher(
  db: Db,
  queue: JobQueue,
  options: DispatcherOptions = {},
): Dispatcher {
  const now = options.now ?? (() => new Date());
  const spacingMs = 1000 / (options.perShopPerSecond ?? 2_000);
  const reconcileEveryMs = options.reconcileEveryMs ?? 60_000;
  /** Every wait due up to here has been handed over by this process (null: none yet). */
  let handedOverUntil: Date | null = null;
  let reconciledAt = Number.NEGATIVE_INFINITY;
  /** Per shop, the time its next step may be handed over for (see perShopPerSecond). */
  const shopTurn = new Map<string, number>();

  /** One page's runs to the queue, each shop's paced after its earlier ones. */
  async function handOver(runs: DueRun[], at: number): Promise<void> {
    const byShop = new Map<string, typeof runs>();
    for (const run of runs) {
      const shopRuns = byShop.get(run.shopId);
      if (shopRuns) shopRuns.push(run);
      else byShop.set(run.shopId, [run]);
    }
    await Promise.all(
      [...byShop].map(async ([shopId, shopRuns]) => {
        const base = Math.max(shopTurn.get(shopId) ?? 0, at);
        const added = await Promise.all(
          shopRuns.map((run, k) => {
            const dueAt = run.nextDueAt!;
            return scheduleDue(
              queue,
              run.id,
              dueAt,
              new Date(Math.max(dueAt.valueOf(), base + k * spacingMs)),
            );
          }),
        );
        // A run already queued (by the runner, another worker, an earlier pass) takes no turn.
        const created = added.filter((a) => a.created).length;
        if (created > 0) shopTurn.set(shopId, base + created * spacingMs);
      }),
    );
  }

  return {
    async tick() {
      const at = now().valueOf();
      if (at - reconciledAt >= reconcileEveryMs) {
        handedOverUntil = null;
        reconciledAt = at;
      }
      const until = new Date(at + LOOKAHEAD_MS);
      const from = handedOverUntil;
      let count = 0;
      // Pages in (nextDueAt, id) order, with a cursor on both: many runs share a due time.
      let cursor: { dueAt: Date; id: string } | null = null;
      for (;;) {
        const after: Prisma.ScenarioRunWhereInput = cursor
          ? {
              OR: [
                { nextDueAt: { gt: cursor.dueAt } },
                { nextDueAt: cursor.dueAt, id: { gt: cursor.id } },
              ],
            }
          : {};
        const page: DueRun[] = await db.scenarioRun.findMany({
          where: {
            status: "WAITING",
            activeKey: { not: null },
            nextDueAt: { lte: until, ...(from ? { gt: from } : {}) },
            ...after,
          },
          orderBy: [{ nextDueAt: "asc" }, { id: "asc" }],
          select: { id: true, shopId: true, nextDueAt: true },
          take: PAGE,
        });
        await handOver(page, at);
        count += page.length;
        if (page.length < PAGE) break;
        const last = page.at(-1)!;
        cursor = { dueAt: last.nextDueAt!, id: last.id };
      }
      handedOverUntil = until;
      return count;
    },
  };
}

/**
 * The minute sweep's part: a run still waiting two minutes after its time, although handed over,
 * had its job fail or vanish after the hand-over; it gets a fresh job (its own id, per minute).
 */
export async function requeueOverdue(
  db: Db,
  queue: JobQueue,
  now: Date,
): Promise<number> {
  const runs = await db.scenarioRun.findMany({
    where: {
      status: "WAITING",
      activeKey: { not: null },
      nextDueAt: { lt: new Date(now.valueOf() - 2 * 60_000) },
    },
    select: { id: true },
    take: 1000,
  });
  const minute = now.toISOString().slice(0, 16);
  for (const run of runs) {
    await queue.enqueue(
      RUN_DUE_JOB,
      { runId: run.id },
      { id: `run:${run.id}:sweep:${minute}`, attempts: 5, backoffMs: 2_000 },
    );
  }
  return runs.length;
}

/**
 * A run whose scenario the app paused (a version it cannot read) keeps its place: out of the
 * dispatcher's reach (no `nextDueAt`), its state still holding its due time for `releaseHeldRuns`.
 */
export async function holdRun(
  db: Db,
  run: Pick<ScenarioRun, "id" | "revision">,
): Promise<void> {
  await db.scenarioRun.updateMany({
    where: { id: run.id, revision: run.revision },
    data: { nextDueAt: null, revision: { increment: 1 } },
  });
}

/** On resuming: the scenario's held runs get their due time back from their state (one past is run at once). */
export async function releaseHeldRuns(
  db: Db,
  scenarioId: string,
): Promise<number> {
  let released = 0;
  for (let cursor: string | undefined; ;) {
    const runs = await db.scenarioRun.findMany({
      where: {
        scenarioId,
        status: "WAITING",
        activeKey: { not: null },
        nextDueAt: null,
        ...(cursor ? { id: { gt: cursor } } : {}),
      },
      orderBy: { id: "asc" },
      select: { id: true, revision: true, state: true },
      take: PAGE,
    });
    for (const run of runs) {
      const dueAt = (run.state as { dueAt?: unknown } | null)?.dueAt;
      if (typeof dueAt !== "string") continue;
      // Conditional on the revision read: a run an event moved meanwhile keeps what it wrote.
      const { count } = await db.scenarioRun.updateMany({
        where: { id: run.id, revision: run.revision, nextDueAt: null },
        data: { nextDueAt: new Date(dueAt), revision: { increment: 1 } },
      });
      released += count;
    }
    if (runs.length < PAGE) return released;
    cursor = runs.at(-1)!.id;
  }
}
