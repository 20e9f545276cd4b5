// What a provider's event webhook reports once its signature is verified: one shape for every
// provider (SendGrid, Postmark, Mailgun, SES through SNS), so the app applies bounces, complaints and
// deliveries the same way whoever reported them (app/deliveries/email-events.server.ts).

export type EventProvider = "sendgrid" | "postmark" | "mailgun" | "ses";

export interface ProviderEvent {
  provider: EventProvider;
  /** The provider's own id for this event: a retried webhook is applied once. */
  eventId: string;
  kind: "delivered" | "bounce" | "complaint";
  /** A bounce's kind: hard = the address does not exist or refuses for good; soft = for now. */
  bounce?: "hard" | "soft";
  /** The recipient, as the provider reports it. */
  email: string;
  /** Our delivery id, when the provider echoes back what we attached at sending (DELIVERY_TAG). */
  deliveryId: string | null;
  /** The provider's message id, matched with Delivery.providerMessageId when no delivery id came back. */
  providerMessageId: string | null;
  occurredAt: Date;
  /** The provider's words (the SMTP reply, the bounce description), shortened, for the merchant. */
  detail: string | null;
}

/** The request as it arrived: the signature covers the raw body, so it is read once, unparsed. */
export interface EventRequest {
  headers: Headers;
  body: string;
}

export type VerifyOutcome =
  | { ok: true; events: ProviderEvent[] }
  | { ok: false; status: 400 | 401; reason: string };

/** The name under which the delivery id travels with the message and comes back in events. */
export const DELIVERY_TAG = "trigger_map_delivery";

/** A provider's words kept for the merchant: one line, at most this long. */
export const shortDetail = (text: unknown): string | null =>
  typeof text === "string" && text.trim()
    ? text.replace(/\s+/g, " ").trim().slice(0, 300)
    : null;
