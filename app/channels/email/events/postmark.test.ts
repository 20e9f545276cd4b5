// Postmark's webhooks, known by the Basic credentials in their URL, and each record mapped to the
// one shape, or left out.
import { describe, expect, it } from "vitest";
import { postmarkWebhookUrl, verifyPostmarkEvents } from "./postmark";
import { DELIVERY_TAG, type EventRequest } from "./types";

const password = "s3cret-Pass_word";
const now = new Date("2026-12-03T12:00:00Z");
const basic = (credentials: string) =>
  `Basic ${Buffer.from(credentials).toString("base64")}`;

const request = (
  body: object | string,
  authorization: string | null = basic(`trigger-map:${password}`),
): EventRequest => ({
  headers: new Headers(authorization ? { Authorization: authorization } : {}),
  body: typeof body === "string" ? body : JSON.stringify(body),
});

const delivery = {
  RecordType: "Delivery",
  ServerID: 23,
  MessageStream: "broadcast",
  MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
  Recipient: "ann@example.com",
  Tag: "",
  DeliveredAt: "2026-12-03T11:58:10.2735393-05:00",
  Details: "Test delivery webhook details",
  Metadata: { [DELIVERY_TAG]: "dlv_1" },
};

const bounce = (Type: string) => ({
  RecordType: "Bounce",
  ID: 42,
  Type,
  TypeCode: 1,
  Name: "Hard bounce",
  MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
  Description:
    "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
  Details:
    "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
  Email: "ann@example.com",
  From: "hello@demo.example",
  BouncedAt: "2026-12-03T11:58:10Z",
  Inactive: true,
  MessageStream: "broadcast",
  Metadata: { [DELIVERY_TAG]: "dlv_1" },
});

const events = (body: object | string) => {
  const outcome = verifyPostmarkEvents(request(body), password, now);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.events;
};

