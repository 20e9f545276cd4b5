import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopifyApi, ApiVersion, RequestedTokenType } from "@shopify/shopify-api";
import { routeShopifyTo } from "./route-shopify-fetch";
import { startShopifyDouble, type ShopifyDouble } from "./server";

const shop = "double-test.myshopify.com";
const apiKey = "test-key";
const apiSecret = "test-secret";
let double: ShopifyDouble;
let token: string;

const graphql = (query: string, variables?: unknown, accessToken = token) =>
  fetch(`${double.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Double-Shop": shop },
    body: JSON.stringify({ query, variables }),
  });

beforeAll(async () => {
  double = await startShopifyDouble({
    apiKey, apiSecret, appUrl: "http://127.0.0.1:9", scopes: ["read_orders"], apiVersion: "2026-10",
    shops: [{ domain: shop, name: "Double Test", email: "o@example.com", currencyCode: "EUR", ianaTimezone: "Europe/Berlin" }],
  });
  token = double.issueAccessToken(shop);
});
afterAll(() => double?.close());

describe("the Shopify double's Admin API", () => {
  it("rejects operations that are invalid against Shopify's Admin schema, and records them", async () => {
    const before = double.admin.invalidOperations.length;
    const unknownField = await (await graphql("{ shop { name favouriteColour } }")).json();
    expect(unknownField.errors[0].message).toMatch(/Cannot query field "favouriteColour" on type "Shop"/);
    const wrongType = await (await graphql("{ customers(first: \"ten\") { nodes { id } } }")).json();
    expect(wrongType.errors[0].message).toMatch(/Int/);
    const missingVariable = await (await graphql("query ($id: ID!) { customer(id: $id) { id } }", {})).json();
    expect(missingVariable.errors[0].message).toMatch(/\$id/);
    expect(double.admin.invalidOperations.length - before).toBe(3);
  });

  it("answers a valid query from the shop's data, with Shopify's cost extension", async () => {
    const body = await (await graphql("query { shop { name currencyCode ianaTimezone } }")).json();
    expect(body.data.shop).toEqual({ name: "Double Test", currencyCode: "EUR", ianaTimezone: "Europe/Berlin" });
    expect(body.extensions.cost.throttleStatus.maximumAvailable).toBe(2000);
  });

  it("answers 401 to an access token it did not issue", async () => {
    const response = await graphql("{ shop { name } }", {}, "shpat_forged");
    expect(response.status).toBe(401);
  });
});

describe("the Shopify double acting as Shopify", () => {
  it("signs webhooks with the raw body's HMAC and sends every Shopify header", async () => {
    let received: { headers: IncomingHttpHeaders; body: string } | undefined;
    const app = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received = { headers: req.headers, body };
        res.end();
      });
    });
    await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
    const { port } = app.address() as { port: number };
    const sent = await (await import("./webhooks")).deliverWebhook({
      url: `http://127.0.0.1:${port}/webhooks`, topic: "orders/create", shopDomain: shop,
      payload: { id: 1, note: "ünïcode" }, secret: apiSecret, apiVersion: "2026-10",
    });
    app.close();
    expect(sent.status).toBe(200);
    expect(received!.headers["x-shopify-hmac-sha256"]).toBe(
      createHmac("sha256", apiSecret).update(received!.body).digest("base64"),
    );
    for (const name of ["topic", "shop-domain", "api-version", "webhook-id", "event-id", "triggered-at"]) {
      expect(received!.headers[`x-shopify-${name}`]).toBeTruthy();
    }
  });

  const api = () =>
    shopifyApi({
      apiKey, apiSecretKey: apiSecret, apiVersion: ApiVersion.October26, hostName: "127.0.0.1:9",
      hostScheme: "http", isEmbeddedApp: true, scopes: ["read_orders"], logger: { level: 0 },
    });

  it("signs app-proxy requests the way Shopify's own library verifies them", async () => {
    const url = new URL(double.appProxyUrl("/status", { shop, loggedInCustomerId: "42", query: { extra: "1" } }));
    const query = Object.fromEntries(url.searchParams) as Record<string, string>;
    expect(url.pathname).toBe("/proxy/status");
    expect(await api().utils.validateHmac(query as never, { signator: "appProxy" })).toBe(true);
    query.signature = query.signature.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    expect(await api().utils.validateHmac(query as never, { signator: "appProxy" })).toBe(false);
  });

  it("mints session tokens that Shopify's library accepts", async () => {
    const payload = await api().session.decodeSessionToken(double.mintSessionToken(shop, { userId: "7" }));
    expect(payload.dest).toBe(`https://${shop}`);
    expect(payload.sub).toBe("7");
    await expect(api().session.decodeSessionToken(double.mintSessionToken(shop, { apiSecret: "other" }))).rejects.toThrow();
  });

  it("exchanges a session token for an access token that then queries the Admin API", async () => {
    routeShopifyTo(double.url, [shop]);
    const shopify = api();
    const { session } = await shopify.auth.tokenExchange({
      shop, sessionToken: double.mintSessionToken(shop), requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    const client = new shopify.clients.Graphql({ session });
    const response = await client.request("query { shop { name } }");
    expect(response.data).toEqual({ shop: { name: "Double Test" } });
  });
});
