// What the engine may know when it decides, read from the database at that moment: the contact,
// the shop's policies, the language to write in.
import type { Db, Prisma, Shop } from "../db.server";
import { asStrings } from "../events/identity.server";
import type { NormalizedEvent } from "../events/normalize";
import type { PageType } from "../scenarios/model";
import {
  ON_SITE_MS,
  type ContactSnapshot,
  type DecideContext,
  type ShopPolicy,
} from "../scenarios/engine";
import { readShopSettings, type ShopSettings } from "../shops/settings";

type Reader = Db | Prisma.TransactionClient;

const DAY_MS = 86_400_000;
// A message that is on its way counts as received: a second scenario must not repeat it.
const RECEIVED = [
  "PENDING",
  "SENDING",
  "SENT",
  "DELIVERED",
  "OPENED",
  "CLICKED",
  "UNKNOWN",
] as const;

/** All of `decide`'s context but its randomness (seeded per run); null when the contact is gone. */
export async function decisionContext(
  db: Reader,
  shop: Shop,
  contactId: string,
  now: Date,
  page: { pageType?: PageType } = {},
): Promise<Omit<DecideContext, "random"> | null> {
  const settings = readShopSettings(shop.settings);
  const found = await contactSnapshot(db, shop, settings, contactId, now, page);
  if (!found) return null;
  return {
    now,
    contact: found.contact,
    shop: shopPolicy(shop, settings),
    language: languageFor(found.locale, settings),
  };
}

async function contactSnapshot(
  db: Reader,
  shop: Shop,
  settings: ShopSettings,
  contactId: string,
  now: Date,
  page: { pageType?: PageType },
): Promise<{ contact: ContactSnapshot; locale: string | null } | null> {
  const contact = await db.contact.findUnique({
    where: { id: contactId },
    include: {
      _count: { select: { pushSubscriptions: true } },
      carts: {
        where: { status: { in: ["OPEN", "ABANDONED"] } },
        orderBy: { sourceUpdatedAt: "desc" },
        take: 1,
      },
    },
  });
  if (!contact) return null;
  const [received, marketing, lastOrder, lastShipment] = await Promise.all([
    db.delivery.findMany({
      where: { contactId, status: { in: [...RECEIVED] } },
      select: { messageKey: true },
      distinct: ["messageKey"],
    }),
    db.delivery.findMany({
      where: {
        contactId,
        marketing: true,
        sentAt: { gte: new Date(now.valueOf() - 2 * DAY_MS) },
      },
      select: { sentAt: true },
    }),
    // {{order_name}} (RE1's confirmation): the contact's latest order, read only for a buyer.
    contact.lastOrderAt
      ? db.contactEvent.findFirst({
          where: { contactId, type: "order_placed" },
          orderBy: { occurredAt: "desc" },
          select: { payload: true },
        })
      : null,
    // {{tracking_url}} (the order-status messages): the latest shipment's.
    latestShipmentEvent(db, contactId),
  ]);
  const shipment = (lastShipment?.payload as NormalizedEvent | undefined)
    ?.fulfillment;
  const cart = contact.carts[0];
  const snapshot: ContactSnapshot = {
    id: contact.id,
    email: contact.email,
    emailConsent: contact.emailConsent === "SUBSCRIBED",
    pushSubscribed: contact._count.pushSubscriptions > 0,
    onSite: Boolean(
      contact.lastSeenAt &&
      now.valueOf() - contact.lastSeenAt.valueOf() < ON_SITE_MS,
    ),
    timeZone: contact.timezone,
    isTest:
      contact.isTest ||
      Boolean(
        contact.email &&
        settings.testContacts
          .map((e) => e.toLowerCase())
          .includes(contact.email),
      ),
    visitCount: contact.visitCount,
    tags: asStrings(contact.tags),
    cartTotal: cart?.totalPrice ? Number(cart.totalPrice) : null,
    pageType: page.pageType ?? null,
    lastOrderAt: contact.lastOrderAt,
    receivedMessageKeys: received.map((d) => d.messageKey),
    marketingSentAt: marketing.flatMap((d) => (d.sentAt ? [d.sentAt] : [])),
    values: {
      first_name: contact.firstName,
      last_name: contact.lastName,
      email: contact.email,
      shop_name: shop.name,
      order_name: orderName(lastOrder?.payload),
      tracking_url: shipment?.trackingUrl ?? null,
    },
  };
  return { contact: snapshot, locale: contact.locale };
}

export const SHIPMENT_EVENTS = [
  "order_shipped",
  "order_out_for_delivery",
  "order_delivered",
] as const;

/** The contact's latest shipment status event (its fulfillment's facts in the payload). */
export function latestShipmentEvent(db: Reader, contactId: string) {
  return db.contactEvent.findFirst({
    where: { contactId, type: { in: [...SHIPMENT_EVENTS] } },
    orderBy: { occurredAt: "desc" },
    select: { payload: true },
  });
}

function orderName(payload: unknown): string | null {
  const order = (payload as { order?: { name?: unknown } } | null | undefined)
    ?.order;
  return typeof order?.name === "string" && order.name ? order.name : null;
}

function shopPolicy(shop: Shop, settings: ShopSettings): ShopPolicy {
  return {
    dailyCap: settings.dailyMessageCap,
    quietHours: settings.quietHours,
    timeZone: shop.ianaTimezone,
  };
}

/** The contact's language if the shop writes in it, else the shop's first. */
function languageFor(locale: string | null, settings: ShopSettings): string {
  const language = locale?.slice(0, 2).toLowerCase();
  return language && (settings.languages as string[]).includes(language)
    ? language
    : settings.languages[0];
}
