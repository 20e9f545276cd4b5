// A provider's verified events applied to the shop's deliveries (the provider modules in
// channels/email/events/ verify and read them): each event once, bound to a delivery of this shop
// or dropped (the provider account also carries the shop's other mail, which is not ours to act on).
// - delivered: the delivery is delivered (an open or click was already proof enough).
// - hard bounce: the address is suppressed for every email.
// - soft bounce: the provider already retried it; the address is suppressed after soft bounces on
//   SOFT_BOUNCES_TO_SUPPRESS messages in a row with none delivered between.
// - complaint: suppressed for marketing, never lifted; the person is unsubscribed here, their
//   scenarios hear "unsubscribed", and Shopify's consent becomes UNSUBSCRIBED (a job: Shopify may fail).
import {
  retryOnConflict,
  TX_OPTIONS,
  type Db,
  type Prisma,
  type SuppressionReason,
} from "../db.server";
import type { EventLog } from "../events/event-log";
import { normalizeEmail } from "../events/normalize";
import type { ProviderEvent } from "../channels/email/events/types";
import type { JobQueue } from "../jobs/types";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { addressHash, upsertOptOut } from "../storefront/opt-outs.server";
import { unsubscribeCustomer } from "../storefront/shopify-customers.server";
import { SOFT_BOUNCES_TO_SUPPRESS, suppress } from "./suppression.server";

export const SHOPIFY_UNSUBSCRIBE_JOB = "contacts.shopify-unsubscribe";

type Tx = Prisma.TransactionClient;

export interface EmailEventDeps {
  db: Db;
  queue: JobQueue;
  events: EventLog;
  /** Keys the opt-out record of a complaint's address (link-keys.server.ts: address). */
  addressKey: Buffer;
  now: () => Date;
}

export interface Applied {
  applied: number;
  duplicate: number;
  /** Events of no delivery of this shop: the shop's other mail through the same account. */
  unmatched: number;
}

export async function applyEmailEvents(
  deps: EmailEventDeps,
  shopId: string,
  events: ProviderEvent[],
): Promise<Applied> {
  const tally: Applied = { applied: 0, duplicate: 0, unmatched: 0 };
  for (const event of events) tally[await applyOne(deps, shopId, event)]++;
  if (tally.applied)
    await deps.db.shop.updateMany({
      where: { id: shopId, emailEventsSince: null },
      data: { emailEventsSince: deps.now() },
    });
  return tally;
}

async function applyOne(
  deps: EmailEventDeps,
  shopId: string,
  event: ProviderEvent,
): Promise<keyof Applied> {
  const { db } = deps;
  const delivery = await deliveryOf(db, shopId, event);
  if (!delivery) return "unmatched";
  const email = normalizeEmail(event.email);
  if (!email) return "unmatched";
  const outcome = await retryOnConflict(() =>
    db.$transaction(async (tx) => {
      const key = { shopId, provider: event.provider, eventId: event.eventId };
      if (
        await tx.emailEvent.findUnique({
          where: { shopId_provider_eventId: key },
        })
      )
        return "duplicate" as const;
      await tx.emailEvent.create({ data: key });
      await record(tx, deps, shopId, event, email, delivery);
      return "applied" as const;
    }, TX_OPTIONS),
  );
  // After the commit, so the job finds the contact unsubscribed; again on a duplicate, so a crash
  // between the commit and this is made good by the provider's retry.
  if (event.kind === "complaint")
    await unsubscribeElsewhere(deps, shopId, event, delivery.contact);
  return outcome;
}

type Bound = NonNullable<Awaited<ReturnType<typeof deliveryOf>>>;

/** The shop's email delivery the event names: by the id we attached, else by the provider's message id. */
function deliveryOf(db: Db, shopId: string, event: ProviderEvent) {
  const select = {
    id: true,
    contactId: true,
    deliveredAt: true,
    bouncedAt: true,
    bounceKind: true,
    complainedAt: true,
    contact: {
      select: { id: true, email: true, shopifyCustomerId: true },
    },
  } as const;
  if (event.deliveryId)
    return db.delivery.findFirst({
      where: { id: event.deliveryId, shopId, channel: "EMAIL" },
      select,
    });
  if (!event.providerMessageId) return Promise.resolve(null);
  return db.delivery.findFirst({
    where: {
      shopId,
      channel: "EMAIL",
      provider: event.provider,
      providerMessageId: event.providerMessageId,
    },
    select,
  });
}

