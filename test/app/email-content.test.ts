// Emails with their content blocks, end to end through the shop's own SMTP server (smtp-server on
// 127.0.0.1) and the Shopify double: an abandoned checkout's lines with its recovery link, the
// products a shopper viewed (the pixel's events, then an email left in a popup), the blog's latest
// articles, the welcome code in its box; without Shopify, a block that needs it is left out.
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryMessage } from "../../app/deliveries/message.server";
import { emailProviderFor } from "../../app/channels/email/provider.server";
import { enqueueSend, sendDelivery } from "../../app/deliveries/send.server";
import {
  SANDBOX_KEY,
  SANDBOX_LINK_KEYS,
  type TestAppWithWorker,
} from "../support/app";
import { startAppWithSmtp } from "../support/smtp";
import {
  checkout,
  customerBody,
  type Person,
} from "../support/shopify-payloads";

let t: TestAppWithWorker;
let shopId: string;
let lg3: string;
const mailbox: ParsedMail[] = [];
const db = () => t.database.db;
const mailTo = (email: string) =>
  mailbox.find((m) => JSON.stringify(m.to).includes(email));
/** The email's links, as a mail client follows them. */
const hrefs = (mail: ParsedMail) =>
  [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) =>
    m[1]!.replace(/&(amp|#38);/g, "&"),
  );
/** Where a tracked link leads once the click redirect is followed. */
const target = (href: string) => new URL(href).searchParams.get("u");

let seq = 0;
/** A delivery of a scenario's email with this copy, sent by the worker's job. */
async function send(contactId: string, copy: DeliveryMessage) {
  const d = await db().delivery.create({
    data: {
      shopId,
      contactId,
      stepId: "s",
      channel: "EMAIL",
      messageKey: `content.${++seq}`,
      statusHistory: [],
      idempotencyKey: `content:${seq}`,
      message: { ...copy },
    },
  });
  await enqueueSend(t.worker.queue, d.id);
  await t.worker.drain();
  expect(await t.worker.failures()).toEqual([]);
  return db().delivery.findUniqueOrThrow({ where: { id: d.id } });
}

let stop: (() => Promise<void>) | undefined;
beforeAll(
  async () =>
    void ({ t, shopId, lg3, stop } = await startAppWithSmtp((mail) =>
      mailbox.push(mail),
    )),
);
afterAll(() => stop?.());

describe("email content", () => {
  it("shows an abandoned checkout's lines and brings the shopper back through its recovery link", async () => {
    const cara: Person = {
      customerId: 901,
      email: "cara@example.com",
      firstName: "Cara",
    };
    const at = t.worker.now();
    const deliver = (path: string, topic: string, payload: unknown) =>
      t.double.deliverWebhook({ path, topic, shopDomain: t.shop, payload });
    await deliver(
      "/webhooks/customers",
      "customers/create",
      customerBody({ ...cara, consent: "subscribed" }, at),
    );
    await deliver(
      "/webhooks/checkouts",
      "checkouts/create",
      checkout("co-cara", cara, at),
    );
    await t.worker.drain();
    const contact = await db().contact.findFirstOrThrow({
      where: { email: "cara@example.com" },
    });

    const sent = await send(contact.id, {
      title: "You left something behind",
      body: "Cara, your cart is waiting",
      cta: null,
      content: "cart_items",
    });
    expect(sent.status).toBe("SENT");
    const mail = mailTo("cara@example.com")!;
    expect(mail.text).toContain(
      "Your cart\n- Linen shirt × 1 — $49.00\n- Canvas tote × 2 — $31.00\nReturn to your cart: ",
    );
    const recovery =
      "https://trigger-map-demo.myshopify.com/checkouts/co-cara/recover";
    const button = hrefs(mail).find((h) => target(h) === recovery)!;
    expect(button).toContain("/t/c/");
    // Read an hour after the send: a click seconds after it is a link scanner's.
    await db().delivery.update({
      where: { id: sent.id },
      data: { sentAt: new Date(Date.now() - 3_600_000) },
    });
    const followed = await fetch(button, { redirect: "manual" });
    expect([followed.status, followed.headers.get("location")]).toEqual([
      302,
      recovery,
    ]);
    expect(
      (await db().delivery.findUniqueOrThrow({ where: { id: sent.id } }))
        .status,
    ).toBe("CLICKED");
  });

  it("shows the products a shopper viewed, newest first, and the welcome code in its box", async () => {
    const view = (productId: string, handle: string) =>
      fetch(`${t.app.url}/pixel`, {
        method: "POST",
        headers: { "Content-Type": "text/plain", Origin: `https://${t.shop}` },
        body: JSON.stringify({
          v: 1,
          shop: t.shop,
          clientId: "browser-pia",
          event: {
            id: `view-${productId}`,
            name: "product_viewed",
            at: new Date().toISOString(),
            url: `https://${t.shop}/products/${handle}`,
            productId,
          },
        }),
      });
    expect((await view("1", "linen-shirt")).status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 5)); // a later view
    expect((await view("3", "ceramic-mug")).status).toBeLessThan(300);
    // The visit started LG3: its popup is up after the delay.
    t.worker.advance(11_000);
    await t.worker.drain();
    // An email left in LG3's popup: the browser (and its views) join the contact; the welcome email follows.
    const captured = await fetch(
      t.double.appProxyUrl("/capture", { shop: t.shop }),
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          visitorId: "browser-pia",
          email: "pia@example.com",
          rule: `${lg3}:popup`,
        }),
      },
    ).then((r) => r.json() as Promise<{ code: string }>);
    await t.worker.drain();
    const welcome = mailTo("pia@example.com")!;
    expect(welcome.text).toContain(`Your code: ${captured.code}`);
    expect(String(welcome.html)).toMatch(
      new RegExp(`dashed[^>]*>.*?Your code.*?>${captured.code}<`),
    );

    const contact = await db().contact.findFirstOrThrow({
      where: { email: "pia@example.com" },
    });
    await send(contact.id, {
      title: null,
      body: "The products you looked at",
      cta: null,
      content: "viewed_products",
    });
    const mail = mailbox
      .filter((m) => JSON.stringify(m.to).includes("pia@example.com"))
      .at(-1)!;
    expect(mail.text).toMatch(
      /You looked at\n- Ceramic mug — \$18\.00\n {2}http\S+\/t\/c\/\S+\n- Linen shirt — \$49\.00\n/,
    );
    const html = String(mail.html);
    expect(html).toContain(
      'src="https://trigger-map-demo.myshopify.com/cdn/products/ceramic-mug.svg"',
    );
    expect(hrefs(mail).map(target)).toEqual(
      expect.arrayContaining([
        "https://trigger-map-demo.myshopify.com/products/ceramic-mug",
        "https://trigger-map-demo.myshopify.com/products/linen-shirt",
      ]),
    );
  });

  it("shows the blog's latest articles, and leaves out a block Shopify cannot give", async () => {
    const contact = await db().contact.create({
      data: {
        shopId,
        email: "reader@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    await send(contact.id, {
      title: "Fresh from our blog",
      body: "New reading.",
      cta: null,
      content: "latest_articles",
    });
    const mail = mailTo("reader@example.com")!;
    expect(mail.text).toMatch(
      /From our blog\n- Caring for linen\n {2}Wash cool, dry flat, iron damp: linen lasts for years\.\n {2}http\S+\/t\/c\/\S+\n- A slower morning\n/,
    );
    expect(hrefs(mail).map(target)).toContain(
      "https://trigger-map-demo.myshopify.com/blogs/news/caring-for-linen",
    );
    expect(t.double.admin.invalidOperations).toEqual([]);

    // No session for the shop: the email goes, without the popular products.
    const offline = await db().contact.create({
      data: {
        shopId,
        email: "offline@example.com",
        emailConsent: "SUBSCRIBED",
        tags: [],
      },
    });
    const d = await db().delivery.create({
      data: {
        shopId,
        contactId: offline.id,
        stepId: "s",
        channel: "EMAIL",
        messageKey: "content.offline",
        statusHistory: [],
        idempotencyKey: `content:offline`,
        message: {
          title: "Picked for you",
          body: "Have a look.",
          cta: null,
          content: "popular_products",
        },
      },
    });
    const services = {
      adminFor: async () => null,
      emailProviderFor: (shop: { domain: string }) =>
        emailProviderFor(db(), shop.domain, SANDBOX_KEY),
      links: SANDBOX_LINK_KEYS,
      appUrl: t.app.url,
    };
    await sendDelivery(
      { db: db(), queue: t.worker.queue, now: () => new Date() },
      services,
      d.id,
    );
    expect(
      (await db().delivery.findUniqueOrThrow({ where: { id: d.id } })).status,
    ).toBe("SENT");
    const plain = mailTo("offline@example.com")!;
    expect(plain.text).not.toContain("Popular right now");
    expect(String(plain.html)).not.toMatch(/Popular right now|null|undefined/);
  });
});
