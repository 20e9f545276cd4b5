// shop/redact and customers/redact: the webhook records the erasure in the transaction of its
// receipt and is answered at once; the `privacy.erase` job erases in short batches
// (batches.server.ts), so no transaction holds the database for the length of a shop's history.
// The job runs for ERASE_RUN_MS at most, then queues the rest as a new job; a job that fails or
// dies leaves the erasure row, which its retries, or the minute sweep, take up again. What is
// gone stays gone, so resuming is erasing what is left.
import { z } from "zod";
import type { Db, Erasure, Prisma } from "../db.server";
import type { JobQueue } from "../jobs/types";
import { logger } from "../logger.server";
import {
  deleteInBatches,
  type BatchOptions,
  type Step,
} from "./batches.server";
import {
  contactsOf,
  CustomerRef,
  customerTraces,
  type Customer,
} from "./compliance.server";

export const ERASE_JOB = "privacy.erase";
export const EraseJob = z.object({ erasureId: z.string() });

/** One run of the job erases this long at most (well within any job time limit), then queues the rest. */
export const ERASE_RUN_MS = 20_000;
/** A job holds its erasure this long, renewed by each batch: a job that died lets go of it then. */
const LEASE_MS = 2 * 60_000;
/** An erasure no batch touched for this long, and no job holds, lost its job: the sweep queues it. */
export const STALLED_MS = 3 * 60_000;

type Tx = Prisma.TransactionClient;
interface Deps {
  db: Db;
  queue: JobQueue;
  now: () => Date;
}

/**
 * shop/redact, in the receipt's transaction. The shop's sessions go at once, and its domain is
 * let go: a late webhook, a customer request or the admin finds no shop of that domain to store
 * anything under (a reinstall starts a new shop), and the jobs already queued find it uninstalled.
 * Null when the app holds no shop of that domain (never installed, or already being erased).
 */
export async function recordShopErasure(
  tx: Tx,
  domain: string,
  at: Date,
): Promise<Erasure | null> {
  const shop = await tx.shop.findUnique({
    where: { domain },
    select: { id: true, uninstalledAt: true },
  });
  if (!shop) return null;
  await tx.session.deleteMany({ where: { shop: domain } });
  await tx.shop.update({
    where: { id: shop.id },
    data: {
      domain: `erasing:${shop.id}`,
      uninstalledAt: shop.uninstalledAt ?? at,
    },
  });
  return tx.erasure.create({
    data: { shopId: shop.id, kind: "SHOP", requestedAt: at, touchedAt: at },
  });
}

/** customers/redact, in the receipt's transaction: the customer's reference is kept until the erasure is done. */
export async function recordCustomerErasure(
  tx: Tx,
  domain: string,
  customer: Customer,
  at: Date,
): Promise<Erasure | null> {
  const shop = await tx.shop.findUnique({
    where: { domain },
    select: { id: true },
  });
  if (!shop) return null;
  return tx.erasure.create({
    data: {
      shopId: shop.id,
      kind: "CUSTOMER",
      customer: customer as Prisma.InputJsonValue,
      requestedAt: at,
      touchedAt: at,
    },
  });
}

/** The job of an erasure as it stands: its id names the last batch, so a re-queue is one job. */
export async function enqueueErasure(
  queue: JobQueue,
  erasure: Pick<Erasure, "id" | "touchedAt">,
  suffix = erasure.touchedAt.toISOString(),
): Promise<void> {
  await queue.enqueue(
    ERASE_JOB,
    { erasureId: erasure.id },
    { id: `erase:${erasure.id}:${suffix}`, attempts: 3, backoffMs: 10_000 },
  );
}

export type EraseOutcome = "done" | "continues" | "busy" | "none";

/**
 * The `privacy.erase` job: erases batch by batch until done or ERASE_RUN_MS passed (then queues
 * the rest). "busy": another job holds the erasure; "none": it is done already.
 */
