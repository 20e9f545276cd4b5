// Shopify's webhook bodies, turned into the app's one event shape. Pure: the routes validate with
// it (a body of the wrong shape is a 400) and store only what it keeps, never the raw body.
import { z } from "zod";
import type { PageType } from "../scenarios/model";
import { safeUrl } from "../security/safe-url";

export type EventType =
  | "order_placed"
  | "order_paid"
  // Shopify's refunds/create and orders/cancelled: they take revenue back (app/deliveries/attribution.server.ts).
  | "order_refunded"
  | "order_cancelled"
  // A fulfillment (fulfillments/create, fulfillments/update) by its shipment's status; any other
  // change of a fulfillment (a new tracking number, a cancellation) is fulfillment_updated.
  | "order_shipped"
  | "order_out_for_delivery"
  | "order_delivered"
  | "fulfillment_updated"
  | "checkout_started"
  | "checkout_updated"
  | "cart_updated"
  | "customer_updated"
  | "consent_updated"
  | "cart_abandoned"
  | "checkout_abandoned"
  // From the storefront (web pixel):
  | "page_viewed"
  | "product_viewed"
  | "collection_viewed"
  | "search_submitted"
  | "added_to_cart"
  | "cart_viewed"
  | "checkout_completed"
  // From the storefront runtime (app proxy):
  | "push_subscribed"
  | "email_captured"
  | "message_shown"
  | "message_clicked"
  | "message_closed"
  | "unsubscribed"
  // An address typed that belongs to someone else: the browser's own record, naming no one (see capture.server.ts).
  | "email_claimed";

/** Whatever the event tells about who it is: the keys identity stitching joins on. */
export interface Identity {
  visitorId?: string;
  customerId?: string;
  email?: string;
  cartToken?: string;
  checkoutToken?: string;
}

export type EmailConsentState =
  "UNKNOWN" | "PENDING" | "SUBSCRIBED" | "UNSUBSCRIBED";

export interface Profile {
  firstName?: string;
  lastName?: string;
  phone?: string;
  locale?: string;
  tags?: string[];
  consent?: { state: EmailConsentState; at: string | null };
  /** customers/* speak for the customer record itself: their values replace, others only fill gaps. */
  authoritative?: boolean;
}

export interface LineItem {
  productId: string | null;
  variantId: string | null;
  title: string;
  quantity: number;
  price: string | null;
}

export interface CartState {
  kind: "CART" | "CHECKOUT";
  token: string;
  cartToken?: string;
  totalPrice: string | null;
  currency: string | null;
  lineItems: LineItem[];
  recoveryUrl: string | null;
  updatedAt: string;
  /** A checkout that became an order. */
  completedAt: string | null;
}

export interface OrderFacts {
  id: string;
  name: string | null;
  /** In the shop's currency (`currency`), not the buyer's presentment currency. */
  totalPrice: string | null;
  currency: string | null;
  createdAt: string;
  /** The codes the order used, as the buyer typed them; absent on events stored before they were kept. */
  discountCodes?: string[];
}

/** A refund (refunds/create): what it takes out of the order's sales, in the shop's currency. */
export interface RefundFacts {
  id: string;
  orderId: string;
  /** A decimal string (up to three decimals): see `refundValue`. */
  amount: string;
  createdAt: string;
}

/** An order cancelled (orders/cancelled). */
export interface CancellationFacts {
  orderId: string;
  cancelledAt: string;
  reason: string | null;
}

/** A shipment of an order (Shopify's fulfillment). */
export interface FulfillmentFacts {
  id: string;
  orderId: string;
  /** Shopify's "#1001.1": the order's name and the shipment's number. */
  name: string | null;
  /** pending, open, success, cancelled, error, failure. */
  status: string;
  /** The carrier's word: label_printed, in_transit, out_for_delivery, delivered...; null before any. */
  shipmentStatus: string | null;
  /** The carrier's tracking page, when the fulfillment has one that is a safe link. */
  trackingUrl: string | null;
  /** The shipped products, in the fulfillment's order (the review request links the first). */
  productIds: string[];
}

export interface PageFacts {
  url?: string;
  pageType?: PageType;
  productId?: string;
  title?: string;
  query?: string;
  cartTotal?: number;
}

