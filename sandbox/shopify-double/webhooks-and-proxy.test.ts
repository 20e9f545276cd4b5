import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAppProxyQuery } from "./app-proxy";
import { SHOP_HEADER, startShopifyDouble, type ShopifyDouble } from "./server";
import { signWebhookBody } from "./webhooks";
import {
  API_KEY,
  API_SECRET,
  SCOPES,
  SHOP,
  recordingApp,
  shopifyLibrary,
} from "./test-support";

let double: ShopifyDouble;
let app: Awaited<ReturnType<typeof recordingApp>>;

beforeAll(async () => {
  app = await recordingApp((req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain", "Set-Cookie": "app=1" });
    res.end(`app saw ${req.method} ${new URL(req.url, "http://x").pathname}`);
  });
  double = await startShopifyDouble({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: app.url,
    scopes: SCOPES,
    apiVersion: "2026-10",
    shops: [SHOP],
  });
});
afterAll(async () => {
  await double?.close();
  await app?.close();
});

const lastReceived = () => app.received.at(-1)!;
const order = {
  path: "/webhooks/orders",
  topic: "orders/create",
  shopDomain: SHOP.domain,
  payload: { id: 1, note: "ünïcode €" },
};

describe("webhook deliveries", () => {
  it("carry the exact raw body, its base64 HMAC and every Shopify header; Shopify's library accepts them", async () => {
    const triggeredAt = new Date("2026-11-01T10:00:00.000Z");
    const sent = await double.deliverWebhook({ ...order, triggeredAt });
    expect(sent.status).toBe(200);
    const { headers, body, request } = lastReceived();
    expect(body).toBe(JSON.stringify(order.payload));
    expect(headers["x-shopify-hmac-sha256"]).toBe(
      createHmac("sha256", API_SECRET)
        .update(Buffer.from(body, "utf8"))
        .digest("base64"),
    );
    expect(headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Shopify-Captain-Hook",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": SHOP.domain,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": sent.webhookId,
      "x-shopify-event-id": sent.eventId,
      "x-shopify-triggered-at": "2026-11-01T10:00:00.000Z",
    });
    const check = await shopifyLibrary().webhooks.validate({
      rawBody: body,
      rawRequest: request,
    });
    expect(check).toMatchObject({
      valid: true,
      topic: "ORDERS_CREATE",
      domain: SHOP.domain,
      webhookId: sent.webhookId,
      eventId: sent.eventId,
    });
  });

  it("repeat as Shopify does: a duplicate shares the event id, a retry also the webhook id, body and time", async () => {
    const first = await double.deliverWebhook(order);
    const duplicate = await double.deliverDuplicate(first);
    expect(duplicate.eventId).toBe(first.eventId);
    expect(duplicate.webhookId).not.toBe(first.webhookId);
    const retry = await double.deliverRetry(first);
    const [a, , c] = app.received.slice(-3);
    expect([retry.eventId, retry.webhookId, retry.rawBody]).toEqual([
      first.eventId,
      first.webhookId,
      first.rawBody,
    ]);
    expect(c!.headers["x-shopify-triggered-at"]).toBe(
      a!.headers["x-shopify-triggered-at"],
    );
    expect(c!.headers["x-shopify-hmac-sha256"]).toBe(
      a!.headers["x-shopify-hmac-sha256"],
    );
  });

  it("can be forged (wrong secret) or stripped of headers, for tests of the app's refusals", async () => {
    await double.deliverForged(order);
    const forged = lastReceived();
    expect(forged.headers["x-shopify-hmac-sha256"]).not.toBe(
      signWebhookBody(forged.body, API_SECRET),
    );
    expect(
      await shopifyLibrary().webhooks.validate({
        rawBody: forged.body,
        rawRequest: forged.request,
      }),
    ).toMatchObject({ valid: false, reason: "invalid_hmac" });

    await double.deliverWebhook({
      ...order,
      headersOverride: { "x-shopify-topic": null },
    });
    expect(lastReceived().headers["x-shopify-topic"]).toBeUndefined();
  });
});

describe("app proxy", () => {
  it("signs exactly as Shopify: a hand-computed example", () => {
    const params = new URLSearchParams(
      "extra=b&shop=demo.myshopify.com&logged_in_customer_id=42&path_prefix=%2Fapps%2Ftrigger-map&timestamp=1700000000&extra=a&signature=old",
    );
    const message =
      "extra=b,alogged_in_customer_id=42path_prefix=/apps/trigger-mapshop=demo.myshopify.comtimestamp=1700000000";
    expect(signAppProxyQuery(params, "secret")).toBe(
      createHmac("sha256", "secret").update(message).digest("hex"),
    );
  });

  it("builds request URLs Shopify's library verifies, and rejects once tampered", async () => {
    const url = new URL(
      double.appProxyUrl("/status", {
        shop: SHOP.domain,
        loggedInCustomerId: "42",
        query: { extra: "1" },
      }),
    );
    const query = Object.fromEntries(url.searchParams);
    expect(url.pathname).toBe("/proxy/status");
    expect(query).toMatchObject({
      shop: SHOP.domain,
      logged_in_customer_id: "42",
      path_prefix: "/apps/trigger-map",
      extra: "1",
    });
    expect(
      await shopifyLibrary().utils.validateHmac(query, {
        signator: "appProxy",
      }),
    ).toBe(true);
    expect(
      await shopifyLibrary().utils.validateHmac(
        { ...query, logged_in_customer_id: "43" },
        { signator: "appProxy" },
      ),
    ).toBe(false);
  });

  it("forwards storefront requests to the app's /proxy with signed parameters, without cookies either way", async () => {
    const response = await fetch(
      `${double.storefrontProxyUrl("/subscribe")}?source=popup`,
      {
        method: "POST",
        headers: {
          [SHOP_HEADER]: SHOP.domain,
          Cookie: "shopify_double_customer_id=42; _shopify_y=abc",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ email: "ann@example.com" }),
      },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("app saw POST /proxy/subscribe");
    expect(response.headers.get("set-cookie")).toBeNull();
    const received = lastReceived();
    const query = Object.fromEntries(
      new URL(received.url, "http://x").searchParams,
    );
    expect(query).toMatchObject({
      source: "popup",
      shop: SHOP.domain,
      logged_in_customer_id: "42",
      path_prefix: "/apps/trigger-map",
    });
    expect(
      await shopifyLibrary().utils.validateHmac(query, {
        signator: "appProxy",
      }),
    ).toBe(true);
    expect(received.headers.cookie).toBeUndefined();
    expect(received.body).toBe(JSON.stringify({ email: "ann@example.com" }));

    await fetch(double.storefrontProxyUrl("/sw.js"));
    expect(
      Object.fromEntries(new URL(lastReceived().url, "http://x").searchParams),
    ).toMatchObject({ shop: SHOP.domain, logged_in_customer_id: "" });
  });
});
