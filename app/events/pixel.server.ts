// The web pixel's endpoint: public (a storefront posts from the shopper's browser), so it
// validates every field, caps body size and rate per browser, and answers CORS. It stores the
// event and queues its processing, like a webhook.
import { withBodyLimit } from "../http/body-limit.server";
import { parseJsonBody } from "../http/json-body";
import { createRateLimiter } from "../http/rate-limit";
import { eventLog, installedShops } from "./event-log.server";
import { normalizePixelEvent, PixelRequest } from "./pixel";

export const PIXEL_BODY_LIMIT = 16 * 1024;
// A shopper's browsing makes a few events a page; a script makes many more. Browser ids are the
// sender's to choose, so the address has its own, larger allowance (shoppers share addresses).
const perBrowser = createRateLimiter({ burst: 60, perSecond: 2 });
const perAddress = createRateLimiter({ burst: 300, perSecond: 20 });

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

const reply = (
  status: number,
  body?: string,
  headers: Record<string, string> = {},
) =>
  new Response(body ?? null, {
    status,
    headers: {
      ...CORS,
      ...(body ? { "Content-Type": "text/plain" } : {}),
      ...headers,
    },
  });

export async function receivePixelRequest(
  request: Request,
  clientIp = "",
): Promise<Response> {
  if (request.method === "OPTIONS") return reply(204);
  if (request.method !== "POST")
    return reply(405, "Method Not Allowed", { Allow: "POST, OPTIONS" });
  let text: string;
  try {
    text = await (await withBodyLimit(request, PIXEL_BODY_LIMIT)).text();
  } catch (error) {
    if (error instanceof Response)
      return reply(error.status, await error.text());
    throw error;
  }
  const parsed = parseJsonBody(text, PixelRequest);
  if (!parsed.ok) return reply(400, parsed.reason);
  const now = Date.now();
  const byAddress = perAddress.take(clientIp, now);
  const allowed = byAddress.ok
    ? perBrowser.take(`${parsed.data.clientId}|${clientIp}`, now)
    : byAddress;
  if (!allowed.ok)
    return reply(429, "Too many events", {
      "Retry-After": String(allowed.retryAfterSeconds),
    });
  const shopId = await installedShops().idOf(parsed.data.shop);
  if (!shopId) return reply(404, "Unknown shop");
  const event = normalizePixelEvent(parsed.data, new Date(now));
  await eventLog().storefront(
    shopId,
    "pixel",
    `${parsed.data.clientId}:${parsed.data.event.id}`,
    event,
  );
  return reply(204);
}
