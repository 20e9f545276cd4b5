// SNS messages signed for real: openssl makes a self-signed certificate and key, the test signs each
// message's canonical string with it (SignatureVersion 1 and 2) and stands in for AWS only where the
// certificate and the confirmation are fetched.
import { execFileSync } from "node:child_process";
import {
  createPrivateKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchSnsText, verifySnsEvents, type SnsOptions } from "./sns";
import { DELIVERY_TAG } from "./types";

const CERT_URL =
  "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123.pem";
const SUBSCRIBE_URL =
  "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:ses-events&Token=tok";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-events";

let dir: string;
let certificate: string;
let key: KeyObject;
let otherKey: KeyObject;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "sns-test-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
      "-days",
      "2",
      "-subj",
      "/CN=sns.amazonaws.com",
    ],
    { stdio: "ignore" },
  );
  certificate = readFileSync(path.join(dir, "cert.pem"), "utf8");
  key = createPrivateKey(readFileSync(path.join(dir, "key.pem")));
  otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Envelope = Record<string, string>;

/** A message as SNS sends it: AWS's keys in AWS's order, signed with `signer`. */
function snsBody(
  fields: Envelope,
  {
    version = "2",
    signer = key,
  }: { version?: "1" | "2"; signer?: KeyObject } = {},
): Envelope {
  const keys =
    fields.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : [
          "Message",
          "MessageId",
          "SubscribeURL",
          "Timestamp",
          "Token",
          "TopicArn",
          "Type",
        ];
  const canonical = keys
    .filter((k) => k in fields)
    .map((k) => `${k}\n${fields[k]}\n`)
    .join("");
  return {
    SignatureVersion: version,
    SigningCertURL: CERT_URL,
    ...fields,
    Signature: sign(
      version === "1" ? "sha1" : "sha256",
      Buffer.from(canonical),
      signer,
    ).toString("base64"),
  };
}

const notification = (message: unknown, extra: Envelope = {}) => ({
  Type: "Notification",
  MessageId: "sns-msg-1",
  TopicArn: TOPIC,
  Message: typeof message === "string" ? message : JSON.stringify(message),
  Timestamp: new Date().toISOString(),
  ...extra,
});

const confirmation = (type: string, extra: Envelope = {}) => ({
  Type: type,
  MessageId: "sns-sub-1",
  Token: "tok",
  TopicArn: TOPIC,
  Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
  SubscribeURL: SUBSCRIBE_URL,
  Timestamp: new Date().toISOString(),
  ...extra,
});

/** Verifies `body` with a fetcher that serves our certificate for any .pem URL, recording every fetch. */
async function check(
  body: Envelope | string,
  options: Partial<SnsOptions> & { header?: string } = {},
) {
  const fetched: string[] = [];
  const headers = new Headers(
    options.header ? { "x-amz-sns-message-type": options.header } : {},
  );
  const outcome = await verifySnsEvents(
    {
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    },
    {
      now: new Date(),
      fetchText: async (url) => {
        fetched.push(url);
        return url.endsWith(".pem")
          ? certificate
          : "<ConfirmSubscriptionResponse/>";
      },
      ...options,
    },
  );
  return { outcome, fetched };
}

const sesMail = {
  timestamp: "2026-12-03T16:00:00.000Z",
  messageId: "0102018c-ses-message",
  source: "hello@demo.example",
  destination: ["ann@example.com"],
};