describe("knowing Postmark by its credentials", () => {
  it("a request with the webhook URL's credentials is taken", () => {
    expect(verifyPostmarkEvents(request(delivery), password)).toMatchObject({
      ok: true,
      events: [{ kind: "delivered" }],
    });
  });

  it("a wrong password, another user name, or no credentials at all are refused", () => {
    for (const authorization of [
      basic("trigger-map:guess"),
      basic(`someone:${password}`),
      basic(`trigger-map:${password}x`),
      `Bearer ${password}`,
      "Basic",
      "Basic !!!",
      null,
    ])
      expect(
        verifyPostmarkEvents(request(delivery, authorization), password),
      ).toMatchObject({ ok: false, status: 401 });
  });

  it("the scheme name is read in any case, as HTTP has it", () => {
    const authorization = basic(`trigger-map:${password}`).replace(
      "Basic",
      "basic",
    );
    expect(
      verifyPostmarkEvents(request(delivery, authorization), password).ok,
    ).toBe(true);
  });

  it("with no password set, even an empty password is refused", () => {
    expect(
      verifyPostmarkEvents(request(delivery, basic("trigger-map:")), ""),
    ).toMatchObject({ ok: false, status: 401 });
  });

  it("a body that is not JSON, or not one object, is a bad request with a reason", () => {
    expect(verifyPostmarkEvents(request("{"), password)).toEqual({
      ok: false,
      status: 400,
      reason: "The body is not JSON",
    });
    expect(verifyPostmarkEvents(request([delivery]), password)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("credentials are checked before the body is read", () => {
    expect(
      verifyPostmarkEvents(request("{", basic("trigger-map:guess")), password),
    ).toMatchObject({ ok: false, status: 401 });
  });
});

describe("the webhook URL given to Postmark", () => {
  it("carries the user name and the password in its userinfo", () => {
    expect(
      postmarkWebhookUrl(
        "https://app.example/webhooks/email/postmark?shop=1",
        password,
      ),
    ).toBe(
      `https://trigger-map:${password}@app.example/webhooks/email/postmark?shop=1`,
    );
  });

  it("percent-encodes a password's reserved characters, and it decodes back to the password", () => {
    const odd = "p@ss:w/rd %41#?é";
    const url = new URL(postmarkWebhookUrl("https://app.example/hook", odd));
    expect([url.hostname, url.pathname, url.username]).toEqual([
      "app.example",
      "/hook",
      "trigger-map",
    ]);
    expect(decodeURIComponent(url.password)).toBe(odd);
  });

  it("replaces any credentials already in the base URL", () => {
    expect(postmarkWebhookUrl("https://a:b@app.example/hook", "pw")).toBe(
      "https://trigger-map:pw@app.example/hook",
    );
  });
});

describe("Postmark's records", () => {
  it("a Delivery is a delivery, with our delivery id from Metadata, Postmark's message id, and its time", () => {
    expect(events(delivery)).toEqual([
      {
        provider: "postmark",
        eventId: "delivery:883953f4-6105-42a2-a16a-77a8eac79483",
        kind: "delivered",
        email: "ann@example.com",
        deliveryId: "dlv_1",
        providerMessageId: "883953f4-6105-42a2-a16a-77a8eac79483",
        occurredAt: new Date("2026-12-03T16:58:10.273Z"),
        detail: "Test delivery webhook details",
      },
    ]);
  });

  it.each(["HardBounce", "BadEmailAddress", "ManuallyDeactivated"])(
    "a %s bounce is hard, with the receiving server's words",
    (type) => {
      expect(events(bounce(type))).toEqual([
        {
          provider: "postmark",
          eventId: "bounce:42",
          kind: "bounce",
          bounce: "hard",
          email: "ann@example.com",
          deliveryId: "dlv_1",
          providerMessageId: "883953f4-6105-42a2-a16a-77a8eac79483",
          occurredAt: new Date("2026-12-03T11:58:10Z"),
          detail:
            "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        },
      ]);
    },
  );

  it.each(["SoftBounce", "Transient", "DnsError", "Blocked"])(
    "a %s bounce is soft",
    (type) => {
      expect(events(bounce(type))).toMatchObject([
        { kind: "bounce", bounce: "soft" },
      ]);
    },
  );

  it("a 64-bit bounce ID is kept to its last digit, not rounded as a number would be", () => {
    const body = JSON.stringify(bounce("HardBounce")).replace(
      '"ID":42',
      '"ID":4323372036854775807',
    );
    expect(events(body)).toMatchObject([
      { eventId: "bounce:4323372036854775807" },
    ]);
    expect(events(body.replace("775807", "775808"))).toMatchObject([
      { eventId: "bounce:4323372036854775808" },
    ]);
  });

  it("a bounce without Details is explained by Postmark's Description", () => {
    expect(events({ ...bounce("SoftBounce"), Details: "" })).toMatchObject([
      { detail: expect.stringMatching(/^The server was unable/) },
    ]);
  });

  it.each([
    "AutoResponder",
    "AddressChange",
    "Unsubscribe",
    "Subscribe",
    "SpamNotification",
    "DMARCPolicy",
    "Unknown",
    "OpenRelayTest",
    "ChallengeVerification",
    "VirusNotification",
  ])("a %s bounce, no failure of the address, is left out", (type) => {
    expect(events(bounce(type))).toEqual([]);
  });

  it("a SpamComplaint, as its own record or as a bounce Type, is one complaint with one event id", () => {
    const asRecord = {
      ...bounce("SpamComplaint"),
      RecordType: "SpamComplaint",
    };
    const asBounce = bounce("SpamComplaint");
    for (const record of [asRecord, asBounce])
      expect(events(record)).toEqual([
        expect.objectContaining({
          eventId: "complaint:42",
          kind: "complaint",
          email: "ann@example.com",
          occurredAt: new Date("2026-12-03T11:58:10Z"),
        }),
      ]);
    expect(events(asRecord)[0]).not.toHaveProperty("bounce");
  });

  it("opens, clicks and subscription changes are left out", () => {
    for (const RecordType of ["Open", "Click", "SubscriptionChange", undefined])
      expect(events({ ...delivery, RecordType })).toEqual([]);
  });

  it("a record without its id or its address is left out", () => {
    expect(events({ ...delivery, MessageID: undefined })).toEqual([]);
    expect(events({ ...delivery, Recipient: "" })).toEqual([]);
    expect(events({ ...bounce("HardBounce"), ID: undefined })).toEqual([]);
    expect(events({ ...bounce("HardBounce"), Email: undefined })).toEqual([]);
  });

  it("without Metadata the delivery id is null; an unreadable time is now", () => {
    const { Metadata: _m, ...bare } = delivery;
    expect(events({ ...bare, DeliveredAt: "yesterday" })).toMatchObject([
      { deliveryId: null, occurredAt: now },
    ]);
  });
});
