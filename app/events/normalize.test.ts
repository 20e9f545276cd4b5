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
import { normalizeWebhook, storableDate } from "./normalize";

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
