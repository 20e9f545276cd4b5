// The HTTP email APIs against local fakes that hold each provider to its documented request (URL,
// authentication, body shape) and answer as it does; failures map to transient or permanent.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsV4Signer } from "aws4fetch";
import { DELIVERY_TAG } from "./events/types";
import { unsubscribeHeaders } from "./headers";
import { createMailgunProvider } from "./mailgun.server";
import { createPostmarkProvider } from "./postmark.server";
import { createSendGridProvider } from "./sendgrid.server";
import { createSesProvider } from "./ses.server";
import type { OutgoingEmail } from "./types";

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
let seen: Seen[] = [];
let answer: { status: number; body: string; headers?: Record<string, string> } =
  { status: 200, body: "{}" };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      // Status 0: the request arrived, and the connection drops before any answer.
      if (answer.status === 0) return void req.socket.destroy();
      res
        .writeHead(answer.status, {
          "Content-Type": "application/json",
          ...answer.headers,
        })
        .end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const marketing: OutgoingEmail = {
  from: { name: "Demo Store", address: "hello@demo.example" },
  to: "ann@example.com",
  subject: "Your cart is waiting",
  html: "<p>Your <b>cart</b></p>",
  text: "Your cart",
  headers: unsubscribeHeaders(
    "https://demo.myshopify.com/apps/trigger-map/unsubscribe?c=1&t=abc",
    "unsubscribe@demo.example",
  ),
  messageId: "<run-1.step-2@trigger-map.app>",
};
/** A delivery's email: its id goes along for the provider's events to echo back. */
const tracked: OutgoingEmail = { ...marketing, deliveryId: "cdelivery0001" };

describe("SendGrid", () => {
  it("posts v3 mail/send with the bearer key, text before HTML, and the unsubscribe headers", async () => {
    answer = { status: 202, body: "", headers: { "X-Message-Id": "sg-123" } };
    const sent = await createSendGridProvider({
      apiKey: "SG.key",
      baseUrl: base,
    }).send(marketing);
    expect(sent).toEqual({ providerMessageId: "sg-123" });
    const [request] = seen;
    expect([
      request.method,
      request.path,
      request.headers.authorization,
    ]).toEqual(["POST", "/v3/mail/send", "Bearer SG.key"]);
    expect(JSON.parse(request.body)).toEqual({
      personalizations: [{ to: [{ email: "ann@example.com" }] }],
      from: { email: "hello@demo.example", name: "Demo Store" },
      subject: "Your cart is waiting",
      content: [
        { type: "text/plain", value: "Your cart" },
        { type: "text/html", value: "<p>Your <b>cart</b></p>" },
      ],
      headers: { ...marketing.headers, "Message-ID": marketing.messageId },
    });
  });

  it("sends the delivery id as the recipient's custom arg, which SendGrid's events echo back", async () => {
    answer = { status: 202, body: "", headers: { "X-Message-Id": "sg-124" } };
    await createSendGridProvider({ apiKey: "SG.key", baseUrl: base }).send(
      tracked,
    );
    expect(JSON.parse(seen[0].body).personalizations).toEqual([
      {
        to: [{ email: "ann@example.com" }],
        custom_args: { [DELIVERY_TAG]: "cdelivery0001" },
      },
    ]);
  });

  it("takes 429 and 5xx as transient, other refusals as permanent", async () => {
    const sendgrid = createSendGridProvider({
      apiKey: "SG.key",
      baseUrl: base,
    });
    answer = { status: 429, body: '{"errors":[{"message":"too many"}]}' };
    await expect(sendgrid.send(marketing)).rejects.toMatchObject({
      kind: "transient",
    });
    answer = { status: 503, body: "" };
    await expect(sendgrid.send(marketing)).rejects.toMatchObject({
      kind: "transient",
    });
    answer = {
      status: 401,
      body: '{"errors":[{"message":"The provided authorization grant is invalid"}]}',
    };
    await expect(sendgrid.send(marketing)).rejects.toMatchObject({
      kind: "permanent",
      message: expect.stringContaining("authorization grant"),
    });
  });
});

