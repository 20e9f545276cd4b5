// `npm run worker`: runs background jobs. With REDIS_URL, on bull (run as many as you like);
// without, from the database. Stops gracefully on SIGTERM / SIGINT, finishing active jobs.
import db from "./db.server";
import { createJobQueue } from "./jobs/index.server";
import { jobHandlers, scheduleMaintenance } from "./jobs/handlers.server";

const queue = createJobQueue({ db, redisUrl: process.env.REDIS_URL });
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
queue.process(jobHandlers(db), { concurrency });
await scheduleMaintenance(queue);
const daily = setInterval(() => void scheduleMaintenance(queue).catch(() => {}), 3_600_000);
console.log(`[worker] started: ${queue.driver} driver, concurrency ${concurrency}`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing active jobs`);
  clearInterval(daily);
  await queue.close();
  await db.$disconnect();
  console.log("[worker] stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
