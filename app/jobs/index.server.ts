// The app's job queue: bull on Redis when REDIS_URL is set (production, several workers), else
// the database (the embedded default).
import type { Db } from "../db.server";
import { createBullQueue, type BullQueueOptions } from "./drivers/bull.server";
import {
  createDatabaseQueue,
  type DatabaseQueueOptions,
} from "./drivers/database.server";
import type { JobLog, JobQueue } from "./types";

export type * from "./types";

export const DEFAULT_QUEUE = "trigger-map";

export interface JobQueueOptions {
  db: Db;
  /** Default: REDIS_URL. An empty string chooses the database. */
  redisUrl?: string;
  queueName?: string;
  /** Where failures are reported; default stderr. */
  log?: JobLog;
  bull?: Omit<BullQueueOptions, "log">;
  database?: Omit<DatabaseQueueOptions, "log">;
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const queueName = options.queueName ?? DEFAULT_QUEUE;
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
  return redisUrl
    ? createBullQueue(redisUrl, queueName, {
        ...options.bull,
        log: options.log,
      })
    : createDatabaseQueue(options.db, queueName, {
        ...options.database,
        log: options.log,
      });
}
