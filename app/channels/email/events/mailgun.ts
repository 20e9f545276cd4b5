// Mailgun's webhooks: one event a request, JSON `{ signature: { timestamp, token, signature },
// "event-data": {...} }`, where signature is the hex HMAC-SHA256 of timestamp + token under the
// account's webhook signing key (a subaccount's events also carry parent-signature, under the
// primary account's key). `v:` variables sent with the message come back in user-variables.
import { createHmac } from "node:crypto";
import { fromUnixSeconds, isFresh, isRecord, sameText, text } from "./checks";
import {
  DELIVERY_TAG,
  shortDetail,
  type EventRequest,
  type ProviderEvent,
  type VerifyOutcome,
} from "./types";

export function verifyMailgunEvents(
  request: EventRequest,
  signingKey: string,
  now: Date,
): VerifyOutcome {
  if (!signingKey)
    return { ok: false, status: 401, reason: "No Mailgun signing key is set" };
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    // The signature travels inside the body: a body that is no JSON cannot be checked at all.
    return { ok: false, status: 400, reason: "The body is not JSON" };
  }
  const signature = isRecord(body) ? body.signature : null;
  if (!isRecord(signature))
    return { ok: false, status: 401, reason: "No Mailgun signature" };
  const { timestamp, token } = signature;
  if (
    (typeof timestamp !== "string" && typeof timestamp !== "number") ||
    typeof token !== "string"
  )
    return { ok: false, status: 401, reason: "No Mailgun signature" };
  const expected = createHmac("sha256", signingKey)
    .update(`${timestamp}${token}`)
    .digest("hex");
  const signedBy = (field: unknown) =>
    typeof field === "string" && sameText(field.toLowerCase(), expected);
  if (
    !signedBy(signature.signature) &&
    !signedBy(signature["parent-signature"])
  )
    return { ok: false, status: 401, reason: "The Mailgun signature is wrong" };
  // The signature covers only timestamp + token: a fresh timestamp is what keeps an old one from
  // being replayed.
  if (!isFresh(timestamp, now))
    return {
      ok: false,
      status: 401,
      reason: "The Mailgun timestamp is not within 10 minutes of now",
    };
  const data = (body as Record<string, unknown>)["event-data"];
  const event = isRecord(data) ? toEvent(data, now) : null;
  return { ok: true, events: event ? [event] : [] };
}

function toEvent(
  data: Record<string, unknown>,
  now: Date,
): ProviderEvent | null {
  const eventId = text(data.id);
  const email = text(data.recipient);
  if (!eventId || !email) return null;
  let kind: ProviderEvent["kind"];
  let bounce: ProviderEvent["bounce"];
  if (data.event === "delivered") kind = "delivered";
  else if (data.event === "complained") kind = "complaint";
  else if (data.event === "failed" && data.severity === "permanent")
    [kind, bounce] = ["bounce", "hard"];
  else if (data.event === "failed" && data.severity === "temporary")
    [kind, bounce] = ["bounce", "soft"];
  else return null;
  const variables = isRecord(data["user-variables"])
    ? data["user-variables"]
    : {};
  const message = isRecord(data.message) ? data.message : {};
  const headers = isRecord(message.headers) ? message.headers : {};
  const status = isRecord(data["delivery-status"])
    ? data["delivery-status"]
    : {};
  return {
    provider: "mailgun",
    eventId,
    kind,
    ...(bounce ? { bounce } : {}),
    email,
    deliveryId: text(variables[DELIVERY_TAG]),
    providerMessageId: bracketed(text(headers["message-id"])),
    occurredAt: fromUnixSeconds(data.timestamp, now),
    detail:
      shortDetail(status.description) ??
      shortDetail(status.message) ??
      shortDetail(data.reason),
  };
}

/**
 * Mailgun's send API answers with the id in angle brackets ("<…@domain>", what sending stores);
 * its events give the Message-Id header without them. Brackets added here make the two the same.
 */
const bracketed = (id: string | null): string | null =>
  id === null ? null : /^<.*>$/.test(id) ? id : `<${id}>`;