describe("SES notifications through SNS", () => {
  it("turns a permanent bounce (identity notification, SignatureVersion 1) into a hard bounce", async () => {
    const { outcome } = await check(
      snsBody(
        notification({
          notificationType: "Bounce",
          mail: sesMail,
          bounce: {
            bounceType: "Permanent",
            bounceSubType: "General",
            timestamp: "2026-12-03T16:00:05.000Z",
            bouncedRecipients: [
              {
                emailAddress: "ann@example.com",
                diagnosticCode: "smtp; 550 5.1.1 user unknown",
              },
            ],
          },
        }),
        { version: "1" },
      ),
    );
    expect(outcome).toEqual({
      ok: true,
      events: [
        {
          provider: "ses",
          eventId: "sns-msg-1:0",
          kind: "bounce",
          bounce: "hard",
          email: "ann@example.com",
          deliveryId: null,
          providerMessageId: "0102018c-ses-message",
          occurredAt: new Date("2026-12-03T16:00:05.000Z"),
          detail: "smtp; 550 5.1.1 user unknown",
        },
      ],
    });
  });

  it.each(["Transient", "Undetermined"])(
    "turns a %s bounce (event publishing, SignatureVersion 2) into a soft bounce with our delivery id",
    async (bounceType) => {
      const { outcome } = await check(
        snsBody(
          notification({
            eventType: "Bounce",
            mail: {
              ...sesMail,
              tags: {
                "ses:configuration-set": ["trigger-map"],
                [DELIVERY_TAG]: ["cdelivery123"],
              },
            },
            bounce: {
              bounceType,
              timestamp: "2026-12-03T16:00:05.000Z",
              bouncedRecipients: [{ emailAddress: "ann@example.com" }],
            },
          }),
        ),
      );
      expect(outcome).toMatchObject({
        ok: true,
        events: [
          {
            kind: "bounce",
            bounce: "soft",
            deliveryId: "cdelivery123",
            detail: null,
          },
        ],
      });
    },
  );

  it("gives one complaint per complained recipient, each with its own event id", async () => {
    const { outcome } = await check(
      snsBody(
        notification({
          eventType: "Complaint",
          mail: { ...sesMail, tags: { [DELIVERY_TAG]: ["cdelivery123"] } },
          complaint: {
            complaintFeedbackType: "abuse",
            timestamp: "2026-12-03T17:00:00.000Z",
            complainedRecipients: [
              { emailAddress: "ann@example.com" },
              { emailAddress: "bob@example.com" },
            ],
          },
        }),
      ),
    );
    expect(outcome.ok && outcome.events).toMatchObject([
      {
        eventId: "sns-msg-1:0",
        kind: "complaint",
        email: "ann@example.com",
        deliveryId: "cdelivery123",
        detail: "abuse",
        occurredAt: new Date("2026-12-03T17:00:00.000Z"),
      },
      { eventId: "sns-msg-1:1", kind: "complaint", email: "bob@example.com" },
    ]);
  });

  it("gives one delivered event per recipient, dated by the SNS message when SES gives no time", async () => {
    const sent = new Date(Date.now() - 60_000).toISOString();
    const { outcome } = await check(
      snsBody(
        notification(
          {
            notificationType: "Delivery",
            mail: sesMail,
            delivery: {
              recipients: ["ann@example.com", "bob@example.com"],
              smtpResponse: "250 2.0.0 OK",
            },
          },
          { Timestamp: sent },
        ),
        { version: "1" },
      ),
    );
    expect(outcome.ok && outcome.events).toMatchObject([
      {
        kind: "delivered",
        email: "ann@example.com",
        detail: "250 2.0.0 OK",
        occurredAt: new Date(sent),
      },
      { kind: "delivered", email: "bob@example.com", eventId: "sns-msg-1:1" },
    ]);
  });

  it("verifies a Subject when the message has one", async () => {
    const body = snsBody(
      notification(
        { notificationType: "Delivery", mail: sesMail, delivery: {} },
        { Subject: "Amazon SES Email Event Notification" },
      ),
    );
    expect((await check(body)).outcome).toEqual({ ok: true, events: [] });
    expect((await check({ ...body, Subject: "Other" })).outcome).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it("ignores SES events that are not bounces, complaints or deliveries, and messages that are not JSON", async () => {
    for (const message of [
      { eventType: "Open", mail: sesMail, open: {} },
      { eventType: "Send", mail: sesMail, send: {} },
      "Successfully validated SNS topic for Amazon SES event publishing.",
    ])
      expect((await check(snsBody(notification(message)))).outcome).toEqual({
        ok: true,
        events: [],
      });
  });

  it("fetches a certificate once for many messages", async () => {
    const url = CERT_URL.replace("0123", "cached");
    const body = {
      ...snsBody(notification("hello")),
      SigningCertURL: url,
    };
    // The certificate URL is not signed: the same signature holds with another one.
    const first = await check(body);
    const second = await check(body);
    expect([first.outcome.ok, second.outcome.ok]).toEqual([true, true]);
    expect([...first.fetched, ...second.fetched]).toEqual([url]);
  });
});

describe("refused SNS messages", () => {
  const bounce = {
    notificationType: "Bounce",
    mail: sesMail,
    bounce: {
      bounceType: "Permanent",
      bouncedRecipients: [{ emailAddress: "ann@example.com" }],
    },
  };

  it.each(["1", "2"] as const)(
    "a forged signature is refused (SignatureVersion %s)",
    async (version) => {
      const { outcome } = await check(
        snsBody(notification(bounce), { version, signer: otherKey }),
      );
      expect(outcome).toEqual({
        ok: false,
        status: 401,
        reason: "the signature does not match",
      });
    },
  );

  it("a tampered Message is refused", async () => {
    const body = snsBody(notification(bounce));
    const { outcome } = await check({
      ...body,
      Message: body.Message.replace("ann@", "bob@"),
    });
    expect(outcome).toMatchObject({ ok: false, status: 401 });
  });

  it.each([
    "https://sns.evil.com/x.pem",
    "http://sns.eu-west-1.amazonaws.com/x.pem",
    "https://sns.eu-west-1.amazonaws.com.evil.com/x.pem",
    "https://sns.eu-west-1.amazonaws.com:8443/x.pem",
    "https://sns.eu-west-1.amazonaws.com/x.txt",
    "https://evil.com/sns.eu-west-1.amazonaws.com/x.pem",
    "not a url",
  ])(
    "a certificate at %s is refused without fetching it",
    async (SigningCertURL) => {
      const { outcome, fetched } = await check({
        ...snsBody(notification(bounce)),
        SigningCertURL,
      });
      expect(outcome).toMatchObject({ ok: false, status: 401 });
      expect(fetched).toEqual([]);
    },
  );

  it("accepts China's SNS hosts", async () => {
    const SigningCertURL =
      "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-cn.pem";
    const { outcome, fetched } = await check({
      ...snsBody(notification(bounce)),
      SigningCertURL,
    });
    expect(outcome.ok).toBe(true);
    expect(fetched).toEqual([SigningCertURL]);
  });

  it("a message more than an hour old is refused without fetching", async () => {
    const { outcome, fetched } = await check(
      snsBody(
        notification(bounce, {
          Timestamp: new Date(Date.now() - 61 * 60_000).toISOString(),
        }),
      ),
    );
    expect(outcome).toMatchObject({ ok: false, status: 401 });
    expect(fetched).toEqual([]);
  });

  it("a certificate past its validity is refused", async () => {
    const later = new Date(Date.now() + 5 * 86_400_000);
    const { outcome } = await check(
      snsBody(notification(bounce, { Timestamp: later.toISOString() })),
      { now: later },
    );
    expect(outcome).toEqual({
      ok: false,
      status: 401,
      reason: "the signing certificate is not valid now",
    });
  });

  it("another account's topic is refused before anything is fetched", async () => {
    const { outcome, fetched } = await check(snsBody(notification(bounce)), {
      acceptTopic: (arn) => arn === "arn:aws:sns:eu-west-1:999:mine",
    });
    expect(outcome).toMatchObject({ ok: false, status: 401 });
    expect(fetched).toEqual([]);
  });

  it("a body that is not JSON, or lacks a signed field, is a bad request", async () => {
    const body = snsBody(notification(bounce));
    const { MessageId: _, ...withoutId } = body;
    expect((await check("{not json")).outcome).toMatchObject({
      status: 400,
    });
    expect((await check(withoutId)).outcome).toEqual({
      ok: false,
      status: 400,
      reason: "MessageId is missing",
    });
    expect(
      (await check({ ...body, SignatureVersion: "3" })).outcome,
    ).toMatchObject({ status: 400 });
    expect((await check({ ...body, Type: "Other" })).outcome).toMatchObject({
      status: 400,
    });
  });

  it("an x-amz-sns-message-type header that is not the message's Type is a bad request", async () => {
    const body = snsBody(notification(bounce));
    expect(
      (await check(body, { header: "SubscriptionConfirmation" })).outcome,
    ).toMatchObject({ ok: false, status: 400 });
    expect((await check(body, { header: "Notification" })).outcome.ok).toBe(
      true,
    );
  });
});

describe("SNS subscriptions", () => {
  it("confirms a signed SubscriptionConfirmation by fetching its SubscribeURL once", async () => {
    const { outcome, fetched } = await check(
      snsBody(confirmation("SubscriptionConfirmation"), { version: "1" }),
      { header: "SubscriptionConfirmation" },
    );
    expect(outcome).toEqual({ ok: true, events: [], confirmed: true });
    expect(fetched.filter((url) => url === SUBSCRIBE_URL)).toHaveLength(1);
  });

  it("does not confirm a forged SubscriptionConfirmation", async () => {
    const { outcome, fetched } = await check(
      snsBody(confirmation("SubscriptionConfirmation"), { signer: otherKey }),
    );
    expect(outcome).toMatchObject({ ok: false, status: 401 });
    expect(fetched).not.toContain(SUBSCRIBE_URL);
  });

  it.each([
    "https://evil.com/?Action=ConfirmSubscription",
    "http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription",
  ])(
    "refuses a SubscribeURL at %s and fetches nothing",
    async (SubscribeURL) => {
      const { outcome, fetched } = await check(
        snsBody(confirmation("SubscriptionConfirmation", { SubscribeURL })),
      );
      expect(outcome).toEqual({
        ok: false,
        status: 401,
        reason: "SubscribeURL is not on an SNS host",
      });
      expect(fetched).toEqual([]);
    },
  );

  it("takes a signed UnsubscribeConfirmation without calling anything back", async () => {
    const { outcome, fetched } = await check(
      snsBody(confirmation("UnsubscribeConfirmation")),
    );
    expect(outcome).toEqual({ ok: true, events: [] });
    expect(fetched).not.toContain(SUBSCRIBE_URL);
  });
});

describe("fetching from SNS", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/cert.pem") return void res.end("-----BEGIN");
      if (req.url === "/big.pem") return void res.end("x".repeat(65 * 1024));
      res.writeHead(404).end("no");
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads the text, and refuses an error status or more than 64 KB", async () => {
    expect(await fetchSnsText(`${base}/cert.pem`)).toBe("-----BEGIN");
    await expect(fetchSnsText(`${base}/missing.pem`)).rejects.toThrow(
      /SNS 404/,
    );
    await expect(fetchSnsText(`${base}/big.pem`)).rejects.toThrow(
      /larger than 65536 bytes/,
    );
  });
});
