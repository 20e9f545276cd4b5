// bench/scheduler: with 1,000,000 waits in PostgreSQL, how fast the dispatcher (the worker's,
// app/runs/scheduler.server.ts) gets due steps to a worker through bull on Redis, and how late.
// A burst of `--due` waits comes due within `--spread` seconds among the million (spread over
// `--shops` shops); a no-op `runs.due` handler records when each starts. Baseline in the same run:
// the same number of jobs enqueued straight into the same queue and run by the same handler (the
// queue alone, with no database). Prints jobs per second for both, their ratio, and lateness
// (handler start minus due time) percentiles.
//   npm run bench:scheduler -- --waits 1000000 --due 50000 --spread 10 --shops 50 --concurrency 100
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Redis from "ioredis";
import { createDb } from "../app/db.server";
import { migrateDatabase } from "../app/db/migrate.server";
import { createBullQueue } from "../app/jobs/drivers/bull.server";
import type { JobQueue } from "../app/jobs/types";
import {
  createDispatcher,
  LOOKAHEAD_MS,
  RUN_DUE_JOB,
} from "../app/runs/scheduler.server";
import { createWaitingRuns } from "../test/support/waiting-runs";
import { createBenchDatabase, int, percentile, reportResult } from "./support";

const { values: args } = parseArgs({
  options: {
    waits: { type: "string", default: "1000000" },
    due: { type: "string", default: "50000" },
    spread: { type: "string", default: "10" },
    shops: { type: "string", default: "50" },
    concurrency: { type: "string", default: "100" },
    redis: {
      type: "string",
      default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    },
  },
});
const WAITS = Number(args.waits);
const DUE = Number(args.due);
const SPREAD_MS = Number(args.spread) * 1000;
const SHOPS = Number(args.shops);
const CONCURRENCY = Number(args.concurrency);
const log = (line: string) => console.log(`[bench:scheduler] ${line}`);
const GOAL_RATE = 5_000;
const GOAL_P99_LATENESS_MS = 1_000;

/** Runs `count` jobs through a fresh bull queue with a no-op handler; returns per-job start times. */
async function consume(
  queue: JobQueue,
  count: number,
  dueOf: (runId: string) => number,
  start: () => Promise<void>,
) {
  const lateness: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let last = 0;
  queue.process(
    {
      [RUN_DUE_JOB]: async (data) => {
        const now = Date.now();
        lateness.push(now - dueOf((data as { runId: string }).runId));
        last = now;
        if (lateness.length === count) done();
      },
    },
    { concurrency: CONCURRENCY },
  );
  await start();
  await finished;
  return { lateness, last };
}

