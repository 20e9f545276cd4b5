// Processing of a stored event (the "events.process" job): who it is about (identity), what it
// changes (profile, consent, carts, orders, visits), then what it means to the scenarios. The
// first part is one transaction whose findings are kept on the event, so a retry of the job feeds
// the engine exactly as the first try would have; the engine part is idempotent by event id.
import {
  retryOnConflict,
  TX_OPTIONS,
  type Db,
  type Prisma,
  type Shop,
} from "../db.server";
import type { JobQueue } from "../jobs/types";
import {
  attributeOrder,
  recordCancellation,
  recordRefund,
} from "../deliveries/attribution.server";
import { feedEvent } from "../runs/runner.server";
import { readShopSettings } from "../shops/settings";
import {
  applyCartState,
  checkAbandonment,
  rememberTokens,
  settleByOrder,
} from "./carts.server";
import { recordOnSite } from "../storefront/on-site.server";
import { engineSignals, type Derived } from "./engine-inputs";
import { resolveContact } from "./identity.server";
import type { NormalizedEvent, Profile } from "./normalize";
import { logger } from "../logger.server";

type Tx = Prisma.TransactionClient;

export const PROCESS_EVENT_JOB = "events.process";
/** The events of one group commit (see ingest.server.ts), in the order they came. */
export const PROCESS_BATCH_JOB = "events.process-batch";
export const CHECK_ABANDONMENT_JOB = "carts.check-abandonment";

/** The storefront's sources: their events count as site activity (visits, on-site reach). */
const STOREFRONT_SOURCES = new Set(["pixel", "storefront"]);
const VISIT_GAP_MS = 30 * 60_000;

export interface ProcessDeps {
  db: Db;
  queue: JobQueue;
  now: () => Date;
}

type Stored = NormalizedEvent & { derived?: Derived };
/** The stored event's row as processing reads it. */
type StoredRow = {
  id: string;
  source: string;
  stale: boolean;
  createdAt: Date;
};

export function enqueueProcessing(
  queue: JobQueue,
  eventId: string,
  suffix = "",
) {
  return queue.enqueue(
    PROCESS_EVENT_JOB,
    { eventId },
    { id: `event:${eventId}${suffix}`, attempts: 5, backoffMs: 1_000 },
  );
}

/** One failing event does not hold the others up: it is queued alone, with its own retries. */
export async function processBatch(
  deps: ProcessDeps,
  eventIds: string[],
): Promise<void> {
  for (const id of eventIds) {
    try {
      await processEvent(deps, id);
    } catch (error) {
      logger.error("events: an event failed in its batch, retrying alone", {
        eventId: id,
        error,
      });
      await enqueueProcessing(deps.queue, id);
    }
  }
}

export async function processEvent(
  deps: ProcessDeps,
  eventId: string,
): Promise<void> {
  const { db } = deps;
  const row = await db.contactEvent.findUnique({
    where: { id: eventId },
    include: { shop: true },
  });
  if (!row || row.processedAt) return;
  const { shop } = row;
  if (shop.uninstalledAt) {
    await db.contactEvent.update({
      where: { id: row.id },
      data: { processedAt: deps.now() },
    });
    return;
  }
  let event = row.payload as unknown as Stored;
  if (!event.derived) {
    const stored = event;
    event = await retryOnConflict(() =>
      db.$transaction((tx) => learn(tx, deps, shop, row, stored), TX_OPTIONS),
    );
  }
  const derived = event.derived!;
  // On a retry, the row's contact is current even if a merge moved the event since.
  const contactId = row.contactId ?? derived.contactId;
  if (contactId && event.onSite)
    await recordOnSite(
      deps,
      shop,
      contactId,
      row.id,
      event.onSite,
      row.occurredAt,
    );
  if (contactId && event.order)
    await attributeOrder(db, shop, contactId, event.order);
  // About an order, whoever placed it: they need no contact.
  if (event.refund) await recordRefund(db, shop, event.refund);
  if (event.cancellation)
    await recordCancellation(db, shop, event.cancellation);
  if (contactId) {
    for (const signal of engineSignals(event, derived)) {
      await feedEvent(deps, shop, contactId, {
        id: `${row.id}:${signal.key}`,
        occurredAt: row.occurredAt,
        trigger: signal.trigger,
        event: signal.event,
        pageType: signal.pageType,
      });
    }
  }
  await db.contactEvent.update({
    where: { id: row.id },
    data: { processedAt: deps.now() },
  });
}

