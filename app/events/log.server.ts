// The web process's event log (one per process, so its group commits gather every request).
import db from "../db.server";
import { jobQueue } from "../jobs/queue.server";
import { createEventLog, type EventLog } from "./ingest.server";

declare global {
  var __triggerMapEventLog: EventLog | undefined;
}

export function eventLog(): EventLog {
  return (globalThis.__triggerMapEventLog ??= createEventLog(db, jobQueue()));
}
