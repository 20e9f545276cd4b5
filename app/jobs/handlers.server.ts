// Every job the worker runs, by name. Later modules (scenario steps, delivery) add theirs here.
import { z } from "zod";
import type { Db } from "../db.server";
import { sweepUnqueued } from "../events/ingest.server";
import {
  CHECK_ABANDONMENT_JOB,
  PROCESS_BATCH_JOB,
  PROCESS_EVENT_JOB,
  processAbandonment,
  processBatch,
  processEvent,
} from "../events/process.server";
import {
  SEND_DELIVERY_JOB,
  sendDelivery,
  sweepDeliveries,
  type SendServices,
} from "../deliveries/send.server";
import { ENGAGEMENT_JOB, feedEngagement } from "../runs/engagement.server";
import {
  SHOPIFY_UNSUBSCRIBE_JOB,
  unsubscribeInShopify,
} from "../deliveries/email-events.server";
import {
  CHAT_NOTICE_JOB,
  sendChatNotice,
} from "../deliveries/chat-notice.server";
import {
  feedInactivity,
  INACTIVITY_JOB,
  scheduleInactivity,
} from "../runs/inactivity.server";
import { runDue } from "../runs/runner.server";
import { requeueOverdue, RUN_DUE_JOB } from "../runs/scheduler.server";
import { PUBLISH_STOREFRONT_JOB } from "../runs/versions.server";
import { publishStorefrontConfig } from "../storefront/publish.server";
import {
  CONFIRM_EMAIL_JOB,
  sendConfirmation,
} from "../storefront/confirm.server";
import { expireOnSite } from "../storefront/pending.server";
import {
  ERASE_JOB,
  EraseJob,
  runErasure,
  sweepErasures,
} from "../privacy/erasure.server";
import {
  enqueuePruning,
  PRUNE_EVENTS_JOB,
  pruneContactEvents,
  PruneJob,
} from "../privacy/retention.server";
import {
  HISTORY_SYNC_JOB,
  runHistorySync,
  sweepHistorySyncs,
} from "../events/history.server";
import type { JobHandlers, JobQueue } from "./types";

/** Webhook receipts are kept past Shopify's retry window (48 h), then pruned. */
export const RECEIPT_RETENTION_DAYS = 7;
/**
 * Finished jobs of the database driver are kept this long (bull keeps its own as long): their id
 * stays taken meanwhile, so an idempotent enqueue is a no-op within this window.
 */
export const FINISHED_JOB_RETENTION_DAYS = 30;

const daysAgo = (days: number, now: Date) =>
  new Date(now.valueOf() - days * 86_400_000);

const EventJob = z.object({ eventId: z.string() });
const BatchJob = z.object({ eventIds: z.array(z.string()) });
const AbandonmentJob = z.object({
  cartId: z.string(),
  dueAt: z.iso.datetime(),
});
const RunJob = z.object({ runId: z.string() });
const ShopJob = z.object({ shopId: z.string() });
const DeliveryJob = z.object({ deliveryId: z.string() });
const ShopifyUnsubscribeJob = z.object({
  shopId: z.string(),
  contactId: z.string(),
  at: z.iso.datetime(),
});
const ChatNoticeJob = z.object({ shopId: z.string(), from: z.iso.datetime() });
const ConfirmJob = z.object({
  shopId: z.string(),
  contactId: z.string(),
  visitorId: z.string(),
  tags: z.array(z.string()),
  at: z.iso.datetime(),
});
const EngagementJob = z.object({
  deliveryId: z.string(),
  status: z.enum(["OPENED", "CLICKED"]),
  at: z.iso.datetime(),
});

/**
 * `services`: what sending needs from outside (Shopify, the shops' email providers); by default the
 * app's own, loaded on the first send (they read the app's environment).
 */
