// Jobs on Redis with bull: for production, any number of worker processes.
import Bull from "bull";
import { randomUUID } from "node:crypto";
import { missingHandler, type EnqueueOptions, type JobHandlers, type JobQueue, type JobView } from "../types";

export function createBullQueue(redisUrl: string, queueName: string): JobQueue {
  const queue = new Bull(queueName, redisUrl, { prefix: "trigger-map" });

  return {
    driver: "bull",
    async enqueue(name, data, options: EnqueueOptions = {}) {
      const id = options.id ?? randomUUID();
      // bull ignores an add whose jobId exists; asking first tells the caller which happened.
      if (await queue.getJob(id)) return { id, created: false };
      const delay = options.runAt ? options.runAt.valueOf() - Date.now() : (options.delayMs ?? 0);
      await queue.add(name, data, {
        jobId: id,
        delay: Math.max(0, delay),
        attempts: options.attempts ?? 1,
        backoff: options.backoffMs ? { type: "exponential", delay: options.backoffMs } : undefined,
        // Kept so the id stays taken (idempotency) and the outcome can be read; trimmed by count.
        removeOnComplete: 10_000,
        removeOnFail: 10_000,
      });
      return { id, created: true };
    },
    process(handlers: JobHandlers, { concurrency = 1 } = {}) {
      void queue.process("*", concurrency, async (job) => {
        const handler = handlers[job.name];
        if (!handler) throw missingHandler(job.name);
        await handler(job.data, { id: String(job.id), name: job.name, attempt: job.attemptsMade + 1 });
      });
    },
    async getJob(id): Promise<JobView | null> {
      const job = await queue.getJob(id);
      if (!job) return null;
      const state = await job.getState();
      return {
        id,
        name: job.name,
        state: state === "completed" || state === "failed" || state === "active" ? state : "waiting",
        attemptsMade: job.attemptsMade,
        lastError: job.failedReason ?? undefined,
      };
    },
    async close() {
      await queue.close();
    },
  };
}
