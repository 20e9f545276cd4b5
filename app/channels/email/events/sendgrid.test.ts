// SendGrid's signed events, signed in the test as SendGrid signs them (a real P-256 key pair), and
// each event type mapped to the one shape, or left out.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifySendGridEvents } from "./sendgrid";
import { DELIVERY_TAG, type EventRequest } from "./types";

const now = new Date("2026-12-03T12:00:00Z");
const seconds = Math.floor(now.getTime() / 1000);

const pair = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const { privateKey, publicKey } = pair();
/** What SendGrid's settings page shows: the public key, base64 SPKI DER. */
const shownKey = publicKey
  .export({ type: "spki", format: "der" })
  .toString("base64");

function signed(
  body: string,
  options: { timestamp?: number; key?: KeyObject } = {},
): EventRequest {
  const timestamp = String(options.timestamp ?? seconds);
  const signature = sign(
    "sha256",
    Buffer.from(timestamp + body),
    options.key ?? privateKey,
  ).toString("base64");
  return {
    headers: new Headers({
      "X-Twilio-Email-Event-Webhook-Signature": signature,
      "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
    }),
    body,
  };
}

const base = {
  email: "ann@example.com",
  timestamp: 1764763200,
  "smtp-id": "<run-1.step-2@trigger-map.app>",
  sg_message_id:
    "W86EgYT6SQKk0lRflfLRsA.filterdrecv-5bb8bb9d55-hd4tq-1-6572E3F4-2.0",
  [DELIVERY_TAG]: "dlv_1",
};

const events = (...list: unknown[]) => {
  const outcome = verifySendGridEvents(
    signed(JSON.stringify(list)),
    shownKey,
    now,
  );
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.events;
};

