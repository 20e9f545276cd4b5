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
  /**
   * How long the app took to answer. Shopify counts a delivery as failed (and retries it) after
   * 5 s (WEBHOOK_TIMEOUT_MS); the double waits, so a slow test machine does not fail tests: assert it.
   */
  durationMs: number;
  /** What was sent, with the ids filled in: for a duplicate or retry of this delivery. */
  input: WebhookInput;
}

export const WEBHOOK_TIMEOUT_MS = 5_000;

// What Shopify's webhook sender calls itself.
const USER_AGENT = "Shopify-Captain-Hook";

export async function deliverWebhook(
  input: WebhookInput,
): Promise<WebhookDelivery> {
  const rawBody = input.rawBody ?? JSON.stringify(input.payload);
  const eventId = input.eventId ?? randomUUID();
  const webhookId = input.webhookId ?? randomUUID();
  const triggeredAt = input.triggeredAt ?? new Date();
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": USER_AGENT,
    "X-Shopify-Hmac-Sha256": signWebhookBody(rawBody, input.secret),
    "X-Shopify-Topic": input.topic,
    "X-Shopify-Shop-Domain": input.shopDomain,
    "X-Shopify-API-Version": input.apiVersion,
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": eventId,
    "X-Shopify-Triggered-At": triggeredAt.toISOString(),
  };
  // Header names are case-insensitive: an override replaces the header whatever its spelling.
  for (const [name, value] of Object.entries(input.headersOverride ?? {})) {
    for (const key of Object.keys(headers))
      if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    if (value !== null) headers[name] = value;
  }
  const started = performance.now();
  const response = await fetch(input.url, {
    method: "POST",
    headers,
    body: rawBody,
    redirect: "manual",
  });
  const text = await response.text();
  const durationMs = performance.now() - started;
  const sent = { ...input, eventId, webhookId, rawBody, triggeredAt };
  return {
    status: response.status,
    body: text,
    eventId,
    webhookId,
    rawBody,
    durationMs,
    input: sent,
  };
}

/** The same event again under a new delivery id, as Shopify sometimes sends. */
export function deliverDuplicate(
  first: WebhookDelivery,
): Promise<WebhookDelivery> {
  return deliverWebhook({ ...first.input, webhookId: undefined });
}

/** Shopify's retry after a failed delivery: same event, same delivery id, same body and time. */
export function deliverRetry(first: WebhookDelivery): Promise<WebhookDelivery> {
  return deliverWebhook(first.input);
}

/** A delivery signed with another secret: the app must answer 401. */
export function deliverForged(
  input: WebhookInput,
  secret = "not-the-app-secret",
): Promise<WebhookDelivery> {
  return deliverWebhook({ ...input, secret });
}
