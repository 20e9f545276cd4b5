// Amazon SES reports bounces, complaints and deliveries through Amazon SNS: the merchant points SES
// (a configuration set's event destination, or the identity's notifications) at an SNS topic and
// subscribes our URL to it. SNS signs every message with a certificate it serves from its own
// host; we check the signature as AWS documents ("Verifying the signatures of Amazon SNS
// messages") with node:crypto, confirm subscriptions, and turn SES's notifications into events.
import { X509Certificate, verify } from "node:crypto";
import { OUTBOUND_TIMEOUT_MS, seconds } from "../../../outbound/timeouts";
import {
  DELIVERY_TAG,
  shortDetail,
  type EventRequest,
  type ProviderEvent,
  type VerifyOutcome,
} from "./types";

/** A confirmed subscription carries no events, and says so for the route's log. */
export type SnsOutcome =
  VerifyOutcome | { ok: true; events: []; confirmed: true };

export interface SnsOptions {
  /** GETs an AWS URL and gives its text: a signing certificate, a subscription's confirmation. */
  fetchText?: (url: string) => Promise<string>;
  now: Date;
  /**
   * Whether the topic is the shop's: SNS signs every topic's messages alike, anyone's included, so
   * AWS's advice is to refuse an unexpected TopicArn. Checked before anything is fetched.
   */
  acceptTopic?: (topicArn: string) => boolean;
}

/** SNS's own hosts: the only places a signing certificate or a confirmation is fetched from. */
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
/** A message older (or newer) than this is refused: a replay, or a clock far off. */
const MAX_AGE_MS = 60 * 60_000;
const MAX_TEXT_BYTES = 64 * 1024;
const CERTIFICATES_KEPT = 20;

const CONFIRMATION_KEYS = [
  "Message",
  "MessageId",
  "SubscribeURL",
  "Timestamp",
  "Token",
  "TopicArn",
  "Type",
] as const;
/** The keys each message type signs, in AWS's order (Subject only when the message has one). */
const SIGNED_KEYS = {
  Notification: [
    "Message",
    "MessageId",
    "Subject",
    "Timestamp",
    "TopicArn",
    "Type",
  ],
  SubscriptionConfirmation: CONFIRMATION_KEYS,
  UnsubscribeConfirmation: CONFIRMATION_KEYS,
} as const;
const HASH = { "1": "sha1", "2": "sha256" } as const;

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const fields = (value: unknown): Fields => (isFields(value) ? value : {});
const text = (value: unknown): string | null =>
  typeof value === "string" && value ? value : null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const refuse = (status: 400 | 401, reason: string): SnsOutcome => ({
  ok: false,
  status,
  reason,
});

/** An https URL on an SNS host (no port, no credentials), or null. */
function snsUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === "https:" &&
    SNS_HOST.test(url.hostname) &&
    !url.port &&
    !url.username &&
    !url.password
    ? url
    : null;
}

export async function verifySnsEvents(
  request: EventRequest,
  options: SnsOptions,
): Promise<SnsOutcome> {
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return refuse(400, "the body is not JSON");
  }
  if (!isFields(body)) return refuse(400, "the body is not a JSON object");
  const type = body.Type;
  if (
    type !== "Notification" &&
    type !== "SubscriptionConfirmation" &&
    type !== "UnsubscribeConfirmation"
  )
    return refuse(400, "Type is not an SNS message type");
  const header = request.headers.get("x-amz-sns-message-type");
  if (header !== null && header !== type)
    return refuse(400, `x-amz-sns-message-type ${header} is not Type ${type}`);

  const signed = SIGNED_KEYS[type].filter(
    (key) => key !== "Subject" || typeof body.Subject === "string",
  );
  for (const key of [
    ...signed,
    "Signature",
    "SignatureVersion",
    "SigningCertURL",
  ])
    if (typeof body[key] !== "string") return refuse(400, `${key} is missing`);
  const value = (key: string) => body[key] as string;

  const hash = HASH[value("SignatureVersion") as keyof typeof HASH];
  if (!hash)
    return refuse(
      400,
      `SignatureVersion ${value("SignatureVersion")} is not 1 or 2`,
    );
  const sentAt = new Date(value("Timestamp"));
  if (Number.isNaN(sentAt.getTime()))
    return refuse(400, "Timestamp is not a date");
  if (Math.abs(options.now.getTime() - sentAt.getTime()) > MAX_AGE_MS)
    return refuse(401, "Timestamp is more than an hour from now");
  const certUrl = snsUrl(value("SigningCertURL"));
  if (!certUrl || !certUrl.pathname.endsWith(".pem"))
    return refuse(401, "SigningCertURL is not an SNS certificate");
  const subscribeUrl =
    type === "Notification" ? null : snsUrl(value("SubscribeURL"));
  if (type !== "Notification" && !subscribeUrl)
    return refuse(401, "SubscribeURL is not on an SNS host");
  if (options.acceptTopic && !options.acceptTopic(value("TopicArn")))
    return refuse(401, "TopicArn is not this shop's topic");

  const fetchText = options.fetchText ?? fetchSnsText;
  const certificate = await signingCertificate(certUrl.href, fetchText);
  if (!certificate)
    return refuse(401, "SigningCertURL did not give a certificate");
  if (
    options.now < new Date(certificate.validFrom) ||
    options.now > new Date(certificate.validTo)
  )
    return refuse(401, "the signing certificate is not valid now");
  const canonical = signed.map((key) => `${key}\n${value(key)}\n`).join("");
  if (!signedBy(certificate, hash, canonical, value("Signature")))
    return refuse(401, "the signature does not match");

  if (type === "SubscriptionConfirmation") {
    // Fetched only after the signature: a forged confirmation never makes us call anyone.
    await fetchText(subscribeUrl!.href);
    return { ok: true, events: [], confirmed: true };
  }
  if (type === "UnsubscribeConfirmation") return { ok: true, events: [] };
  return {
    ok: true,
    events: sesEvents(value("MessageId"), value("Message"), sentAt),
  };
}

