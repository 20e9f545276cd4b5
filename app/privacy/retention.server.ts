// The daily pruning of each shop's history past its retention (settings.eventRetentionDays): old
// processed events, then carts settled that long ago, in batches by id, each its own short
// transaction (batches.server.ts). A run stops after PRUNE_RUN_MS and queues the rest as a new job,
// from the shop it was on.
import { z } from "zod";
import type { Db } from "../db.server";
import type { JobQueue } from "../jobs/types";
import { readShopSettings } from "../shops/settings";
import { deleteInBatches, type BatchOptions } from "./batches.server";

export const PRUNE_EVENTS_JOB = "maintenance.prune-contact-events";
export const PruneJob = z.object({ fromShopId: z.string().optional() });
/** One run prunes this long at most (well within any job time limit), then queues the rest. */
export const PRUNE_RUN_MS = 20_000;

const RETRY = { attempts: 3, backoffMs: 60_000 };

interface Deps {
  db: Db;
  queue: JobQueue;
  now: () => Date;
}

export function enqueuePruning(
  queue: JobQueue,
  id: string,
  fromShopId?: string,
) {
  return queue.enqueue(PRUNE_EVENTS_JOB, fromShopId ? { fromShopId } : {}, {
    id,
    ...RETRY,
  });
}

/** "continues": the time was up, the rest is queued from the shop it was on. */
export async function pruneContactEvents(
  deps: Deps,
  fromShopId?: string,
  options: BatchOptions & { runMs?: number } = {},
): Promise<"done" | "continues"> {
  const { db, queue, now } = deps;
  const deadline = performance.now() + (options.runMs ?? PRUNE_RUN_MS);
  const shops = await db.shop.findMany({
    where: fromShopId ? { id: { gte: fromShopId } } : {},
    select: { id: true, settings: true },
    orderBy: { id: "asc" },
  });
  for (const shop of shops) {
    const before = new Date(
      now().valueOf() -
        readShopSettings(shop.settings).eventRetentionDays * 86_400_000,
    );
    const done = await deleteInBatches(
      db,
      [
        {
          table: "contactEvent",
          where: {
            shopId: shop.id,
            occurredAt: { lt: before },
            processedAt: { not: null },
          },
        },
        {
          table: "cart",
          where: {
            shopId: shop.id,
            status: { not: "OPEN" },
            updatedAt: { lt: before },
          },
        },
      ],
      { ...options, deadline },
    );
    if (!done) {
      await enqueuePruning(
        queue,
        `prune-contact-events:${shop.id}:${now().toISOString()}`,
        shop.id,
      );
      return "continues";
    }
  }
  return "done";
}
