// Email delivery through the shop's own SMTP server (smtp-server on 127.0.0.1), exactly once: an
// email left in LG3's popup brings the welcome email with the same code and one-click unsubscribe;
// a job run again sends nothing more; a send whose process died is UNKNOWN and never resent; a
// refused address is a permanent failure with the server's reason; no consent, no marketing email.
import type { ParsedMail } from "mailparser";
import { createServer } from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSendGridProvider } from "../../app/channels/email/sendgrid.server";
import {
  emailProviderFor,
  saveEmailProvider,
} from "../../app/channels/email/provider.server";
import {
  enqueueSend,
  SEND_DELIVERY_JOB,
  sendDelivery,
  sweepDeliveries,
} from "../../app/deliveries/send.server";
import { emailFailureWords } from "../../app/ui/words/email-failures";
import type { Prisma } from "../../app/db.server";
import { withShopifyTimeout } from "../../app/shopify/fetch-timeout";
import type { AdminGraphql } from "../../app/shopify/admin-graphql";
import { startBlackHole } from "../support/black-hole";
import {
  SANDBOX_KEY,
  SANDBOX_LINK_KEYS,
  type TestAppWithWorker,
} from "../support/app";
import { startAppWithSmtp } from "../support/smtp";

let t: TestAppWithWorker;
let shopId: string;
let lg3: string;
const mailbox: ParsedMail[] = [];
const db = () => t.database.db;
const capture = (visitorId: string, email: string) =>
  fetch(t.double.appProxyUrl("/capture", { shop: t.shop }), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ visitorId, email, rule: `${lg3}:popup` }),
  }).then((r) => r.json() as Promise<{ code: string }>);

let stop: (() => Promise<void>) | undefined;
beforeAll(
  async () =>
    void ({ t, shopId, lg3, stop } = await startAppWithSmtp((mail) =>
      mailbox.push(mail),
    )),
);
afterAll(() => stop?.());

