// A review request's {{product_url}} button: the page of the product the contact's latest parcel
// carried, read from Shopify (the double) when the message goes; the home page when it cannot be.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doubleAdminGraphql } from "../../sandbox/demo";
import { DEMO_PRODUCTS } from "../../sandbox/shopify-double/demo-catalogue";
import {
  startShopifyDouble,
  type ShopifyDouble,
} from "../../sandbox/shopify-double/server";
import {
  API_KEY,
  API_SECRET,
  SHOP,
} from "../../sandbox/shopify-double/test-support";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import type { NormalizedEvent } from "../events/normalize";
import { withProductLink, type DeliveryMessage } from "./message.server";

const copy = (url: string): DeliveryMessage => ({
  title: null,
  body: "How do you like it?",
  cta: { label: "Leave a review", url },
  content: "none",
});

describe("withProductLink", () => {
  let double: ShopifyDouble;
  let t: TestDatabase;
  let contactId: string;
  const admin = async () => doubleAdminGraphql(double, SHOP.domain);

  beforeAll(async () => {
    double = await startShopifyDouble({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: "https://app.example",
      scopes: ["read_products"],
      shops: [{ ...SHOP, products: DEMO_PRODUCTS }],
    });
    t = await createTestDatabase("sqlite");
    const shop = await t.db.shop.create({
      data: { domain: SHOP.domain, settings: {} },
    });
    contactId = (
      await t.db.contact.create({ data: { shopId: shop.id, tags: [] } })
    ).id;
    const shipped = (at: string, productIds: string[]): NormalizedEvent => ({
      type: "order_shipped",
      occurredAt: at,
      identity: {},
      fulfillment: {
        id: at,
        orderId: "1",
        name: "#1001.1",
        status: "success",
        shipmentStatus: null,
        trackingUrl: null,
        productIds,
      },
    });
    for (const [at, ids] of [
      ["2026-11-20T10:00:00.000Z", ["1"]],
      ["2026-11-21T10:00:00.000Z", ["3", "1"]],
    ] as const)
      await t.db.contactEvent.create({
        data: {
          shopId: shop.id,
          contactId,
          type: "order_shipped",
          source: "webhook",
          sourceId: at,
          occurredAt: new Date(at),
          payload: shipped(at, [...ids]) as object,
        },
      });
  });
  afterAll(async () => {
    expect(double?.admin.invalidOperations).toEqual([]);
    await double?.close();
    await t?.drop();
  });

  it("links the first product of the latest parcel", async () => {
    const filled = await withProductLink(
      t.db,
      admin,
      { contactId },
      copy("{{product_url}}"),
    );
    expect(filled.cta).toEqual({
      label: "Leave a review",
      url: `/products/${DEMO_PRODUCTS[2]!.handle}`,
    });
  });

  it("links the home page without Shopify, and leaves any other link alone", async () => {
    expect(
      (
        await withProductLink(
          t.db,
          async () => null,
          { contactId },
          copy("{{product_url}}"),
        )
      ).cta?.url,
    ).toBe("/");
    expect(
      (
        await withProductLink(
          t.db,
          async () => {
            throw new Error("Shopify is down");
          },
          { contactId },
          copy("{{product_url}}"),
        )
      ).cta?.url,
    ).toBe("/");
    const review = copy("https://reviews.example/shop");
    expect(await withProductLink(t.db, admin, { contactId }, review)).toBe(
      review,
    );
  });
});
