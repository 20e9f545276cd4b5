// Taking events in: a webhook's receipt and its normalized event are stored in one transaction
// (a retried or duplicated delivery finds its receipt and stores nothing), then processing is
// queued. The answer does not wait for processing: Shopify wants one within 5 s.
import { isUniqueViolation, type Db, type Prisma } from "../db.server";
import type { JobQueue } from "../jobs/types";
import type { NormalizedEvent } from "./normalize";
import { RUN_DUE_JOB } from "../runs/runner.server";
import { enqueueProcessing } from "./process.server";

/** A delivery triggered longer ago than this is late: it updates what the app knows, starts nothing. */
export const STALE_AFTER_MS = 24 * 3_600_000;

export interface WebhookMeta {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string;
  triggeredAt?: string;
}

export type IngestOutcome = "stored" | "duplicate" | "not_installed";

export async function ingestWebhookEvent(
  db: Db,
  queue: JobQueue,
  meta: WebhookMeta,
  event: NormalizedEvent,
  now: Date = new Date(),
): Promise<IngestOutcome> {
  const eventId = meta.eventId ?? meta.webhookId;
  const triggeredAt = meta.triggeredAt && !Number.isNaN(Date.parse(meta.triggeredAt)) ? new Date(meta.triggeredAt) : null;
  const shop = await db.shop.findUnique({ where: { domain: meta.shop }, select: { id: true, uninstalledAt: true } });
  const receipt = db.webhookReceipt.create({
    data: { shopDomain: meta.shop, topic: meta.topic, eventId, webhookId: meta.webhookId, triggeredAt, claimedAt: now, processedAt: now },
  });
  // A shop the app does not know (never installed, or redacted): acknowledged and recorded only.
  if (!shop || shop.uninstalledAt) {
    return (await commit(db, [receipt])) ? "not_installed" : "duplicate";
  }
  const stale = triggeredAt !== null && now.valueOf() - triggeredAt.valueOf() > STALE_AFTER_MS;
  const stored = db.contactEvent.create({
    data: {
      shopId: shop.id, type: event.type, source: "webhook", sourceId: `${meta.topic}:${eventId}`,
      occurredAt: new Date(event.occurredAt), payload: event as unknown as Prisma.InputJsonValue, stale,
    },
    select: { id: true },
  });
  const committed = await commit(db, [receipt, stored]);
  if (!committed) return "duplicate";
  await enqueueSafely(queue, (committed[1] as { id: string }).id);
  return "stored";
}

/** Storefront events (web pixel): de-duplicated by the pixel's own event id. */
export async function ingestStorefrontEvent(
  db: Db,
  queue: JobQueue,
  shopId: string,
  source: "pixel" | "storefront",
  sourceId: string,
  event: NormalizedEvent,
): Promise<"stored" | "duplicate"> {
  const committed = await commit(db, [
    db.contactEvent.create({
      data: { shopId, type: event.type, source, sourceId, occurredAt: new Date(event.occurredAt), payload: event as unknown as Prisma.InputJsonValue },
      select: { id: true },
    }),
  ]);
  if (!committed) return "duplicate";
  await enqueueSafely(queue, (committed[0] as { id: string }).id);
  return "stored";
}

async function commit(db: Db, writes: Prisma.PrismaPromise<unknown>[]): Promise<unknown[] | null> {
  try {
    return await db.$transaction(writes);
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

// The event is safe in the database: if the queue is down, the worker's sweep queues it later.
async function enqueueSafely(queue: JobQueue, eventId: string): Promise<void> {
  try {
    await enqueueProcessing(queue, eventId);
  } catch (error) {
    console.error(`[events] queueing event ${eventId} failed, the sweep will: ${(error as Error).message}`);
  }
}

/** Events and due runs whose job got lost (queue down, crash between commit and enqueue). */
export async function sweepUnqueued(db: Db, queue: JobQueue, now: Date): Promise<{ events: number; runs: number }> {
  const before = new Date(now.valueOf() - 2 * 60_000);
  const minute = now.toISOString().slice(0, 16);
  const events = await db.contactEvent.findMany({ where: { processedAt: null, createdAt: { lt: before } }, select: { id: true }, take: 1000 });
  for (const { id } of events) await enqueueProcessing(queue, id, `:sweep:${minute}`);
  const runs = await db.scenarioRun.findMany({
    where: { activeKey: { not: null }, status: "WAITING", nextDueAt: { lt: before } },
    select: { id: true, nextDueAt: true },
    take: 1000,
  });
  for (const run of runs) {
    await queue.enqueue(RUN_DUE_JOB, { runId: run.id }, { id: `run:${run.id}:sweep:${minute}`, attempts: 5, backoffMs: 2_000 });
  }
  return { events: events.length, runs: runs.length };
}
