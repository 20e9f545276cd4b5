// Refunds and cancellations of an order, as Shopify's refunds/create and orders/cancelled webhooks
// carry them (REST JSON of the 2026-10 API). The double keeps no orders: it is handed the order's
// body as orders/create sent it, and answers with what Shopify would send about it.
import { randomInt } from "node:crypto";

/** The fields of an orders/* body a refund or a cancellation reads. */
export interface OrderBody {
  id: number | string;
  currency?: string | null;
  total_price: string;
  subtotal_price?: string | null;
  total_tax?: string | null;
  line_items: Array<{
    id: number | string;
    price: string | null;
    quantity: number;
  }>;
  [field: string]: unknown;
}

export interface RefundOptions {
  /** The lines given back, by Shopify's line item id, and how many of each (default: none). */
  lines?: Array<{ lineItemId: number | string; quantity: number }>;
  /** Every line, every unit. */
  everything?: boolean;
  /** Shipping given back, before tax (a refund shipping line). */
  shipping?: string;
  /**
   * The money refunded, when it differs from the value of what came back: Shopify records the
   * difference as a refund discrepancy (positive when less went back; an amount with no lines is
   * an appeasement, a negative discrepancy).
   */
  amount?: string;
  at?: Date;
  /** Shopify's refund id (default: a new one). */
  id?: number;
}

const cents = (amount: string | number | null | undefined) =>
  Math.round(Number(amount ?? 0) * 100);
const money = (c: number) => (c / 100).toFixed(2);
const set = (c: number, currency: string) => ({
  shop_money: { amount: money(c), currency_code: currency },
  presentment_money: { amount: money(c), currency_code: currency },
});

/**
 * A refunds/create body. Lines are refunded at their price less their share of the order's
 * discounts (Shopify allocates discounts to lines; the double spreads them by the lines' value),
 * with no tax (the demo orders carry none).
 */
export function refundBody(order: OrderBody, options: RefundOptions = {}) {
  const currency = order.currency ?? "USD";
  const at = options.at ?? new Date();
  const refundId = options.id ?? randomInt(1, 2 ** 47);
  const gross = order.line_items.reduce(
    (total, l) => total + cents(l.price) * l.quantity,
    0,
  );
  const discounted =
    order.subtotal_price != null
      ? cents(order.subtotal_price)
      : cents(order.total_price) - cents(order.total_tax);
  const wanted = options.everything
    ? order.line_items.map((l) => ({ lineItemId: l.id, quantity: l.quantity }))
    : (options.lines ?? []);
  const lines = wanted.map((w, i) => {
    const line = order.line_items.find(
      (l) => String(l.id) === String(w.lineItemId),
    );
    if (!line) throw new Error(`order ${order.id} has no line ${w.lineItemId}`);
    const value = cents(line.price) * w.quantity;
    const subtotal = gross ? Math.round((value * discounted) / gross) : 0;
    return {
      id: refundId * 10 + i,
      line_item_id: line.id,
      quantity: w.quantity,
      restock_type: "no_restock",
      location_id: null,
      subtotal: subtotal / 100,
      subtotal_set: set(subtotal, currency),
      total_tax: 0,
      total_tax_set: set(0, currency),
      line_item: line,
    };
  });
  // A full refund gives back exactly what was paid for the lines, whatever the rounding above.
  if (options.everything && lines.length) {
    const spread = lines.reduce((t, l) => t + cents(l.subtotal), 0);
    const last = lines[lines.length - 1]!;
    const fixed = cents(last.subtotal) + discounted - spread;
    last.subtotal = fixed / 100;
    last.subtotal_set = set(fixed, currency);
  }
  const shipping = cents(options.shipping);
  const value = lines.reduce((t, l) => t + cents(l.subtotal), 0) + shipping;
  const refunded = options.amount === undefined ? value : cents(options.amount);
  const discrepancy = value - refunded;
  return {
    id: refundId,
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: order.id,
    created_at: at.toISOString(),
    processed_at: at.toISOString(),
    note: null,
    user_id: null,
    restock: false,
    duties: [],
    total_duties_set: set(0, currency),
    return: null,
    refund_line_items: lines,
    refund_shipping_lines: shipping
      ? [
          {
            id: refundId * 10 + 9,
            shipping_line_id: null,
            subtotal_amount_set: set(shipping, currency),
            tax_amount_set: set(0, currency),
          },
        ]
      : [],
    transactions: refunded
      ? [
          {
            id: refundId + 1,
            order_id: order.id,
            kind: "refund",
            gateway: "bogus",
            status: "success",
            amount: money(refunded),
            currency,
            created_at: at.toISOString(),
            parent_id: null,
            test: false,
          },
        ]
      : [],
    order_adjustments: discrepancy
      ? [
          {
            id: refundId + 2,
            order_id: order.id,
            refund_id: refundId,
            amount: money(discrepancy),
            tax_amount: "0.00",
            kind: "refund_discrepancy",
            reason: "Refund discrepancy",
            amount_set: set(discrepancy, currency),
            tax_amount_set: set(0, currency),
          },
        ]
      : [],
  };
}

export type CancelReason =
  "customer" | "fraud" | "inventory" | "declined" | "staff" | "other";

/** An orders/cancelled body: the order as it now stands. */
export function cancelledOrderBody(
  order: OrderBody,
  options: { at?: Date; reason?: CancelReason; refunded?: boolean } = {},
) {
  const at = (options.at ?? new Date()).toISOString();
  return {
    ...order,
    cancelled_at: at,
    cancel_reason: options.reason ?? "customer",
    updated_at: at,
    financial_status: options.refunded ? "refunded" : "voided",
  };
}