/** SHA1withRSA or SHA256withRSA, as SNS signs: an RSA key only, and a malformed signature is no match. */
function signedBy(
  certificate: X509Certificate,
  hash: "sha1" | "sha256",
  canonical: string,
  signature: string,
): boolean {
  if (certificate.publicKey.asymmetricKeyType !== "rsa") return false;
  try {
    return verify(
      hash,
      Buffer.from(canonical, "utf8"),
      certificate.publicKey,
      Buffer.from(signature, "base64"),
    );
  } catch {
    return false;
  }
}

// Promises, so requests arriving together fetch a certificate once; a failed fetch is forgotten.
const certificates = new Map<string, Promise<X509Certificate | null>>();

/** The certificate at an SNS URL (null when the text is not one); a fetch failure throws. */
function signingCertificate(
  url: string,
  fetchText: (url: string) => Promise<string>,
): Promise<X509Certificate | null> {
  const kept = certificates.get(url);
  if (kept) return kept;
  const loading = fetchText(url).then((pem) => {
    try {
      return new X509Certificate(pem);
    } catch {
      return null;
    }
  });
  loading.catch(() => certificates.delete(url));
  if (certificates.size >= CERTIFICATES_KEPT)
    certificates.delete(certificates.keys().next().value!);
  certificates.set(url, loading);
  return loading;
}

/** SES's notification (identity notifications) or event (configuration set event publishing). */
function sesEvents(
  snsMessageId: string,
  message: string,
  sentAt: Date,
): ProviderEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    // SES's "Successfully validated SNS topic" test message, or anything else that is not an event.
    return [];
  }
  const ses = fields(parsed);
  const mail = fields(ses.mail);
  const tag: unknown = list(fields(mail.tags)[DELIVERY_TAG])[0];
  const when = (value: unknown) => {
    const date = new Date(text(value) ?? Number.NaN);
    return Number.isNaN(date.getTime()) ? sentAt : date;
  };
  type Found = Pick<
    ProviderEvent,
    "kind" | "bounce" | "email" | "detail" | "occurredAt"
  >;
  let found: Found[] = [];
  switch (ses.eventType ?? ses.notificationType) {
    case "Bounce": {
      const bounce = fields(ses.bounce);
      found = list(bounce.bouncedRecipients).map((recipient) => ({
        kind: "bounce",
        bounce: bounce.bounceType === "Permanent" ? "hard" : "soft",
        email: text(fields(recipient).emailAddress) ?? "",
        detail: shortDetail(fields(recipient).diagnosticCode),
        occurredAt: when(bounce.timestamp),
      }));
      break;
    }
    case "Complaint": {
      const complaint = fields(ses.complaint);
      found = list(complaint.complainedRecipients).map((recipient) => ({
        kind: "complaint",
        email: text(fields(recipient).emailAddress) ?? "",
        detail: shortDetail(complaint.complaintFeedbackType),
        occurredAt: when(complaint.timestamp),
      }));
      break;
    }
    case "Delivery": {
      const delivery = fields(ses.delivery);
      found = list(delivery.recipients).map((recipient) => ({
        kind: "delivered",
        email: text(recipient) ?? "",
        detail: shortDetail(delivery.smtpResponse),
        occurredAt: when(delivery.timestamp),
      }));
      break;
    }
    // Send, Reject, Open, Click, DeliveryDelay, Rendering Failure, Subscription: not ours to apply.
  }
  return found
    .filter((event) => event.email)
    .map((event, index) => ({
      provider: "ses",
      eventId: `${snsMessageId}:${index}`,
      deliveryId: typeof tag === "string" && tag ? tag : null,
      providerMessageId: text(mail.messageId),
      ...event,
    }));
}

/** GETs an SNS URL: its limit, no redirects (the host rule holds for where it ends), 64 KB at most. */
export async function fetchSnsText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(OUTBOUND_TIMEOUT_MS.sns),
      redirect: "error",
    });
  } catch (error) {
    throw new Error(
      (error as Error).name === "TimeoutError"
        ? `SNS: no answer from ${url} within ${seconds(OUTBOUND_TIMEOUT_MS.sns)}`
        : `SNS: ${url}: ${(error as Error).message}`,
    );
  }
  if (!response.ok) throw new Error(`SNS ${response.status}: ${url}`);
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    size += value.byteLength;
    if (size > MAX_TEXT_BYTES) {
      await reader.cancel();
      throw new Error(`SNS: ${url} is larger than ${MAX_TEXT_BYTES} bytes`);
    }
    chunks.push(value);
  }
}
