// Shopify's webhook bodies become the app's events: what each topic tells, and why a body of the
// wrong shape is refused.
import { describe, expect, it } from "vitest";
import {
  cart,
  checkout,
  consentBody,
  customerBody,
  fulfillment,
  order,
} from "../../test/support/shopify-payloads";
import {
  cancelledOrderBody,
  refundBody,
} from "../../sandbox/shopify-double/refunds";
import {
  formatMills,
  normalizeWebhook,
  refundValue,
  storableDate,
} from "./normalize";

const at = new Date("2026-11-23T10:00:00Z");
const ann = { customerId: 42, email: " Ann@Example.COM ", firstName: "Ann" };

describe("normalizeWebhook", () => {
  it("reads an order: who (customer, email, tokens) and what (id, total)", () => {
    const result = normalizeWebhook(
      "orders/create",
      order(ann, at, { checkoutToken: "co-1", cartToken: "ca-1" }),
      at,
    );
    expect(result).toMatchObject({
      ok: true,
      event: {
        type: "order_placed",
        occurredAt: at.toISOString(),
        identity: {
          customerId: "42",
          email: "ann@example.com",
          checkoutToken: "co-1",
          cartToken: "ca-1",
        },
        profile: { firstName: "Ann", locale: "en" },
        order: { totalPrice: "80.00", currency: "USD" },
      },
    });
  });

  it("keeps the discount codes an order used, trimmed, and none for an order without", () => {
    const used = normalizeWebhook(
      "orders/create",
      order(ann, at, {
        discountCodes: [" tm-abc ", "SUMMER"],
        totalPrice: "72.00",
      }),
      at,
    );
    expect(used.ok && used.event.order).toMatchObject({
      totalPrice: "72.00",
      currency: "USD",
      discountCodes: ["tm-abc", "SUMMER"],
    });
    const none = normalizeWebhook(
      "orders/paid",
      { ...order(ann, at), discount_codes: null },
      at,
    );
    expect(none.ok && none.event.order?.discountCodes).toEqual([]);
  });

  it("tells a new checkout from an update, and carries its lines and recovery link", () => {
    const created = normalizeWebhook(
      "CHECKOUTS_CREATE",
      checkout("co-1", ann, at),
      at,
    );
    const updated = normalizeWebhook(
      "CHECKOUTS_UPDATE",
      checkout("co-1", ann, at, { completedAt: at }),
      at,
    );
    expect(created.ok && created.event.type).toBe("checkout_started");
    expect(updated.ok && updated.event).toMatchObject({
      type: "checkout_updated",
      cart: {
        kind: "CHECKOUT",
        token: "co-1",
        completedAt: at.toISOString(),
        recoveryUrl: expect.stringContaining("/recover"),
      },
    });
    expect(updated.ok && updated.event.cart?.lineItems[0]).toEqual({
      productId: "7001",
      variantId: "8001",
      title: "Linen shirt",
      quantity: 1,
      price: "49.00",
    });
  });

  it("totals a cart from its lines when Shopify sends no total", () => {
    const result = normalizeWebhook("carts/update", cart("ca-1", at), at);
    expect(result.ok && result.event).toMatchObject({
      type: "cart_updated",
      identity: { cartToken: "ca-1" },
      cart: { totalPrice: "80.00" },
    });
  });

  it("maps Shopify's consent states; customers/* speak for the customer record", () => {
    const customer = normalizeWebhook(
      "customers/update",
      customerBody({ ...ann, consent: "not_subscribed" }, at),
      at,
    );
    expect(customer.ok && customer.event.profile).toMatchObject({
      authoritative: true,
      consent: { state: "UNSUBSCRIBED", at: at.toISOString() },
    });
    const consent = normalizeWebhook(
      "customers_email_marketing_consent/update",
      consentBody(ann, "subscribed", at),
      at,
    );
    expect(consent.ok && consent.event).toMatchObject({
      type: "consent_updated",
      identity: { customerId: "42" },
      profile: { consent: { state: "SUBSCRIBED" } },
    });
  });

  it("reads a fulfillment: a new one is a shipment, an update tells the carrier's status", () => {
    const o = { id: 4001, name: "#1001", email: "Ann@Example.com" };
    const created = normalizeWebhook(
      "fulfillments/create",
      fulfillment(o, at, { id: 9 }),
      at,
    );
    expect(created).toEqual({
      ok: true,
      event: {
        type: "order_shipped",
        occurredAt: at.toISOString(),
        identity: { email: "ann@example.com" },
        fulfillment: {
          id: "9",
          orderId: "4001",
          name: "#1001.1",
          status: "success",
          shipmentStatus: null,
          trackingUrl: "https://www.ups.com/WebTracking?tracknum=1Z2345",
          productIds: ["7001", "7002"],
        },
      },
    });
    const typeOf = (
      topic: string,
      extra: Parameters<typeof fulfillment>[2],
    ) => {
      const r = normalizeWebhook(topic, fulfillment(o, at, extra), at);
      return r.ok ? r.event.type : r.reason;
    };
    expect(
      typeOf("FULFILLMENTS_UPDATE", { shipmentStatus: "in_transit" }),
    ).toBe("fulfillment_updated");
    expect(
      typeOf("fulfillments/update", { shipmentStatus: "out_for_delivery" }),
    ).toBe("order_out_for_delivery");
    expect(typeOf("fulfillments/update", { shipmentStatus: "delivered" })).toBe(
      "order_delivered",
    );
    // Created already delivered (local delivery, a late import): delivered, not "on its way".
    expect(typeOf("fulfillments/create", { shipmentStatus: "delivered" })).toBe(
      "order_delivered",
    );
    expect(
      typeOf("fulfillments/update", {
        status: "cancelled",
        shipmentStatus: "delivered",
      }),
    ).toBe("fulfillment_updated");
  });

  it("keeps a fulfillment's tracking link only when it is a web address", () => {
    const r = normalizeWebhook(
      "fulfillments/create",
      fulfillment({ id: 1 }, at, { trackingUrl: "javascript:alert(1)" }),
      at,
    );
    expect(r.ok && r.event.fulfillment?.trackingUrl).toBeNull();
  });

  it("refuses a body of the wrong shape, naming the field", () => {
    expect(
      normalizeWebhook("orders/create", { id: 1, created_at: "yesterday" }, at),
    ).toEqual({ ok: false, reason: "created_at: not a date" });
    expect(
      normalizeWebhook("carts/update", { line_items: [] }, at),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("token") });
    expect(normalizeWebhook("products/update", {}, at)).toEqual({
      ok: false,
      reason: "no normalizer for topic products/update",
    });
  });
});

