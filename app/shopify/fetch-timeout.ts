// Every request Shopify's library makes (Admin API, token exchange and refresh) gets a time limit:
// a Shopify that does not answer fails the call (a job retries it) instead of holding a worker.
// `app/shopify.server.ts` wraps the library's fetch with it.
import { OUTBOUND_TIMEOUT_MS, seconds } from "../outbound/timeouts";

export class ShopifyTimeoutError extends Error {
  override name = "ShopifyTimeoutError";
}

/** `fetch` with a time limit: past it, a ShopifyTimeoutError naming the host and path. */
export function withShopifyTimeout(
  inner: typeof fetch,
  timeoutMs: number = OUTBOUND_TIMEOUT_MS.shopify,
): typeof fetch & { timeoutMs: number } {
  const limited: typeof fetch = async (input, init) => {
    const limit = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, limit]) : limit;
    try {
      return await inner(input, { ...init, signal });
    } catch (error) {
      if (!limit.aborted) throw error;
      const url = new URL(
        typeof input === "string"
          ? input
          : input instanceof URL
            ? input.href
            : input.url,
      );
      throw new ShopifyTimeoutError(
        `Shopify did not answer within ${seconds(timeoutMs)} (${url.host}${url.pathname})`,
      );
    }
  };
  return Object.assign(limited, { timeoutMs });
}
