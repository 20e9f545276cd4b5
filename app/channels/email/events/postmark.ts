// Postmark's webhooks are not signed: Postmark documents HTTP Basic auth credentials in the webhook
// URL (and allow-listing its IPs) as the way to know a request is its own. One JSON object a
// request, told apart by RecordType (Delivery, Bounce, SpamComplaint, Open, Click, …); Metadata
// sent with the message comes back in Metadata.
import { createHash } from "node:crypto";
import { isRecord, sameText, text } from "./checks";
import {
  DELIVERY_TAG,
  shortDetail,
  type EventRequest,
  type ProviderEvent,
  type VerifyOutcome,
} from "./types";

/** The user name in the webhook URL: the password is the secret. */
const USER = "trigger-map";

/** The URL to give Postmark: the credentials ride in its userinfo, percent-encoded. */
export function postmarkWebhookUrl(baseUrl: string, password: string): string {
  const url = new URL(baseUrl);
  url.username = USER;
  // The setter leaves "%" as it is: encoded first, the password decodes back to itself.
  url.password = encodeURIComponent(password);
  return url.toString();
}

export function verifyPostmarkEvents(
  request: EventRequest,
  password: string,
  /** The date given an event whose own cannot be read. */
  now: Date = new Date(),
): VerifyOutcome {
  if (!password)
    return {
      ok: false,
      status: 401,
      reason: "No Postmark webhook password is set",
    };
  const match = /^Basic\s+(\S+)$/i.exec(
    request.headers.get("Authorization") ?? "",
  );
  const given = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
  // Digests first: equal lengths for the constant-time comparison, whatever was sent.
  const digest = (value: string) =>
    createHash("sha256").update(value).digest("hex");
  if (!match || !sameText(digest(given), digest(`${USER}:${password}`)))
    return {
      ok: false,
      status: 401,
      reason: "The Postmark webhook credentials are wrong",
    };
  let body: unknown;
  try {
    body = JSON.parse(request.body, keepIdDigits);
  } catch {
    return { ok: false, status: 400, reason: "The body is not JSON" };
  }
  if (!isRecord(body))
    return { ok: false, status: 400, reason: "The body is not an event" };
  const event = toEvent(body, now);
  return { ok: true, events: event ? [event] : [] };
}

/**
 * Postmark's bounce IDs are 64-bit: a JS number would round them (two bounces, one id). The ID is
 * kept as the digits it was sent as (JSON.parse's source text, Node 21 and later).
 */
function keepIdDigits(
  key: string,
  value: unknown,
  context?: { source?: string },
): unknown {
  return key === "ID" && typeof value === "number"
    ? (context?.source ?? String(value))
    : value;
}

/** Bounce Types that say the address is gone for good, and those that say "not now". */
const HARD = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated"]);
const SOFT = new Set(["SoftBounce", "Transient", "DnsError", "Blocked"]);

function toEvent(
  record: Record<string, unknown>,
  now: Date,
): ProviderEvent | null {
  const id = text(record.ID);
  const messageId = text(record.MessageID);
  let fields: Pick<ProviderEvent, "eventId" | "kind" | "bounce"> & {
    email: unknown;
    at: unknown;
  };
  if (record.RecordType === "Delivery" && messageId)
    fields = {
      eventId: `delivery:${messageId}`,
      kind: "delivered",
      email: record.Recipient,
      at: record.DeliveredAt,
    };
  // A complaint comes as RecordType SpamComplaint or as a Bounce of Type SpamComplaint, with the
  // same ID: one event id either way, so it is applied once.
  else if (
    (record.RecordType === "SpamComplaint" ||
      (record.RecordType === "Bounce" && record.Type === "SpamComplaint")) &&
    id
  )
    fields = {
      eventId: `complaint:${id}`,
      kind: "complaint",
      email: record.Email,
      at: record.BouncedAt,
    };
  else if (
    record.RecordType === "Bounce" &&
    id &&
    (HARD.has(String(record.Type)) || SOFT.has(String(record.Type)))
  )
    fields = {
      eventId: `bounce:${id}`,
      kind: "bounce",
      bounce: HARD.has(String(record.Type)) ? "hard" : "soft",
      email: record.Email,
      at: record.BouncedAt,
    };
  else return null;
  const email = text(fields.email);
  if (!email) return null;
  const at = typeof fields.at === "string" ? new Date(fields.at) : null;
  const metadata = isRecord(record.Metadata) ? record.Metadata : {};
  return {
    provider: "postmark",
    eventId: fields.eventId,
    kind: fields.kind,
    ...(fields.bounce ? { bounce: fields.bounce } : {}),
    email,
    deliveryId: text(metadata[DELIVERY_TAG]),
    providerMessageId: messageId,
    occurredAt: at && !Number.isNaN(at.getTime()) ? at : now,
    // Details is the receiving server's own words; Description, Postmark's general one for the Type.
    detail: shortDetail(record.Details) ?? shortDetail(record.Description),
  };
}
