// Points the app's calls to Shopify at the double. @shopify/shopify-api sends them through its
// abstract fetch to https://<shop>/admin/api/... and https://<shop>/admin/oauth/access_token:
// those go to <double>/admin/... with the shop in a header (fetch cannot set Host); a bulk
// operation's result file on Shopify's storage host goes to the double's copy. There is no
// network here, so the library's requests to any other host are refused with a clear error.
// The node adapter is imported first: it sets the abstract fetch when it loads, and ours must win.
import "@shopify/shopify-api/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { SHOP_HEADER } from "./server";
import { BULK_STORAGE_HOST, BULK_STORAGE_PREFIX } from "./bulk-operations";

// Hosts that are Shopify's: unreachable here, so refused even through the global fetch.
const SHOPIFY_HOST =
  /(^|\.)(myshopify\.com|shopify\.com|shopifycloud\.com|shopifysvc\.com|shopifycdn\.com)$/i;

/** Reroutes Shopify calls for `shopDomains` to the double; returns a function that undoes it. */
export function routeShopifyTo(
  doubleUrl: string,
  shopDomains: string[],
): () => void {
  const shops = new Set(shopDomains.map((domain) => domain.toLowerCase()));
  const nativeFetch = globalThis.fetch;

  const reroute =
    (refuse: (url: URL) => boolean): typeof fetch =>
    async (input, init) => {
      const url = new URL(
        typeof input === "string"
          ? input
          : input instanceof URL
            ? input.href
            : input.url,
      );
      if (url.protocol === "https:" && shops.has(url.hostname.toLowerCase())) {
        const request = new Request(input, init);
        const headers = new Headers(request.headers);
        headers.set(SHOP_HEADER, url.hostname.toLowerCase());
        const body = request.body ? await request.arrayBuffer() : undefined;
        return nativeFetch(`${doubleUrl}${url.pathname}${url.search}`, {
          method: request.method,
          headers,
          body,
          redirect: "manual",
          signal: request.signal,
        });
      }
      // Bulk operations' results, on Shopify's storage host: the double serves them.
      if (
        url.protocol === "https:" &&
        url.hostname === BULK_STORAGE_HOST &&
        url.pathname.startsWith(BULK_STORAGE_PREFIX)
      ) {
        return nativeFetch(`${doubleUrl}${url.pathname}${url.search}`, {
          signal: new Request(input, init).signal,
        });
      }
      if (refuse(url)) {
        throw new TypeError(
          `Shopify double: no route to ${url.origin} (offline; routed shops: ${[...shops].join(", ")})`,
        );
      }
      return nativeFetch(input, init);
    };

  // The library's own requests only ever go to Shopify: anything not rerouted is refused.
  setAbstractFetchFunc(reroute(() => true));
  // Also the global fetch: a second copy of the library (its CommonJS build) takes globalThis.fetch
  // when its adapter loads. The app's other requests (local services) pass through.
  globalThis.fetch = reroute((url) => SHOPIFY_HOST.test(url.hostname));
  return () => {
    globalThis.fetch = nativeFetch;
    setAbstractFetchFunc(nativeFetch);
  };
}

/**
 * A fetch for a process that does not route the global fetch (a test's in-process worker): bulk
 * operations' result files on Shopify's storage host come from the double; nothing else is fetched.
 */
export function bulkFileFetch(doubleUrl: string): typeof fetch {
  return async (input, init) => {
    const url = new URL(
      typeof input === "string"
        ? input
        : input instanceof URL
          ? input.href
          : input.url,
    );
    if (
      url.protocol !== "https:" ||
      url.hostname !== BULK_STORAGE_HOST ||
      !url.pathname.startsWith(BULK_STORAGE_PREFIX)
    )
      throw new TypeError(`Shopify double: no route to ${url.origin}`);
    return fetch(`${doubleUrl}${url.pathname}${url.search}`, {
      signal: init?.signal ?? null,
    });
  };
}