const database = await createBenchDatabase("postgresql");
const prefix = `bench-${randomBytes(4).toString("hex")}`;
const redis = new Redis(args.redis);
/** The queues' keys and the database go, however the bench ends. */
async function cleanUp(): Promise<void> {
  for await (const keys of redis.scanStream({
    match: `${prefix}:*`,
    count: 1000,
  })) {
    if ((keys as string[]).length) await redis.del(...(keys as string[]));
  }
  redis.disconnect();
  await database.drop();
}
// Ctrl-C (or the time limit of `npm run bench`): clean up rather than leave a million rows behind.
process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));
try {
  // Baseline: the same number of jobs straight into the queue, due at once.
  const bare = createBullQueue(args.redis, "bare", { prefix, log: () => {} });
  const bareStart = Date.now();
  const bareRun = await consume(
    bare,
    DUE,
    () => bareStart,
    async () => {
      const ids = Array.from({ length: DUE }, (_, i) => `bare-${i}`);
      for (let i = 0; i < ids.length; i += 1000) {
        await Promise.all(
          ids
            .slice(i, i + 1000)
            .map((runId) =>
              bare.enqueue(RUN_DUE_JOB, { runId }, { id: `bare:${runId}` }),
            ),
        );
      }
    },
  );
  const bareRate = DUE / ((bareRun.last - bareStart) / 1000);
  await bare.close();

  log(
    `migrating and writing ${WAITS.toLocaleString("en")} waits over ${SHOPS} shops (takes a while)...`,
  );
  await migrateDatabase(database.url);
  const db = createDb(database.url);
  const perShop = Math.ceil(WAITS / SHOPS);
  const duePerShop = Math.ceil(DUE / SHOPS);
  const writing = performance.now();
  const shops: string[] = [];
  for (let s = 0; s < SHOPS; s++) {
    const shop = await db.shop.create({
      data: { domain: `bench-${s}.myshopify.com`, settings: {} },
    });
    shops.push(shop.id);
    // Most waits are days away...
    await createWaitingRuns(
      db,
      shop.id,
      perShop - duePerShop,
      (i) => new Date(Date.now() + 3 * 86_400_000 + i * 1000),
      `s${s}f`,
    );
  }
  // ...and a burst, written last, comes due soon after, interleaved across the shops.
  // After the burst's own writing (about 2,000 runs a second), with time for the first ticks.
  const t0 = Date.now() + 20_000 + DUE / 2;
  const dueAt = new Map<string, number>();
  for (let s = 0; s < SHOPS; s++) {
    const due = (i: number) => t0 + ((i * SHOPS + s) / DUE) * SPREAD_MS;
    await createWaitingRuns(
      db,
      shops[s]!,
      duePerShop,
      (i) => new Date(due(i)),
      `s${s}`,
    );
    for (let i = 0; i < duePerShop; i++) dueAt.set(`s${s}-r${i}`, due(i));
  }
  const total = await db.scenarioRun.count({ where: { status: "WAITING" } });
  log(
    `${total.toLocaleString("en")} waits written in ${((performance.now() - writing) / 1000).toFixed(0)} s; burst of ${dueAt.size.toLocaleString("en")} due within ${SPREAD_MS / 1000} s`,
  );

  // The dispatcher as the worker runs it: a tick a second, from before the burst.
  const queue = createBullQueue(args.redis, "dispatch", {
    prefix,
    log: () => {},
  });
  const dispatcher = createDispatcher(db, queue, { perShopPerSecond: 2_000 });
  let ticking: Promise<unknown> | null = null;
  const tickTimes: number[] = [];
  let handedOver = 0;
  let handingMs = 0;
  const timer = setInterval(() => {
    ticking ??= (async () => {
      const started = performance.now();
      const count = await dispatcher.tick();
      const took = performance.now() - started;
      tickTimes.push(took);
      if (count > 0)
        [handedOver, handingMs] = [handedOver + count, handingMs + took];
    })().finally(() => (ticking = null));
  }, 1_000);
  if (t0 - Date.now() < LOOKAHEAD_MS)
    log(
      `warning: the burst's writing took longer than planned; it starts ${((Date.now() - t0) / 1000).toFixed(1)} s late`,
    );
  const run = await consume(
    queue,
    dueAt.size,
    (runId) => dueAt.get(runId)!,
    async () => {},
  );
  clearInterval(timer);
  await ticking;
  await queue.close();
  const firstDue = Math.min(...dueAt.values());
  const rate = dueAt.size / ((run.last - firstDue) / 1000);

  const ms = (v: number) => `${v.toFixed(0)} ms`;
  log(
    `baseline (jobs enqueued straight, no database): ${bareRate.toFixed(0)} jobs/s`,
  );
  log(
    `dispatcher over ${total.toLocaleString("en")} waits: ${rate.toFixed(0)} due steps/s (first due to last started) = ${(rate / bareRate).toFixed(2)}x the baseline`,
  );
  log(
    `lateness: p50 ${ms(percentile(run.lateness, 50))}, p99 ${ms(percentile(run.lateness, 99))}, max ${ms(Math.max(...run.lateness))}`,
  );
  log(
    `dispatcher ticks: ${tickTimes.length}, p50 ${ms(percentile(tickTimes, 50))}, max ${ms(Math.max(...tickTimes))}; handing over alone: ${(handedOver / (handingMs / 1000)).toFixed(0)} runs/s (${handedOver.toLocaleString("en")} in ${ms(handingMs)} of ticks)`,
  );
  const handing = handedOver / (handingMs / 1000);
  const p99 = percentile(run.lateness, 99);
  const waits = `${int(total)} waits`;
  reportResult([
    {
      name: `scheduler: due steps handed to the queue, ${waits}`,
      goal: "≥ 5,000/s",
      figure: `${int(handing)} runs/s handed over (${int(handedOver)} in ${ms(handingMs)} of ticks)`,
      baseline: null,
      ratio: null,
      met: handing >= GOAL_RATE,
    },
    {
      name: `scheduler: due steps started, end to end, ${waits}`,
      goal: "≥ 5,000/s, p99 lateness ≤ 1 s",
      figure: `${int(rate)}/s; lateness p50 ${int(percentile(run.lateness, 50))} ms, p99 ${int(p99)} ms (${int(dueAt.size)} due within ${SPREAD_MS / 1000} s)`,
      baseline: `${int(bareRate)} jobs/s straight into bull`,
      ratio: rate / bareRate,
      met: rate >= GOAL_RATE && p99 <= GOAL_P99_LATENESS_MS,
    },
  ]);
  await db.$disconnect();
} finally {
  await cleanUp();
}