async function learn(
  tx: Tx,
  deps: ProcessDeps,
  shop: Shop,
  row: StoredRow,
  event: Stored,
): Promise<Stored> {
  const { id: rowId, source, stale } = row;
  const settings = readShopSettings(shop.settings);
  const occurredAt = new Date(event.occurredAt);
  // Shopify's signed webhooks name the customer; a storefront's events are the browser's word.
  const { contactId, emailCaptured } = await resolveContact(
    tx,
    shop.id,
    event.identity,
    { proof: source === "webhook" },
  );
  let superseded = stale;
  let unsubscribed = false;
  let newVisit = false;

  if (contactId && event.profile)
    unsubscribed = await applyProfile(tx, contactId, event.profile, occurredAt);
  if (event.cart) {
    const outcome = await applyCartState(
      tx,
      shop.id,
      contactId,
      event.identity,
      event.cart,
      settings,
    );
    if (!outcome.applied) superseded = true;
    if (outcome.applied && outcome.cart.abandonAt) {
      await deps.queue.enqueue(
        CHECK_ABANDONMENT_JOB,
        {
          cartId: outcome.cart.id,
          dueAt: outcome.cart.abandonAt.toISOString(),
        },
        {
          id: `abandon:${outcome.cart.id}:${outcome.cart.abandonAt.toISOString()}`,
          runAt: outcome.cart.abandonAt,
          attempts: 5,
          backoffMs: 5_000,
        },
      );
    }
  } else if (
    event.identity.checkoutToken &&
    event.type !== "order_placed" &&
    event.type !== "order_paid"
  ) {
    // A storefront checkout event about a checkout that already became an order starts nothing.
    const settled = await tx.cart.findFirst({
      where: {
        shopId: shop.id,
        kind: "CHECKOUT",
        token: event.identity.checkoutToken,
        status: "ORDERED",
      },
    });
    if (settled) superseded = true;
  }
  if (event.order) {
    await settleByOrder(tx, shop.id, contactId, event.identity, event.order);
    if (contactId && event.type === "order_placed") {
      const orders = await tx.contactEvent.count({
        where: { contactId, type: "order_placed", id: { not: rowId } },
      });
      const contact = await tx.contact.findUniqueOrThrow({
        where: { id: contactId },
        select: { lastOrderAt: true },
      });
      const orderedAt = new Date(event.order.createdAt);
      await tx.contact.update({
        where: { id: contactId },
        data: {
          orderCount: orders + 1,
          ...(!contact.lastOrderAt || contact.lastOrderAt < orderedAt
            ? { lastOrderAt: orderedAt }
            : {}),
        },
      });
    }
  }
  // Shopify sends fulfillments/update for any change (a tracking number, an address): a shipment's
  // status already told starts nothing again.
  if (
    contactId &&
    event.fulfillment &&
    event.type !== "fulfillment_updated" &&
    (await fulfillmentStatusTold(tx, shop.id, contactId, row, event))
  )
    superseded = true;
  if (contactId && STOREFRONT_SOURCES.has(source)) {
    await rememberTokens(tx, shop.id, contactId, event.identity);
    newVisit = await recordActivity(tx, contactId, occurredAt);
  }

  const derived: Derived = {
    contactId,
    newVisit,
    emailCaptured,
    unsubscribed,
    superseded,
  };
  const stored: Stored = { ...event, derived };
  await tx.contactEvent.update({
    where: { id: rowId },
    data: {
      contactId,
      stale: superseded,
      payload: stored as unknown as Prisma.InputJsonValue,
    },
  });
  return stored;
}

/**
 * Whether a delivery stored before this one told the same status of the same shipment. Stored
 * order, not processing order: the worker may take the later one up first, or both at once, and
 * the earlier may not know its contact yet.
 */
