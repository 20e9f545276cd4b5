// An open or a click the tracking routes recorded, brought to the contact's open runs as
// `message_opened` / `message_clicked` (goals, waits). Through a job, so the image and the redirect
// answer at once. A click implies an open: both are fed, and the engine takes each event id once.
import type { Db } from "../db.server";
import type { JobQueue } from "../jobs/types";
import { feedEvent, type RunnerDeps } from "./runner.server";
import { recordEngagement, type Visitor } from "../deliveries/tracking.server";
import { logger } from "../logger.server";

export const ENGAGEMENT_JOB = "deliveries.engagement";

export type Engagement = "OPENED" | "CLICKED";

/** What the tracking routes call: the delivery's status, then, when it moved, a job for the scenarios. */
export async function trackEngagement(
  db: Db,
  queue: JobQueue,
  deliveryId: string,
  status: Engagement,
  visitor?: Visitor,
  at = new Date(),
): Promise<void> {
  // A machine's open or click moves no status, so no scenario hears of it: a scanner's click
  // satisfies no "clicked" wait or goal.
  if (!(await recordEngagement(db, deliveryId, status, at, visitor))) return;
  // Never fails the request: the status is recorded already; only the scenarios would not hear of it.
  try {
    await queue.enqueue(
      ENGAGEMENT_JOB,
      { deliveryId, status, at: at.toISOString() },
      { id: `engaged:${deliveryId}:${status}`, attempts: 5, backoffMs: 2_000 },
    );
  } catch (error) {
    logger.error("tracking: not queued for the scenarios", {
      deliveryId,
      status,
      error,
    });
  }
}

export async function feedEngagement(
  deps: RunnerDeps,
  deliveryId: string,
  status: Engagement,
  at: Date,
): Promise<void> {
  const delivery = await deps.db.delivery.findUnique({
    where: { id: deliveryId },
    select: { contactId: true, shop: true },
  });
  if (!delivery || delivery.shop.uninstalledAt) return;
  const events =
    status === "CLICKED"
      ? (["message_opened", "message_clicked"] as const)
      : (["message_opened"] as const);
  for (const event of events) {
    await feedEvent(deps, delivery.shop, delivery.contactId, {
      id: `delivery:${deliveryId}:${event}`,
      occurredAt: at,
      event,
    });
  }
}
