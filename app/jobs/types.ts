// One queue interface for named background jobs, whatever runs them (bull on Redis, or the
// database). Job data is JSON; the same job id enqueued twice runs once.
import { logger } from "../logger.server";
import { JOB_TIME_LIMIT_MS, seconds } from "../outbound/timeouts";

export interface EnqueueOptions {
  /** Idempotency key: a job with this id that exists (waiting, active or done) is not added again. */
  id?: string;
  delayMs?: number;
  runAt?: Date;
  /** Total tries, the first included (default 1). */
  attempts?: number;
  /** First retry waits this long; each next one twice as long. */
  backoffMs?: number;
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the job passes its time limit: the queue has then failed it and moved on. */
  signal: AbortSignal;
}

/** Receives the job's data as enqueued, through JSON (a Date arrives as a string): validate it. */
export type JobHandler = (data: unknown, context: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export type JobState = "waiting" | "active" | "completed" | "failed";

export interface JobView {
  id: string;
  name: string;
  state: JobState;
  attemptsMade: number;
  lastError?: string;
}

export interface ProcessOptions {
  concurrency?: number;
  timeLimitMs?: number;
}

export interface JobQueue {
  readonly driver: "bull" | "database";
  enqueue(
    name: string,
    data: unknown,
    options?: EnqueueOptions,
  ): Promise<{ id: string; created: boolean }>;
  /**
   * Starts consuming; a job whose name has no handler fails with a clear error. A job still running
   * after `timeLimitMs` (default JOB_TIME_LIMIT_MS) fails like any failure (retried while it has
   * tries left) and frees its slot, whatever its handler still does.
   */
  process(handlers: JobHandlers, options?: ProcessOptions): void;
  getJob(id: string): Promise<JobView | null>;
  /** Stops taking jobs and waits for the active ones to finish (at most their time limit). */
  close(): Promise<void>;
}

/** Where a queue reports failures: one line each, never the job's data (it may be personal). */
export type JobLog = (line: string) => void;
export const consoleLog: JobLog = (line) => logger.error(line);

export const retryDelayMs = (backoffMs: number, attemptsMade: number) =>
  backoffMs * 2 ** Math.max(0, attemptsMade - 1);

export function missingHandler(name: string): Error {
  return new Error(
    `No handler for job "${name}" (register it in app/jobs/handlers.server.ts)`,
  );
}

export const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** A failed try, said the same way by every driver. `retryInMs` undefined: no try left. */
export function failureLine(
  job: { name: string; id: string; attempt: number; maxAttempts: number },
  error: unknown,
  retryInMs?: number,
): string {
  const outcome =
    retryInMs === undefined ? "giving up" : `retrying in ${retryInMs} ms`;
  return `[jobs] ${job.name} (id ${job.id}) failed on try ${job.attempt} of ${job.maxAttempts}: ${errorMessage(error)}; ${outcome}`;
}

export class JobTimeLimitError extends Error {
  override name = "JobTimeLimitError";
  constructor(limitMs: number) {
    super(`time limit of ${seconds(limitMs)} reached`);
  }
}

/**
 * Runs the job's handler, or fails at its time limit, whichever comes first: a handler stuck on a
 * call that never answers cannot hold a worker slot (nor a graceful stop) for ever. Its signal is
 * aborted then, for handlers that can stop what they are doing.
 */
export async function runWithTimeLimit(
  handler: JobHandler | undefined,
  data: unknown,
  context: Omit<JobContext, "signal">,
  limitMs = JOB_TIME_LIMIT_MS,
): Promise<void> {
  if (!handler) throw missingHandler(context.name);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeLimitError(limitMs);
      controller.abort(error);
      reject(error);
    }, limitMs);
  });
  try {
    await Promise.race([
      handler(data, { ...context, signal: controller.signal }),
      limit,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