describe("email delivery", () => {
  it("sends the welcome email with the code the popup showed and one-click unsubscribe, once", async () => {
    const { code } = await capture("browser-ann", "ann@example.com");
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
    const mail = mailbox.find(
      (m) => m.to && JSON.stringify(m.to).includes("ann@example.com"),
    )!;
    expect(mail.subject).toBe("Your welcome bonus");
    expect(mail.text).toContain(`Your 10% code: ${code}`);
    expect(mail.html).toContain(code);
    expect(mail.html).toContain("1 Market St, Springfield");
    const unsubscribe = mail.headerLines
      .find((l) => l.key === "list-unsubscribe")!
      .line.replace(/\r?\n\s+/g, " ");
    expect(unsubscribe).toMatch(
      /<https:\/\/trigger-map-demo\.myshopify\.com\/apps\/trigger-map\/unsubscribe\?d=[^&]+&a=[^&]+(&l=[a-z]+)?&s=[^>]+>, <mailto:hello@demo\.example\?subject=unsubscribe>/,
    );
    expect(
      mail.headerLines.find((l) => l.key === "list-unsubscribe-post")?.line,
    ).toContain("List-Unsubscribe=One-Click");

    const delivery = await db().delivery.findFirstOrThrow({
      where: { messageKey: "lg3.bonus", contact: { email: "ann@example.com" } },
    });
    expect(delivery).toMatchObject({ status: "SENT", provider: "smtp" });
    // The job again (a retry, a duplicate): nothing more is sent.
    const before = mailbox.length;
    await t.worker.queue.enqueue(
      SEND_DELIVERY_JOB,
      { deliveryId: delivery.id },
      { id: `again:${delivery.id}` },
    );
    await t.worker.drain();
    expect(mailbox.length).toBe(before);

    // The one-click link from the email unsubscribes.
    const link = new URL(/<(https:[^>]+)>/.exec(unsubscribe)![1]!);
    const post = await fetch(
      t.double.appProxyUrl("/unsubscribe", {
        shop: t.shop,
        query: Object.fromEntries(link.searchParams),
      }),
      { method: "POST", body: "List-Unsubscribe=One-Click" },
    );
    expect(post.status).toBe(200);
    expect(
      (
        await db().contact.findFirstOrThrow({
          where: { email: "ann@example.com" },
        })
      ).emailConsent,
    ).toBe("UNSUBSCRIBED");
  });

  it("records the open and the click of a sent email, through signed links only", async () => {
    const contact = await db().contact.create({
      data: {
        shopId,
        email: "reader@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    const d = await db().delivery.create({
      data: {
        shopId,
        contactId: contact.id,
        stepId: "s",
        channel: "EMAIL",
        messageKey: "t.mail",
        statusHistory: [],
        idempotencyKey: `track:${contact.id}`,
        message: {
          title: "New this week",
          body: "Fresh arrivals.",
          cta: { label: "See them", url: "/collections/all" },
        },
      },
    });
    await enqueueSend(t.worker.queue, d.id);
    await t.worker.drain();
    const mail = mailbox.find((m) =>
      JSON.stringify(m.to).includes("reader@example.com"),
    )!;
    const html = String(mail.html);
    const pixel = /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)![1]!;
    const click = /href="([^"]+\/t\/c\/[^"]+)"/
      .exec(html)![1]!
      .replace(/&(amp|#38);/g, "&");

    await fetch(pixel);
    expect(
      (await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).status,
    ).toBe("OPENED");
    // Read an hour after the send: a click seconds after it is a link scanner's.
    await db().delivery.update({
      where: { id: d.id },
      data: { sentAt: new Date(Date.now() - 3_600_000) },
    });
    const followed = await fetch(click, { redirect: "manual" });
    expect([followed.status, followed.headers.get("location")]).toEqual([
      302,
      "https://trigger-map-demo.myshopify.com/collections/all",
    ]);
    expect(
      (await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).status,
    ).toBe("CLICKED");
    // Opened again later: still clicked. A link to elsewhere with this message's id is refused.
    await fetch(pixel);
    expect(
      (await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).status,
    ).toBe("CLICKED");
    const forged = new URL(click);
    forged.searchParams.set("u", "https://evil.example/");
    expect((await fetch(forged, { redirect: "manual" })).status).toBe(400);
  });

  it("puts a message back for its retry, not UNKNOWN, when Shopify does not answer before anything was sent", async () => {
    // The welcome email's copy carries {{code}}: its code comes from Shopify at send time.
    await capture("browser-bea", "bea@example.com");
    await t.worker.drain();
    const template = await db().delivery.findFirstOrThrow({
      where: { messageKey: "lg3.bonus", contact: { email: "bea@example.com" } },
    });
    expect(JSON.stringify(template.message)).toContain("{{code}}");
    const contact = await db().contact.create({
      data: {
        shopId,
        email: "late-code@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    const d = await db().delivery.create({
      data: {
        shopId,
        contactId: contact.id,
        runId: template.runId,
        stepId: template.stepId,
        channel: "EMAIL",
        messageKey: template.messageKey,
        message: template.message as Prisma.InputJsonValue,
        statusHistory: [],
        idempotencyKey: `late-code:${contact.id}`,
      },
    });
    const blackHole = await startBlackHole();
    try {
      // Shopify's Admin API on a host that accepts and never answers, with the app's time limit (short here).
      const silent: AdminGraphql = (query) =>
        withShopifyTimeout(fetch, 300)(
          `${blackHole.url.replace("https:", "http:")}/admin/api/2026-10/graphql.json`,
          { method: "POST", body: query },
        );
      const services = {
        adminFor: async () => silent,
        emailProviderFor: async () => null,
        links: SANDBOX_LINK_KEYS,
        appUrl: t.app.url,
      };
      await expect(
        sendDelivery(
          { db: db(), queue: t.worker.queue, now: () => new Date() },
          services,
          d.id,
        ),
      ).rejects.toThrow(
        "no discount code from Shopify yet: Shopify did not answer within 0.3 s",
      );
    } finally {
      await blackHole.close();
    }
    expect(
      await db().delivery.findUniqueOrThrow({ where: { id: d.id } }),
    ).toMatchObject({
      status: "PENDING",
      error: expect.stringContaining("Shopify did not answer within 0.3 s"),
    });
    expect(
      mailbox.some((m) =>
        JSON.stringify(m.to).includes("late-code@example.com"),
      ),
    ).toBe(false);
  });

  it("keeps to the provider's sending rate: past it, a message waits for a later job", async () => {
    // A shop of its own (buckets are per shop), and one instant, so no time refills its bucket
    // (SMTP: 10 a second).
    const domain = "rate-shop.myshopify.com";
    const other = await db().shop.create({
      data: {
        domain,
        name: "Rate",
        settings: { sender: { name: "Rate", email: "hello@rate.example" } },
      },
    });
    const demo = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(
      await saveEmailProvider(
        db(),
        domain,
        {
          ...(demo.settings as { emailProvider: object }).emailProvider,
          password: "smtp-pass",
        },
        SANDBOX_KEY,
      ),
    ).toEqual({ ok: true });
    const at = new Date(Date.now() + 86_400_000);
    const services = {
      adminFor: async () => null,
      emailProviderFor: (shop: { domain: string }) =>
        emailProviderFor(db(), shop.domain, SANDBOX_KEY),
      links: SANDBOX_LINK_KEYS,
      appUrl: t.app.url,
    };
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      const contact = await db().contact.create({
        data: {
          shopId: other.id,
          email: `rate${i}@example.com`,
          emailConsent: "SUBSCRIBED",
          tags: [],
        },
      });
      ids.push(
        (
          await db().delivery.create({
            data: {
              shopId: other.id,
              contactId: contact.id,
              stepId: "s",
              channel: "EMAIL",
              messageKey: "r.mail",
              statusHistory: [],
              idempotencyKey: `rate:${contact.id}`,
              message: { title: "T", body: "B", cta: null },
            },
          })
        ).id,
      );
    }
    for (const id of ids)
      await sendDelivery(
        { db: db(), queue: t.worker.queue, now: () => at },
        services,
        id,
      );
    const statuses = await db().delivery.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true },
    });
    expect(statuses.filter((d) => d.status === "SENT")).toHaveLength(10);
    const waiting = statuses.find((d) => d.status === "PENDING")!;
    const job = await db().job.findFirstOrThrow({
      where: { id: { startsWith: `deliver:${waiting.id}:` } },
    });
    expect(job.runAt > at).toBe(true);
  });

  it("fails a message to an SMTP host on a private address (stored before the rule) at once, without connecting, in the merchant's words", async () => {
    let connections = 0;
    const local = net.createServer(
      (socket) => (connections++, socket.end("220 ready\r\n")),
    );
    await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
    try {
      const port = (local.address() as net.AddressInfo).port;
      const domain = "private-host.myshopify.com";
      const shop = await db().shop.create({
        data: {
          domain,
          name: "Private",
          settings: {
            sender: { name: "Private", email: "hello@private.example" },
            emailProvider: {
              kind: "smtp",
              host: "127.0.0.1",
              port,
              secure: false,
              requireTls: false,
            },
          },
        },
      });
      const contact = await db().contact.create({
        data: {
          shopId: shop.id,
          email: "pat@example.com",
          emailConsent: "SUBSCRIBED",
          tags: [],
        },
      });
      const d = await db().delivery.create({
        data: {
          shopId: shop.id,
          contactId: contact.id,
          stepId: "s",
          channel: "EMAIL",
          messageKey: "p.mail",
          statusHistory: [],
          idempotencyKey: `private:${contact.id}`,
          message: { title: "T", body: "B", cta: null },
        },
      });
      // The operator has not allowed private hosts (the suite's own SMTP server needs them allowed).
      const services = {
        adminFor: async () => null,
        links: SANDBOX_LINK_KEYS,
        appUrl: t.app.url,
        emailProviderFor: (s: { domain: string }) =>
          emailProviderFor(db(), s.domain, SANDBOX_KEY, {
            network: { allowPrivateHosts: false },
          }),
      };
      await sendDelivery(
        { db: db(), queue: t.worker.queue, now: () => new Date() },
        services,
        d.id,
      );
      expect(
        await db().delivery.findUniqueOrThrow({ where: { id: d.id } }),
      ).toMatchObject({
        status: "FAILED",
        error: emailFailureWords.en.blocked_address,
      });
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });

  it("emails the merchant the shoppers' chat replies: one notice for the replies of ten minutes", async () => {
    const chat = (visitorId: string, message: string, email?: string) =>
      fetch(t.double.appProxyUrl("/chat", { shop: t.shop }), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          visitorId,
          message,
          email,
          page: "/products/mug",
        }),
      });
    expect(
      (await chat("browser-ed", "Do you ship to Canada?", "ed@example.com"))
        .status,
    ).toBe(204);
    expect(
      (await chat("browser-flo", "Is the <b>mug</b> dishwasher safe?")).status,
    ).toBe(204);
    const shop = await db().shop.findUniqueOrThrow({ where: { id: shopId } });
    const before = mailbox.length;
    t.worker.advance(10 * 60_000);
    await t.worker.drain();
    const notices = mailbox
      .slice(before)
      .filter((m) => m.subject?.includes("chat message"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe(`2 new chat messages on ${shop.name}`);
    expect(JSON.stringify(notices[0]!.to)).toContain(shop.email!);
    expect(notices[0]!.text).toContain(
      "ed@example.com (on /products/mug):\nDo you ship to Canada?",
    );
    expect(notices[0]!.html).toContain(
      "Is the &#60;b&#62;mug&#60;/b&#62; dishwasher safe?",
    );
  });

  it("marks UNKNOWN, never to be sent again, a message whose provider took the request and gave no answer", async () => {
    let requests = 0;
    const dropping = createServer((req) => {
      requests++;
      req.resume();
      req.on("end", () => req.socket.destroy());
    });
    await new Promise<void>((resolve) =>
      dropping.listen(0, "127.0.0.1", resolve),
    );
    try {
      const baseUrl = `http://127.0.0.1:${(dropping.address() as { port: number }).port}`;
      const services = {
        adminFor: async () => null,
        emailProviderFor: async () =>
          createSendGridProvider({ apiKey: "SG.key", baseUrl }),
        links: SANDBOX_LINK_KEYS,
        appUrl: t.app.url,
      };
      const contact = await db().contact.create({
        data: {
          shopId,
          email: "silent@example.com",
          emailConsent: "SUBSCRIBED",
          tags: [],
        },
      });
      const d = await db().delivery.create({
        data: {
          shopId,
          contactId: contact.id,
          stepId: "s",
          channel: "EMAIL",
          messageKey: "z.silent",
          statusHistory: [],
          idempotencyKey: `silent:${contact.id}`,
          message: { title: "T", body: "B", cta: null },
        },
      });
      const deps = { db: db(), queue: t.worker.queue, now: () => new Date() };
      await sendDelivery(deps, services, d.id);
      await sendDelivery(deps, services, d.id); // the job again: the outcome stays unknown, nothing goes out
      expect(
        await db().delivery.findUniqueOrThrow({ where: { id: d.id } }),
      ).toMatchObject({
        status: "UNKNOWN",
        error: expect.stringContaining("SendGrid"),
      });
      expect(requests).toBe(1);
    } finally {
      await new Promise<void>((resolve) => dropping.close(() => resolve()));
    }
  });

  it("never resends a message whose sending process died: it is UNKNOWN", async () => {
    const contact = await db().contact.create({
      data: {
        shopId,
        email: "dee@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    const stuck = await db().delivery.create({
      data: {
        shopId,
        contactId: contact.id,
        stepId: "s",
        channel: "EMAIL",
        messageKey: "x.mail",
        status: "SENDING",
        statusHistory: [],
        idempotencyKey: `stuck:${contact.id}`,
        message: { title: "T", body: "B", cta: null },
      },
    });
    await sweepDeliveries(
      db(),
      t.worker.queue,
      new Date(Date.now() + 6 * 60_000),
    );
    expect(
      await db().delivery.findUniqueOrThrow({ where: { id: stuck.id } }),
    ).toMatchObject({ status: "UNKNOWN" });
    await enqueueSend(t.worker.queue, stuck.id);
    await t.worker.drain();
    expect(
      mailbox.some((m) => JSON.stringify(m.to).includes("dee@example.com")),
    ).toBe(false);
  });

  it("gives up a message its provider kept failing for a day, instead of sending it late", async () => {
    const contact = await db().contact.create({
      data: {
        shopId,
        email: "late@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    const d = await db().delivery.create({
      data: {
        shopId,
        contactId: contact.id,
        stepId: "s",
        channel: "EMAIL",
        messageKey: "z.mail",
        statusHistory: [],
        idempotencyKey: `late:${contact.id}`,
        message: { title: "T", body: "B", cta: null },
        createdAt: new Date(Date.now() - 25 * 3_600_000),
      },
    });
    await sweepDeliveries(db(), t.worker.queue, new Date());
    expect(
      await db().delivery.findUniqueOrThrow({ where: { id: d.id } }),
    ).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("not sent within a day"),
    });
  });

  it("fails the message, saying the server refused the address (not in its own words), gives up retrying and suppresses the address", async () => {
    await capture("browser-bounce", "bounce@example.com");
    await t.worker.drain();
    const delivery = await db().delivery.findFirstOrThrow({
      where: {
        messageKey: "lg3.bonus",
        contact: { email: "bounce@example.com" },
      },
    });
    expect(delivery).toMatchObject({
      status: "FAILED",
      error: emailFailureWords.en.recipient_refused,
    });
    expect(await t.worker.failures()).toEqual([]);
    // The SMTP conversation said the address takes no mail: no later email is tried.
    expect(
      await db().emailSuppression.findUnique({
        where: { shopId_email: { shopId, email: "bounce@example.com" } },
      }),
    ).toMatchObject({ reason: "HARD_BOUNCE", provider: "smtp" });
  });

  it("sends no marketing email to a contact without consent", async () => {
    const contact = await db().contact.create({
      data: {
        shopId,
        email: "noconsent@example.com",
        emailConsent: "UNKNOWN",
        tags: [],
      },
    });
    const d = await db().delivery.create({
      data: {
        shopId,
        contactId: contact.id,
        stepId: "s",
        channel: "EMAIL",
        messageKey: "y.mail",
        statusHistory: [],
        idempotencyKey: `nc:${contact.id}`,
        message: { title: "T", body: "B", cta: null },
      },
    });
    await enqueueSend(t.worker.queue, d.id);
    await t.worker.drain();
    expect(
      await db().delivery.findUniqueOrThrow({ where: { id: d.id } }),
    ).toMatchObject({ status: "SKIPPED", error: "no marketing consent" });
  });
});
