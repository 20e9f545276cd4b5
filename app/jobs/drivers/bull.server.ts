// Jobs on Redis with bull: for production, any number of worker processes. Bull itself holds the
// lock on an active job and hands a stalled one (its process died) to another worker.
import Bull from "bull";
import { randomUUID } from "node:crypto";
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

export interface BullQueueOptions {
  /** Prefix of every Redis key (tests give each run its own). */
  prefix?: string;
  log?: JobLog;
  /** How long a worker holds a job without renewing: a dead worker's job is retaken after about this (bull's default 30 s). */
  lockMs?: number;
}

/** Finished jobs are kept this long so their id stays taken (idempotency) and their outcome readable. */
const KEEP_FINISHED = { age: 30 * 86_400, count: 100_000 };

/** The backoff this driver set on a job (bull's type allows a bare number too). */
const backoffMs = (backoff: Bull.JobOptions["backoff"]) =>
  typeof backoff === "object" ? Number(backoff.options ?? 0) : 0;

export function createBullQueue(
  redisUrl: string,
  queueName: string,
  options: BullQueueOptions = {},
): JobQueue {
  const log = options.log ?? consoleLog;
  const queue = new Bull(queueName, redisUrl, {
    prefix: options.prefix ?? "trigger-map",
    // Bull's "exponential" waits 1, 3, 7... times the delay; the contract says 1, 2, 4...
    settings: {
      ...(options.lockMs
        ? { lockDuration: options.lockMs, stalledInterval: options.lockMs }
        : {}),
      backoffStrategies: {
        doubling: (attemptsMade, _error, delayMs: number) =>
          retryDelayMs(delayMs, attemptsMade),
      },
    },
  });

  return {
    driver: "bull",
    async enqueue(name, data, enqueueOptions: EnqueueOptions = {}) {
      const id = enqueueOptions.id ?? randomUUID();
      const delay = enqueueOptions.runAt
        ? enqueueOptions.runAt.valueOf() - Date.now()
        : (enqueueOptions.delayMs ?? 0);
      // Bull ignores an add whose jobId exists without saying so; the token stored with the job
      // tells whether this add made it, even when two processes add the same id at once.
      const token = randomUUID();
      const jobOptions: Bull.JobOptions & { enqueueToken: string } = {
        jobId: id,
        delay: Math.max(0, delay),
        attempts: enqueueOptions.attempts ?? 1,
        backoff: enqueueOptions.backoffMs
          ? { type: "doubling", options: enqueueOptions.backoffMs }
          : undefined,
        removeOnComplete: KEEP_FINISHED,
        removeOnFail: KEEP_FINISHED,
        enqueueToken: token,
      };
      await queue.add(name, data, jobOptions);
      const stored = await queue.getJob(id);
      // Missing only once trimmed (see KEEP_FINISHED), long after any competing add.
      return {
        id,
        created:
          !stored ||
          (stored.opts as { enqueueToken?: string }).enqueueToken === token,
      };
    },
    process(handlers: JobHandlers, { concurrency = 1, timeLimitMs } = {}) {
      queue.on("failed", (job, error) => {
        // Emitted after bull counted the try and chose between retry and failed.
        const maxAttempts = job.opts.attempts ?? 1;
        const retryInMs =
          job.attemptsMade < maxAttempts
            ? retryDelayMs(backoffMs(job.opts.backoff), job.attemptsMade)
            : undefined;
        log(
          failureLine(
            {
              name: job.name,
              id: String(job.id),
              attempt: job.attemptsMade,
              maxAttempts,
            },
            error,
            retryInMs,
          ),
        );
      });
      queue.on("error", (error) =>
        log(`[jobs] ${queueName}: Redis error: ${errorMessage(error)}`),
      );
      queue
        // Past its time limit the job's promise rejects: bull stops renewing its lock, records the
        // failure (retry or failed) and takes the next job into the slot.
        .process("*", concurrency, (job) =>
          runWithTimeLimit(
            handlers[job.name],
            job.data,
            {
              id: String(job.id),
              name: job.name,
              attempt: job.attemptsMade + 1,
            },
            timeLimitMs,
          ),
        )
        .catch((error) =>
          log(
            `[jobs] ${queueName}: stopped processing: ${errorMessage(error)}`,
          ),
        );
    },
    async getJob(id): Promise<JobView | null> {
      const job = await queue.getJob(id);
      if (!job) return null;
      const state = await job.getState();
      return {
        id,
        name: job.name,
        // Bull's "delayed" and "paused" are both waiting to the caller.
        state:
          state === "completed" || state === "failed" || state === "active"
            ? state
            : "waiting",
        attemptsMade: job.attemptsMade,
        lastError: job.failedReason ?? undefined,
      };
    },
    async close() {
      // Waits for the active jobs by default.
      await queue.close();
    },
  };
}