export function jobHandlers(
  db: Db,
  queue: JobQueue,
  now: () => Date = () => new Date(),
  services?: () => Promise<SendServices>,
): JobHandlers {
  const deps = { db, queue, now };
  const sendServices =
    services ??
    (async () =>
      (await import("../deliveries/services.server")).appSendServices(db));
  return {
    [PROCESS_EVENT_JOB]: (data) =>
      processEvent(deps, EventJob.parse(data).eventId),
    [PROCESS_BATCH_JOB]: (data) =>
      processBatch(deps, BatchJob.parse(data).eventIds),
    [CHECK_ABANDONMENT_JOB]: async (data) => {
      const { cartId, dueAt } = AbandonmentJob.parse(data);
      await processAbandonment(deps, cartId, new Date(dueAt));
    },
    [RUN_DUE_JOB]: (data) => runDue(deps, RunJob.parse(data).runId),
    // The shop's past from Shopify, through its offline session (none: uninstalled, nothing to do).
    [HISTORY_SYNC_JOB]: async (data) => {
      const { shopId } = ShopJob.parse(data);
      const shop = await db.shop.findUnique({ where: { id: shopId } });
      if (!shop || shop.uninstalledAt) return;
      const services = await sendServices();
      const graphql = await services.adminFor(shop.domain);
      if (!graphql) return;
      await runHistorySync(deps, shopId, {
        graphql,
        ...(services.shopifyFetch ? { fetch: services.shopifyFetch } : {}),
      });
    },
    [INACTIVITY_JOB]: async () => void (await feedInactivity(deps)),
    [PUBLISH_STOREFRONT_JOB]: async (data) => {
      const shop = await db.shop.findUnique({
        where: { id: ShopJob.parse(data).shopId },
      });
      if (!shop || shop.uninstalledAt) return;
      const admin = await (await sendServices()).adminFor(shop.domain);
      if (admin) await publishStorefrontConfig(db, admin, shop.id);
    },
    [SEND_DELIVERY_JOB]: async (data) =>
      sendDelivery(
        deps,
        await sendServices(),
        DeliveryJob.parse(data).deliveryId,
      ),
    [SHOPIFY_UNSUBSCRIBE_JOB]: async (data) => {
      const services = await sendServices();
      await unsubscribeInShopify(
        db,
        (domain) => services.adminFor(domain),
        ShopifyUnsubscribeJob.parse(data),
      );
    },
    [CHAT_NOTICE_JOB]: async (data) => {
      const { shopId, from } = ChatNoticeJob.parse(data);
      await sendChatNotice(db, await sendServices(), shopId, new Date(from));
    },
    [CONFIRM_EMAIL_JOB]: async (data) =>
      sendConfirmation(db, await sendServices(), ConfirmJob.parse(data)),
    [ENGAGEMENT_JOB]: async (data) => {
      const { deliveryId, status, at } = EngagementJob.parse(data);
      await feedEngagement(deps, deliveryId, status, new Date(at));
    },
    "maintenance.sweep-unqueued": async () => {
      await sweepUnqueued(db, queue, now());
      await requeueOverdue(db, queue, now());
      await expireOnSite(db, now());
      await sweepDeliveries(db, queue, now());
      await sweepErasures(db, queue, now());
      await sweepHistorySyncs(db, queue, now());
    },
    "maintenance.prune-webhook-receipts": async () => {
      const before = daysAgo(RECEIPT_RETENTION_DAYS, now());
      await db.webhookReceipt.deleteMany({
        where: { receivedAt: { lt: before } },
      });
      // The email providers retry for up to three days too (SendGrid 72 h).
      await db.emailEvent.deleteMany({ where: { receivedAt: { lt: before } } });
    },
    // Each shop's own retention (settings.eventRetentionDays); carts settled that long ago go too.
    [PRUNE_EVENTS_JOB]: async (data) =>
      void (await pruneContactEvents(deps, PruneJob.parse(data).fromShopId)),
    [ERASE_JOB]: async (data) =>
      void (await runErasure(deps, EraseJob.parse(data).erasureId)),
    // The Job table is empty with bull (Redis): then this deletes nothing.
    "maintenance.prune-finished-jobs": async () => {
      await db.job.deleteMany({
        where: {
          status: { in: ["COMPLETED", "FAILED"] },
          updatedAt: { lt: daysAgo(FINISHED_JOB_RETENTION_DAYS, now()) },
        },
      });
    },
  };
}

/** Recurring work, enqueued hourly by every worker: once a day or once an hour whichever worker comes first (idempotent ids). */
export async function scheduleMaintenance(
  queue: JobQueue,
  now = new Date(),
): Promise<void> {
  await scheduleInactivity(queue, now);
  const day = now.toISOString().slice(0, 10);
  const retry = { attempts: 3, backoffMs: 60_000 };
  await queue.enqueue(
    "maintenance.prune-webhook-receipts",
    {},
    { id: `prune-webhook-receipts:${day}`, ...retry },
  );
  await queue.enqueue(
    "maintenance.prune-finished-jobs",
    {},
    { id: `prune-finished-jobs:${day}`, ...retry },
  );
  await enqueuePruning(queue, `prune-contact-events:${day}`);
}

/** Every minute: queue what lost its job (see sweepUnqueued, sweepErasures); give up on-site messages not shown in time; settle dead sends. */
export async function scheduleSweep(
  queue: JobQueue,
  now = new Date(),
): Promise<void> {
  await queue.enqueue(
    "maintenance.sweep-unqueued",
    {},
    { id: `sweep-unqueued:${now.toISOString().slice(0, 16)}` },
  );
}
