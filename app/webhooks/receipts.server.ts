// Shopify delivers a webhook at least once: retries and duplicates carry the same event id.
// A receipt row per (shop, event id) lets each event be processed once.
import {
  isUniqueViolation,
  TX_OPTIONS,
  type Db,
  type Prisma,
} from "../db.server";
import { storableDate } from "../events/normalize";

export interface WebhookDelivery {
  shop: string;
  /** As Shopify's library names it (APP_UNINSTALLED). */
  topic: string;
  webhookId: string;
  /** Absent on old API versions; the delivery id then stands in for it. */
  eventId?: string;
  triggeredAt?: string;
}

export type ReceiptOutcome = "processed" | "duplicate";

/** A claim older than this belongs to a process that died; Shopify answers time out after 5 s. */
const CLAIM_TIMEOUT_MS = 60_000;

/**
 * Runs `handle` unless this event was already processed or is being processed right now. A failed
 * handler releases its claim, so Shopify's retry runs it again.
 */
export async function processOnce(
  db: Db,
  delivery: WebhookDelivery,
  handle: () => Promise<void>,
  now: () => Date = () => new Date(),
): Promise<ReceiptOutcome> {
  const key = {
    shopDomain: delivery.shop,
    eventId: delivery.eventId ?? delivery.webhookId,
  };
  const triggeredAt = storableDate(delivery.triggeredAt);
  const receipt = await db.webhookReceipt
    .upsert({
      where: { shopDomain_eventId: key },
      create: {
        ...key,
        topic: delivery.topic,
        webhookId: delivery.webhookId,
        triggeredAt,
      },
      update: {},
    })
    // A delivery id already received under another event id: the same delivery.
    .catch((error: unknown) =>
      isUniqueViolation(error) ? null : Promise.reject(error),
    );
  if (!receipt) return "duplicate";
  const claimedAt = now();
  const claim = await db.webhookReceipt.updateMany({
    where: {
      id: receipt.id,
      processedAt: null,
      OR: [
        { claimedAt: null },
        { claimedAt: { lt: new Date(claimedAt.valueOf() - CLAIM_TIMEOUT_MS) } },
      ],
    },
    data: { claimedAt },
  });
  if (claim.count === 0) return "duplicate";
  try {
    await handle();
  } catch (error) {
    await db.webhookReceipt.update({
      where: { id: receipt.id },
      data: { claimedAt: null },
    });
    throw error;
  }
  await db.webhookReceipt.update({
    where: { id: receipt.id },
    data: { processedAt: now() },
  });
  return "processed";
}

/**
 * Like `processOnce`, for work that is a few writes: they and the receipt, marked processed, commit
 * in one transaction. So once the webhook is answered 200 the work is in the database, and a crash
 * before the commit leaves neither (Shopify's retry does it all again).
 */
export async function recordOnce<T>(
  db: Db,
  delivery: WebhookDelivery,
  write: (tx: Prisma.TransactionClient) => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<{ outcome: "processed"; result: T } | { outcome: "duplicate" }> {
  const key = {
    shopDomain: delivery.shop,
    eventId: delivery.eventId ?? delivery.webhookId,
  };
  const at = now();
  try {
    return await db.$transaction(async (tx) => {
      const receipt = await tx.webhookReceipt.findUnique({
        where: { shopDomain_eventId: key },
      });
      if (receipt?.processedAt) return { outcome: "duplicate" } as const;
      // A receipt not processed: a handler of processOnce's kind failed or died on it before.
      if (receipt)
        await tx.webhookReceipt.update({
          where: { id: receipt.id },
          data: { claimedAt: at, processedAt: at },
        });
      else {
        await tx.webhookReceipt.create({
          data: {
            ...key,
            topic: delivery.topic,
            webhookId: delivery.webhookId,
            triggeredAt: storableDate(delivery.triggeredAt),
            claimedAt: at,
            processedAt: at,
          },
        });
      }
      return { outcome: "processed", result: await write(tx) } as const;
    }, TX_OPTIONS);
  } catch (error) {
    // The same event or delivery id committed by a concurrent delivery (PostgreSQL).
    if (isUniqueViolation(error)) return { outcome: "duplicate" };
    throw error;
  }
}
