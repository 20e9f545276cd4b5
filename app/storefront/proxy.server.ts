// Requests through the app proxy (https://<shop>/apps/trigger-map/* → /proxy/*): Shopify signs
// them (a bad signature is a 400), names the shop and, when a customer is logged in, who it is.
import { installedShops } from "../events/log.server";
import { withBodyLimit } from "../http/body-limit.server";
import { parseJsonBody } from "../http/json-body";
import { createRateLimiter } from "../http/rate-limit";
import { authenticate } from "../shopify.server";
import type { z } from "zod";

const BODY_LIMIT = 8 * 1024;
// Storefront calls are rare per shopper (a subscribe, a form): anything faster is a script.
const perVisitor = createRateLimiter({ burst: 10, perSecond: 0.5 });

export interface ProxyContext {
  shop: { id: string; domain: string };
  /** Signed by Shopify: safe to link to the customer. */
  loggedInCustomerId: string | null;
}

export async function authenticateProxy(request: Request): Promise<ProxyContext> {
  await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const domain = url.searchParams.get("shop") ?? "";
  const id = await installedShops().idOf(domain);
  if (!id) throw text(404, "Unknown shop");
  return { shop: { id, domain }, loggedInCustomerId: url.searchParams.get("logged_in_customer_id") || null };
}

/** The JSON body, validated, and the visitor's rate checked; a 400, 413 or 429 response is thrown. */
export async function proxyBody<S extends z.ZodType>(request: Request, schema: S, visitorOf: (body: z.infer<S>) => string): Promise<z.infer<S>> {
  const parsed = parseJsonBody(await (await withBodyLimit(request, BODY_LIMIT)).text(), schema);
  if (!parsed.ok) throw text(400, parsed.reason);
  const allowed = perVisitor.take(visitorOf(parsed.data));
  if (!allowed.ok) throw text(429, "Too many requests", { "Retry-After": String(allowed.retryAfterSeconds) });
  return parsed.data;
}

export const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
