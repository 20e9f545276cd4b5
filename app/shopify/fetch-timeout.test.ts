// Shopify's library never waits for ever: its fetch has a time limit, and a timed-out call says so.
import { abstractFetch } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBlackHole, type BlackHole } from "../../test/support/black-hole";
import { OUTBOUND_TIMEOUT_MS } from "../outbound/timeouts";
import { ShopifyTimeoutError, withShopifyTimeout } from "./fetch-timeout";

// The app's Shopify module, without its session storage's database (not needed here).
vi.mock("@shopify/shopify-app-session-storage-prisma", () => ({
  PrismaSessionStorage: class {},
}));

describe("Shopify calls' time limit", () => {
  let blackHole: BlackHole;
  beforeAll(async () => {
    blackHole = await startBlackHole();
  });
  afterAll(() => blackHole?.close());

  it("fails a call that gets no answer with a ShopifyTimeoutError naming the host and path", async () => {
    const url = `${blackHole.url.replace("https:", "http:")}/admin/api/2026-10/graphql.json`;
    const call = withShopifyTimeout(fetch, 300)(url, {
      method: "POST",
      body: "{}",
    });
    await expect(call).rejects.toThrow(ShopifyTimeoutError);
    await expect(call).rejects.toThrow(
      `Shopify did not answer within 0.3 s (${new URL(url).host}/admin/api/2026-10/graphql.json)`,
    );
    expect(blackHole.connections()).toBe(1);
  });

  it("keeps the caller's own abort as it is", async () => {
    const controller = new AbortController();
    controller.abort(new Error("the caller gave up"));
    await expect(
      withShopifyTimeout(fetch, 60_000)(blackHole.url, {
        signal: controller.signal,
      }),
    ).rejects.toThrow("the caller gave up");
  });

  it("is the fetch the app's Shopify library uses", async () => {
    Object.assign(process.env, {
      SHOPIFY_API_KEY: "k",
      SHOPIFY_API_SECRET: "s",
      SHOPIFY_APP_URL: "https://app.example",
      SCOPES: "read_orders",
    });
    await import("../shopify.server");
    expect((abstractFetch as { timeoutMs?: number }).timeoutMs).toBe(
      OUTBOUND_TIMEOUT_MS.shopify,
    );
  });
});
