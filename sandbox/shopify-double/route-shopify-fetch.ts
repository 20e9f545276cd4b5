// Points the app's calls to Shopify at the double: requests to https://<demo shop>/... (Admin
// API, token exchange) go to the double instead, tagged with the shop. Other URLs pass through.
import "@shopify/shopify-api/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { SHOP_HEADER } from "./server";

export function routeShopifyTo(doubleUrl: string, shopDomains: string[]): void {
  const shops = new Set(shopDomains);
  const nativeFetch = globalThis.fetch;
  const routed: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!shops.has(url.hostname)) return nativeFetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set(SHOP_HEADER, url.hostname);
    return nativeFetch(`${doubleUrl}${url.pathname}${url.search}`, { ...init, headers });
  };
  // Both: the Shopify library keeps the fetch it was given when its adapter loaded, and a second
  // instance of it (another module format) would take globalThis.fetch when it loads.
  globalThis.fetch = routed;
  setAbstractFetchFunc(routed);
}