export interface NormalizedEvent {
  type: EventType;
  occurredAt: string;
  identity: Identity;
  profile?: Profile;
  cart?: CartState;
  order?: OrderFacts;
  refund?: RefundFacts;
  cancellation?: CancellationFacts;
  fulfillment?: FulfillmentFacts;
  page?: PageFacts;
  /** An on-site message of a storefront rule ("<scenario id>:<step id>") and what the shopper did. */
  onSite?: {
    rule: string;
    action: "shown" | "clicked" | "closed" | "captured";
  };
}

export type Normalized =
  { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

const id = z.union([z.number(), z.string().min(1)]).transform(String);
const text = z
  .string()
  .nullish()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const email = z
  .string()
  .nullish()
  .transform((v) => normalizeEmail(v));
const money = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));
const instant = z
  .string()
  .refine((v) => storableDate(v) !== null, "not a date")
  .transform((v) => storableDate(v)!.toISOString());

// JavaScript reads "11720" as the year 11720; the databases' timestamps end at 9999.
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const EARLIEST = Date.UTC(1000, 0, 1);

/** The instant a text names, if the databases can store it (years 1000 to 9999); else null. */
export function storableDate(text: string | null | undefined): Date | null {
  const at = text ? Date.parse(text) : NaN;
  return at >= EARLIEST && at <= LATEST ? new Date(at) : null;
}

export function normalizeEmail(
  value: string | null | undefined,
): string | undefined {
  const trimmed = value?.trim().toLowerCase();
  return trimmed && trimmed.includes("@") ? trimmed : undefined;
}

const Consent = z.object({
  state: z.string(),
  consent_updated_at: z.string().nullish(),
});

function consentOf(
  consent: z.infer<typeof Consent> | null | undefined,
): Profile["consent"] {
  if (!consent) return undefined;
  const state: EmailConsentState =
    consent.state === "subscribed"
      ? "SUBSCRIBED"
      : consent.state === "pending"
        ? "PENDING"
        : consent.state === "unsubscribed" ||
            consent.state === "not_subscribed" ||
            consent.state === "redacted" ||
            consent.state === "invalid"
          ? "UNSUBSCRIBED"
          : "UNKNOWN";
  return {
    state,
    at: storableDate(consent.consent_updated_at)?.toISOString() ?? null,
  };
}

const Customer = z.object({
  id,
  email,
  first_name: text,
  last_name: text,
  phone: text,
  locale: text,
  tags: z.string().nullish(),
  email_marketing_consent: Consent.nullish(),
});

const LineItems = z
  .array(
    z.object({
      product_id: id.nullish(),
      variant_id: id.nullish(),
      title: z.string().nullish(),
      quantity: z.number().int().nonnegative(),
      price: money,
    }),
  )
  .max(1000)
  .default([])
  .transform((items): LineItem[] =>
    items.map((i) => ({
      productId: i.product_id ?? null,
      variantId: i.variant_id ?? null,
      title: i.title ?? "",
      quantity: i.quantity,
      price: i.price,
    })),
  );

const Order = z.object({
  id,
  name: text,
  email,
  contact_email: email,
  customer: Customer.nullish(),
  cart_token: text,
  checkout_token: text,
  total_price: money,
  currency: text,
  discount_codes: z
    .array(z.object({ code: z.string() }))
    .max(100)
    .nullish(),
  customer_locale: text,
  created_at: instant,
  updated_at: instant.nullish(),
});

// Amounts in the shop's currency: the `_set`'s shop money, else the plain field (which older
// payloads carry alone, in the shop's currency too).
const MoneySet = z
  .object({ shop_money: z.object({ amount: money }).nullish() })
  .nullish();
const shopMoney = (
  set: z.infer<typeof MoneySet>,
  plain: string | null | undefined,
): string | null => set?.shop_money?.amount ?? plain ?? null;

