// Each HTTP email provider's signed bounce and complaint, posted to the app as the provider posts
// them, on both databases: the bounced address is suppressed; the complaint's address is suppressed,
// its contact unsubscribed here and in Shopify (the double); the next marketing email to either is
// skipped with the reason; a forged event changes nothing, and a retried one is applied once.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import type { EventProvider } from "../../app/channels/email/events/types";
import { emailEventsUrl } from "../../app/deliveries/email-event-urls.server";
import { receiveEmailEvents } from "../../app/deliveries/email-webhook.server";
import { enqueueSend } from "../../app/deliveries/send.server";
import { SUPPRESSED_REASON } from "../../app/deliveries/suppression.server";
import { createEventLog } from "../../app/events/ingest.server";
import {
  createCustomer,
  findCustomer,
} from "../../app/storefront/shopify-customers.server";
import {
  SANDBOX_KEY,
  SANDBOX_LINK_KEYS,
  startTestAppWithWorker,
  type TestAppWithWorker,
} from "../support/app";
import { PROVIDERS } from "../support/databases";
import {
  SES_TOPIC,
  postmarkRequest,
  sendgridSigner,
  signMailgun,
  snsSigner,
  type Signed,
} from "../support/provider-events";
import { adminGraphql } from "../support/shop";

const MAILGUN_KEY = "mailgun-webhook-signing-key-0123";
const sendgrid = sendgridSigner();
const sns = snsSigner();
const stranger = () =>
  generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
const rsaStranger = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

type Kind = "bounce" | "complaint";
interface Sent {
  id: string;
  email: string;
  providerMessageId: string;
}

/** Each provider: its settings, and its bounce or complaint as it posts it (forged: not signed by it). */
const providers: Record<
  EventProvider,
  {
    settings: Record<string, string>;
    event(kind: Kind, sent: Sent, forged?: boolean): Signed;
  }
> = {
  sendgrid: {
    settings: {
      kind: "sendgrid",
      apiKey: "SG.test",
      eventVerificationKey: sendgrid.verificationKey,
    },
    event: (kind, sent, forged) =>
      sendgrid.sign(
        [
          {
            email: sent.email,
            timestamp: Math.floor(Date.now() / 1000),
            event: kind === "bounce" ? "bounce" : "spamreport",
            ...(kind === "bounce"
              ? { type: "bounce", reason: "550 5.1.1 no such user" }
              : {}),
            sg_event_id: `${kind}-${sent.id}`,
            sg_message_id: `${sent.providerMessageId}.filter0001`,
            trigger_map_delivery: sent.id,
          },
        ],
        forged ? stranger() : undefined,
      ),
  },
  mailgun: {
    settings: {
      kind: "mailgun",
      apiKey: "key-test",
      domain: "mg.example.com",
      webhookSigningKey: MAILGUN_KEY,
    },
    event: (kind, sent, forged) =>
      signMailgun(
        {
          id: `${kind}-${sent.id}`,
          timestamp: Date.now() / 1000,
          recipient: sent.email,
          "user-variables": { trigger_map_delivery: sent.id },
          ...(kind === "bounce"
            ? {
                event: "failed",
                severity: "permanent",
                "delivery-status": { description: "No such mailbox" },
              }
            : { event: "complained" }),
        },
        forged ? "not-the-signing-key" : MAILGUN_KEY,
      ),
  },
  postmark: {
    settings: { kind: "postmark", serverToken: "pm-test" },
    event: (kind, sent) => ({
      headers: {},
      body: JSON.stringify({
        RecordType: kind === "bounce" ? "Bounce" : "SpamComplaint",
        ID: kind === "bounce" ? 4_300_000_001 : 4_300_000_002,
        Type: kind === "bounce" ? "HardBounce" : "SpamComplaint",
        Email: sent.email,
        BouncedAt: new Date().toISOString(),
        Details: kind === "bounce" ? "smtp;550 5.1.1 unknown user" : "",
        MessageID: sent.providerMessageId,
        Metadata: { trigger_map_delivery: sent.id },
      }),
    }),
  },
  ses: {
    settings: {
      kind: "ses",
      region: "eu-west-1",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "secret",
    },
    event: (kind, sent, forged) =>
      sns.sign(
        {
          eventType: kind === "bounce" ? "Bounce" : "Complaint",
          mail: {
            messageId: sent.providerMessageId,
            tags: { trigger_map_delivery: [sent.id] },
          },
          ...(kind === "bounce"
            ? {
                bounce: {
                  bounceType: "Permanent",
                  timestamp: new Date().toISOString(),
                  bouncedRecipients: [
                    { emailAddress: sent.email, diagnosticCode: "550 5.1.1" },
                  ],
                },
              }
            : {
                complaint: {
                  timestamp: new Date().toISOString(),
                  complainedRecipients: [{ emailAddress: sent.email }],
                },
              }),
        },
        forged ? rsaStranger() : undefined,
      ),
  },
};

