// Typing someone's email must not take over their identity, on both databases: two browsers as
// Shopify's app proxy forwards them (signed), one the customer's, one an attacker's that types the
// customer's address. The attacker's browser gets none of the customer's queued messages, codes or
// cart, its activity starts no email to them, and their unsubscribed state is kept. A browser joins
// the customer only with proof: Shopify's signed logged-in customer id, or the confirmation link
// sent to that inbox (through the shop's own SMTP server here), clicked.
import { createHmac } from "node:crypto";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import { createCustomer } from "../../app/storefront/shopify-customers.server";
import { SANDBOX_APP } from "../../sandbox/config";
import {
  SANDBOX_KEY,
  startTestAppWithWorker,
  type TestAppWithWorker,
} from "../support/app";
import { PROVIDERS } from "../support/databases";
import {
  activate,
  adminGraphql,
  installShop,
  NO_QUIET_HOURS,
} from "../support/shop";
import { order } from "../support/shopify-payloads";
import { startSmtp } from "../support/smtp";

type Capture = { status: string; code: string | null };
type Pending = {
  messages: { id: string; content: string; text: { body: string } }[];
};

describe.each(PROVIDERS)("a browser's claim of an email, on %s", (provider) => {
  let t: TestAppWithWorker;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let shopId: string;
  let ids: Record<string, string>;
  const mails: ParsedMail[] = [];
  const db = () => t.database.db;
  const proxied = (
    path: string,
    query?: Record<string, string>,
    loggedInCustomerId?: string,
  ) =>
    t.double.appProxyUrl(path, {
      shop: t.shop,
      query,
      ...(loggedInCustomerId ? { loggedInCustomerId } : {}),
    });
  const post = async (
    path: string,
    body: unknown,
    loggedInCustomerId?: string,
  ) =>
    fetch(proxied(path, undefined, loggedInCustomerId), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  const capture = async (
    visitorId: string,
    email: string,
    extra: Record<string, string> = {},
    loggedInCustomerId?: string,
  ) => {
    const response = await post(
      "/capture",
      { visitorId, email, locale: "en", ...extra },
      loggedInCustomerId,
    );
    expect(response.status).toBe(200);
    return (await response.json()) as Capture;
  };
  const pending = async (visitorId: string) =>
    (
      (await (
        await fetch(proxied("/pending", { visitorId }))
      ).json()) as Pending
    ).messages;
  const contactOf = (email: string) =>
    db().contact.findFirstOrThrow({
      where: { shopId, email },
      include: { visitors: true },
    });
  const visitorsOf = async (email: string) =>
    (await contactOf(email)).visitors.map((v) => v.visitorId).sort();
  const shopifyConsent = (email: string) =>
    t.double.admin.customers(t.shop).find((c) => c.email === email)
      ?.emailMarketingConsent?.marketingState;
  // A browser's checkout as the web pixel reports it, then Shopify's signed order naming that checkout and the address.
  const checkoutThrough = async (visitorId: string, token: string) => {
    const event = {
      id: `co-${visitorId}`,
      name: "checkout_started",
      at: new Date().toISOString(),
      url: `https://${t.shop}/checkouts/${token}`,
      checkoutToken: token,
    };
    const sent = await fetch(`${t.app.url}/pixel`, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Origin: `https://${t.shop}` },
      body: JSON.stringify({ v: 1, shop: t.shop, clientId: visitorId, event }),
    });
    expect(sent.status).toBeLessThan(300);
    await t.worker.drain();
  };
  const orderWith = async (email: string, checkoutToken: string) => {
    const customerId = Number((await contactOf(email)).shopifyCustomerId);
    await t.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: t.shop,
      payload: order({ customerId, email }, new Date(), { checkoutToken }),
    });
    await t.worker.drain();
  };
  const linkOf = (visitorId: string) =>
    db().contactVisitor.findUnique({
      where: { shopId_visitorId: { shopId, visitorId } },
    });
  const mailsTo = (email: string) =>
    mails.filter(
      (m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email,
    );

  beforeAll(async () => {
    smtp = await startSmtp((mail) => mails.push(mail));
    t = await startTestAppWithWorker(provider);
    shopId = await installShop(t);
    ids = await activate(t, shopId, { LG3: {}, SA1: {} });
    await db().shop.update({
      where: { id: shopId },
      data: {
        settings: {
          sender: { name: "Demo Store", email: "hello@demo.example" },
          physicalAddress: "1 Market St, Springfield",
          languages: ["en", "ru"],
          ...NO_QUIET_HOURS,
        },
      },
    });
    const saved = await saveEmailProvider(
      db(),
      t.shop,
      {
        kind: "smtp",
        host: "127.0.0.1",
        port: smtp.port,
        secure: false,
        requireTls: false,
        user: "shop",
        password: "smtp-pass",
      },
      SANDBOX_KEY,
    );
    expect(saved).toEqual({ ok: true });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });

  it("gives an attacker's browser that types a customer's email none of their messages, codes or cart, starts no email to them and keeps them unsubscribed", async () => {
    // The customer, in their own browser: subscribed with LG3's code, then a queued on-site message (SA1's push opt-in) and a cart.
    const own = await capture("browser-vera", "vera@example.com", {
      rule: `${ids.LG3}:popup`,
    });
    expect(own).toMatchObject({
      status: "subscribed",
      code: expect.stringMatching(/^TM-/),
    });
    await post("/events", {
      visitorId: "browser-vera",
      events: [
        {
          id: "v1",
          type: "shown",
          rule: `${ids.SA1}:viewed`,
          at: new Date().toISOString(),
        },
      ],
    });
    await t.worker.drain();
    const vera = await contactOf("vera@example.com");
    await db().cart.create({
      data: {
        shopId,
        kind: "CART",
        token: "vera-cart",
        contactId: vera.id,
        lineItems: [{ title: "Linen shirt", quantity: 1 }],
        sourceUpdatedAt: new Date(),
      },
    });
    expect((await pending("browser-vera")).map((m) => m.content)).toEqual([
      "push_opt_in",
    ]);
    // She unsubscribes through a link of an email sent before link keys (signed over her contact id).
    const link = new URLSearchParams({
      c: vera.id,
      t: createHmac("sha256", SANDBOX_APP.apiSecret)
        .update(`unsubscribe:${shopId}:${vera.id}`)
        .digest("base64url"),
    });
    expect(
      (
        await fetch(proxied("/unsubscribe", Object.fromEntries(link)), {
          method: "POST",
        })
      ).status,
    ).toBe(200);
    expect(shopifyConsent("vera@example.com")).toBe("UNSUBSCRIBED");
    const emailsBefore = await db().delivery.count({
      where: { contactId: vera.id, channel: "EMAIL" },
    });
    mails.length = 0;

    // The attacker's browser types her address in the same popup.
    const theirs = await capture("browser-mallory", "Vera@Example.com", {
      rule: `${ids.LG3}:popup`,
    });
    expect(theirs.status).toBe("pending");
    expect(theirs.code).not.toBe(own.code);
    expect(await pending("browser-mallory")).toEqual([]);
    const offered = (await (
      await post("/offer", {
        visitorId: "browser-mallory",
        rule: `${ids.LG3}:popup`,
      })
    ).json()) as { code: string | null };
    expect(offered.code).not.toBe(own.code);
    expect(await visitorsOf("vera@example.com")).toEqual(["browser-vera"]);
    const mallory = await db().contactVisitor.findUniqueOrThrow({
      where: { shopId_visitorId: { shopId, visitorId: "browser-mallory" } },
      include: { contact: { include: { carts: true } } },
    });
    expect(mallory.contact).toMatchObject({
      email: null,
      shopifyCustomerId: null,
      carts: [],
    });
    // The capture is recorded as the browser's own, naming no address.
    const claimed = await db().contactEvent.findFirstOrThrow({
      where: { shopId, type: "email_claimed" },
    });
    expect(claimed.contactId ?? mallory.contactId).toBe(mallory.contactId);
    expect(JSON.stringify(claimed.payload)).not.toContain("vera");

    // Its later activity, and a chat reply naming her address, reach her contact in no way.
    await post("/events", {
      visitorId: "browser-mallory",
      events: [
        {
          id: "m1",
          type: "shown",
          rule: `${ids.SA1}:viewed`,
          at: new Date().toISOString(),
        },
      ],
    });
    expect(
      (
        await post("/chat", {
          visitorId: "browser-mallory",
          message: "hi",
          email: "vera@example.com",
        })
      ).status,
    ).toBe(204);
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
    expect(await visitorsOf("vera@example.com")).toEqual(["browser-vera"]);
    // Its own SA1 run may queue it a message; none of hers.
    const hers = new Set(
      (await db().delivery.findMany({ where: { contactId: vera.id } })).map(
        (d) => `delivery:${d.id}`,
      ),
    );
    expect(
      (await pending("browser-mallory")).filter((m) => hers.has(m.id)),
    ).toEqual([]);
    expect(
      await db().delivery.count({
        where: { contactId: vera.id, channel: "EMAIL" },
      }),
    ).toBe(emailsBefore);
    expect((await contactOf("vera@example.com")).emailConsent).toBe(
      "UNSUBSCRIBED",
    );
    expect(shopifyConsent("vera@example.com")).toBe("UNSUBSCRIBED");

    // All she gets is one confirmation email, in her language, that joins nothing unless she clicks.
    const [confirmation, ...more] = mailsTo("vera@example.com");
    expect(more).toEqual([]);
    expect(confirmation!.subject).toBe(
      "Confirm your email for Trigger Map Demo Store",
    );
    expect(confirmation!.text).toMatch(
      /https:\/\/[^\s]+\/apps\/trigger-map\/confirm\?/,
    );
  });

  it("joins a browser whose logged-in customer Shopify signed as the address's owner", async () => {
    const vera = await contactOf("vera@example.com");
    mails.length = 0;
    // Logged in as someone else: no proof.
    await capture("browser-other-login", "vera@example.com", {}, "999999");
    expect(await visitorsOf("vera@example.com")).toEqual(["browser-vera"]);

    const result = await capture(
      "browser-vera-laptop",
      "vera@example.com",
      {},
      vera.shopifyCustomerId!,
    );
    // Her first browser had only its word for the then-new address: her proof from this one drops it (it joins again by its own order or login).
    expect(await visitorsOf("vera@example.com")).toEqual([
      "browser-vera-laptop",
    ]);
    // Unsubscribed: the form alone does not subscribe her again; her confirmation does.
    expect(result.status).toBe("pending");
    expect((await contactOf("vera@example.com")).emailConsent).toBe(
      "UNSUBSCRIBED",
    );
    expect(shopifyConsent("vera@example.com")).toBe("UNSUBSCRIBED");

    // Her own click subscribes her again, here and in Shopify (a confirmed opt-in).
    await t.worker.drain();
    const links = mailsTo("vera@example.com").map((m) =>
      Object.fromEntries(
        new URL(
          /https:\/\/[^\s]+\/apps\/trigger-map\/confirm\?[^\s]+/.exec(
            String(m.text),
          )![0],
        ).searchParams,
      ),
    );
    // One for each browser that asked.
    expect(links.map((l) => l.v).sort()).toEqual([
      "browser-other-login",
      "browser-vera-laptop",
    ]);
    const query = links.find((l) => l.v === "browser-vera-laptop")!;
    expect(
      (await fetch(proxied("/confirm", query), { method: "POST" })).status,
    ).toBe(200);
    expect((await contactOf("vera@example.com")).emailConsent).toBe(
      "SUBSCRIBED",
    );
    expect(
      t.double.admin
        .customers(t.shop)
        .find((c) => c.email === "vera@example.com")?.emailMarketingConsent,
    ).toMatchObject({
      marketingState: "SUBSCRIBED",
      marketingOptInLevel: "CONFIRMED_OPT_IN",
    });
    expect(await visitorsOf("vera@example.com")).toEqual([
      "browser-vera-laptop",
    ]);
  });

  it("treats a Shopify customer the app never met as someone's: no join, their consent untouched in Shopify", async () => {
    expect(
      await createCustomer(adminGraphql(t), {
        email: "sam@example.com",
        state: "UNSUBSCRIBED",
        at: new Date(),
      }),
    ).toMatch(/^\d+$/);
    const result = await capture("browser-stranger", "sam@example.com", {
      rule: `${ids.LG3}:popup`,
    });
    expect(result).toMatchObject({
      status: "pending",
      code: expect.stringMatching(/^TM-/),
    });
    expect(shopifyConsent("sam@example.com")).toBe("UNSUBSCRIBED");
    const sam = await contactOf("sam@example.com");
    expect(sam).toMatchObject({ visitors: [] });
    // Never subscribed by the stranger's claim; Shopify's own customers/create may already have
    // told the app Sam's UNSUBSCRIBED (the worker runs alongside), or not yet.
    expect(["UNKNOWN", "UNSUBSCRIBED"]).toContain(sam.emailConsent);
    // The popup's code is the stranger's browser's own, not Sam's.
    expect(
      await db().discountCode.count({ where: { contactId: sam.id } }),
    ).toBe(0);
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
    expect(await db().delivery.count({ where: { contactId: sam.id } })).toBe(0);
  });

  it("joins the browser that asked when the confirmation link is clicked, in the contact's language; a changed link joins nothing", async () => {
    await capture("browser-olga", "olga@example.com", { locale: "ru" });
    await t.worker.drain();
    mails.length = 0;
    const asked = await capture("browser-olga-phone", "olga@example.com", {
      locale: "ru",
    });
    expect(asked).toEqual({ status: "pending", code: null });
    await t.worker.drain();
    const [mail, ...more] = mailsTo("olga@example.com");
    expect(more).toEqual([]);
    expect(mail!.subject).toBe("Подтвердите email для Trigger Map Demo Store");
    const url = new URL(
      /https:\/\/[^\s]+\/apps\/trigger-map\/confirm\?[^\s]+/.exec(
        String(mail!.text),
      )![0],
    );
    const query = Object.fromEntries(url.searchParams);

    // Opening the link (a mail scanner does) shows a page with one button; it joins nothing yet.
    const page = await fetch(proxied("/confirm", query));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Подтвердить");
    expect(await visitorsOf("olga@example.com")).toEqual(["browser-olga"]);

    const changed = await fetch(
      proxied("/confirm", { ...query, v: "browser-mallory" }),
      { method: "POST" },
    );
    expect(changed.status).toBe(400);
    expect(await visitorsOf("olga@example.com")).toEqual(["browser-olga"]);

    const confirmed = await fetch(proxied("/confirm", query), {
      method: "POST",
    });
    expect(confirmed.status).toBe(200);
    // The first browser typed the address when it was new: only its word, dropped on her proof from this one.
    expect(await visitorsOf("olga@example.com")).toEqual([
      "browser-olga-phone",
    ]);
    expect((await contactOf("olga@example.com")).emailConsent).toBe(
      "SUBSCRIBED",
    );
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
  });

  it("drops a browser that typed a brand-new address once the owner's own browser orders with it: none of her messages reach it", async () => {
    // The attacker's browser is first: a new address, so the popup's code and the welcome path are its own, as for anyone.
    const pre = await capture("browser-pre-nina", "nina@example.com", {
      rule: `${ids.LG3}:popup`,
    });
    expect(pre).toMatchObject({
      status: "subscribed",
      code: expect.stringMatching(/^TM-/),
    });
    await t.worker.drain();
    expect(await visitorsOf("nina@example.com")).toEqual(["browser-pre-nina"]);

    // Nina orders from her own browser: Shopify's signed order names her address and that browser's checkout.
    await checkoutThrough("browser-nina", "co-nina");
    await orderWith("nina@example.com", "co-nina");
    expect(await t.worker.failures()).toEqual([]);
    expect(await visitorsOf("nina@example.com")).toEqual(["browser-nina"]);
    expect(await linkOf("browser-pre-nina")).toBeNull();

    // Her queued on-site message (SA1's push opt-in) is hers alone.
    await post("/events", {
      visitorId: "browser-nina",
      events: [
        {
          id: "n1",
          type: "shown",
          rule: `${ids.SA1}:viewed`,
          at: new Date().toISOString(),
        },
      ],
    });
    await t.worker.drain();
    expect((await pending("browser-nina")).map((m) => m.content)).toEqual([
      "push_opt_in",
    ]);
    expect(await pending("browser-pre-nina")).toEqual([]);
    // Its later activity reaches her in no way.
    await post("/events", {
      visitorId: "browser-pre-nina",
      events: [
        {
          id: "p1",
          type: "shown",
          rule: `${ids.SA1}:viewed`,
          at: new Date().toISOString(),
        },
      ],
    });
    await t.worker.drain();
    expect(await visitorsOf("nina@example.com")).toEqual(["browser-nina"]);
  });

  it("drops a browser that typed a brand-new address once the owner logs in on another browser", async () => {
    await capture("browser-pre-omar", "omar@example.com");
    await t.worker.drain();
    const omar = await contactOf("omar@example.com");
    await capture(
      "browser-omar",
      "omar@example.com",
      {},
      omar.shopifyCustomerId!,
    );
    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
    expect(await visitorsOf("omar@example.com")).toEqual(["browser-omar"]);
    expect(await linkOf("browser-pre-omar")).toBeNull();
  });

  it("keeps the link of the browser that typed a brand-new address once it proves itself: its own order, or a login", async () => {
    await capture("browser-lena", "lena@example.com");
    await t.worker.drain();
    expect(await linkOf("browser-lena")).toMatchObject({ proven: false });
    await checkoutThrough("browser-lena", "co-lena");
    await orderWith("lena@example.com", "co-lena");
    expect(await linkOf("browser-lena")).toMatchObject({ proven: true });
    // Proven: another browser of hers that orders joins her beside it.
    await checkoutThrough("browser-lena-phone", "co-lena-phone");
    await orderWith("lena@example.com", "co-lena-phone");
    expect(await visitorsOf("lena@example.com")).toEqual([
      "browser-lena",
      "browser-lena-phone",
    ]);

    await capture("browser-ivan", "ivan@example.com");
    const ivan = await contactOf("ivan@example.com");
    await capture(
      "browser-ivan",
      "ivan@example.com",
      {},
      ivan.shopifyCustomerId!,
    );
    expect(await linkOf("browser-ivan")).toMatchObject({ proven: true });
    expect(await t.worker.failures()).toEqual([]);
  });
});