// Money as Shopify's REST bodies write it: a plain amount, and the same as a set in shop and
// presentment currencies (a shop in CAD selling in USD here).
const cad = (shop: string, presentment = shop) => ({
  shop_money: { amount: shop, currency_code: "CAD" },
  presentment_money: { amount: presentment, currency_code: "USD" },
});

describe("refunds and cancellations", () => {
  const refund = {
    id: 509562969,
    order_id: 450789469,
    created_at: "2026-11-24T09:30:00-05:00",
    note: "wrong size",
    refund_line_items: [
      {
        id: 104689539,
        quantity: 1,
        line_item_id: 703073504,
        subtotal: 195.66,
        subtotal_set: cad("195.66", "144.79"),
        total_tax: 3.98,
        total_tax_set: cad("3.98", "2.95"),
      },
    ],
    transactions: [
      { id: 1, kind: "refund", status: "success", amount: "144.79" },
    ],
    order_adjustments: [],
  };

  it("reads a refund: its order, when, and the value it takes out of the order's sales in the shop's money", () => {
    expect(normalizeWebhook("refunds/create", refund, at)).toEqual({
      ok: true,
      event: {
        type: "order_refunded",
        occurredAt: "2026-11-24T14:30:00.000Z",
        identity: {},
        refund: {
          id: "509562969",
          orderId: "450789469",
          // Lines' subtotal and tax, in the shop's currency (the presentment's 147.74 is not it).
          amount: "199.64",
          createdAt: "2026-11-24T14:30:00.000Z",
        },
      },
    });
  });

  it("counts shipping given back once, whether as a shipping line or as an older payload's adjustment", () => {
    const lines = {
      refund_line_items: [{ subtotal: "10.00", total_tax: "0.80" }],
    };
    expect(
      refundValue({
        ...lines,
        refund_shipping_lines: [
          {
            subtotal_amount_set: cad("5.00"),
            tax_amount_set: cad("0.40"),
          },
        ],
      }),
    ).toBe("16.20");
    expect(
      refundValue({
        ...lines,
        order_adjustments: [
          { kind: "shipping_refund", amount: "-5.00", tax_amount: "-0.40" },
        ],
      }),
    ).toBe("16.20");
    // Both told: the adjustment repeats the shipping line.
    expect(
      refundValue({
        ...lines,
        refund_shipping_lines: [
          { subtotal_amount_set: cad("5.00"), tax_amount_set: cad("0.40") },
        ],
        order_adjustments: [
          { kind: "shipping_refund", amount: "-5.00", tax_amount: "-0.40" },
        ],
      }),
    ).toBe("16.20");
  });

  it("takes a refund discrepancy as Shopify signs it: less money back than the lines' value, or money back with no lines", () => {
    expect(
      refundValue({
        refund_line_items: [{ subtotal: "100.00", total_tax: "0.00" }],
        order_adjustments: [
          {
            kind: "refund_discrepancy",
            amount: "20.00",
            tax_amount: "0.00",
          },
        ],
      }),
    ).toBe("80.00");
    expect(
      refundValue({
        refund_line_items: [],
        order_adjustments: [
          {
            kind: "refund_discrepancy",
            amount: "-5.85",
            tax_amount: "0.00",
            amount_set: cad("-5.85"),
          },
        ],
      }),
    ).toBe("5.85");
    // Nothing refunded (a restock only): nothing taken out; never a negative refund.
    expect(refundValue({ refund_line_items: [] })).toBe("0.00");
    expect(
      refundValue({
        order_adjustments: [
          { kind: "refund_discrepancy", amount: "3.00", tax_amount: "0.00" },
        ],
      }),
    ).toBe("0.00");
  });

  it("adds amounts exactly in thousandths, for currencies with three decimals", () => {
    expect(
      refundValue({
        refund_line_items: [
          { subtotal: "0.1", total_tax: "0.2" },
          { subtotal: "1.005", total_tax: "0.000" },
        ],
      }),
    ).toBe("1.305");
    expect(formatMills(300)).toBe("0.30");
  });

  it("reads the double's refunds as Shopify's: lines at their discounted price, a custom amount, shipping", () => {
    const placed = order(ann, at, { totalPrice: "72.00" });
    const value = (options: Parameters<typeof refundBody>[1]) => {
      const result = normalizeWebhook(
        "refunds/create",
        refundBody(placed, options),
        at,
      );
      return result.ok ? result.event.refund?.amount : result.reason;
    };
    expect(value({ everything: true })).toBe("72.00");
    const shirt = placed.line_items[0]!;
    // $49 less its share of the $8 discount.
    expect(value({ lines: [{ lineItemId: shirt.id, quantity: 1 }] })).toBe(
      "44.10",
    );
    expect(
      value({
        lines: [{ lineItemId: shirt.id, quantity: 1 }],
        amount: "40.00",
      }),
    ).toBe("40.00");
    expect(value({ amount: "12.50" })).toBe("12.50");
    expect(value({ shipping: "5.00", amount: "5.00" })).toBe("5.00");
  });

  it("reads a cancellation: the order, when and why, and who placed it, but no new order", () => {
    const placed = order(ann, at, { totalPrice: "72.00" });
    const later = new Date(at.valueOf() + 3_600_000);
    const result = normalizeWebhook(
      "orders/cancelled",
      cancelledOrderBody(placed, { at: later, reason: "inventory" }),
      at,
    );
    expect(result).toEqual({
      ok: true,
      event: {
        type: "order_cancelled",
        occurredAt: later.toISOString(),
        identity: { customerId: "42", email: "ann@example.com" },
        cancellation: {
          orderId: String(placed.id),
          cancelledAt: later.toISOString(),
          reason: "inventory",
        },
      },
    });
  });

  it("refuses a refund or a cancellation of the wrong shape, naming the field", () => {
    expect(
      normalizeWebhook("refunds/create", { ...refund, order_id: null }, at),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("order_id") });
    expect(
      normalizeWebhook(
        "refunds/create",
        {
          ...refund,
          refund_line_items: [{ subtotal: "ten", total_tax: "0" }],
        },
        at,
      ),
    ).toEqual({ ok: false, reason: "an amount is not a number" });
    expect(
      normalizeWebhook(
        "refunds/create",
        {
          ...refund,
          refund_line_items: [{ subtotal: "1e308", total_tax: "0" }],
        },
        at,
      ),
    ).toEqual({ ok: false, reason: "an amount is not a number" });
    expect(
      normalizeWebhook("orders/cancelled", order(ann, at), at),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining("cancelled_at"),
    });
  });
});

describe("storableDate", () => {
  it('takes the instants the databases can store and nothing else (JavaScript reads "11720" as a year)', () => {
    expect(storableDate("2026-12-02T07:00:00Z")?.toISOString()).toBe(
      "2026-12-02T07:00:00.000Z",
    );
    expect([
      storableDate("11720"),
      storableDate("yesterday"),
      storableDate(""),
      storableDate(null),
      storableDate("0999-01-01T00:00:00Z"),
    ]).toEqual([null, null, null, null, null]);
  });

  it("refuses a webhook whose time is beyond the year 9999, which would fail the database write", () => {
    const body = { ...cart("t-far", new Date()), updated_at: "11720" };
    expect(normalizeWebhook("CARTS_UPDATE", body, new Date())).toMatchObject({
      ok: false,
    });
  });
});
