// Jobs in the database: the embedded default, no Redis needed. Safe with several processes on
// PostgreSQL: a job is claimed by a compare-and-set on its row and held by a lease that the
// running process renews; a lease that runs out (the process died) lets another process retake it.
import { randomUUID } from "node:crypto";
import { isUniqueViolation, type Db, type Job, type Prisma } from "../../db.server";
import { missingHandler, retryDelayMs, type EnqueueOptions, type JobHandlers, type JobQueue, type JobView } from "../types";

export interface DatabaseQueueOptions {
  pollMs?: number;
  leaseMs?: number;
  now?: () => Date;
}

export function createDatabaseQueue(db: Db, queueName: string, options: DatabaseQueueOptions = {}): JobQueue {
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  const workerId = randomUUID();
  const active = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  let closed = false;

  async function claim(job: Job): Promise<Job | null> {
    const claimed = await db.job.updateMany({
      where: { queue: queueName, id: job.id, status: job.status, lockedUntil: job.lockedUntil, attempts: job.attempts },
      data: {
        status: "ACTIVE",
        lockedBy: workerId,
        lockedUntil: new Date(now().valueOf() + leaseMs),
        attempts: { increment: 1 },
      },
    });
    return claimed.count === 1 ? { ...job, attempts: job.attempts + 1 } : null;
  }

  async function run(job: Job, handlers: JobHandlers): Promise<void> {
    const key = { queue_id: { queue: queueName, id: job.id } };
    const renew = setInterval(() => {
      void db.job
        .updateMany({ where: { queue: queueName, id: job.id, lockedBy: workerId }, data: { lockedUntil: new Date(now().valueOf() + leaseMs) } })
        .catch(() => {});
    }, leaseMs / 3);
    try {
      const handler = handlers[job.name];
      if (!handler) throw missingHandler(job.name);
      await handler(job.data, { id: job.id, name: job.name, attempt: job.attempts });
      await db.job.update({ where: key, data: { status: "COMPLETED", lockedBy: null, lockedUntil: null } });
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error);
      const retry = job.attempts < job.maxAttempts;
      await db.job.update({
        where: key,
        data: retry
          ? { status: "WAITING", lockedBy: null, lockedUntil: null, lastError, runAt: new Date(now().valueOf() + retryDelayMs(job.backoffMs, job.attempts)) }
          : { status: "FAILED", lockedBy: null, lockedUntil: null, lastError },
      });
    } finally {
      clearInterval(renew);
    }
  }

  async function poll(handlers: JobHandlers, concurrency: number): Promise<void> {
    const free = concurrency - active.size;
    if (free <= 0) return;
    const at = now();
    const due = await db.job.findMany({
      where: {
        queue: queueName,
        OR: [{ status: "WAITING", runAt: { lte: at } }, { status: "ACTIVE", lockedUntil: { lt: at } }],
      },
      orderBy: { runAt: "asc" },
      take: free * 2,
    });
    for (const candidate of due) {
      if (closed || active.size >= concurrency) break;
      if (candidate.status === "ACTIVE" && candidate.attempts >= candidate.maxAttempts) {
        // Its last try's process died mid-run: the outcome is unknown, so it is not run again.
        await db.job.updateMany({
          where: { queue: queueName, id: candidate.id, status: "ACTIVE", lockedUntil: candidate.lockedUntil },
          data: { status: "FAILED", lockedBy: null, lockedUntil: null, lastError: "worker stopped during the last attempt" },
        });
        continue;
      }
      const job = await claim(candidate);
      if (!job) continue;
      const running = run(job, handlers).finally(() => active.delete(running));
      active.add(running);
    }
  }

  return {
    driver: "database",
    async enqueue(name, data, options: EnqueueOptions = {}) {
      const id = options.id ?? randomUUID();
      const runAt = options.runAt ?? new Date(now().valueOf() + (options.delayMs ?? 0));
      try {
        await db.job.create({
          data: {
            queue: queueName, id, name, data: data as Prisma.InputJsonValue, runAt,
            maxAttempts: options.attempts ?? 1, backoffMs: options.backoffMs ?? 0,
          },
        });
        return { id, created: true };
      } catch (error) {
        if (isUniqueViolation(error)) return { id, created: false };
        throw error;
      }
    },
    process(handlers, { concurrency = 1 } = {}) {
      const tick = async () => {
        if (closed) return;
        try {
          await (polling = poll(handlers, concurrency));
        } catch (error) {
          console.error(`[jobs] polling ${queueName} failed: ${(error as Error).message}`);
        }
        if (!closed) timer = setTimeout(tick, pollMs);
      };
      void tick();
    },
    async getJob(id): Promise<JobView | null> {
      const job = await db.job.findUnique({ where: { queue_id: { queue: queueName, id } } });
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
      clearTimeout(timer);
      await polling.catch(() => {});
      await Promise.all([...active]);
    },
  };
}
