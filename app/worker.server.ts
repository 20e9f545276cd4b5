// `npm run worker`: runs background jobs. With REDIS_URL, on bull (run as many as you like);
// without, from the database (DATABASE_URL; several workers are fine on PostgreSQL). Stops
// gracefully on SIGTERM / SIGINT: takes no new job, finishes the active ones, then exits.
import db from "./db.server";
import { createJobQueue } from "./jobs/index.server";
import { jobHandlers, scheduleMaintenance, scheduleSweep } from "./jobs/handlers.server";
import { errorMessage } from "./jobs/types";
import { createDispatcher } from "./runs/scheduler.server";

const seconds = (name: string) => (process.env[name] ? Number(process.env[name]) * 1000 : undefined);
// How soon a dead worker's job is retaken (default 30 s).
const lockMs = seconds("WORKER_JOB_LOCK_SECONDS");
const queue = createJobQueue({ db, bull: { lockMs }, database: { leaseMs: lockMs } });
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
// Waits are kept in the database; each second, the ones due within seconds go to the queue.
const dispatcher = createDispatcher(db, queue, {
  perShopPerSecond: Number(process.env.WORKER_SHOP_STEPS_PER_SECOND ?? 2_000),
  reconcileEveryMs: seconds("WORKER_RECONCILE_SECONDS"),
});
let dispatching: Promise<unknown> | null = null;
// A tick still handing over a backlog is not joined by the next one.
const dispatch = () =>
  (dispatching ??= dispatcher
    .tick()
    .catch((error) => console.error(`[worker] handing over due runs failed: ${errorMessage(error)}`))
    .finally(() => (dispatching = null)));

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing active jobs`);
  clearInterval(hourly);
  clearInterval(everyMinute);
  clearInterval(everySecond);
  try {
    await dispatching;
    await queue.close();
    await db.$disconnect();
    console.log("[worker] stopped");
    process.exit(0);
  } catch (error) {
    console.error(`[worker] stopping failed: ${errorMessage(error)}`);
    process.exit(1);
  }
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

const schedule = () =>
  scheduleMaintenance(queue).catch((error) => console.error(`[worker] scheduling maintenance failed: ${errorMessage(error)}`));
// Hourly, so a new day's jobs are queued soon after midnight whenever the worker started.
const hourly = setInterval(() => void schedule(), 3_600_000);
const sweep = () => scheduleSweep(queue).catch((error) => console.error(`[worker] scheduling the sweep failed: ${errorMessage(error)}`));
const everyMinute = setInterval(() => void sweep(), 60_000);
const everySecond = setInterval(() => void dispatch(), 1_000);

queue.process(jobHandlers(db, queue), { concurrency });
await schedule();
await dispatch();
console.log(`[worker] started: ${queue.driver} driver, concurrency ${concurrency}, pid ${process.pid}`);