const Refund = z.object({
  id,
  order_id: id,
  created_at: instant,
  refund_line_items: z
    .array(
      z.object({
        subtotal: money,
        subtotal_set: MoneySet,
        total_tax: money,
        total_tax_set: MoneySet,
      }),
    )
    .max(1000)
    .nullish(),
  refund_shipping_lines: z
    .array(
      z.object({
        subtotal_amount_set: MoneySet,
        tax_amount_set: MoneySet,
      }),
    )
    .max(100)
    .nullish(),
  order_adjustments: z
    .array(
      z.object({
        kind: z.string().nullish(),
        amount: money,
        amount_set: MoneySet,
        tax_amount: money,
        tax_amount_set: MoneySet,
      }),
    )
    .max(100)
    .nullish(),
});

const Cancelled = Order.extend({
  cancelled_at: instant,
  cancel_reason: text,
});

const Checkout = z.object({
  token: z.string().min(1),
  cart_token: text,
  email,
  phone: text,
  customer: Customer.nullish(),
  customer_locale: text,
  total_price: money,
  currency: text,
  presentment_currency: text,
  line_items: LineItems,
  abandoned_checkout_url: text,
  created_at: instant,
  updated_at: instant,
  completed_at: instant.nullish(),
});

const CartBody = z.object({
  token: z.string().min(1),
  line_items: LineItems,
  total_price: money.optional(),
  currency: text,
  created_at: instant,
  updated_at: instant,
});

const Fulfillment = z.object({
  id,
  order_id: id,
  name: text,
  status: z.string().min(1),
  shipment_status: text,
  email,
  tracking_url: text,
  tracking_urls: z.array(z.string()).max(100).nullish(),
  line_items: z
    .array(z.object({ product_id: id.nullish() }))
    .max(1000)
    .default([]),
  created_at: instant,
  updated_at: instant.nullish(),
});

/** What a fulfillment webhook tells the scenarios: a shipment left, is out for delivery, arrived. */
function fulfillmentEventType(
  created: boolean,
  f: z.infer<typeof Fulfillment>,
): EventType {
  if (
    f.status === "cancelled" ||
    f.status === "error" ||
    f.status === "failure"
  )
    return "fulfillment_updated";
  if (f.shipment_status === "delivered") return "order_delivered";
  if (f.shipment_status === "out_for_delivery") return "order_out_for_delivery";
  return created ? "order_shipped" : "fulfillment_updated";
}

const ConsentUpdate = z.object({
  customer_id: id,
  email_address: email,
  email_marketing_consent: Consent,
});

function profileOf(
  customer: z.infer<typeof Customer> | null | undefined,
  extra: { locale?: string; phone?: string } = {},
): Profile {
  return {
    firstName: customer?.first_name,
    lastName: customer?.last_name,
    phone: customer?.phone ?? extra.phone,
    locale: customer?.locale ?? extra.locale,
    consent: consentOf(customer?.email_marketing_consent),
  };
}

const reasonOf = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
    .join("; ");

/**
 * `topic` as Shopify's library names it (ORDERS_CREATE) or as the header says it (orders/create);
 * `triggeredAt` dates what the body does not.
 */
