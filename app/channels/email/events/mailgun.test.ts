// Mailgun's signed events, signed in the test as Mailgun signs them (a real HMAC under the signing
// key), and each event mapped to the one shape, or left out.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyMailgunEvents } from "./mailgun";
import { DELIVERY_TAG, type EventRequest } from "./types";

const now = new Date("2026-12-03T12:00:00Z");
const seconds = Math.floor(now.getTime() / 1000);
const signingKey = "whsk-0123456789abcdef";
const token = "e0b5477167110d68991efc6b9f89f0a11066af27834600e123";

const hmac = (key: string, timestamp: string | number) =>
  createHmac("sha256", key).update(`${timestamp}${token}`).digest("hex");

function signedBody(
  eventData: object,
  options: { timestamp?: number; key?: string } = {},
) {
  const timestamp = String(options.timestamp ?? seconds);
  return {
    signature: {
      timestamp,
      token,
      signature: hmac(options.key ?? signingKey, timestamp),
    },
    "event-data": eventData,
  };
}

const request = (body: object | string): EventRequest => ({
  headers: new Headers({ "Content-Type": "application/json" }),
  body: typeof body === "string" ? body : JSON.stringify(body),
});

const delivered = {
  event: "delivered",
  id: "CCXMjJ7nQi2N3BPigGOdgQ",
  timestamp: 1764763200.123456,
  recipient: "ann@example.com",
  "user-variables": { [DELIVERY_TAG]: "dlv_1" },
  message: {
    headers: { "message-id": "run-1.step-2@trigger-map.app" },
  },
  "delivery-status": {
    code: 250,
    message: "OK",
    description: "",
  },
};

const events = (eventData: object) => {
  const outcome = verifyMailgunEvents(
    request(signedBody(eventData)),
    signingKey,
    now,
  );
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.events;
};