async function fulfillmentStatusTold(
  tx: Tx,
  shopId: string,
  contactId: string,
  row: StoredRow,
  event: Stored,
): Promise<boolean> {
  const earlier = await tx.contactEvent.findMany({
    where: {
      shopId,
      type: event.type,
      OR: [{ contactId }, { contactId: null, processedAt: null }],
      AND: {
        OR: [
          { createdAt: { lt: row.createdAt } },
          { createdAt: row.createdAt, id: { lt: row.id } },
        ],
      },
    },
    orderBy: { occurredAt: "desc" },
    take: 100,
    select: { payload: true },
  });
  return earlier.some(
    (e) =>
      (e.payload as unknown as Stored | null)?.fulfillment?.id ===
      event.fulfillment!.id,
  );
}

/** Profile fields and consent; returns whether the contact just withdrew consent. */
async function applyProfile(
  tx: Tx,
  contactId: string,
  profile: Profile,
  occurredAt: Date,
): Promise<boolean> {
  const contact = await tx.contact.findUniqueOrThrow({
    where: { id: contactId },
  });
  const data: Prisma.ContactUpdateInput = {};
  const take = <K extends "firstName" | "lastName" | "phone" | "locale">(
    field: K,
  ) => {
    const value = profile[field];
    if (value && (profile.authoritative || !contact[field]))
      data[field] = value;
  };
  take("firstName");
  take("lastName");
  take("phone");
  take("locale");
  if (profile.authoritative && profile.tags) data.tags = profile.tags;
  let unsubscribed = false;
  const consent = profile.consent;
  if (consent && consent.state !== "UNKNOWN") {
    const at = consent.at ? new Date(consent.at) : occurredAt;
    // An older consent change never overrides a newer one.
    if (!contact.consentUpdatedAt || contact.consentUpdatedAt <= at) {
      data.emailConsent = consent.state;
      data.consentUpdatedAt = at;
      unsubscribed =
        consent.state === "UNSUBSCRIBED" &&
        contact.emailConsent === "SUBSCRIBED";
    }
  }
  if (Object.keys(data).length)
    await tx.contact.update({ where: { id: contactId }, data });
  return unsubscribed;
}

/** Storefront activity: a page view after 30 idle minutes starts a new visit. */
async function recordActivity(
  tx: Tx,
  contactId: string,
  at: Date,
): Promise<boolean> {
  const contact = await tx.contact.findUniqueOrThrow({
    where: { id: contactId },
    select: { lastSeenAt: true, firstVisitAt: true },
  });
  if (contact.lastSeenAt && contact.lastSeenAt >= at) return false;
  const newVisit =
    !contact.lastSeenAt ||
    at.valueOf() - contact.lastSeenAt.valueOf() > VISIT_GAP_MS;
  await tx.contact.update({
    where: { id: contactId },
    data: {
      lastSeenAt: at,
      ...(newVisit
        ? {
            visitCount: { increment: 1 },
            lastVisitAt: at,
            ...(contact.firstVisitAt ? {} : { firstVisitAt: at }),
          }
        : {}),
    },
  });
  return newVisit;
}

/** The "carts.check-abandonment" job: at the end of the window, declare the cart abandoned or not. */
export async function processAbandonment(
  deps: ProcessDeps,
  cartId: string,
  dueAt: Date,
): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  const result = await retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const check = await checkAbandonment(tx, cartId, dueAt, now);
      if (!check.abandoned || !check.cart.contactId) return null;
      const { cart } = check;
      const shop = await tx.shop.findUniqueOrThrow({
        where: { id: cart.shopId },
      });
      if (shop.uninstalledAt) return null;
      const event: NormalizedEvent = {
        type: cart.kind === "CART" ? "cart_abandoned" : "checkout_abandoned",
        occurredAt: now.toISOString(),
        identity: {
          cartToken:
            cart.kind === "CART" ? cart.token : (cart.cartToken ?? undefined),
          checkoutToken: cart.kind === "CHECKOUT" ? cart.token : undefined,
        },
      };
      const derived: Derived = {
        contactId: cart.contactId,
        newVisit: false,
        emailCaptured: false,
        unsubscribed: false,
        superseded: false,
      };
      return tx.contactEvent.create({
        data: {
          shopId: cart.shopId,
          contactId: cart.contactId,
          type: event.type,
          source: "derived",
          sourceId: `${cart.id}:${dueAt.toISOString()}`,
          occurredAt: now,
          payload: { ...event, derived } as unknown as Prisma.InputJsonValue,
        },
      });
    }, TX_OPTIONS),
  );
  if (result) await processEvent(deps, result.id);
}
