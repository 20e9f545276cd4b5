// What the engine may know about a contact, read from the database at the moment it decides.
import type { Db, Prisma, Shop } from "../db.server";
import { asStrings } from "../events/identity.server";
import type { PageType } from "../scenarios/model";
import type { ContactSnapshot, ShopPolicy } from "../scenarios/engine";
import { readShopSettings, type ShopSettings } from "../shops/settings";

type Reader = Db | Prisma.TransactionClient;

/** Storefront activity this recent means on-site messages can still reach the contact. */
export const ON_SITE_MS = 30 * 60_000;
const DAY_MS = 86_400_000;
// A message that is on its way counts as received: a second scenario must not repeat it.
const RECEIVED = ["PENDING", "SENDING", "SENT", "DELIVERED", "OPENED", "CLICKED", "UNKNOWN"] as const;

export async function contactSnapshot(
  db: Reader,
  shop: Shop,
  contactId: string,
  now: Date,
  page: { pageType?: PageType } = {},
): Promise<(ContactSnapshot & { locale: string | null }) | null> {
  const contact = await db.contact.findUnique({
    where: { id: contactId },
    include: {
      _count: { select: { pushSubscriptions: true } },
      carts: { where: { status: { in: ["OPEN", "ABANDONED"] } }, orderBy: { sourceUpdatedAt: "desc" }, take: 1 },
    },
  });
  if (!contact) return null;
  const settings = readShopSettings(shop.settings);
  const [received, marketing] = await Promise.all([
    db.delivery.findMany({ where: { contactId, status: { in: [...RECEIVED] } }, select: { messageKey: true }, distinct: ["messageKey"] }),
    db.delivery.findMany({
      where: { contactId, marketing: true, sentAt: { gte: new Date(now.valueOf() - 2 * DAY_MS) } },
      select: { sentAt: true },
    }),
  ]);
  const cart = contact.carts[0];
  return {
    id: contact.id,
    locale: contact.locale,
    email: contact.email,
    emailConsent: contact.emailConsent === "SUBSCRIBED",
    pushSubscribed: contact._count.pushSubscriptions > 0,
    onSite: Boolean(contact.lastSeenAt && now.valueOf() - contact.lastSeenAt.valueOf() < ON_SITE_MS),
    timeZone: contact.timezone,
    isTest: contact.isTest || Boolean(contact.email && settings.testContacts.map((e) => e.toLowerCase()).includes(contact.email)),
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
    },
  };
}

export function shopPolicy(shop: Shop, settings: ShopSettings = readShopSettings(shop.settings)): ShopPolicy {
  return { dailyCap: settings.dailyMessageCap, quietHours: settings.quietHours, timeZone: shop.ianaTimezone };
}

/** The contact's language if the shop writes in it, else the shop's first. */
export function languageFor(locale: string | null, settings: ShopSettings): string {
  const language = locale?.slice(0, 2).toLowerCase();
  return language && (settings.languages as string[]).includes(language) ? language : settings.languages[0];
}