describe("Postmark", () => {
  it("posts /email with the server token, marketing on the broadcast stream", async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        To: "ann@example.com",
        MessageID: "pm-1",
        ErrorCode: 0,
        Message: "OK",
      }),
    };
    const sent = await createPostmarkProvider({
      serverToken: "pm-token",
      baseUrl: base,
    }).send(marketing);
    expect(sent).toEqual({ providerMessageId: "pm-1" });
    const [request] = seen;
    expect([
      request.path,
      request.headers["x-postmark-server-token"],
      request.headers.accept,
    ]).toEqual(["/email", "pm-token", "application/json"]);
    expect(JSON.parse(request.body)).toMatchObject({
      From: "Demo Store <hello@demo.example>",
      To: "ann@example.com",
      HtmlBody: "<p>Your <b>cart</b></p>",
      TextBody: "Your cart",
      MessageStream: "broadcast",
      Headers: expect.arrayContaining([
        { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
      ]),
    });
    await createPostmarkProvider({
      serverToken: "pm-token",
      baseUrl: base,
    }).send({ ...marketing, headers: {} });
    expect(JSON.parse(seen[1].body).MessageStream).toBe("outbound");
    expect(JSON.parse(seen[0].body)).not.toHaveProperty("Metadata");
  });

  it("sends the delivery id in Metadata, which Postmark's webhooks echo back", async () => {
    answer = { status: 200, body: JSON.stringify({ MessageID: "pm-2" }) };
    await createPostmarkProvider({ serverToken: "t", baseUrl: base }).send(
      tracked,
    );
    expect(JSON.parse(seen[0].body).Metadata).toEqual({
      [DELIVERY_TAG]: "cdelivery0001",
    });
    // Postmark takes Metadata keys of at most 20 characters.
    expect(DELIVERY_TAG.length).toBeLessThanOrEqual(20);
  });

  it("takes an inactive recipient (422) as permanent", async () => {
    answer = {
      status: 422,
      body: JSON.stringify({
        ErrorCode: 406,
        Message:
          "You tried to send to a recipient that has been marked as inactive.",
      }),
    };
    await expect(
      createPostmarkProvider({ serverToken: "t", baseUrl: base }).send(
        marketing,
      ),
    ).rejects.toMatchObject({ kind: "permanent" });
  });
});

