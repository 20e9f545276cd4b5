// SendGrid's Signed Event Webhook: SendGrid signs `timestamp + raw body` with ECDSA P-256 / SHA-256
// and sends the base64 DER signature in X-Twilio-Email-Event-Webhook-Signature, the unix-seconds
// timestamp in X-Twilio-Email-Event-Webhook-Timestamp. The verification key it shows is the public
// key as base64 SPKI DER. The body is a JSON array of events; custom_args come back as top-level keys.
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { fromUnixSeconds, isFresh, isRecord, text } from "./checks";
import {
  DELIVERY_TAG,
  shortDetail,
  type EventRequest,
  type ProviderEvent,
  type VerifyOutcome,
} from "./types";

const SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
const TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";

/** The key as SendGrid shows it (base64 SPKI DER), or as PEM; null when it is no P-256 public key. */
function readKey(verificationKey: string): KeyObject | null {
  const key = verificationKey.trim();
  if (!key) return null;
  try {
    const object = key.includes("-----BEGIN")
      ? createPublicKey(key)
      : createPublicKey({
          key: Buffer.from(key, "base64"),
          format: "der",
          type: "spki",
        });
    return object.asymmetricKeyType === "ec" &&
      object.asymmetricKeyDetails?.namedCurve === "prime256v1"
      ? object
      : null;
  } catch {
    return null;
  }
}

export function verifySendGridEvents(
  request: EventRequest,
  verificationKey: string,
  now: Date,
): VerifyOutcome {
  const key = readKey(verificationKey);
  if (!key)
    return {
      ok: false,
      status: 401,
      reason:
        "The SendGrid verification key is wrong: paste the public key SendGrid shows for the signed Event Webhook",
    };
  const signature = request.headers.get(SIGNATURE);
  const timestamp = request.headers.get(TIMESTAMP);
  if (!signature || !timestamp)
    return { ok: false, status: 401, reason: "No SendGrid signature" };
  if (!/^\d+$/.test(timestamp) || !isFresh(timestamp, now))
    return {
      ok: false,
      status: 401,
      reason: "The SendGrid timestamp is not within 10 minutes of now",
    };
  let valid = false;
  try {
    valid = verify(
      "sha256",
      Buffer.from(timestamp + request.body, "utf8"),
      key,
      Buffer.from(signature, "base64"),
    );
  } catch {
    // A signature that is no DER at all: as wrong as one that does not match.
  }
  if (!valid)
    return {
      ok: false,
      status: 401,
      reason: "The SendGrid signature is wrong",
    };

  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return { ok: false, status: 400, reason: "The body is not JSON" };
  }
  if (!Array.isArray(body))
    return {
      ok: false,
      status: 400,
      reason: "The body is not a list of events",
    };
  return {
    ok: true,
    events: body.flatMap((event) => {
      const mapped = isRecord(event) ? toEvent(event, now) : null;
      return mapped ? [mapped] : [];
    }),
  };
}

/** SendGrid's bounce classifications that say something about the address, not about the sender. */
const CLASSIFIED = new Map<unknown, "hard" | "soft">([
  ["Invalid Address", "hard"],
  // The sender's reputation, content or rate was refused: the address itself may well be fine.
  ["Reputation", "soft"],
  ["Content", "soft"],
  ["Frequency or Volume Too High", "soft"],
  ["Technical Failure", "soft"],
]);

function toEvent(
  event: Record<string, unknown>,
  now: Date,
): ProviderEvent | null {
  const eventId = text(event.sg_event_id);
  const email = text(event.email);
  if (!eventId || !email) return null;
  let kind: ProviderEvent["kind"];
  let bounce: ProviderEvent["bounce"];
  if (event.event === "delivered") kind = "delivered";
  else if (event.event === "spamreport") kind = "complaint";
  else if (event.event === "bounce") {
    kind = "bounce";
    // "blocked" is SendGrid's soft bounce; a classification, when it has a firm one, decides.
    bounce =
      CLASSIFIED.get(event.bounce_classification) ??
      (event.type === "blocked" ? "soft" : "hard");
  } else return null;
  const messageId = text(event.sg_message_id);
  return {
    provider: "sendgrid",
    eventId,
    kind,
    ...(bounce ? { bounce } : {}),
    email,
    deliveryId: text(event[DELIVERY_TAG]),
    // sg_message_id is X-Message-Id (what sending stored) followed by ".filter…" parts.
    providerMessageId: text(messageId?.split(".")[0]),
    occurredAt: fromUnixSeconds(event.timestamp, now),
    detail: shortDetail(event.reason ?? event.response),
  };
}