export async function runErasure(
  deps: Deps,
  erasureId: string,
  options: BatchOptions & { runMs?: number } = {},
): Promise<EraseOutcome> {
  const { db, queue, now } = deps;
  const held = () => ({
    touchedAt: now(),
    leaseUntil: new Date(now().valueOf() + LEASE_MS),
  });
  const claim = await db.erasure.updateMany({
    where: {
      id: erasureId,
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now() } }],
    },
    data: held(),
  });
  const erasure = await db.erasure.findUnique({ where: { id: erasureId } });
  if (!erasure) return "none";
  if (claim.count === 0) return "busy";
  let done = false;
  let finished = false;
  try {
    done = await deleteInBatches(db, stepsOf(erasure), {
      ...options,
      deadline: performance.now() + (options.runMs ?? ERASE_RUN_MS),
      afterBatch: async (table, count) => {
        await db.erasure.updateMany({ where: { id: erasureId }, data: held() });
        await options.afterBatch?.(table, count);
      },
    });
    if (done) await finish(db, erasure);
    finished = done;
  } finally {
    // Let go, so a retry or the next job goes on at once (a crashed process lets go when the lease ends).
    if (!finished)
      await db.erasure
        .updateMany({ where: { id: erasureId }, data: { leaseUntil: null } })
        .catch(() => {});
  }
  if (done) {
    logger.info("privacy: erasure done", { erasureId, kind: erasure.kind });
    return "done";
  }
  const left = await db.erasure.findUnique({ where: { id: erasureId } });
  if (left) await enqueueErasure(queue, left);
  return left ? "continues" : "none";
}

/** The order keeps foreign keys valid on both databases: each batch deletes rows nothing else points to. */
function stepsOf(erasure: Erasure): Step[] {
  const { shopId } = erasure;
  if (erasure.kind === "SHOP") {
    return [
      { table: "conversion", where: { shopId } },
      // Refunds name orders, not people: a customer's erasure keeps them, the shop's takes them.
      // (Cancellations, one per order at most, go with the shop's row.)
      { table: "orderRefund", where: { shopId } },
      { table: "delivery", where: { shopId } },
      { table: "scenarioRun", where: { shopId } },
      { table: "contactEvent", where: { shopId } },
      { table: "cart", where: { shopId } },
      { table: "discountCode", where: { shopId } },
      { table: "chatReply", where: { shopId } },
      { table: "customerDataExport", where: { shopId } },
      { table: "contactVisitor", where: { shopId } },
      { table: "pushSubscription", where: { contact: { shopId } } },
      { table: "contact", where: { shopId } },
      { table: "scenarioVersion", where: { scenario: { shopId } } },
      { table: "scenario", where: { shopId } },
    ];
  }
  const customer = customerOf(erasure);
  const contact = contactsOf(shopId, customer);
  const traces = customerTraces(shopId, customer);
  return [
    { table: "conversion", where: { contact } },
    { table: "delivery", where: { contact } },
    { table: "scenarioRun", where: { contact } },
    { table: "contactEvent", where: { contact } },
    { table: "cart", where: { OR: [{ contact }, traces.carts] } },
    { table: "discountCode", where: { contact } },
    { table: "chatReply", where: { OR: [{ contact }, traces.chatReplies] } },
    { table: "contactVisitor", where: { contact } },
    { table: "pushSubscription", where: { contact } },
    { table: "customerDataExport", where: traces.exports },
    { table: "emailSuppression", where: traces.suppressions },
    { table: "contact", where: contact },
  ];
}

/**
 * The last step, one short transaction: the shop's row (what slipped in meanwhile goes with it by
 * cascade, and with it its erasure rows), or the customer's erasure row.
 */
async function finish(db: Db, erasure: Erasure): Promise<void> {
  if (erasure.kind === "SHOP") {
    await db.shop.deleteMany({ where: { id: erasure.shopId } });
    return;
  }
  await db.$transaction([
    db.contact.deleteMany({
      where: contactsOf(erasure.shopId, customerOf(erasure)),
    }),
    db.erasure.deleteMany({ where: { id: erasure.id } }),
  ]);
}

const customerOf = (erasure: Erasure): Customer =>
  CustomerRef.parse(erasure.customer);

/** Every minute: erasures whose job was lost (queue down, crash between commit and enqueue, retries spent). */
export async function sweepErasures(
  db: Db,
  queue: JobQueue,
  now: Date,
): Promise<number> {
  const stalled = await db.erasure.findMany({
    where: {
      touchedAt: { lt: new Date(now.valueOf() - STALLED_MS) },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    select: { id: true, touchedAt: true },
    take: 100,
  });
  const minute = now.toISOString().slice(0, 16);
  for (const erasure of stalled)
    await enqueueErasure(queue, erasure, `sweep:${minute}`);
  return stalled.length;
}
