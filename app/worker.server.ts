// `npm run worker`: runs background jobs. With REDIS_URL, on bull (run as many as you like);
// without, from the database (DATABASE_URL; several workers are fine on PostgreSQL). Stops
// gracefully on SIGTERM / SIGINT: takes no new job, finishes the active ones, then exits.
import db from "./db.server";
import { createJobQueue } from "./jobs/index.server";
import { jobHandlers, scheduleMaintenance, scheduleSweep } from "./jobs/handlers.server";
import { errorMessage } from "./jobs/types";

const queue = createJobQueue({ db });
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing active jobs`);
  clearInterval(hourly);
  clearInterval(everyMinute);
  try {
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

queue.process(jobHandlers(db, queue), { concurrency });
await schedule();
console.log(`[worker] started: ${queue.driver} driver, concurrency ${concurrency}, pid ${process.pid}`);
