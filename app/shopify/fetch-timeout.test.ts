// Shopify's library never waits for ever: its fetch has a time limit, and a timed-out call says so.
import { abstractFetch } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBlackHole, type BlackHole } from "../../test/support/black-hole";
import { createTestDatabase, type TestDatabase } from "../../test/support/databases";
import { OUTBOUND_TIMEOUT_MS } from "../outbound/timeouts";
import { ShopifyTimeoutError, withShopifyTimeout } from "./fetch-timeout";

describe("Shopify calls' time limit", () => {
  let blackHole: BlackHole;
  let database: TestDatabase;
  beforeAll(async () => {
    [blackHole, database] = await Promise.all([startBlackHole(), createTestDatabase("sqlite")]);
  });
  afterAll(async () => {
    await blackHole?.close();
    await database?.drop();
  });

  it("fails a call that gets no answer with a ShopifyTimeoutError naming the host and path", async () => {
    const url = `${blackHole.url.replace("https:", "http:")}/admin/api/2026-10/graphql.json`;
    const call = withShopifyTimeout(fetch, 300)(url, { method: "POST", body: "{}" });
    await expect(call).rejects.toThrow(ShopifyTimeoutError);
    await expect(call).rejects.toThrow(`Shopify did not answer within 0.3 s (${new URL(url).host}/admin/api/2026-10/graphql.json)`);
    expect(blackHole.connections()).toBe(1);
  });

  it("keeps the caller's own abort as it is", async () => {
    const controller = new AbortController();
    controller.abort(new Error("the caller gave up"));
    await expect(withShopifyTimeout(fetch, 60_000)(blackHole.url, { signal: controller.signal })).rejects.toThrow("the caller gave up");
  });

  it("is the fetch the app's Shopify library uses", async () => {
    Object.assign(process.env, { DATABASE_URL: database.url, SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example", SCOPES: "read_orders" });
    await import("../shopify.server");
    expect((abstractFetch as { timeoutMs?: number }).timeoutMs).toBe(OUTBOUND_TIMEOUT_MS.shopify);
  });
});
