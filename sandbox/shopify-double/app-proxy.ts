// App proxy requests as Shopify forwards them from https://<shop>/apps/trigger-map/* to the app's
// <appUrl>/proxy/*, with signed parameters (shopify.app.toml: [app_proxy] prefix "apps",
// subpath "trigger-map", url "/proxy").
import { createHmac } from "node:crypto";

export const APP_PROXY_PREFIX = "/apps/trigger-map";
export const APP_PROXY_TARGET = "/proxy";

/**
 * Shopify's app-proxy signature: drop `signature`, sort by key, render key=value (several values
 * joined by ","), concatenate with no separator, HMAC-SHA256 with the app secret, hex.
 * Orderings differ only at the edges: Shopify's Ruby example sorts the "key=value" strings, and
 * Shopify's JS library sorts keys with localeCompare (uppercase after lowercase). They agree for
 * lowercase keys where none is another key plus digits, "-" or ".": keep the app's own parameters so.
 */
export function signAppProxyQuery(
  params: URLSearchParams,
  secret: string,
): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const message = [...values.keys()]
    .sort()
    .map((key) => `${key}=${values.get(key)!.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface AppProxyRequest {
  shop: string;
  secret: string;
  /** Shopify sends an empty value when no customer is logged in. */
  loggedInCustomerId?: string;
  timestamp?: Date;
  /** The storefront request's own query; Shopify's parameters replace same-named ones. */
  query?: URLSearchParams | Record<string, string | string[]>;
}

/** The URL the app receives for `<appUrl>/proxy<path>`, with Shopify's signed parameters. */
export function appProxyUrl(
  appUrl: string,
  path: string,
  request: AppProxyRequest,
): string {
  const url = new URL(`${APP_PROXY_TARGET}${path}`, appUrl);
  const query =
    request.query instanceof URLSearchParams
      ? [...request.query]
      : Object.entries(request.query ?? {});
  for (const [key, value] of query) {
    for (const one of Array.isArray(value) ? value : [value])
      url.searchParams.append(key, one);
  }
  url.searchParams.set("shop", request.shop);
  url.searchParams.set(
    "logged_in_customer_id",
    request.loggedInCustomerId ?? "",
  );
  url.searchParams.set("path_prefix", APP_PROXY_PREFIX);
  url.searchParams.set(
    "timestamp",
    String(Math.floor((request.timestamp ?? new Date()).valueOf() / 1000)),
  );
  url.searchParams.set(
    "signature",
    signAppProxyQuery(url.searchParams, request.secret),
  );
  return url.toString();
}
