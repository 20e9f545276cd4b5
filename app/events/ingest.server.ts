// Taking events in: a webhook's receipt and its normalized event are stored in one transaction
// (a retried or duplicated delivery finds its receipt and stores nothing), then processing is
// queued. The answer waits for the commit, not for processing: Shopify wants one within 5 s.
//
// Writes are group-committed: requests that arrive while a transaction is under way are stored
// together in the next one (one commit, one job for the lot), so a burst costs a few
// transactions instead of one per request. An idle server writes each request at once.
import { randomUUID } from "node:crypto";
import { isUniqueViolation, type Db, type Prisma } from "../db.server";
import type { JobQueue } from "../jobs/types";
import {
  createInstalledShops,
  type InstalledShops,
} from "../shops/installed.server";
import { storableDate, type NormalizedEvent } from "./normalize";
import { enqueueProcessing, PROCESS_BATCH_JOB } from "./process.server";
import { logger } from "../logger.server";
import type { EventLog } from "./event-log";

export type { EventLog, IngestOutcome, WebhookMeta } from "./event-log";

/** A delivery triggered longer ago than this is late: it updates what the app knows, starts nothing. */
export const STALE_AFTER_MS = 24 * 3_600_000;
const MAX_BATCH = 200;
/** A flush this soon after the last one means a burst: gather for WINDOW_MS first. */
const BUSY_MS = 20;
const WINDOW_MS = 4;

type Receipt = Prisma.WebhookReceiptCreateManyInput;
type StoredEvent = Prisma.ContactEventCreateManyInput & { id: string };

interface Item {
  receipt: Receipt | null;
  event: StoredEvent | null;
}

export function createEventLog(
  db: Db,
  queue: JobQueue,
  shops: InstalledShops = createInstalledShops(db),
): EventLog {
  const write = batcher<Item, "stored" | "duplicate">((items) =>
    writeBatch(db, queue, items),
  );

  return {
    async webhook(meta, event, now = new Date()) {
      const eventId = meta.eventId ?? meta.webhookId;
      // Shopify's header, outside the signature: any text may come.
      const triggeredAt = storableDate(meta.triggeredAt);
      const receipt: Receipt = {
        shopDomain: meta.shop,
        topic: meta.topic,
        eventId,
        webhookId: meta.webhookId,
        triggeredAt,
        receivedAt: now,
        claimedAt: now,
        processedAt: now,
      };
      // A shop the app does not know (never installed, or redacted): acknowledged and recorded only.
      const shopId = await shops.idOf(meta.shop);
      if (!shopId)
        return (await write({ receipt, event: null })) === "stored"
          ? "not_installed"
          : "duplicate";
      const stale =
        triggeredAt !== null &&
        now.valueOf() - triggeredAt.valueOf() > STALE_AFTER_MS;
      return write({
        receipt,
        event: stored(
          shopId,
          "webhook",
          `${meta.topic}:${eventId}`,
          event,
          stale,
        ),
      });
    },
    storefront(shopId, source, sourceId, event) {
      return write({
        receipt: null,
        event: stored(shopId, source, sourceId, event, false),
      });
    },
  };
}

const stored = (
  shopId: string,
  source: string,
  sourceId: string,
  event: NormalizedEvent,
  stale: boolean,
): StoredEvent => ({
  id: randomUUID(),
  shopId,
  type: event.type,
  source,
  sourceId,
  occurredAt: new Date(event.occurredAt),
  payload: event as unknown as Prisma.InputJsonValue,
  stale,
});

async function writeBatch(
  db: Db,
  queue: JobQueue,
  items: Item[],
): Promise<("stored" | "duplicate")[]> {
  // Optimistic: a retried or duplicated delivery is rare, so the lot is inserted at once and the
  // unique keys say when one was stored before; only then are the items written one by one.
  const receipts = items.flatMap((item) =>
    item.receipt ? [item.receipt] : [],
  );
  const events = items.flatMap((item) => (item.event ? [item.event] : []));
  try {
    await db.$transaction([
      ...(receipts.length
        ? [db.webhookReceipt.createMany({ data: receipts })]
        : []),
      ...(events.length ? [db.contactEvent.createMany({ data: events })] : []),
    ]);
  } catch (error) {
    // One of these was stored before (a retry, a duplicate), or its shop was erased meanwhile:
    // sort the lot out one by one.
    if (!(isUniqueViolation(error) || isForeignKeyViolation(error)))
      throw error;
    if (items.length > 1) {
      const each: ("stored" | "duplicate")[] = [];
      for (const item of items)
        each.push(...(await writeBatch(db, queue, [item])));
      return each;
    }
    if (isUniqueViolation(error)) return ["duplicate"];
    const { receipt, event } = items[0];
    if (receipt && event)
      return writeBatch(db, queue, [{ receipt, event: null }]);
    throw error;
  }
  const ids = events.map((event) => event.id);
  // The events are safe in the database: if the queue is down, the worker's sweep queues them.
  if (ids.length) {
    await queue
      .enqueue(
        PROCESS_BATCH_JOB,
        { eventIds: ids },
        { id: `events:${ids[0]}`, attempts: 3, backoffMs: 1_000 },
      )
      .catch((error: Error) =>
        logger.error("events: queueing failed, the sweep will", {
          count: ids.length,
          error,
        }),
      );
  }
  return items.map(() => "stored");
}

const isForeignKeyViolation = (error: unknown) =>
  (error as { code?: unknown })?.code === "P2003";

/**
 * Calls `flush` with what was queued meanwhile, one call at a time, at most `MAX_BATCH` items.
 * Under load it waits a moment before each flush: the database calls hardly yield to the event
 * loop, so without the pause requests would queue in the sockets instead of in the batch.
 */
function batcher<T, R>(flush: (items: T[]) => Promise<R[]>) {
  let queued: {
    item: T;
    resolve: (r: R) => void;
    reject: (e: unknown) => void;
  }[] = [];
  let running = false;
  let lastFlush = 0;
  const drain = async () => {
    running = true;
    while (queued.length) {
      if (Date.now() - lastFlush < BUSY_MS && queued.length < MAX_BATCH)
        await new Promise((r) => setTimeout(r, WINDOW_MS));
      const batch = queued.slice(0, MAX_BATCH);
      queued = queued.slice(MAX_BATCH);
      try {
        const results = await flush(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]));
      } catch (error) {
        batch.forEach((b) => b.reject(error));
      }
      lastFlush = Date.now();
    }
    running = false;
  };
  return (item: T) =>
    new Promise<R>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      if (!running) void drain();
    });
}

/** Events whose job got lost (queue down, crash between commit and enqueue). */
export async function sweepUnqueued(
  db: Db,
  queue: JobQueue,
  now: Date,
): Promise<number> {
  const before = new Date(now.valueOf() - 2 * 60_000);
  const minute = now.toISOString().slice(0, 16);
  const events = await db.contactEvent.findMany({
    where: { processedAt: null, createdAt: { lt: before } },
    select: { id: true },
    take: 1000,
  });
  for (const { id } of events)
    await enqueueProcessing(queue, id, `:sweep:${minute}`);
  return events.length;
}
