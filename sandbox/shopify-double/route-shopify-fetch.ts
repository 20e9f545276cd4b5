// Points @shopify/shopify-api at the double: its requests to https://<shop>/... (Admin API, token
// exchange) go to the double instead, tagged with the shop. Any other outside URL is refused,
// since the sandbox has no network.
import "@shopify/shopify-api/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { SHOP_HEADER } from "./server";

export function routeShopifyTo(doubleUrl: string, shopDomains: string[]): void {
  const shops = new Set(shopDomains);
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!shops.has(url.hostname)) {
      throw new Error(`Sandbox: no network; refused a request to ${url.origin}`);
    }
    const headers = new Headers(init?.headers);
    headers.set(SHOP_HEADER, url.hostname);
    return fetch(`${doubleUrl}${url.pathname}${url.search}`, { ...init, headers });
  });
}
