// Requests through the app proxy (https://<shop>/apps/trigger-map/* → /proxy/*): Shopify signs
// them (a bad signature is a 401), names the shop and, when a customer is logged in, who it is.
// Bodies are validated and each visitor and each shopper's address is rate-limited.
import { installedShops } from "../events/event-log.server";
import { withBodyLimit } from "../http/body-limit.server";
import { parseJsonBody } from "../http/json-body";
import { createRateLimiter } from "../http/rate-limit";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { authenticate } from "../shopify.server";
import type { z } from "zod";

const BODY_LIMIT = 8 * 1024;
// Storefront calls are rare per shopper (a report, a form): anything faster is a script.
const perVisitor = createRateLimiter({ burst: 10, perSecond: 0.5 });
// Shoppers behind one address (an office, a mobile carrier) share its allowance.
const perAddress = createRateLimiter({ burst: 60, perSecond: 2 });

export interface ProxyContext {
  shop: { id: string; domain: string };
  /** Signed by Shopify: safe to link to the customer. */
  loggedInCustomerId: string | null;
  /** The Admin API with the shop's offline session; null before the app is installed. */
  graphql: AdminGraphql | null;
  /** The shopper's address as Shopify's proxy saw it. */
  address: string;
}

/**
 * `clientIp` is the address the web server believes (Express's req.ip with TRUST_PROXY): for a
 * proxied request that is Shopify's. Shopify appends the shopper's address to X-Forwarded-For, so
 * the shopper is the entry just before Shopify's, or the last one when no proxy of ours added one.
 */
export function shopperAddress(
  forwardedFor: string | null,
  clientIp: string | undefined,
): string {
  const list = (forwardedFor ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const shopify = clientIp ? list.lastIndexOf(clientIp) : -1;
  return (
    (shopify > 0 ? list[shopify - 1] : list.at(-1)) ?? clientIp ?? "unknown"
  );
}

const MYSHOPIFY_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export async function authenticateProxy(
  request: Request,
  clientIp?: string,
): Promise<ProxyContext> {
  const url = new URL(request.url);
  const domain = url.searchParams.get("shop") ?? "";
  // Shopify's library throws a plain error (a 500) for a shop that is not a myshopify.com domain,
  // even under a valid signature: refuse it first.
  if (!MYSHOPIFY_DOMAIN.test(domain))
    throw text(400, "shop: expected a myshopify.com domain");
  // Shopify's library answers a missing or wrong signature with a bare 400; a wrong HMAC is a 401 here, as for webhooks.
  const { admin } = await authenticate.public
    .appProxy(request)
    .catch((error: unknown) => {
      throw error instanceof Response && error.status === 400
        ? text(401, "Invalid app proxy signature")
        : error;
    });
  const id = await installedShops().idOf(domain);
  if (!id) throw text(404, "Unknown shop");
  return {
    shop: { id, domain },
    loggedInCustomerId: url.searchParams.get("logged_in_customer_id") || null,
    graphql: admin ? admin.graphql : null,
    address: shopperAddress(request.headers.get("x-forwarded-for"), clientIp),
  };
}

/** The Admin API, or a 503 when the shop has no offline session (not installed yet). */
export function requireGraphql(context: ProxyContext): AdminGraphql {
  if (!context.graphql)
    throw text(503, "The app is not set up for this shop yet", {
      "Retry-After": "60",
    });
  return context.graphql;
}

/** The JSON body, validated, and the visitor's rate checked; a 400, 413 or 429 response is thrown. */
export async function proxyBody<S extends z.ZodType>(
  request: Request,
  context: Pick<ProxyContext, "shop" | "address">,
  schema: S,
  visitorOf: (body: z.infer<S>) => string,
): Promise<z.infer<S>> {
  limit(context, null);
  const parsed = parseJsonBody(
    await (await withBodyLimit(request, BODY_LIMIT)).text(),
    schema,
  );
  if (!parsed.ok) throw text(400, parsed.reason);
  limit(context, visitorOf(parsed.data));
  return parsed.data;
}

/** Throws a 429 when this address (or, given one, this visitor) has asked too often. */
export function limit(
  context: Pick<ProxyContext, "shop" | "address">,
  visitor: string | null,
): void {
  const allowed =
    visitor === null
      ? perAddress.take(`${context.shop.id}|${context.address}`)
      : perVisitor.take(`${context.shop.id}|${visitor}`);
  if (!allowed.ok)
    throw text(429, "Too many requests", {
      "Retry-After": String(allowed.retryAfterSeconds),
    });
}

export const text = (
  status: number,
  body: string,
  headers: Record<string, string> = {},
) =>
  new Response(body, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
  });
