// One-click unsubscribe (RFC 8058) through the app proxy: every marketing email links to
// https://<shop>/apps/trigger-map/unsubscribe?d=<delivery>&a=<address hash>&l=<language>&s=<signature>,
// and a POST there (the mail provider's one click, or the page's button) suppresses at once, tells
// the scenarios, and records UNSUBSCRIBED on the Shopify customer.
//
// The signature (the app's link key, app/security/link-keys.server.ts) covers the shop, the
// delivery and the keyed hash of the address it went to; both stay true whatever happens to the
// contact. The delivery finds the person now (a merge moves deliveries to the surviving contact);
// the address hash is what is recorded as opted out (app/storefront/opt-outs.server.ts), so even
// after the customer was erased the link answers "unsubscribed" and the address stays out.
// Links sent before link keys (?c=<contact>&t=<HMAC of the API secret>) are still accepted, the
// contact followed through the merges recorded since (ContactMerge).
import { createHmac } from "node:crypto";
import type { Contact, Db } from "../db.server";
import type { EventLog } from "../events/event-log";
import { logger } from "../logger.server";
import {
  sameText,
  signLink,
  verifyLink,
  type LinkKeys,
} from "../security/link-keys.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { addressHash, recordOptOut } from "./opt-outs.server";
import { unsubscribeCustomer } from "./shopify-customers.server";

export function unsubscribeUrl(
  keys: LinkKeys,
  shop: { id: string; domain: string },
  sent: { deliveryId: string; email: string; language?: string },
): string {
  const url = new URL(
    "/apps/trigger-map/unsubscribe",
    `https://${shop.domain}`,
  );
  const address = addressHash(keys.address, shop.id, sent.email);
  url.searchParams.set("d", sent.deliveryId);
  url.searchParams.set("a", address);
  if (sent.language) url.searchParams.set("l", sent.language);
  url.searchParams.set(
    "s",
    signLink(keys, "unsubscribe", shop.id, sent.deliveryId, address),
  );
  return url.toString();
}

/** What a valid link names: a sent delivery and its address, or (a link sent before link keys) a contact. */
export type UnsubscribeLink =
  { deliveryId: string; address: string } | { contactId: string };

// Before link keys: the full HMAC of the Shopify API secret over the shop and the contact.
const legacyToken = (secret: string, shopId: string, contactId: string) =>
  createHmac("sha256", secret)
    .update(`unsubscribe:${shopId}:${contactId}`)
    .digest("base64url");

/** What the link names, or null when its signature does not match. */
export function verifiedLink(
  keys: LinkKeys,
  shopId: string,
  params: URLSearchParams,
): UnsubscribeLink | null {
  const [deliveryId, address, contactId] = [
    params.get("d") ?? "",
    params.get("a") ?? "",
    params.get("c") ?? "",
  ];
  if (deliveryId && address)
    return verifyLink(
      keys,
      params.get("s") ?? "",
      "unsubscribe",
      shopId,
      deliveryId,
      address,
    )
      ? { deliveryId, address }
      : null;
  const token = params.get("t") ?? "";
  return contactId &&
    keys.legacy.some((secret) =>
      sameText(token, legacyToken(secret, shopId, contactId)),
    )
    ? { contactId }
    : null;
}

/** The contact that holds the link's delivery, or its contact (or the one it merged into), now; null once erased. */
async function holderOf(
  db: Db,
  shopId: string,
  link: UnsubscribeLink,
): Promise<Contact | null> {
  if ("deliveryId" in link)
    return (
      (
        await db.delivery.findFirst({
          where: { id: link.deliveryId, shopId },
          select: { contact: true },
        })
      )?.contact ?? null
    );
  const contact = await db.contact.findFirst({
    where: { id: link.contactId, shopId },
  });
  if (contact) return contact;
  const merged = await db.contactMerge.findUnique({
    where: { fromId: link.contactId },
    select: { into: true },
  });
  return merged?.into.shopId === shopId ? merged.into : null;
}

/** Unsubscribes whoever the link reaches now and records the address as opted out; nothing left to find is still "unsubscribed". */
export async function unsubscribe(
  deps: {
    db: Db;
    events: EventLog;
    graphql: AdminGraphql | null;
    addressKey: Buffer;
  },
  shopId: string,
  link: UnsubscribeLink,
  now = new Date(),
): Promise<void> {
  const { db } = deps;
  const contact = await holderOf(db, shopId, link);
  // The address the email went to, and the contact's own (a merge may have kept another).
  const hashes = new Set("address" in link ? [link.address] : []);
  if (contact?.email)
    hashes.add(addressHash(deps.addressKey, shopId, contact.email));
  for (const hash of hashes) await recordOptOut(db, shopId, hash);
  if (!contact) return;
  if (contact.emailConsent !== "UNSUBSCRIBED") {
    await db.contact.update({
      where: { id: contact.id },
      data: { emailConsent: "UNSUBSCRIBED", consentUpdatedAt: now },
    });
  }
  await deps.events.storefront(
    shopId,
    "storefront",
    `unsubscribe:${contact.id}:${now.valueOf()}`,
    {
      type: "unsubscribed",
      occurredAt: now.toISOString(),
      identity: contact.email ? { email: contact.email } : {},
    },
  );
  // Shopify keeps the consent of record; the webhook it sends back changes nothing here. The app's
  // own record is made: Shopify's failure is logged, not the shopper's problem.
  if (contact.shopifyCustomerId && deps.graphql) {
    await unsubscribeCustomer(
      deps.graphql,
      contact.shopifyCustomerId,
      now,
    ).catch((error: unknown) =>
      logger.error("unsubscribe: Shopify's consent not updated", {
        shopId,
        error,
      }),
    );
  }
}
