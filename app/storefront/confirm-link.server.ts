// The confirmation link sent to an address a browser typed when it belonged to someone already:
// https://<shop>/apps/trigger-map/confirm?c=<contact>&v=<browser>&a=<tags>&x=<expiry>&t=<token>.
// Clicked, it joins that browser to the contact and confirms their consent. The token is an HMAC of
// all of it with the app's link key (as unsubscribe links are signed), so no part can be changed.
import {
  signLink,
  verifyLink,
  type LinkKeys,
} from "../security/link-keys.server";

/** Long enough to find the email the next day; short enough that an old one does little. */
export const CONFIRM_LINK_TTL_MS = 48 * 3_600_000;

export interface Confirmation {
  contactId: string;
  /** The browser that typed the address. */
  visitorId: string;
  /** A quiz answer's customer tags, applied on confirmation. */
  tags: string[];
  expiresAt: Date;
}

const parts = (shopId: string, c: Confirmation) => [
  "confirm",
  shopId,
  c.contactId,
  c.visitorId,
  c.tags.join(","),
  String(Math.floor(c.expiresAt.valueOf() / 1000)),
];

export function confirmUrl(
  keys: LinkKeys,
  shop: { id: string; domain: string },
  c: Confirmation,
): string {
  const url = new URL("/apps/trigger-map/confirm", `https://${shop.domain}`);
  url.searchParams.set("c", c.contactId);
  url.searchParams.set("v", c.visitorId);
  if (c.tags.length) url.searchParams.set("a", c.tags.join(","));
  url.searchParams.set("x", String(Math.floor(c.expiresAt.valueOf() / 1000)));
  url.searchParams.set("t", signLink(keys, ...parts(shop.id, c)));
  return url.toString();
}

/** What a link names, or null when it was changed, forged or has expired. */
export function verifyConfirmation(
  keys: LinkKeys,
  shopId: string,
  params: URLSearchParams,
  now = new Date(),
): Confirmation | null {
  const seconds = Number(params.get("x"));
  if (!Number.isSafeInteger(seconds) || seconds * 1000 < now.valueOf())
    return null;
  const c: Confirmation = {
    contactId: params.get("c") ?? "",
    visitorId: params.get("v") ?? "",
    tags: (params.get("a") ?? "").split(",").filter(Boolean),
    expiresAt: new Date(seconds * 1000),
  };
  return c.contactId &&
    c.visitorId &&
    verifyLink(keys, params.get("t") ?? "", ...parts(shopId, c))
    ? c
    : null;
}
