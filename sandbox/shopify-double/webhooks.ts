// Webhook deliveries exactly as Shopify makes them: the raw JSON body, its base64 HMAC-SHA256 with
// the app's secret, and every X-Shopify-* header. Duplicates share the event id; retries share
// the event id and the delivery (webhook) id.
import { createHmac, randomUUID } from "node:crypto";

export function signWebhookBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export interface WebhookInput {
  url: string;
  topic: string;
  shopDomain: string;
  payload: unknown;
  secret: string;
  apiVersion: string;
  eventId?: string;
  webhookId?: string;
  triggeredAt?: Date;
  /** Replace or, with null, remove headers (for tests of bad deliveries). */
  headersOverride?: Record<string, string | null>;
  /** Send this exact body instead of JSON.stringify(payload). */
  rawBody?: string;
}

export interface WebhookDelivery {
  status: number;
  body: string;
  eventId: string;
  webhookId: string;
  rawBody: string;
}

export async function deliverWebhook(input: WebhookInput): Promise<WebhookDelivery> {
  const rawBody = input.rawBody ?? JSON.stringify(input.payload);
  const eventId = input.eventId ?? randomUUID();
  const webhookId = input.webhookId ?? randomUUID();
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "Shopify-Captain-Hook",
    "X-Shopify-Hmac-Sha256": signWebhookBody(rawBody, input.secret),
    "X-Shopify-Topic": input.topic,
    "X-Shopify-Shop-Domain": input.shopDomain,
    "X-Shopify-API-Version": input.apiVersion,
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": eventId,
    "X-Shopify-Triggered-At": (input.triggeredAt ?? new Date()).toISOString(),
  };
  for (const [name, value] of Object.entries(input.headersOverride ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const response = await fetch(input.url, { method: "POST", headers, body: rawBody });
  return { status: response.status, body: await response.text(), eventId, webhookId, rawBody };
}

/** The same event again under a new delivery id, as Shopify sometimes sends. */
export function deliverDuplicate(input: WebhookInput, first: WebhookDelivery) {
  return deliverWebhook({ ...input, eventId: first.eventId, webhookId: undefined, rawBody: first.rawBody });
}

/** Shopify's retry after a failed delivery: same event, same delivery id, same body. */
export function deliverRetry(input: WebhookInput, first: WebhookDelivery) {
  return deliverWebhook({ ...input, eventId: first.eventId, webhookId: first.webhookId, rawBody: first.rawBody });
}
