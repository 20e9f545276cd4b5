// The web process's handle on the job queue (it only enqueues; `npm run worker` consumes).
import db from "../db.server";
import { createJobQueue, type JobQueue } from "./index.server";

declare global {
  // One queue per process, across Remix's dev reloads.
  var __triggerMapQueue: JobQueue | undefined;
}

export function jobQueue(): JobQueue {
  return (globalThis.__triggerMapQueue ??= createJobQueue({ db }));
}
