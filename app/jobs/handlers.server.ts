// Every job the worker runs, by name. Later modules (scenario steps, delivery) add theirs here.
import type { Db } from "../db.server";
import type { JobHandlers, JobQueue } from "./types";

/** Webhook receipts are kept past Shopify's retry window (48 h), then pruned. */
export const RECEIPT_RETENTION_DAYS = 7;

export function jobHandlers(db: Db): JobHandlers {
  return {
    "maintenance.prune-webhook-receipts": async () => {
      const cutoff = new Date(Date.now() - RECEIPT_RETENTION_DAYS * 86_400_000);
      await db.webhookReceipt.deleteMany({ where: { receivedAt: { lt: cutoff } } });
    },
  };
}

/** Recurring maintenance, enqueued once per day whichever worker starts first (idempotent ids). */
export async function scheduleMaintenance(queue: JobQueue, now = new Date()): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  await queue.enqueue("maintenance.prune-webhook-receipts", {}, { id: `prune-webhook-receipts:${day}`, attempts: 3, backoffMs: 60_000 });
}