describe("verifying Mailgun's signature", () => {
  it("a request Mailgun signed is taken", () => {
    expect(
      verifyMailgunEvents(request(signedBody(delivered)), signingKey, now),
    ).toMatchObject({ ok: true, events: [{ eventId: delivered.id }] });
  });

  it("a request signed with another key is refused", () => {
    const forged = signedBody(delivered, { key: "someone-else" });
    expect(verifyMailgunEvents(request(forged), signingKey, now)).toMatchObject(
      {
        ok: false,
        status: 401,
      },
    );
  });

  it("a token or timestamp changed after signing is refused", () => {
    const body = signedBody(delivered);
    const otherToken = {
      ...body,
      signature: { ...body.signature, token: `${token}x` },
    };
    const otherTime = {
      ...body,
      signature: { ...body.signature, timestamp: String(seconds - 1) },
    };
    for (const changed of [otherToken, otherTime])
      expect(
        verifyMailgunEvents(request(changed), signingKey, now),
      ).toMatchObject({
        ok: false,
        status: 401,
      });
  });

  it("a request signed more than 10 minutes before or after now is refused as a replay", () => {
    for (const timestamp of [seconds - 601, seconds + 601])
      expect(
        verifyMailgunEvents(
          request(signedBody(delivered, { timestamp })),
          signingKey,
          now,
        ),
      ).toMatchObject({
        ok: false,
        status: 401,
        reason: expect.stringMatching(/10 minutes/),
      });
    expect(
      verifyMailgunEvents(
        request(signedBody(delivered, { timestamp: seconds + 599 })),
        signingKey,
        now,
      ).ok,
    ).toBe(true);
  });

  it("a request without a signature is refused", () => {
    for (const body of [
      { "event-data": delivered },
      {
        signature: { timestamp: String(seconds), token },
        "event-data": delivered,
      },
      { signature: "abc", "event-data": delivered },
      [],
    ])
      expect(verifyMailgunEvents(request(body), signingKey, now)).toMatchObject(
        {
          ok: false,
          status: 401,
        },
      );
  });

  it("a signature in capitals is the same hex", () => {
    const body = signedBody(delivered);
    body.signature.signature = body.signature.signature.toUpperCase();
    expect(verifyMailgunEvents(request(body), signingKey, now).ok).toBe(true);
  });

  it("a subaccount's event is taken under the primary account's key (parent-signature)", () => {
    const body = {
      ...signedBody(delivered, { key: "subaccount-key" }),
      signature: {
        ...signedBody(delivered, { key: "subaccount-key" }).signature,
        "parent-signature": hmac(signingKey, String(seconds)),
      },
    };
    expect(verifyMailgunEvents(request(body), signingKey, now).ok).toBe(true);
  });

  it("with no signing key set, every request is refused", () => {
    const body = signedBody(delivered, { key: "" });
    expect(verifyMailgunEvents(request(body), "", now)).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("a body that is not JSON is a bad request with a reason", () => {
    expect(verifyMailgunEvents(request("{"), signingKey, now)).toEqual({
      ok: false,
      status: 400,
      reason: "The body is not JSON",
    });
  });
});

describe("Mailgun's events", () => {
  it("delivered is a delivery, with our delivery id, the message id as sending stored it, and its time", () => {
    expect(events(delivered)).toEqual([
      {
        provider: "mailgun",
        eventId: "CCXMjJ7nQi2N3BPigGOdgQ",
        kind: "delivered",
        email: "ann@example.com",
        deliveryId: "dlv_1",
        // Mailgun's send API answered "<…>": the event's bare header is bracketed to match.
        providerMessageId: "<run-1.step-2@trigger-map.app>",
        occurredAt: new Date(1764763200123),
        detail: "OK",
      },
    ]);
  });

  it("a message id already in brackets is kept as it is", () => {
    expect(
      events({ ...delivered, message: { headers: { "message-id": "<a@b>" } } }),
    ).toMatchObject([{ providerMessageId: "<a@b>" }]);
  });

  it("a permanent failure is a hard bounce, with Mailgun's description", () => {
    expect(
      events({
        ...delivered,
        event: "failed",
        severity: "permanent",
        reason: "bounce",
        "delivery-status": {
          code: 550,
          message:
            "5.1.1 The email account that you tried to reach does not exist.",
          description: "Not delivering to previously bounced address",
        },
      }),
    ).toMatchObject([
      {
        kind: "bounce",
        bounce: "hard",
        detail: "Not delivering to previously bounced address",
      },
    ]);
  });

  it("a temporary failure is a soft bounce; without a description the SMTP message, then the reason, explain it", () => {
    expect(
      events({
        ...delivered,
        event: "failed",
        severity: "temporary",
        reason: "generic",
        "delivery-status": {
          code: 452,
          message: "4.2.2 Mailbox full",
          description: "",
        },
      }),
    ).toMatchObject([
      { kind: "bounce", bounce: "soft", detail: "4.2.2 Mailbox full" },
    ]);
    expect(
      events({
        ...delivered,
        event: "failed",
        severity: "temporary",
        reason: "generic",
        "delivery-status": {},
      }),
    ).toMatchObject([{ detail: "generic" }]);
  });

  it("a failure without a severity is left out", () => {
    expect(events({ ...delivered, event: "failed" })).toEqual([]);
  });

  it("a complaint is a complaint", () => {
    const [complaint] = events({ ...delivered, event: "complained" });
    expect(complaint).toMatchObject({
      kind: "complaint",
      eventId: delivered.id,
    });
    expect(complaint).not.toHaveProperty("bounce");
  });

  it("accepted, opened, clicked, unsubscribed and unknown events are left out", () => {
    for (const event of [
      "accepted",
      "opened",
      "clicked",
      "unsubscribed",
      "stored",
      "rejected",
    ])
      expect(events({ ...delivered, event })).toEqual([]);
  });

  it("an event without an id or a recipient is left out", () => {
    expect(events({ ...delivered, id: undefined })).toEqual([]);
    expect(events({ ...delivered, recipient: "" })).toEqual([]);
    expect(
      verifyMailgunEvents(
        request({ signature: signedBody(delivered).signature }),
        signingKey,
        now,
      ),
    ).toEqual({ ok: true, events: [] });
  });

  it("without user variables or message headers, the delivery id and message id are null", () => {
    const { "user-variables": _v, message: _m, ...bare } = delivered;
    expect(events(bare)).toMatchObject([
      { deliveryId: null, providerMessageId: null },
    ]);
  });
});
