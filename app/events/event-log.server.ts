// The web process's event log and shop lookups (one each per process, so group commits gather
// every request and every endpoint shares one cache of shop ids).
import db from "../db.server";
import { jobQueue } from "../jobs/queue.server";
import {
  createInstalledShops,
  type InstalledShops,
} from "../shops/installed.server";
import { createEventLog, type EventLog } from "./ingest.server";

declare global {
  var __triggerMapEventLog: EventLog | undefined;
  var __triggerMapInstalledShops: InstalledShops | undefined;
}

export function installedShops(): InstalledShops {
  return (globalThis.__triggerMapInstalledShops ??= createInstalledShops(db));
}

export function eventLog(): EventLog {
  return (globalThis.__triggerMapEventLog ??= createEventLog(
    db,
    jobQueue(),
    installedShops(),
  ));
}