export function normalizeWebhook(
  topic: string,
  payload: unknown,
  triggeredAt: Date,
): Normalized {
  const key = topic.toUpperCase().replace("/", "_");
  const parse = <T extends z.ZodType>(
    schema: T,
  ): z.infer<T> | { error: string } => {
    const result = schema.safeParse(payload);
    return result.success ? result.data : { error: reasonOf(result.error) };
  };
  switch (key) {
    case "ORDERS_CREATE":
    case "ORDERS_PAID": {
      const o = parse(Order);
      if ("error" in o) return { ok: false, reason: o.error };
      return {
        ok: true,
        event: {
          type: key === "ORDERS_CREATE" ? "order_placed" : "order_paid",
          occurredAt:
            key === "ORDERS_CREATE"
              ? o.created_at
              : (o.updated_at ?? o.created_at),
          identity: {
            customerId: o.customer?.id,
            email: o.email ?? o.contact_email ?? o.customer?.email,
            cartToken: o.cart_token,
            checkoutToken: o.checkout_token,
          },
          profile: profileOf(o.customer, { locale: o.customer_locale }),
          order: {
            id: o.id,
            name: o.name ?? null,
            totalPrice: o.total_price,
            currency: o.currency ?? null,
            createdAt: o.created_at,
            discountCodes: (o.discount_codes ?? [])
              .map((d) => d.code.trim())
              .filter(Boolean),
          },
        },
      };
    }
    case "ORDERS_CANCELLED": {
      const o = parse(Cancelled);
      if ("error" in o) return { ok: false, reason: o.error };
      return {
        ok: true,
        event: {
          type: "order_cancelled",
          occurredAt: o.cancelled_at,
          identity: {
            customerId: o.customer?.id,
            email: o.email ?? o.contact_email ?? o.customer?.email,
          },
          // No `order`: a cancellation is no new order (nothing to credit, settle or count).
          cancellation: {
            orderId: o.id,
            cancelledAt: o.cancelled_at,
            reason: o.cancel_reason ?? null,
          },
        },
      };
    }
    case "REFUNDS_CREATE": {
      const r = parse(Refund);
      if ("error" in r) return { ok: false, reason: r.error };
      const amount = refundValue(r);
      if (amount === null)
        return { ok: false, reason: "an amount is not a number" };
      return {
        ok: true,
        event: {
          type: "order_refunded",
          occurredAt: r.created_at,
          // A refund names only its order: it reaches the order's conversion, not a contact.
          identity: {},
          refund: {
            id: r.id,
            orderId: r.order_id,
            amount,
            createdAt: r.created_at,
          },
        },
      };
    }
    case "FULFILLMENTS_CREATE":
    case "FULFILLMENTS_UPDATE": {
      const f = parse(Fulfillment);
      if ("error" in f) return { ok: false, reason: f.error };
      const trackingUrl = [f.tracking_url, ...(f.tracking_urls ?? [])].find(
        (u) => safeUrl(u) && /^https?:/i.test(u ?? ""),
      );
      return {
        ok: true,
        event: {
          type: fulfillmentEventType(key === "FULFILLMENTS_CREATE", f),
          occurredAt: f.updated_at ?? f.created_at,
          identity: { email: f.email },
          fulfillment: {
            id: f.id,
            orderId: f.order_id,
            name: f.name ?? null,
            status: f.status,
            shipmentStatus: f.shipment_status ?? null,
            trackingUrl: trackingUrl ?? null,
            productIds: f.line_items.flatMap((l) =>
              l.product_id ? [l.product_id] : [],
            ),
          },
        },
      };
    }
    case "CHECKOUTS_CREATE":
    case "CHECKOUTS_UPDATE": {
      const c = parse(Checkout);
      if ("error" in c) return { ok: false, reason: c.error };
      return {
        ok: true,
        event: {
          type:
            key === "CHECKOUTS_CREATE"
              ? "checkout_started"
              : "checkout_updated",
          occurredAt: key === "CHECKOUTS_CREATE" ? c.created_at : c.updated_at,
          identity: {
            customerId: c.customer?.id,
            email: c.email ?? c.customer?.email,
            cartToken: c.cart_token,
            checkoutToken: c.token,
          },
          profile: profileOf(c.customer, {
            locale: c.customer_locale,
            phone: c.phone,
          }),
          cart: {
            kind: "CHECKOUT",
            token: c.token,
            cartToken: c.cart_token,
            totalPrice: c.total_price,
            currency: c.presentment_currency ?? c.currency ?? null,
            lineItems: c.line_items,
            recoveryUrl: c.abandoned_checkout_url ?? null,
            updatedAt: c.updated_at,
            completedAt: c.completed_at ?? null,
          },
        },
      };
    }
    case "CARTS_CREATE":
    case "CARTS_UPDATE": {
      const c = parse(CartBody);
      if ("error" in c) return { ok: false, reason: c.error };
      return {
        ok: true,
        event: {
          type: "cart_updated",
          occurredAt: c.updated_at,
          identity: { cartToken: c.token },
          cart: {
            kind: "CART",
            token: c.token,
            totalPrice: c.total_price ?? sumLines(c.line_items),
            currency: c.currency ?? null,
            lineItems: c.line_items,
            recoveryUrl: null,
            updatedAt: c.updated_at,
            completedAt: null,
          },
        },
      };
    }
    case "CUSTOMERS_CREATE":
    case "CUSTOMERS_UPDATE": {
      const c = parse(
        Customer.extend({ updated_at: instant.nullish(), created_at: instant }),
      );
      if ("error" in c) return { ok: false, reason: c.error };
      const tags = c.tags
        ? c.tags
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean)
        : [];
      return {
        ok: true,
        event: {
          type: "customer_updated",
          occurredAt: c.updated_at ?? c.created_at,
          identity: { customerId: c.id, email: c.email },
          profile: { ...profileOf(c), tags, authoritative: true },
        },
      };
    }
    case "CUSTOMERS_EMAIL_MARKETING_CONSENT_UPDATE": {
      const c = parse(ConsentUpdate);
      if ("error" in c) return { ok: false, reason: c.error };
      const consent = consentOf(c.email_marketing_consent)!;
      return {
        ok: true,
        event: {
          type: "consent_updated",
          occurredAt: consent.at ?? triggeredAt.toISOString(),
          identity: { customerId: c.customer_id, email: c.email_address },
          profile: { consent },
        },
      };
    }
    default:
      return { ok: false, reason: `no normalizer for topic ${topic}` };
  }
}

