// Provider events signed as each provider signs them, for tests that post them to the app: SendGrid
// (ECDSA P-256 over timestamp + body), Mailgun (HMAC-SHA256 of timestamp + token), Postmark (Basic
// credentials) and SES through SNS (RSA over the canonical string, a certificate openssl made).
import { execFileSync } from "node:child_process";
import {
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  type KeyObject,
} from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Signed {
  headers: Record<string, string>;
  body: string;
}

export function sendgridSigner() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
  });
  return {
    /** What SendGrid's settings page shows: the public key, base64 SPKI DER. */
    verificationKey: publicKey
      .export({ type: "spki", format: "der" })
      .toString("base64"),
    sign(events: object[], key: KeyObject = privateKey): Signed {
      const body = JSON.stringify(events);
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        headers: {
          "Content-Type": "application/json",
          "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
          "X-Twilio-Email-Event-Webhook-Signature": sign(
            "sha256",
            Buffer.from(timestamp + body),
            key,
          ).toString("base64"),
        },
        body,
      };
    },
  };
}

export function signMailgun(eventData: object, signingKey: string): Signed {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = randomUUID().replace(/-/g, "");
  return {
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      signature: {
        timestamp,
        token,
        signature: createHmac("sha256", signingKey)
          .update(timestamp + token)
          .digest("hex"),
      },
      "event-data": eventData,
    }),
  };
}

/** Postmark's request: the credentials from the URL's userinfo, as a Basic header (fetch refuses them in a URL). */
export function postmarkRequest(url: string, record: object) {
  const parsed = new URL(url);
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = parsed.password = "";
  return {
    url: parsed.toString(),
    headers: {
      "Content-Type": "application/json",
      Authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
    },
    body: JSON.stringify(record),
  };
}

export const SES_TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-events";

export const SNS_CERT_URL =
  "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem";

/** An SNS signer with a self-signed certificate; `fetchText` serves it where the app fetches SNS_CERT_URL. */
export function snsSigner() {
  const dir = mkdtempSync(path.join(tmpdir(), "sns-"));
  try {
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
        ...["-keyout", path.join(dir, "key.pem")],
        ...["-out", path.join(dir, "cert.pem"), "-subj", "/CN=sns.test"],
      ],
      { stdio: "ignore" },
    );
    const certificate = readFileSync(path.join(dir, "cert.pem"), "utf8");
    const key = createPrivateKey(readFileSync(path.join(dir, "key.pem")));
    return {
      fetchText: async (url: string) => {
        if (url !== SNS_CERT_URL) throw new Error(`unexpected fetch ${url}`);
        return certificate;
      },
      /** An SES event published to the topic, as SNS posts it. */
      sign(
        message: object,
        signer: KeyObject = key,
        messageId: string = randomUUID(),
        topicArn = SES_TOPIC,
      ): Signed {
        const fields: Record<string, string> = {
          Type: "Notification",
          MessageId: messageId,
          TopicArn: topicArn,
          Message: JSON.stringify(message),
          Timestamp: new Date().toISOString(),
        };
        const canonical = [
          "Message",
          "MessageId",
          "Timestamp",
          "TopicArn",
          "Type",
        ]
          .map((k) => `${k}\n${fields[k]}\n`)
          .join("");
        return {
          headers: {
            "Content-Type": "text/plain; charset=UTF-8",
            "x-amz-sns-message-type": "Notification",
          },
          body: JSON.stringify({
            ...fields,
            SignatureVersion: "2",
            SigningCertURL: SNS_CERT_URL,
            Signature: sign("sha256", Buffer.from(canonical), signer).toString(
              "base64",
            ),
          }),
        };
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