describe("Mailgun", () => {
  it("posts the domain's messages with basic auth as api, a form body and h: headers", async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        id: "<mg-1@mg.demo.example>",
        message: "Queued. Thank you.",
      }),
    };
    const sent = await createMailgunProvider({
      apiKey: "key-1",
      domain: "mg.demo.example",
      baseUrl: base,
    }).send(marketing);
    expect(sent).toEqual({ providerMessageId: "<mg-1@mg.demo.example>" });
    const [request] = seen;
    expect(request.path).toBe("/v3/mg.demo.example/messages");
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from("api:key-1").toString("base64")}`,
    );
    const form = new URLSearchParams(request.body);
    expect(Object.fromEntries(form)).toMatchObject({
      from: "Demo Store <hello@demo.example>",
      to: "ann@example.com",
      subject: "Your cart is waiting",
      text: "Your cart",
      "h:List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "h:Message-Id": "<run-1.step-2@trigger-map.app>",
    });
    expect(form.has(`v:${DELIVERY_TAG}`)).toBe(false);
  });

  it("sends the delivery id as a v: variable, which Mailgun's events echo in user-variables", async () => {
    answer = {
      status: 200,
      body: JSON.stringify({ id: "<mg-2@mg.demo.example>" }),
    };
    await createMailgunProvider({
      apiKey: "key-1",
      domain: "mg.demo.example",
      baseUrl: base,
    }).send(tracked);
    expect(
      new URLSearchParams(seen[0].body).getAll(`v:${DELIVERY_TAG}`),
    ).toEqual(["cdelivery0001"]);
  });
});

describe("Amazon SES v2", () => {
  it("signs AWS's Signature Version 4 test vector post-x-www-form-urlencoded exactly", async () => {
    // From AWS's SigV4 test suite: a POST with a body, 2015-08-30 12:36:00 UTC, us-east-1. The
    // provider signs with the same signer, so this proves its signatures are AWS's.
    const signer = new AwsV4Signer({
      method: "POST",
      url: "https://example.amazonaws.com/",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "Param1=value1",
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      service: "service",
      region: "us-east-1",
      datetime: "20150830T123600Z",
      allHeaders: true,
    });
    expect(await signer.canonicalString()).toBe(
      "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
    );
    const { headers } = await signer.sign();
    expect(headers.get("authorization")).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    );
  });

  it("posts outbound-emails signed for ses in the region, with Simple content and headers", async () => {
    answer = { status: 200, body: JSON.stringify({ MessageId: "ses-1" }) };
    const sent = await createSesProvider({
      accessKeyId: "AKID",
      secretAccessKey: "secret",
      region: "eu-west-1",
      baseUrl: base,
    }).send(marketing);
    expect(sent).toEqual({ providerMessageId: "ses-1" });
    const [request] = seen;
    expect(request.path).toBe("/v2/email/outbound-emails");
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/ses\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(request.body)).toMatchObject({
      FromEmailAddress: "Demo Store <hello@demo.example>",
      Destination: { ToAddresses: ["ann@example.com"] },
      Content: {
        Simple: {
          Subject: { Data: "Your cart is waiting" },
          Body: { Html: { Data: "<p>Your <b>cart</b></p>" } },
          Headers: expect.arrayContaining([
            {
              Name: "List-Unsubscribe-Post",
              Value: "List-Unsubscribe=One-Click",
            },
          ]),
        },
      },
    });
  });

  it("tags the message with its delivery id, which SES's events echo back", async () => {
    answer = { status: 200, body: JSON.stringify({ MessageId: "ses-2" }) };
    const ses = createSesProvider({
      accessKeyId: "AKID",
      secretAccessKey: "secret",
      region: "eu-west-1",
      baseUrl: base,
      configurationSet: "trigger-map",
    });
    await ses.send({ ...marketing, deliveryId: "clx1delivery_id-2" });
    await ses.send(marketing);
    const [tagged, untagged] = seen.map((r) => JSON.parse(r.body));
    expect(tagged).toMatchObject({
      ConfigurationSetName: "trigger-map",
      EmailTags: [{ Name: DELIVERY_TAG, Value: "clx1delivery_id-2" }],
    });
    expect(untagged).not.toHaveProperty("EmailTags");
  });

  it("takes a rejected message as permanent and throttling as transient", async () => {
    const ses = createSesProvider({
      accessKeyId: "AKID",
      secretAccessKey: "secret",
      region: "eu-west-1",
      baseUrl: base,
    });
    answer = {
      status: 400,
      body: JSON.stringify({ message: "Email address is not verified." }),
    };
    await expect(ses.send(marketing)).rejects.toMatchObject({
      kind: "permanent",
    });
    answer = {
      status: 429,
      body: JSON.stringify({ message: "Maximum sending rate exceeded." }),
    };
    await expect(ses.send(marketing)).rejects.toMatchObject({
      kind: "transient",
    });
  });
});

describe("a provider that cannot be reached", () => {
  it("is a transient failure", async () => {
    await expect(
      createSendGridProvider({
        apiKey: "k",
        baseUrl: "http://127.0.0.1:1",
      }).send(marketing),
    ).rejects.toMatchObject({ kind: "transient" });
  });

  it("that took the request and never answered may have sent it: the outcome is unknown, not retried", async () => {
    answer = { status: 0, body: "" };
    await expect(
      createSendGridProvider({ apiKey: "k", baseUrl: base }).send(marketing),
    ).rejects.toMatchObject({ kind: "unknown" });
    expect(seen).toHaveLength(1);
    answer = { status: 200, body: "{}" };
  });
});
