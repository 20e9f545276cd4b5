// App proxy requests as Shopify forwards them from https://<shop>/apps/trigger-map/* to the app.
import { createHmac } from "node:crypto";

export const APP_PROXY_PREFIX = "/apps/trigger-map";

/**
 * Shopify's app-proxy signature: drop `signature`, sort by key, render key=value (several values
 * joined by ","), concatenate with no separator, HMAC-SHA256 with the app secret, hex.
 */
export function signAppProxyQuery(params: URLSearchParams, secret: string): string {
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
  loggedInCustomerId?: string;
  timestamp?: Date;
  query?: Record<string, string>;
}

/** The URL the app receives for `<appUrl>/proxy<path>`, with Shopify's signed parameters. */
export function appProxyUrl(appUrl: string, path: string, request: AppProxyRequest): string {
  const url = new URL(`/proxy${path}`, appUrl);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.append(key, value);
  url.searchParams.set("shop", request.shop);
  url.searchParams.set("logged_in_customer_id", request.loggedInCustomerId ?? "");
  url.searchParams.set("path_prefix", APP_PROXY_PREFIX);
  url.searchParams.set("timestamp", String(Math.floor((request.timestamp ?? new Date()).valueOf() / 1000)));
  url.searchParams.set("signature", signAppProxyQuery(url.searchParams, request.secret));
  return url.toString();
}