/**
 * What a refund takes out of the order's total sales, as Shopify's sales reports count it (the value
 * of what came back, not the money moved): its lines' subtotal and tax, its shipping lines' subtotal
 * and tax, less its order adjustments (signed as Shopify signs them: a refund discrepancy is
 * positive when less money went back than the lines' value, negative for money refunded without
 * lines; a shipping refund of older payloads is negative). Shipping told twice — as shipping lines
 * and as a shipping_refund adjustment — counts once. Shop money, in thousandths (exact for every
 * currency); never below zero. Null when an amount is not a number.
 */
export function refundValue(refund: {
  refund_line_items?: Array<{
    subtotal: string | null;
    subtotal_set?: MoneySetValue;
    total_tax: string | null;
    total_tax_set?: MoneySetValue;
  }> | null;
  refund_shipping_lines?: Array<{
    subtotal_amount_set?: MoneySetValue;
    tax_amount_set?: MoneySetValue;
  }> | null;
  order_adjustments?: Array<{
    kind?: string | null;
    amount: string | null;
    amount_set?: MoneySetValue;
    tax_amount: string | null;
    tax_amount_set?: MoneySetValue;
  }> | null;
}): string | null {
  const parts: Array<[string | null, 1 | -1]> = [];
  for (const line of refund.refund_line_items ?? [])
    parts.push(
      [shopMoney(line.subtotal_set, line.subtotal), 1],
      [shopMoney(line.total_tax_set, line.total_tax), 1],
    );
  const shipping = refund.refund_shipping_lines ?? [];
  for (const line of shipping)
    parts.push(
      [shopMoney(line.subtotal_amount_set, null), 1],
      [shopMoney(line.tax_amount_set, null), 1],
    );
  for (const adjustment of refund.order_adjustments ?? []) {
    if (shipping.length && adjustment.kind === "shipping_refund") continue;
    parts.push(
      [shopMoney(adjustment.amount_set, adjustment.amount), -1],
      [shopMoney(adjustment.tax_amount_set, adjustment.tax_amount), -1],
    );
  }
  let total = 0;
  for (const [value, sign] of parts) {
    const mills = millsOf(value ?? "0");
    if (mills === null) return null;
    total += sign * mills;
  }
  return formatMills(Math.max(0, total));
}

type MoneySetValue = { shop_money?: { amount: string | null } | null } | null;

/** Far above any order, far below where thousandths stop being exact integers (2^53). */
const MAX_AMOUNT = 1e12;

/** A decimal amount in thousandths; null when it is not a number (or beyond any order's). */
export function millsOf(amount: string): number | null {
  const value = Number(amount);
  return amount.trim() !== "" && Math.abs(value) < MAX_AMOUNT
    ? Math.round(value * 1000)
    : null;
}

/** Thousandths as a decimal string: two decimals, three when the third is used. */
export function formatMills(mills: number): string {
  const text = (mills / 1000).toFixed(3);
  return text.endsWith("0") ? text.slice(0, -1) : text;
}

function sumLines(items: LineItem[]): string | null {
  if (!items.length) return "0.00";
  let cents = 0;
  for (const item of items) {
    if (item.price === null) return null;
    cents += Math.round(Number(item.price) * 100) * item.quantity;
  }
  return (cents / 100).toFixed(2);
}
