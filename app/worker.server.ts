// `npm run worker`: runs background jobs. With REDIS_URL, on bull (run as many as you like);
// without, from the database (DATABASE_URL; several workers are fine on PostgreSQL). Stops
// gracefully on SIGTERM / SIGINT: takes no new job, finishes the active ones (at most
// SHUTDOWN_TIMEOUT_SECONDS, default 30; a job cut off is retaken by another worker once its lock
// expires), closes the queue and the database, then exits. Its lines are JSON (app/logger.server.ts).
// WORKER_JOB_TIMEOUT_SECONDS: a job's time limit (default 240): past it the job fails and is
// retried like any failure, and its slot takes the next job.
// WORKER_HEALTH_PORT: GET /healthz answers 200 while the queue's store and the database answer
// and the dispatcher ticked lately, else 503.
import http from "node:http";
import db from "./db.server";
import { databaseAnswers, redisProbe } from "./health.server";
import { createJobQueue, type JobHandlers } from "./jobs/index.server";
import {
  jobHandlers,
  scheduleMaintenance,
  scheduleSweep,
} from "./jobs/handlers.server";
import { captureConsole, configureLogger, logger } from "./logger.server";
import { createDispatcher } from "./runs/scheduler.server";
import { linkKeysFromEnv } from "./security/link-keys.server";

configureLogger({ process: "worker" });
captureConsole();

// Every link in the emails already sent needs the link keys: without them the process stops here,
// saying what to set, rather than failing each link and each email later.
try {
  linkKeysFromEnv();
} catch (error) {
  logger.error((error as Error).message);
  process.exit(1);
}

const seconds = (name: string) =>
  process.env[name] ? Number(process.env[name]) * 1000 : undefined;
// How soon a dead worker's job is retaken (default 30 s).
const lockMs = seconds("WORKER_JOB_LOCK_SECONDS");
const shutdownMs = seconds("SHUTDOWN_TIMEOUT_SECONDS") ?? 30_000;
const queue = createJobQueue({
  db,
  bull: { lockMs },
  database: { leaseMs: lockMs },
  log: (line) => logger.error(line),
});
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
const timeLimitMs = seconds("WORKER_JOB_TIMEOUT_SECONDS");
// Waits are kept in the database; each second, the ones due within seconds go to the queue.
const dispatcher = createDispatcher(db, queue, {
  perShopPerSecond: Number(process.env.WORKER_SHOP_STEPS_PER_SECOND ?? 2_000),
  reconcileEveryMs: seconds("WORKER_RECONCILE_SECONDS"),
});
let dispatching: Promise<unknown> | null = null;
const running = new Set<Promise<void>>();
let lastTick = 0;
// A tick still handing over a backlog is not joined by the next one.
const dispatch = () =>
  (dispatching ??= dispatcher
    .tick()
    .then(() => (lastTick = Date.now()))
    .catch((error) => logger.error("handing over due runs failed", { error }))
    .finally(() => (dispatching = null)));

const health = startHealthServer();

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing active jobs`, {
    pid: process.pid,
    deadlineMs: shutdownMs,
  });
  clearInterval(hourly);
  clearInterval(everyMinute);
  clearInterval(everySecond);
  setTimeout(() => {
    logger.warn(
      "jobs still running at the shutdown deadline: exiting (their locks expire, another worker retakes them)",
      { pid: process.pid },
    );
    process.exit(1);
  }, shutdownMs).unref();
  try {
    await dispatching;
    // The queue stops taking jobs; the handlers running (bull's close alone may not wait for one
    // it was just starting) finish first.
    const closing = queue.close();
    await finished();
    await closing;
    await finished();
    await db.$disconnect();
    await health?.close();
    logger.info("stopped", { pid: process.pid });
    process.exit(0);
  } catch (error) {
    logger.error("stopping failed", { error });
    process.exit(1);
  }
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

const schedule = () =>
  scheduleMaintenance(queue).catch((error) =>
    logger.error("scheduling maintenance failed", { error }),
  );
// Hourly, so a new day's jobs are queued soon after midnight whenever the worker started.
const hourly = setInterval(() => void schedule(), 3_600_000);
const sweep = () =>
  scheduleSweep(queue).catch((error) =>
    logger.error("scheduling the sweep failed", { error }),
  );
const everyMinute = setInterval(() => void sweep(), 60_000);
const everySecond = setInterval(() => void dispatch(), 1_000);

queue.process(tracked(jobHandlers(db, queue)), { concurrency, timeLimitMs });
await schedule();
await dispatch();
logger.info("started", {
  driver: queue.driver,
  concurrency,
  pid: process.pid,
  healthPort: health?.port,
});

/** The handlers, each run kept in `running` until it settles, and said at debug level. */
function tracked(handlers: JobHandlers): JobHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (data, context) => {
        const started = performance.now();
        const run = handler(data, context);
        running.add(run);
        // Past its time limit the queue has failed the job: a graceful stop no longer waits for it.
        context.signal.addEventListener("abort", () => running.delete(run), {
          once: true,
        });
        // Never the job's data: it may name a shopper. Failures are the queue's to log (with retries).
        void run
          .then(() =>
            logger.debug("job done", {
              job: name,
              id: context.id,
              attempt: context.attempt,
              ms: Math.round(performance.now() - started),
            }),
          )
          .catch(() => {})
          .finally(() => running.delete(run));
        return run;
      },
    ]),
  );
}

async function finished() {
  while (running.size) await Promise.allSettled([...running]);
}

/** GET /healthz on WORKER_HEALTH_PORT (WORKER_HEALTH_HOST, default 0.0.0.0); none without the port. */
function startHealthServer() {
  const port = process.env.WORKER_HEALTH_PORT;
  if (!port) return undefined;
  const redis = process.env.REDIS_URL
    ? redisProbe(process.env.REDIS_URL)
    : undefined;
  // The dispatcher ticks each second; a handover of a large backlog may take a while.
  const staleMs = seconds("WORKER_HEALTH_STALE_SECONDS") ?? 30_000;
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/healthz") {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      const [database, store] = await Promise.all([
        databaseAnswers(db),
        redis ? redis.answers() : Promise.resolve(null),
      ]);
      const checks = {
        database,
        ...(store === null ? {} : { redis: store }),
        dispatcher: lastTick > 0 && Date.now() - lastTick < staleMs,
        running: !stopping,
      };
      const ok = Object.values(checks).every(Boolean);
      res.writeHead(ok ? 200 : 503, {
        "Content-Type": "application/json",
        "Cache-Control": "no-store",
      });
      res.end(
        JSON.stringify({
          ok,
          checks,
          dispatcherTickedMsAgo: lastTick ? Date.now() - lastTick : null,
        }),
      );
    })();
  });
  server.listen(Number(port), process.env.WORKER_HEALTH_HOST ?? "0.0.0.0");
  return {
    port: Number(port),
    close: () =>
      new Promise<void>((resolve) => {
        redis?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
