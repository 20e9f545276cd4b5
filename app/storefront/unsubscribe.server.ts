// One-click unsubscribe (RFC 8058) through the app proxy: every marketing email links to
// https://<shop>/apps/trigger-map/unsubscribe?c=<contact>&t=<token>, and a POST there (the mail
// provider's one click, or the page's button) suppresses the contact at once, tells the scenarios,
// and records UNSUBSCRIBED on the Shopify customer. The token is an HMAC of the contact with the
// app's secret, so a link cannot be forged for another contact.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../db.server";
import { escapeHtml } from "../channels/email/render";
import type { EventLog } from "../events/ingest.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { unsubscribeCustomer } from "./shopify-customers.server";

export const unsubscribeToken = (secret: string, shopId: string, contactId: string) =>
  createHmac("sha256", secret).update(`unsubscribe:${shopId}:${contactId}`).digest("base64url");

export function unsubscribeUrl(secret: string, shop: { id: string; domain: string }, contactId: string): string {
  const url = new URL("/apps/trigger-map/unsubscribe", `https://${shop.domain}`);
  url.searchParams.set("c", contactId);
  url.searchParams.set("t", unsubscribeToken(secret, shop.id, contactId));
  return url.toString();
}

/** The contact a link names, or null when its token does not match. */
export function verifiedContactId(secret: string, shopId: string, params: URLSearchParams): string | null {
  const contactId = params.get("c") ?? "";
  const given = Buffer.from(params.get("t") ?? "");
  const expected = Buffer.from(unsubscribeToken(secret, shopId, contactId));
  return contactId && given.length === expected.length && timingSafeEqual(given, expected) ? contactId : null;
}

export async function unsubscribe(
  deps: { db: Db; events: EventLog; graphql: AdminGraphql | null },
  shopId: string,
  contactId: string,
  now = new Date(),
): Promise<"unsubscribed" | "unknown"> {
  const { db } = deps;
  const contact = await db.contact.findFirst({ where: { id: contactId, shopId } });
  if (!contact) return "unknown";
  if (contact.emailConsent !== "UNSUBSCRIBED") {
    await db.contact.update({ where: { id: contact.id }, data: { emailConsent: "UNSUBSCRIBED", consentUpdatedAt: now } });
  }
  await deps.events.storefront(shopId, "storefront", `unsubscribe:${contact.id}:${now.valueOf()}`, {
    type: "unsubscribed", occurredAt: now.toISOString(), identity: contact.email ? { email: contact.email } : {},
  });
  // Shopify keeps the consent of record; the webhook it sends back changes nothing here.
  if (contact.shopifyCustomerId && deps.graphql) await unsubscribeCustomer(deps.graphql, contact.shopifyCustomerId, now);
  return "unsubscribed";
}

const PAGE_TEXT = {
  confirm: { title: "Unsubscribe", body: "You will no longer receive marketing emails from this shop.", button: "Unsubscribe" },
  done: { title: "You are unsubscribed", body: "You will no longer receive marketing emails from this shop. Order emails still reach you." },
  invalid: { title: "This link does not work", body: "It may have been copied incompletely. Use the link in your latest email." },
} as const;

/** The page's HTML. Only fixed text and the link's own signed parameters go in it. */
export function unsubscribePage(state: keyof typeof PAGE_TEXT, params: URLSearchParams): string {
  const text = PAGE_TEXT[state];
  const action = `/apps/trigger-map/unsubscribe?${new URLSearchParams({ c: params.get("c") ?? "", t: params.get("t") ?? "" })}`;
  return `<div class="page-width" style="max-width:36rem;margin:3rem auto;padding:0 1rem">
  <h1>${text.title}</h1>
  <p>${text.body}</p>
  ${"button" in text ? `<form method="post" action="${escapeHtml(action)}"><button type="submit" class="button">${text.button}</button></form>` : ""}
</div>`;
}
