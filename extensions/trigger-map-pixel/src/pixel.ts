// What the pixel sends: one small JSON body per standard event, posted with keepalive so a page
// unload does not cut it off. The app validates the same shape (app/events/pixel.ts).
import type { ExtensionApi } from "@shopify/web-pixels-extension";

export const TRACKED = [
  "page_viewed",
  "product_viewed",
  "collection_viewed",
  "search_submitted",
  "product_added_to_cart",
  "cart_viewed",
  "checkout_started",
  "checkout_completed",
] as const;
type Tracked = (typeof TRACKED)[number];

export interface PixelEvent {
  id: string;
  name: Tracked;
  at: string;
  url?: string;
  cartToken?: string;
  checkoutToken?: string;
  productId?: string;
  title?: string;
  query?: string;
  cartTotal?: number;
}

export interface PixelBody {
  v: 1;
  shop: string;
  clientId: string;
  event: PixelEvent;
}

export type Send = (url: string, body: string) => void;

// text/plain keeps the request "simple": no CORS preflight for each event.
const post: Send = (url, body) => {
  void fetch(url, {
    method: "POST",
    body,
    keepalive: true,
    headers: { "Content-Type": "text/plain" },
  }).catch(() => {});
};

type Api = Pick<ExtensionApi, "analytics" | "init" | "settings"> &
  Partial<Pick<ExtensionApi, "browser">>;

/**
 * Set on the shop's domain when a checkout completes: the theme's runtime, on the shopper's next
 * page of the store, shows the order's on-site messages (a thank-you) with no request to the app.
 */
export const ORDERED_COOKIE = "trigger_map_ordered";

/**
 * Set when a checkout starts (on Shopify's checkout, where the theme's runtime does not run): a
 * scenario may queue on-site help for this shopper (SA4), which the runtime asks for on the next
 * page of the store, as it does after the shopper acted on a message.
 */
export const PENDING_COOKIE = "trigger_map_pending";

/** Subscribes to the tracked events and posts each to the app. */
export function trackEvents(api: Api, send: Send = post): void {
  const url =
    typeof api.settings.ingestUrl === "string" ? api.settings.ingestUrl : "";
  if (!url) return;
  const shop = api.init.data.shop.myshopifyDomain;
  const cartToken = api.init.data.cart?.id ?? undefined;
  for (const name of TRACKED) {
    api.analytics.subscribe(name, (event) => {
      const body: PixelBody = {
        v: 1,
        shop,
        clientId: event.clientId,
        event: compact({
          id: event.id,
          name,
          at: event.timestamp,
          url: event.context?.document?.location?.href,
          cartToken,
          ...compact(details(name, event.data)),
        }),
      };
      send(url, JSON.stringify(body));
      if (name === "checkout_completed")
        void api.browser?.cookie
          .set(`${ORDERED_COOKIE}=1; path=/; max-age=86400; samesite=lax`)
          .catch(() => {});
      if (name === "checkout_started")
        void api.browser?.cookie
          .set(`${PENDING_COOKIE}=1; path=/; max-age=1800; samesite=lax`)
          .catch(() => {});
    });
  }
}

type Details = Partial<Omit<PixelEvent, "id" | "name" | "at" | "url">>;

/**
 * The few facts of each event the app uses; nothing else leaves the browser. No email or customer
 * id: the app could not tell them from a forgery, and learns both from Shopify's webhooks.
 */
function details(name: Tracked, data: unknown): Details {
  const d = (data ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each event's data has its own shape
  switch (name) {
    case "product_viewed":
      return {
        productId: d.productVariant?.product?.id,
        title: d.productVariant?.product?.title,
      };
    case "product_added_to_cart":
      return {
        productId: d.cartLine?.merchandise?.product?.id,
        title: d.cartLine?.merchandise?.product?.title,
      };
    case "collection_viewed":
      return { title: d.collection?.title };
    case "search_submitted":
      return { query: d.searchResult?.query };
    case "cart_viewed":
      return {
        cartToken: d.cart?.id,
        cartTotal: amount(d.cart?.cost?.totalAmount?.amount),
      };
    case "checkout_started":
    case "checkout_completed":
      return {
        checkoutToken: d.checkout?.token,
        cartTotal: amount(d.checkout?.totalPrice?.amount),
      };
    default:
      return {};
  }
}

const amount = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => v !== undefined && v !== null && v !== "",
    ),
  ) as T;
}
