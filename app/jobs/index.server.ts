// The app's job queue: bull on Redis when REDIS_URL is set (production, several workers), else
// the database (the embedded default).
import type { Db } from "../db.server";
import { createBullQueue } from "./drivers/bull.server";
import { createDatabaseQueue, type DatabaseQueueOptions } from "./drivers/database.server";
import type { JobQueue } from "./types";

export type * from "./types";

export const DEFAULT_QUEUE = "trigger-map";

export function createJobQueue(options: {
  db: Db;
  redisUrl?: string;
  queueName?: string;
  database?: DatabaseQueueOptions;
}): JobQueue {
  const queueName = options.queueName ?? DEFAULT_QUEUE;
  return options.redisUrl
    ? createBullQueue(options.redisUrl, queueName)
    : createDatabaseQueue(options.db, queueName, options.database);
}