describe.each(PROVIDERS)(
  "provider events on %s",
  { timeout: 120_000 },
  (database) => {
    let t: TestAppWithWorker;
    let shopId: string;
    const db = () => t.database.db;

    beforeAll(async () => {
      t = await startTestAppWithWorker(database);
      shopId = (
        await db().shop.findUniqueOrThrow({ where: { domain: t.shop } })
      ).id;
    });
    afterAll(() => t?.stop());

    /** Posts as the provider does: over HTTP to the app; SES in process, where the test serves SNS's certificate. */
    async function post(
      provider: EventProvider,
      signed: Signed,
      wrongUrl = false,
    ) {
      let url = emailEventsUrl(t.app.url, SANDBOX_LINK_KEYS, shopId, provider);
      if (wrongUrl) url = url.replace(/\/[^/]+$/, "/not-the-token");
      let headers = signed.headers;
      if (provider === "postmark") {
        const request = postmarkRequest(url, {});
        url = request.url;
        headers = { ...request.headers, ...signed.headers };
      }
      if (provider === "ses") {
        const [, , , , shop, token] = new URL(url).pathname.split("/");
        return receiveEmailEvents(
          {
            db: db(),
            queue: t.worker.queue,
            events: createEventLog(db(), t.worker.queue),
            keys: SANDBOX_LINK_KEYS,
            addressKey: SANDBOX_LINK_KEYS.address,
            encryptionKey: SANDBOX_KEY,
            now: () => new Date(),
            fetchText: sns.fetchText,
          },
          { provider, shopId: shop, token },
          new Request(url, { method: "POST", headers, body: signed.body }),
        );
      }
      return fetch(url, { method: "POST", headers, body: signed.body });
    }

    /** A marketing email the provider took, to a subscribed contact (with a Shopify customer when asked). */
    async function sentTo(
      provider: EventProvider,
      email: string,
      customer = false,
    ) {
      const shopifyCustomerId = customer
        ? await createCustomer(adminGraphql(t), {
            email,
            state: "SUBSCRIBED",
            at: new Date(),
          })
        : null;
      const contact = await db().contact.create({
        data: {
          shopId,
          email,
          emailConsent: "SUBSCRIBED",
          tags: [],
          shopifyCustomerId,
        },
      });
      const delivery = await marketingTo(contact.id, "SENT", provider);
      return {
        id: delivery.id,
        email,
        providerMessageId: `pm-${delivery.id}`,
        contactId: contact.id,
      };
    }

    let n = 0;
    const marketingTo = (
      contactId: string,
      status: "SENT" | "PENDING",
      provider: string,
    ) => {
      const key = `events-${++n}`;
      return db().delivery.create({
        data: {
          shopId,
          contactId,
          stepId: "s",
          channel: "EMAIL",
          messageKey: key,
          statusHistory: [],
          idempotencyKey: key,
          status,
          ...(status === "SENT"
            ? { provider, providerMessageId: `pm-${key}`, sentAt: new Date() }
            : {}),
          message: { title: "New this week", body: "Fresh arrivals." },
        },
      });
    };

    it.each(Object.keys(providers) as EventProvider[])(
      "%s: a signed bounce and a signed complaint suppress, unsubscribe in Shopify and skip the next marketing email; forged ones change nothing",
      async (provider) => {
        const p = providers[provider];
        expect(
          await saveEmailProvider(db(), t.shop, p.settings, SANDBOX_KEY),
        ).toEqual({ ok: true });
        const bounced = await sentTo(
          provider,
          `${provider}-bounce@example.com`,
        );
        const complained = await sentTo(
          provider,
          `${provider}-complaint@example.com`,
          true,
        );
        // The message id the provider gave is what binds events that echo no delivery id back.
        for (const sent of [bounced, complained])
          await db().delivery.update({
            where: { id: sent.id },
            data: { providerMessageId: sent.providerMessageId },
          });

        // Forged: not signed by the provider (Postmark: not its credentials), or not this shop's URL.
        const forged =
          provider === "postmark"
            ? await post(provider, {
                ...p.event("complaint", complained),
                headers: {
                  Authorization: `Basic ${Buffer.from("trigger-map:guess").toString("base64")}`,
                },
              })
            : await post(provider, p.event("complaint", complained, true));
        expect(forged.status).toBe(401);
        expect(
          (await post(provider, p.event("complaint", complained), true)).status,
        ).toBe(401);
        expect(
          await db().emailSuppression.count({
            where: { shopId, email: complained.email },
          }),
        ).toBe(0);

        const bounce = p.event("bounce", bounced);
        const first = await post(provider, bounce);
        expect(first.status).toBe(200);
        expect(await first.json()).toMatchObject({ applied: 1 });
        // The provider retries the same event: applied once.
        expect(await (await post(provider, bounce)).json()).toMatchObject({
          applied: 0,
          duplicate: 1,
        });
        const complaint = await post(
          provider,
          p.event("complaint", complained),
        );
        expect(await complaint.json()).toMatchObject({ applied: 1 });
        await t.worker.drain();
        expect(await t.worker.failures()).toEqual([]);

        const suppressed = await db().emailSuppression.findMany({
          where: { shopId, email: { in: [bounced.email, complained.email] } },
          orderBy: { email: "asc" },
        });
        expect(suppressed.map((s) => [s.email, s.reason, s.provider])).toEqual([
          [bounced.email, "HARD_BOUNCE", provider],
          [complained.email, "COMPLAINT", provider],
        ]);
        const contact = await db().contact.findUniqueOrThrow({
          where: { id: complained.contactId },
        });
        expect(contact.emailConsent).toBe("UNSUBSCRIBED");
        expect(
          (await findCustomer(adminGraphql(t), complained.email))
            ?.marketingState,
        ).toBe("UNSUBSCRIBED");
        expect(
          await db().delivery.findUniqueOrThrow({ where: { id: bounced.id } }),
        ).toMatchObject({ bounceKind: "hard", bouncedAt: expect.any(Date) });

        // The next marketing email to each is skipped, saying why.
        const next = await Promise.all(
          [bounced, complained].map((s) =>
            marketingTo(s.contactId, "PENDING", provider),
          ),
        );
        for (const d of next) await enqueueSend(t.worker.queue, d.id);
        await t.worker.drain();
        const after = await db().delivery.findMany({
          where: { id: { in: next.map((d) => d.id) } },
        });
        expect(
          next.map((d) => {
            const row = after.find((a) => a.id === d.id)!;
            return [row.status, row.error];
          }),
        ).toEqual([
          ["SKIPPED", SUPPRESSED_REASON.HARD_BOUNCE],
          ["SKIPPED", SUPPRESSED_REASON.COMPLAINT],
        ]);
      },
    );

    it("ses: the first verified message pins the SNS topic; another topic's, signed by SNS too, is refused until the provider is saved again", async () => {
      expect(
        await saveEmailProvider(
          db(),
          t.shop,
          providers.ses.settings,
          SANDBOX_KEY,
        ),
      ).toEqual({ ok: true });
      const sent = await sentTo("ses", "ses-topic@example.com");
      const delivered = (topic: string) =>
        sns.sign(
          {
            eventType: "Delivery",
            mail: {
              messageId: sent.providerMessageId,
              tags: { trigger_map_delivery: [sent.id] },
            },
            delivery: { recipients: [sent.email] },
          },
          undefined,
          undefined,
          topic,
        );
      expect((await post("ses", delivered(SES_TOPIC))).status).toBe(200);
      const stranger = "arn:aws:sns:us-east-1:999999999999:not-the-shops";
      expect((await post("ses", delivered(stranger))).status).toBe(401);
      // The merchant saved the provider (maybe with another topic): the next verified message pins again.
      await saveEmailProvider(
        db(),
        t.shop,
        providers.ses.settings,
        SANDBOX_KEY,
      );
      expect((await post("ses", delivered(stranger))).status).toBe(200);
      expect((await post("ses", delivered(SES_TOPIC))).status).toBe(401);
    });
  },
);
