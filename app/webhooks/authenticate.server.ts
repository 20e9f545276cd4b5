// Shopify's webhook authentication, with bad input answered as such: the library answers a wrong
// HMAC (401) and missing headers (400) itself, but a correctly signed body that is not JSON would
// surface as a 500, which Shopify would retry for hours. Bodies over the limit get 413.
import { withBodyLimit } from "../http/body-limit.server";
import { authenticate } from "../shopify.server";

/** Shopify's largest payloads (orders with hundreds of lines) stay well under this. */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

// Shopify's library canonicalizes every header name on each of its header lookups: handing it
// only the webhook's own headers makes verification markedly cheaper under a burst.
const webhookHeader = (name: string) =>
  name.startsWith("x-shopify-") || name === "content-type";

export async function authenticateWebhook(request: Request) {
  try {
    return await authenticate.webhook(
      await withBodyLimit(request, WEBHOOK_BODY_LIMIT, webhookHeader),
    );
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new Response("Malformed JSON body", {
        status: 400,
        headers: { "Content-Type": "text/plain" },
      });
    }
    throw error;
  }
}

/** Webhook routes take POST only. */
export const webhookLoader = () =>
  new Response("Method Not Allowed", {
    status: 405,
    headers: { Allow: "POST" },
  });
