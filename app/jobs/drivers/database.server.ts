// Jobs in the database: the embedded default, no Redis needed. Safe with several processes on
// PostgreSQL: a job is claimed by a compare-and-set on its row and held by a lease that the
// running process renews, up to the job's time limit; a lease that runs out (the process died)
// lets another process retake it.
// Leases compare the processes' clocks: keep them in sync (NTP), skew must stay well under leaseMs.
import { randomUUID } from "node:crypto";
import {
  isUniqueViolation,
  type Db,
  type Job,
  type Prisma,
} from "../../db.server";
import { JOB_TIME_LIMIT_MS } from "../../outbound/timeouts";
import {
  consoleLog,
  errorMessage,
  failureLine,
  retryDelayMs,
  runWithTimeLimit,
  type EnqueueOptions,
  type JobHandlers,
  type JobLog,
  type JobQueue,
  type JobView,
} from "../types";

export interface DatabaseQueueOptions {
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
  /** How long a claim holds without renewal: a crashed worker's job is retaken after this. */
  leaseMs?: number;
  now?: () => Date;
  log?: JobLog;
}

export function createDatabaseQueue(
  db: Db,
  queueName: string,
  options: DatabaseQueueOptions = {},
): JobQueue {
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? consoleLog;
  const workerId = randomUUID();
  const active = new Set<Promise<void>>();
  let closed = false;
  let loop: Promise<void> = Promise.resolve();
  // A finished job frees a slot: the loop then polls again at once instead of sleeping.
  let woken = false;
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };

  const leaseEnd = () => new Date(now().valueOf() + leaseMs);

  async function claim(job: Job): Promise<Job | null> {
    // `attempts` grows with every claim, so an unchanged row proves nobody took it meanwhile.
    const claimed = await db.job.updateMany({
      where: {
        queue: queueName,
        id: job.id,
        status: job.status,
        lockedUntil: job.lockedUntil,
        attempts: job.attempts,
      },
      data: {
        status: "ACTIVE",
        lockedBy: workerId,
        lockedUntil: leaseEnd(),
        attempts: { increment: 1 },
      },
    });
    return claimed.count === 1 ? { ...job, attempts: job.attempts + 1 } : null;
  }

  /** Writes the outcome only while this worker still holds the job (its lease may have been retaken). */
  async function settle(
    job: Job,
    data: Prisma.JobUpdateManyMutationInput,
  ): Promise<void> {
    const { count } = await db.job.updateMany({
      where: {
        queue: queueName,
        id: job.id,
        lockedBy: workerId,
        attempts: job.attempts,
      },
      data: { ...data, lockedBy: null, lockedUntil: null },
    });
    if (count === 0)
      log(
        `[jobs] ${job.name} (id ${job.id}) try ${job.attempts}: lease lost to another worker, outcome not saved`,
      );
  }

  async function run(
    job: Job,
    handlers: JobHandlers,
    limitMs: number,
  ): Promise<void> {
    // Real time, not `now()` (a test's clock may jump): the lease is never renewed past the limit.
    const deadline = performance.now() + limitMs;
    const renew = setInterval(() => {
      if (performance.now() >= deadline) return clearInterval(renew);
      db.job
        .updateMany({
          where: { queue: queueName, id: job.id, lockedBy: workerId },
          data: { lockedUntil: leaseEnd() },
        })
        .catch((error) =>
          log(
            `[jobs] ${job.name} (id ${job.id}): lease renewal failed: ${errorMessage(error)}`,
          ),
        );
    }, leaseMs / 3);
    try {
      await runWithTimeLimit(
        handlers[job.name],
        job.data,
        { id: job.id, name: job.name, attempt: job.attempts },
        limitMs,
      );
      await settle(job, { status: "COMPLETED" });
    } catch (error) {
      const lastError = errorMessage(error);
      const retryInMs =
        job.attempts < job.maxAttempts
          ? retryDelayMs(job.backoffMs, job.attempts)
          : undefined;
      log(failureLine({ ...job, attempt: job.attempts }, error, retryInMs));
      await settle(
        job,
        retryInMs === undefined
          ? { status: "FAILED", lastError }
          : {
              status: "WAITING",
              lastError,
              runAt: new Date(now().valueOf() + retryInMs),
            },
      );
    } finally {
      clearInterval(renew);
    }
  }

  async function poll(
    handlers: JobHandlers,
    concurrency: number,
    limitMs: number,
  ): Promise<void> {
    const free = concurrency - active.size;
    if (free <= 0) return;
    const at = now();
    const due = await db.job.findMany({
      where: {
        queue: queueName,
        OR: [
          { status: "WAITING", runAt: { lte: at } },
          { status: "ACTIVE", lockedUntil: { lt: at } },
        ],
      },
      orderBy: { runAt: "asc" },
      // Some extra, as other workers may take some of these first.
      take: free * 2,
    });
    for (const candidate of due) {
      if (closed || active.size >= concurrency) break;
      if (
        candidate.status === "ACTIVE" &&
        candidate.attempts >= candidate.maxAttempts
      ) {
        // Its last try's process died mid-run: the outcome is unknown, so it is not run again.
        const { count } = await db.job.updateMany({
          where: {
            queue: queueName,
            id: candidate.id,
            status: "ACTIVE",
            lockedUntil: candidate.lockedUntil,
          },
          data: {
            status: "FAILED",
            lockedBy: null,
            lockedUntil: null,
            lastError: "worker stopped during the last attempt",
          },
        });
        if (count === 1)
          log(
            `[jobs] ${candidate.name} (id ${candidate.id}): worker stopped during the last attempt; giving up`,
          );
        continue;
      }
      const job = await claim(candidate);
      if (!job) continue;
      const running = run(job, handlers, limitMs)
        .catch((error) =>
          log(
            `[jobs] ${job.name} (id ${job.id}): saving the outcome failed: ${errorMessage(error)}`,
          ),
        )
        .finally(() => {
          active.delete(running);
          wake();
        });
      active.add(running);
    }
  }

  return {
    driver: "database",
    async enqueue(name, data, enqueueOptions: EnqueueOptions = {}) {
      const id = enqueueOptions.id ?? randomUUID();
      const runAt =
        enqueueOptions.runAt ??
        new Date(now().valueOf() + (enqueueOptions.delayMs ?? 0));
      try {
        await db.job.create({
          data: {
            queue: queueName,
            id,
            name,
            data: data as Prisma.InputJsonValue,
            runAt,
            maxAttempts: enqueueOptions.attempts ?? 1,
            backoffMs: enqueueOptions.backoffMs ?? 0,
          },
        });
        return { id, created: true };
      } catch (error) {
        // The primary key (queue, id) is the idempotency check, atomic across processes.
        if (isUniqueViolation(error)) return { id, created: false };
        throw error;
      }
    },
    process(
      handlers,
      { concurrency = 1, timeLimitMs = JOB_TIME_LIMIT_MS } = {},
    ) {
      loop = (async () => {
        while (!closed) {
          try {
            await poll(handlers, concurrency, timeLimitMs);
          } catch (error) {
            log(`[jobs] ${queueName}: polling failed: ${errorMessage(error)}`);
          }
          if (closed) break;
          if (!woken) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pollMs);
              wakeUp = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
          woken = false;
          wakeUp = undefined;
        }
      })();
    },
    async getJob(id): Promise<JobView | null> {
      const job = await db.job.findUnique({
        where: { queue_id: { queue: queueName, id } },
      });
      if (!job) return null;
      return {
        id,
        name: job.name,
        state: job.status.toLowerCase() as JobView["state"],
        attemptsMade: job.attempts,
        lastError: job.lastError ?? undefined,
      };
    },
    async close() {
      closed = true;
      wake();
      await loop;
      await Promise.all([...active]);
    },
  };
}
