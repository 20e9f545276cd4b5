// Every link a sent email carries keeps working, on both databases: the one-click unsubscribe (its
// List-Unsubscribe header and its footer link), the open pixel and the click redirect. After the
// contact was merged into another, after the customer was erased (customers/redact), after the
// app's Shopify API secret was rotated, and after the app's own link key was rotated; links sent
// before link keys existed (the API secret over a contact id) still unsubscribe; forged ones do not.
import type { ParsedMail } from "mailparser";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueSend } from "../../app/deliveries/send.server";
import {
  createCustomer,
  findCustomer,
} from "../../app/storefront/shopify-customers.server";
import { SANDBOX_APP } from "../../sandbox/config";
import { appProxyUrl } from "../../sandbox/shopify-double/app-proxy";
import type { TestAppWithWorker } from "../support/app";
import { PROVIDERS } from "../support/databases";
import { adminGraphql } from "../support/shop";
import { customerBody } from "../support/shopify-payloads";
import { startAppWithSmtp } from "../support/smtp";

const ROTATED_SECRET = "rotated-shopify-api-secret";
const NEW_LINK_KEY = Buffer.from("a-new-link-key-of-32-bytes-long!").toString(
  "base64",
);

// Restarting the app takes seconds on a busy machine.
describe.each(PROVIDERS)(
  "links in sent emails on %s",
  { timeout: 120_000 },
  (provider) => {
    let t: TestAppWithWorker;
    let shopId: string;
    let stop: (() => Promise<void>) | undefined;
    const mailbox: ParsedMail[] = [];
    const db = () => t.database.db;

    beforeAll(
      async () =>
        void ({ t, shopId, stop } = await startAppWithSmtp(
          (mail) => mailbox.push(mail),
          {},
          provider,
        )),
    );
    afterAll(() => stop?.());

    // A test that restarted the app with other settings leaves the next one the sandbox's again.
    let restarted = false;
    const restart = async (overrides: Record<string, string>) => {
      restarted = true;
      await t.restartApp!(overrides);
    };
    beforeEach(async () => {
      if (restarted) await t.restartApp!({});
      restarted = false;
    });

    /** A marketing email sent to a new subscribed contact, and the links it carries. */
    async function sendTo(
      email: string,
      data: { firstName?: string; lastName?: string; locale?: string } = {},
    ) {
      const contact = await db().contact.create({
        data: { shopId, email, emailConsent: "SUBSCRIBED", tags: [], ...data },
      });
      const delivery = await db().delivery.create({
        data: {
          shopId,
          contactId: contact.id,
          stepId: "s",
          channel: "EMAIL",
          messageKey: "links.mail",
          statusHistory: [],
          idempotencyKey: `links:${contact.id}`,
          message: {
            title: "New this week",
            body: "Fresh arrivals.",
            cta: { label: "See them", url: "/collections/all" },
          },
        },
      });
      await enqueueSend(t.worker.queue, delivery.id);
      await t.worker.drain();
      expect(await t.worker.failures()).toEqual([]);
      const mail = mailbox.find((m) => JSON.stringify(m.to).includes(email))!;
      const html = String(mail.html).replace(/&(amp|#38);/g, "&");
      const header = mail.headerLines
        .find((l) => l.key === "list-unsubscribe")!
        .line.replace(/\r?\n\s+/g, " ");
      const unsubscribe = new URL(/<(https:[^>]+)>/.exec(header)![1]!);
      // The footer's link is the header's.
      expect(html).toContain(`href="${unsubscribe.href}"`);
      return {
        contact,
        delivery,
        unsubscribe,
        pixel: /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)![1]!,
        click: /href="([^"]+\/t\/c\/[^"]+)"/.exec(html)![1]!,
      };
    }

    /** The unsubscribe link as Shopify's app proxy forwards it, signed with the API secret the app now has. */
    const proxied = (link: URL, secret = SANDBOX_APP.apiSecret) =>
      appProxyUrl(t.app.url, "/unsubscribe", {
        shop: t.shop,
        secret,
        query: Object.fromEntries(link.searchParams),
      });
    const page = async (link: URL, secret?: string) => {
      const response = await fetch(proxied(link, secret));
      return { status: response.status, text: await response.text() };
    };
    const oneClick = async (link: URL, secret?: string) => {
      const response = await fetch(proxied(link, secret), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      return { status: response.status, text: await response.text() };
    };
    const consentOf = async (contactId: string) =>
      (await db().contact.findUniqueOrThrow({ where: { id: contactId } }))
        .emailConsent;
    const statusOf = async (deliveryId: string) =>
      (await db().delivery.findUniqueOrThrow({ where: { id: deliveryId } }))
        .status;

    /** Shopify names a customer with this email: the contact the email went to merges into that customer's contact. */
    async function mergeIntoCustomer(email: string) {
      const graphql = adminGraphql(t);
      const customerId =
        (await findCustomer(graphql, email))?.id ??
        (await createCustomer(graphql, {
          email,
          state: "SUBSCRIBED",
          at: new Date(),
        }));
      const survivor = await db().contact.create({
        data: {
          shopId,
          shopifyCustomerId: customerId,
          emailConsent: "SUBSCRIBED",
          tags: [],
        },
      });
      const webhook = await t.double.deliverWebhook({
        path: "/webhooks/customers",
        topic: "customers/update",
        shopDomain: t.shop,
        payload: customerBody(
          { customerId: Number(customerId), email, firstName: "Merged" },
          new Date(),
        ),
      });
      expect(webhook.status).toBe(200);
      await t.worker.drain();
      expect(await t.worker.failures()).toEqual([]);
      return { survivor, customerId };
    }

    /** A link as the app signed it before link keys: the API secret over the shop and the contact. */
    const legacyLink = (contactId: string, secret = SANDBOX_APP.apiSecret) => {
      const link = new URL(`https://${t.shop}/apps/trigger-map/unsubscribe`);
      link.searchParams.set("c", contactId);
      link.searchParams.set(
        "t",
        createHmac("sha256", secret)
          .update(`unsubscribe:${shopId}:${contactId}`)
          .digest("base64url"),
      );
      return link;
    };

    it("unsubscribes the contact that holds the email now, after the one it was sent to merged into another", async () => {
      const sent = await sendTo("bee@example.com");
      const { survivor, customerId } =
        await mergeIntoCustomer("bee@example.com");
      expect(
        await db().contact.findUnique({ where: { id: sent.contact.id } }),
      ).toBeNull();
      expect(
        (
          await db().delivery.findUniqueOrThrow({
            where: { id: sent.delivery.id },
          })
        ).contactId,
      ).toBe(survivor.id);

      expect(await page(sent.unsubscribe)).toMatchObject({
        status: 200,
        text: expect.stringContaining("Unsubscribe"),
      });
      expect(await oneClick(sent.unsubscribe)).toMatchObject({
        status: 200,
        text: expect.stringContaining("You are unsubscribed"),
      });
      expect(await consentOf(survivor.id)).toBe("UNSUBSCRIBED");
      const customer = t.double.admin
        .customers(t.shop)
        .find((c) => c.id.endsWith(`/${customerId}`));
      expect(customer?.emailMarketingConsent?.marketingState).toBe(
        "UNSUBSCRIBED",
      );
    });

    it("answers unsubscribed, with none of the customer's data, after customers/redact erased them; the address then needs confirming again", async () => {
      const sent = await sendTo("dora@example.com", {
        firstName: "Dorothea",
        lastName: "Quill",
      });
      const legacy = legacyLink(sent.contact.id);
      const redact = await t.double.deliverWebhook({
        path: "/webhooks/compliance",
        topic: "customers/redact",
        shopDomain: t.shop,
        payload: {
          shop_id: 1,
          shop_domain: t.shop,
          customer: { email: "dora@example.com" },
          orders_to_redact: [],
        },
      });
      expect(redact.status).toBe(200);
      await t.worker.drain();
      expect(
        await db().contact.count({ where: { email: "dora@example.com" } }),
      ).toBe(0);

      for (const link of [sent.unsubscribe, legacy]) {
        const shown = await page(link);
        const done = await oneClick(link);
        expect([shown.status, done.status]).toEqual([200, 200]);
        expect(done.text).toContain("You are unsubscribed");
        for (const personal of ["dora", "Dorothea", "Quill"])
          expect(shown.text + done.text).not.toContain(personal);
      }

      // Typed into the storefront again (by anyone): not subscribed silently, the address must confirm.
      const captured = await fetch(
        t.double.appProxyUrl("/capture", { shop: t.shop }),
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            visitorId: "browser-dora",
            email: "dora@example.com",
          }),
        },
      );
      expect(await captured.json()).toMatchObject({ status: "pending" });
      expect(
        (
          await db().contact.findFirstOrThrow({
            where: { email: "dora@example.com" },
          })
        ).emailConsent,
      ).toBe("PENDING");
    });

    it("keeps the unsubscribe, open and click links sent earlier working after the Shopify API secret is rotated", async () => {
      const sent = await sendTo("ray@example.com");
      await restart({ SHOPIFY_API_SECRET: ROTATED_SECRET });

      await fetch(sent.pixel);
      expect(await statusOf(sent.delivery.id)).toBe("OPENED");
      // Read an hour after the send: a click seconds after it is a link scanner's.
      await db().delivery.update({
        where: { id: sent.delivery.id },
        data: { sentAt: new Date(Date.now() - 3_600_000) },
      });
      const followed = await fetch(sent.click, { redirect: "manual" });
      expect([followed.status, followed.headers.get("location")]).toEqual([
        302,
        "https://trigger-map-demo.myshopify.com/collections/all",
      ]);
      expect(await statusOf(sent.delivery.id)).toBe("CLICKED");
      expect((await oneClick(sent.unsubscribe, ROTATED_SECRET)).status).toBe(
        200,
      );
      expect(await consentOf(sent.contact.id)).toBe("UNSUBSCRIBED");
    });

    it("still unsubscribes from a link sent before link keys (the API secret over a contact id), after the secret's rotation and a merge", async () => {
      const sent = await sendTo("lee@example.com");
      const legacy = legacyLink(sent.contact.id);
      const { survivor } = await mergeIntoCustomer("lee@example.com");
      // Only the current secret: a link signed with an older one is refused, and changes nothing.
      await restart({ SHOPIFY_API_SECRET: ROTATED_SECRET });
      expect((await oneClick(legacy, ROTATED_SECRET)).status).toBe(400);
      expect(await consentOf(survivor.id)).toBe("SUBSCRIBED");

      await restart({
        SHOPIFY_API_SECRET: ROTATED_SECRET,
        SHOPIFY_API_SECRET_PREVIOUS: SANDBOX_APP.apiSecret,
      });
      expect(await page(legacy, ROTATED_SECRET)).toMatchObject({ status: 200 });
      expect((await oneClick(legacy, ROTATED_SECRET)).status).toBe(200);
      expect(await consentOf(survivor.id)).toBe("UNSUBSCRIBED");
    });

    it("accepts links signed with the previous link key after a rotation; refuses one whose key was dropped, and forged ones", async () => {
      const kim = await sendTo("kim@example.com");
      const lou = await sendTo("lou@example.com");
      await restart({
        TRIGGER_MAP_LINK_KEYS: `${NEW_LINK_KEY},${SANDBOX_APP.linkKeys}`,
      });
      await fetch(kim.pixel);
      expect(await statusOf(kim.delivery.id)).toBe("OPENED");
      expect((await fetch(kim.click, { redirect: "manual" })).status).toBe(302);
      expect((await oneClick(kim.unsubscribe)).status).toBe(200);
      expect(await consentOf(kim.contact.id)).toBe("UNSUBSCRIBED");

      // Forged: another contact's id under kim's signature, another target, another signature.
      const forged = new URL(kim.unsubscribe);
      forged.searchParams.set("d", lou.delivery.id);
      expect(await oneClick(forged)).toMatchObject({
        status: 400,
        text: expect.stringContaining("This link does not work"),
      });
      const elsewhere = new URL(lou.click);
      elsewhere.searchParams.set("u", "https://evil.example/");
      expect((await fetch(elsewhere, { redirect: "manual" })).status).toBe(400);
      expect(
        (await oneClick(legacyLink(lou.contact.id, "not-the-secret"))).status,
      ).toBe(400);

      // The old key dropped from the list: its links no longer count.
      await restart({ TRIGGER_MAP_LINK_KEYS: NEW_LINK_KEY });
      await fetch(lou.pixel);
      expect(await statusOf(lou.delivery.id)).toBe("SENT");
      expect((await fetch(lou.click, { redirect: "manual" })).status).toBe(400);
      expect((await oneClick(lou.unsubscribe)).status).toBe(400);
      expect(await consentOf(lou.contact.id)).toBe("SUBSCRIBED");
    });
  },
);
