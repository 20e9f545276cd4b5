// What the web pixel (extensions/trigger-map-pixel) posts, and its normalized event. One schema
// validates the request (a wrong shape is a 400) and types the pixel's payload. Pure.
//
// Anyone can post to a public endpoint, so the pixel's word is taken only for what cannot be
// guessed: the browser's own id and its cart and checkout tokens. It sends no email or customer
// id; who the browser belongs to comes from Shopify's signed webhooks about those tokens.
import { z } from "zod";
import type { PageType } from "../scenarios/model";
import type { EventType, NormalizedEvent } from "./normalize";

export const PIXEL_EVENTS = {
  page_viewed: "page_viewed",
  product_viewed: "product_viewed",
  collection_viewed: "collection_viewed",
  search_submitted: "search_submitted",
  product_added_to_cart: "added_to_cart",
  cart_viewed: "cart_viewed",
  checkout_started: "checkout_started",
  checkout_completed: "checkout_completed",
} as const satisfies Record<string, EventType>;

const short = z.string().min(1).max(200);

export const PixelRequest = z.object({
  v: z.literal(1),
  shop: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "a myshopify.com domain"),
  /** Shopify's client id of the browser: the visitor id. */
  clientId: short,
  event: z.object({
    id: short,
    name: z.enum(
      Object.keys(PIXEL_EVENTS) as [
        keyof typeof PIXEL_EVENTS,
        ...(keyof typeof PIXEL_EVENTS)[],
      ],
    ),
    at: z.iso.datetime({ offset: true }),
    url: z.url().max(2000).optional(),
    cartToken: short.optional(),
    checkoutToken: short.optional(),
    productId: short.optional(),
    title: z.string().max(500).optional(),
    query: z.string().max(500).optional(),
    cartTotal: z.number().min(0).max(10_000_000).optional(),
  }),
});
export type PixelRequest = z.infer<typeof PixelRequest>;

/** Browsers' clocks drift: a time outside this window of the server's is replaced by the server's. */
const CLOCK_SKEW_MS = 10 * 60_000;

/** When a browser says something happened: its time, unless its clock is off by more than the window. */
export const browserTime = (at: Date, now: Date): Date =>
  Math.abs(at.valueOf() - now.valueOf()) > CLOCK_SKEW_MS ? now : at;

export function normalizePixelEvent(
  request: PixelRequest,
  now: Date,
): NormalizedEvent {
  const { event } = request;
  const occurredAt = browserTime(new Date(event.at), now);
  const page = {
    ...(event.url ? { url: event.url, pageType: pageTypeOf(event.url) } : {}),
    ...(event.productId ? { productId: event.productId } : {}),
    ...(event.title ? { title: event.title } : {}),
    ...(event.query ? { query: event.query } : {}),
    ...(event.cartTotal !== undefined ? { cartTotal: event.cartTotal } : {}),
  };
  return {
    type: PIXEL_EVENTS[event.name],
    occurredAt: occurredAt.toISOString(),
    identity: {
      visitorId: request.clientId,
      ...(event.cartToken ? { cartToken: cartTokenOf(event.cartToken) } : {}),
      ...(event.checkoutToken ? { checkoutToken: event.checkoutToken } : {}),
    },
    page,
  };
}

/** The storefront's page kinds from Shopify's URL conventions (locale prefixes allowed). */
export function pageTypeOf(url: string): PageType {
  const path =
    new URL(url).pathname.replace(/^\/[a-z]{2}(-[a-z]{2})?(?=\/|$)/i, "") ||
    "/";
  if (path === "/") return "home";
  if (/^\/(collections\/[^/]+\/)?products\//.test(path)) return "product";
  if (path.startsWith("/collections")) return "collection";
  if (path.startsWith("/cart")) return "cart";
  if (path.startsWith("/search")) return "search";
  if (/^\/blogs\/[^/]+\/[^/]+/.test(path)) return "article";
  if (path.startsWith("/blogs")) return "blog";
  if (path.includes("/checkouts/")) return "checkout";
  return "other";
}

/** The storefront's cart id "gid://shopify/Cart/<token>?key=..." carries the webhooks' cart token. */
export const cartTokenOf = (id: string) => id.split("/").pop()!.split("?")[0];