async function record(
  tx: Tx,
  deps: EmailEventDeps,
  shopId: string,
  event: ProviderEvent,
  email: string,
  delivery: Bound,
): Promise<void> {
  const at = event.occurredAt;
  const where = { id: delivery.id };
  if (event.kind === "delivered") {
    if (!delivery.deliveredAt)
      await tx.delivery.update({ where, data: { deliveredAt: at } });
    // Statuses only move forward: an opened or clicked message stays so.
    await tx.delivery.updateMany({
      where: { ...where, status: "SENT" },
      data: { status: "DELIVERED" },
    });
    return;
  }
  const suppression = (reason: SuppressionReason) =>
    suppress(tx, shopId, email, {
      reason,
      provider: event.provider,
      detail: event.detail,
      deliveryId: delivery.id,
    });
  if (event.kind === "bounce") {
    await tx.delivery.update({
      where,
      data: {
        bouncedAt: delivery.bouncedAt ?? at,
        // A provider's temporary failures come while it retries; a hard bounce stays hard.
        bounceKind:
          delivery.bounceKind === "hard" ? "hard" : (event.bounce ?? "hard"),
        providerDetail: event.detail,
      },
    });
    if (event.bounce !== "soft") return suppression("HARD_BOUNCE");
    if (await softBouncedInARow(tx, delivery.contactId))
      await suppression("SOFT_BOUNCES");
    return;
  }
  await tx.delivery.update({
    where,
    data: {
      complainedAt: delivery.complainedAt ?? at,
      providerDetail: event.detail,
    },
  });
  await suppression("COMPLAINT");
  await upsertOptOut(tx, shopId, addressHash(deps.addressKey, shopId, email));
  await tx.contact.updateMany({
    where: { id: delivery.contactId, emailConsent: { not: "UNSUBSCRIBED" } },
    data: { emailConsent: "UNSUBSCRIBED", consentUpdatedAt: deps.now() },
  });
}

/** The contact's last messages that went out all bounced soft, none delivered: the address is not taking mail. */
async function softBouncedInARow(tx: Tx, contactId: string) {
  const last = await tx.delivery.findMany({
    where: { contactId, channel: "EMAIL", sentAt: { not: null } },
    orderBy: { sentAt: "desc" },
    take: SOFT_BOUNCES_TO_SUPPRESS,
    select: { bounceKind: true, deliveredAt: true },
  });
  return (
    last.length === SOFT_BOUNCES_TO_SUPPRESS &&
    last.every((d) => d.bounceKind === "soft" && !d.deliveredAt)
  );
}

/**
 * What a complaint tells outside this database, each idempotent (told again on a retried event): the scenarios hear "unsubscribed" (they exit as on a link's
 * unsubscribe), and Shopify's consent of record is set by a job.
 */
async function unsubscribeElsewhere(
  deps: EmailEventDeps,
  shopId: string,
  event: ProviderEvent,
  contact: Bound["contact"],
) {
  await deps.events.storefront(
    shopId,
    "storefront",
    `complaint:${event.provider}:${event.eventId}`,
    {
      type: "unsubscribed",
      occurredAt: event.occurredAt.toISOString(),
      identity: contact.email ? { email: contact.email } : {},
    },
  );
  if (contact.shopifyCustomerId)
    await deps.queue.enqueue(
      SHOPIFY_UNSUBSCRIBE_JOB,
      { shopId, contactId: contact.id, at: deps.now().toISOString() },
      {
        id: `shopify-unsubscribe:${event.provider}:${event.eventId}`,
        attempts: 8,
        backoffMs: 60_000,
      },
    );
}

/** The job: Shopify's consent of record for a contact who complained, unless they subscribed again since. */
export async function unsubscribeInShopify(
  db: Db,
  adminFor: (domain: string) => Promise<AdminGraphql | null>,
  job: { shopId: string; contactId: string; at: string },
): Promise<void> {
  const contact = await db.contact.findFirst({
    where: { id: job.contactId, shopId: job.shopId },
    select: {
      shopifyCustomerId: true,
      emailConsent: true,
      shop: { select: { domain: true, uninstalledAt: true } },
    },
  });
  if (
    !contact?.shopifyCustomerId ||
    contact.emailConsent !== "UNSUBSCRIBED" ||
    contact.shop.uninstalledAt
  )
    return;
  const graphql = await adminFor(contact.shop.domain);
  if (graphql)
    await unsubscribeCustomer(
      graphql,
      contact.shopifyCustomerId,
      new Date(job.at),
    );
}