describe("verifying SendGrid's signature", () => {
  const body = JSON.stringify([
    { ...base, event: "delivered", sg_event_id: "ev-1", response: "250 OK" },
  ]);

  it("a request SendGrid signed is taken", () => {
    expect(verifySendGridEvents(signed(body), shownKey, now)).toMatchObject({
      ok: true,
      events: [{ eventId: "ev-1" }],
    });
  });

  it("a request signed with another key is refused", () => {
    const forged = signed(body, { key: pair().privateKey });
    expect(verifySendGridEvents(forged, shownKey, now)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("a body changed after signing is refused", () => {
    const request = signed(body);
    const tampered = { ...request, body: body.replace("ev-1", "ev-2") };
    expect(verifySendGridEvents(tampered, shownKey, now)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("a timestamp changed after signing is refused", () => {
    const request = signed(body);
    request.headers.set(
      "X-Twilio-Email-Event-Webhook-Timestamp",
      String(seconds + 1),
    );
    expect(verifySendGridEvents(request, shownKey, now)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("a request signed more than 10 minutes before or after now is refused as a replay", () => {
    for (const timestamp of [seconds - 601, seconds + 601])
      expect(
        verifySendGridEvents(signed(body, { timestamp }), shownKey, now),
      ).toMatchObject({
        ok: false,
        status: 401,
        reason: expect.stringMatching(/10 minutes/),
      });
    expect(
      verifySendGridEvents(
        signed(body, { timestamp: seconds - 599 }),
        shownKey,
        now,
      ).ok,
    ).toBe(true);
  });

  it("a request without the signature or the timestamp is refused", () => {
    for (const header of [
      "X-Twilio-Email-Event-Webhook-Signature",
      "X-Twilio-Email-Event-Webhook-Timestamp",
    ]) {
      const request = signed(body);
      request.headers.delete(header);
      expect(verifySendGridEvents(request, shownKey, now)).toMatchObject({
        ok: false,
        status: 401,
      });
    }
  });

  it("a signature that is not base64 DER is refused, not thrown", () => {
    const request = signed(body);
    request.headers.set(
      "X-Twilio-Email-Event-Webhook-Signature",
      "not a signature",
    );
    expect(verifySendGridEvents(request, shownKey, now)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("the key as PEM is taken too", () => {
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(verifySendGridEvents(signed(body), pem, now).ok).toBe(true);
  });

  it("an unreadable verification key is refused with a reason that says the key is wrong", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .publicKey.export({ type: "spki", format: "der" })
      .toString("base64");
    for (const key of ["", "not a key", shownKey.slice(0, 40), rsa])
      expect(verifySendGridEvents(signed(body), key, now)).toMatchObject({
        ok: false,
        status: 401,
        reason: expect.stringMatching(/verification key is wrong/),
      });
  });

  it("a signed body that is not JSON, or not a list, is a bad request with a reason", () => {
    expect(verifySendGridEvents(signed("[{"), shownKey, now)).toEqual({
      ok: false,
      status: 400,
      reason: "The body is not JSON",
    });
    expect(verifySendGridEvents(signed("{}"), shownKey, now)).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe("SendGrid's events", () => {
  it("delivered is a delivery, with our delivery id, the message id SendGrid gave at sending, and its time", () => {
    expect(
      events({
        ...base,
        event: "delivered",
        sg_event_id: "ev-1",
        response: "250 2.0.0 OK  accepted",
      }),
    ).toEqual([
      {
        provider: "sendgrid",
        eventId: "ev-1",
        kind: "delivered",
        email: "ann@example.com",
        deliveryId: "dlv_1",
        providerMessageId: "W86EgYT6SQKk0lRflfLRsA",
        occurredAt: new Date(1764763200 * 1000),
        detail: "250 2.0.0 OK accepted",
      },
    ]);
  });

  it("a bounce of type bounce is hard, with SendGrid's reason", () => {
    expect(
      events({
        ...base,
        event: "bounce",
        type: "bounce",
        sg_event_id: "ev-2",
        reason:
          "550 5.1.1 The email account that you tried to reach does not exist.",
        status: "5.1.1",
      }),
    ).toMatchObject([
      {
        kind: "bounce",
        bounce: "hard",
        detail:
          "550 5.1.1 The email account that you tried to reach does not exist.",
      },
    ]);
  });

  it("a bounce of type blocked is soft", () => {
    expect(
      events({
        ...base,
        event: "bounce",
        type: "blocked",
        sg_event_id: "ev-3",
      }),
    ).toMatchObject([{ kind: "bounce", bounce: "soft" }]);
  });

  it("a bounce classified Invalid Address is hard even when SendGrid calls it blocked", () => {
    expect(
      events({
        ...base,
        event: "bounce",
        type: "blocked",
        bounce_classification: "Invalid Address",
        sg_event_id: "ev-4",
      }),
    ).toMatchObject([{ bounce: "hard" }]);
  });

  it("a bounce classified as the sender's reputation or content is soft: the address may be fine", () => {
    for (const bounce_classification of [
      "Reputation",
      "Content",
      "Technical Failure",
      "Frequency or Volume Too High",
    ])
      expect(
        events({
          ...base,
          event: "bounce",
          type: "bounce",
          bounce_classification,
          sg_event_id: "ev-5",
        }),
      ).toMatchObject([{ bounce: "soft" }]);
  });

  it("a bounce classified Mailbox Unavailable or Unclassified goes by its type", () => {
    expect(
      events(
        {
          ...base,
          event: "bounce",
          type: "bounce",
          bounce_classification: "Mailbox Unavailable",
          sg_event_id: "ev-6",
        },
        {
          ...base,
          event: "bounce",
          type: "blocked",
          bounce_classification: "Unclassified",
          sg_event_id: "ev-7",
        },
      ).map((e) => e.bounce),
    ).toEqual(["hard", "soft"]);
  });

  it("a spam report is a complaint", () => {
    expect(
      events({ ...base, event: "spamreport", sg_event_id: "ev-8" }),
    ).toMatchObject([{ kind: "complaint", eventId: "ev-8" }]);
  });

  it("processing, deferrals, drops, opens, clicks and unsubscribes are left out", () => {
    const others = [
      "processed",
      "deferred",
      "dropped",
      "open",
      "click",
      "unsubscribe",
      "group_unsubscribe",
      "group_resubscribe",
    ].map((event, i) => ({ ...base, event, sg_event_id: `other-${i}` }));
    expect(events(...others)).toEqual([]);
  });

  it("an event without an event id or an address is skipped, the rest of the batch kept", () => {
    const { email: _email, ...noEmail } = base;
    expect(
      events(
        { ...base, event: "delivered" },
        { ...noEmail, event: "delivered", sg_event_id: "ev-9" },
        { ...base, event: "delivered", sg_event_id: "ev-10" },
        "not an event",
      ).map((e) => e.eventId),
    ).toEqual(["ev-10"]);
  });

  it("without our delivery id or SendGrid's message id, both are null", () => {
    const { [DELIVERY_TAG]: _tag, sg_message_id: _id, ...bare } = base;
    expect(
      events({ ...bare, event: "delivered", sg_event_id: "ev-11" }),
    ).toMatchObject([
      { deliveryId: null, providerMessageId: null, detail: null },
    ]);
  });

  it("a delivery id that is not a string is not taken", () => {
    expect(
      events({
        ...base,
        [DELIVERY_TAG]: 42,
        event: "delivered",
        sg_event_id: "ev-12",
      }),
    ).toMatchObject([{ deliveryId: null }]);
  });

  it("an event without a time is dated now", () => {
    const { timestamp: _t, ...untimed } = base;
    expect(
      events({ ...untimed, event: "delivered", sg_event_id: "ev-13" }),
    ).toMatchObject([{ occurredAt: now }]);
  });
});
