// The storefront's endpoints through the app proxy as Shopify forwards them (signed), on both
// databases: an email left in a popup becomes a Shopify customer with consent and gets the
// contact's code; a shown message becomes a delivery and its scenario goes on; chat replies,
// offers, popular products and one-click unsubscribe; bad input and floods get 4xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireOnSite } from "../../app/storefront/pending.server";
import { publishStorefrontConfig } from "../../app/storefront/publish.server";
import { unsubscribeUrl } from "../../app/storefront/unsubscribe.server";
import {
  SANDBOX_LINK_KEYS,
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

describe.each(PROVIDERS)("storefront endpoints on %s", (provider) => {
  let t: TestAppWithWorker;
  let shopId: string;
  let ids: Record<string, string>;
  const db = () => t.database.db;
  const proxied = (path: string, query?: Record<string, string>) =>
    t.double.appProxyUrl(path, { shop: t.shop, query });
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(proxied(path), {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startTestAppWithWorker(provider);
    shopId = await installShop(t);
    ids = await activate(t, shopId, { LG3: {}, LG1: {}, LG5: {}, SA1: {} });
  });
  afterAll(() => t?.stop());

  it("publishes the active scenarios' on-site rules in the app-data metafield the theme reads", async () => {
    const stored = t.double.admin.appMetafield(
      t.shop,
      "trigger_map",
      "storefront",
    );
    expect(stored?.type).toBe("json");
    const config = JSON.parse(stored!.value) as { rules: { id: string }[] };
    expect(config.rules.map((r) => r.id).sort()).toEqual(
      [
        `${ids.LG1}:greet`,
        `${ids.LG3}:popup`,
        `${ids.LG5}:quiz`,
        `${ids.SA1}:viewed`,
      ].sort(),
    );
    await db().scenario.update({
      where: { id: ids.LG1 },
      data: { status: "PAUSED" },
    });
    await publishStorefrontConfig(db(), adminGraphql(t), shopId);
    const after = JSON.parse(
      t.double.admin.appMetafield(t.shop, "trigger_map", "storefront")!.value,
    ) as { rules: { id: string }[] };
    expect(after.rules.map((r) => r.id)).not.toContain(`${ids.LG1}:greet`);
    expect(t.double.admin.invalidOperations).toEqual([]);
  });

  it("turns an email left in a popup into a subscribed Shopify customer, the contact's code, and the scenario's next steps", async () => {
    const response = await post("/capture", {
      visitorId: "browser-ann",
      email: "Ann@Example.com",
      rule: `${ids.LG3}:popup`,
      locale: "en",
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { status: string; code: string };
    expect(result).toMatchObject({
      status: "subscribed",
      code: expect.stringMatching(/^TM-[A-Z2-9]{10}$/),
    });

    const customer = t.double.admin
      .customers(t.shop)
      .find((c) => c.email === "ann@example.com");
    expect(customer?.emailMarketingConsent).toMatchObject({
      marketingState: "SUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
    });
    const discount = t.double.admin
      .discounts(t.shop)
      .find((d) => d.code === result.code);
    expect(discount).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerGets: { value: { percentage: 0.1 } },
    });

    // Asking again gives the same code, never a second discount.
    const again = (await (
      await post("/capture", {
        visitorId: "browser-ann",
        email: "ann@example.com",
        rule: `${ids.LG3}:popup`,
      })
    ).json()) as { code: string };
    expect(again.code).toBe(result.code);

    await t.worker.drain();
    expect(await t.worker.failures()).toEqual([]);
    const contact = await db().contact.findFirstOrThrow({
      where: { email: "ann@example.com" },
      include: { visitors: true, runs: true, deliveries: true },
    });
    expect(contact).toMatchObject({
      shopifyCustomerId: customer!.id.split("/").pop(),
      emailConsent: "SUBSCRIBED",
    });
    expect(contact.visitors.map((v) => v.visitorId)).toEqual(["browser-ann"]);
    // The browser ran LG3's head; the server went on from the capture. The capture popup showed the
    // code at once, so LG3's code popup counts as seen; the bonus email went to delivery (this shop
    // has connected no email provider: test/app/deliveries.test.ts sends it).
    const run = contact.runs.find((r) => r.scenarioId === ids.LG3);
    expect(run?.status).toBe("COMPLETED");
    expect(
      contact.deliveries.map((d) => [d.messageKey, d.channel, d.status]).sort(),
    ).toEqual([
      ["lg3.bonus", "EMAIL", "FAILED"],
      ["lg3.code", "POPUP", "SENT"],
      ["lg3.popup", "POPUP", "SENT"],
    ]);
    expect(
      contact.deliveries.find((d) => d.messageKey === "lg3.bonus"),
    ).toMatchObject({
      error: "no email provider connected",
      message: { body: expect.stringContaining("{{code}}") },
    });
  });

  it("keeps a quiz answer as a customer tag, and asks for confirmation where the shop wants double opt-in", async () => {
    await db().shop.update({
      where: { id: shopId },
      data: { settings: { doubleOptIn: true, ...NO_QUIET_HOURS } },
    });
    try {
      const response = await post("/capture", {
        visitorId: "browser-bo",
        email: "bo@example.com",
        rule: `${ids.LG5}:quiz`,
        answer: "Something for me",
      });
      expect(await response.json()).toEqual({ status: "pending", code: null });
      const customer = t.double.admin
        .customers(t.shop)
        .find((c) => c.email === "bo@example.com");
      expect(customer).toMatchObject({
        tags: ["trigger-map:something-for-me"],
        emailMarketingConsent: {
          marketingState: "PENDING",
          marketingOptInLevel: "CONFIRMED_OPT_IN",
        },
      });
    } finally {
      await db().shop.update({
        where: { id: shopId },
        data: { settings: NO_QUIET_HOURS },
      });
    }
  });

  it("records a shown message as a delivery and starts its scenario after it; a click marks it clicked", async () => {
    const rule = `${ids.SA1}:viewed`;
    const at = new Date().toISOString();
    const shown = await post("/events", {
      visitorId: "browser-cy",
      events: [{ id: "e1", type: "shown", rule, at }],
    });
    expect(shown.status).toBe(204);
    // The same report again (a retry) is stored once.
    await post("/events", {
      visitorId: "browser-cy",
      events: [{ id: "e1", type: "shown", rule, at }],
    });
    await t.worker.drain();
    const visitor = await db().contactVisitor.findUniqueOrThrow({
      where: { shopId_visitorId: { shopId, visitorId: "browser-cy" } },
    });
    const deliveries = await db().delivery.findMany({
      where: { contactId: visitor.contactId },
    });
    // Then SA1's next step: a push opt-in, for the storefront to show.
    expect(
      deliveries.map((d) => [d.messageKey, d.channel, d.status]).sort(),
    ).toEqual([
      ["sa1.push", "POPUP", "PENDING"],
      ["sa1.viewed", "POPUP", "SENT"],
    ]);
    expect(
      await db().scenarioRun.count({
        where: { contactId: visitor.contactId, scenarioId: ids.SA1 },
      }),
    ).toBe(1);

    await post("/events", {
      visitorId: "browser-cy",
      events: [
        { id: "e2", type: "clicked", rule, at: new Date().toISOString() },
      ],
    });
    await t.worker.drain();
    expect(
      (
        await db().delivery.findFirstOrThrow({
          where: { contactId: visitor.contactId, messageKey: "sa1.viewed" },
        })
      ).status,
    ).toBe("CLICKED");

    // The push opt-in waits among the shopper's pending on-site messages for their next page; once shown, it is gone.
    const pending = async () =>
      (
        (await (
          await fetch(proxied("/pending", { visitorId: "browser-cy" }))
        ).json()) as {
          messages: { id: string; content: string; text: { body: string } }[];
        }
      ).messages;
    const [queued, ...more] = await pending();
    expect(more).toEqual([]);
    expect(queued).toMatchObject({
      id: expect.stringMatching(/^delivery:/),
      content: "push_opt_in",
      text: { body: "Hear about promotions and new arrivals first" },
    });
    await post("/events", {
      visitorId: "browser-cy",
      events: [
        {
          id: "e3",
          type: "shown",
          rule: queued.id,
          at: new Date().toISOString(),
        },
      ],
    });
    await t.worker.drain();
    expect(await pending()).toEqual([]);
    expect(
      (
        await db().delivery.findFirstOrThrow({
          where: { contactId: visitor.contactId, messageKey: "sa1.push" },
        })
      ).status,
    ).toBe("SENT");
    // Another browser's pending messages are its own.
    expect(
      await (
        await fetch(proxied("/pending", { visitorId: "browser-nobody" }))
      ).json(),
    ).toEqual({ messages: [] });
  });

  it("gives up on-site messages not shown within half an hour: they do not count as received", async () => {
    const contact = await db().contact.create({ data: { shopId, tags: [] } });
    const old = new Date(Date.now() - 31 * 60_000);
    await db().delivery.create({
      data: {
        shopId,
        contactId: contact.id,
        stepId: "s",
        channel: "POPUP",
        messageKey: "x.popup",
        statusHistory: [],
        idempotencyKey: `old:${contact.id}`,
        createdAt: old,
      },
    });
    expect(await expireOnSite(db())).toBe(1);
    expect(
      await db().delivery.findFirstOrThrow({
        where: { contactId: contact.id },
      }),
    ).toMatchObject({
      status: "SKIPPED",
      error: "not shown: the shopper left the site",
    });
  });

  it("gives a browser its code for a message that shows one, the same each time; none for a rule without an offer", async () => {
    const first = (await (
      await post("/offer", {
        visitorId: "browser-di",
        rule: `${ids.SA1}:viewed`,
      })
    ).json()) as { code: string };
    const second = (await (
      await post("/offer", {
        visitorId: "browser-di",
        rule: `${ids.SA1}:viewed`,
      })
    ).json()) as { code: string };
    expect(first.code).toMatch(/^TM-/);
    expect(second.code).toBe(first.code);
    expect(
      await (
        await post("/offer", {
          visitorId: "browser-di",
          rule: `${ids.LG1}:greet`,
        })
      ).json(),
    ).toEqual({ code: null });
  });

  it("keeps a chat reply for the merchant's Chat replies page", async () => {
    const response = await post("/chat", {
      visitorId: "browser-ed",
      message: "Do you ship to Canada?",
      email: "ed@example.com",
      page: "/products/mug",
    });
    expect(response.status).toBe(204);
    const reply = await db().chatReply.findFirstOrThrow({
      where: { shopId },
    });
    expect(reply).toMatchObject({
      body: "Do you ship to Canada?",
      email: "ed@example.com",
      page: "/products/mug",
    });
    // A reply address is not a marketing consent.
    expect(
      await db().contact.findUniqueOrThrow({ where: { id: reply.contactId! } }),
    ).toMatchObject({ emailConsent: "UNKNOWN" });
  });

  it("lists popular products from Shopify for on-site messages", async () => {
    const response = await fetch(proxied("/products", { list: "popular" }));
    expect(response.status).toBe(200);
    const { products } = (await response.json()) as {
      products: { title: string; url: string; price: number }[];
    };
    expect(products.length).toBeGreaterThan(0);
    expect(products[0]).toMatchObject({
      url: expect.stringMatching(/^\/products\//),
      price: expect.any(Number),
    });
    expect(
      (await fetch(proxied("/products", { list: "everything" }))).status,
    ).toBe(400);
  });

  it("unsubscribes in one click from a signed link, in the app and in Shopify; a forged link changes nothing", async () => {
    const ann = await db().contact.findFirstOrThrow({
      where: { email: "ann@example.com" },
    });
    const welcome = await db().delivery.findFirstOrThrow({
      where: { contactId: ann.id, channel: "EMAIL" },
    });
    const link = new URL(
      unsubscribeUrl(
        SANDBOX_LINK_KEYS,
        { id: shopId, domain: t.shop },
        { deliveryId: welcome.id, email: ann.email! },
      ),
    );
    const query = Object.fromEntries(link.searchParams);
    const page = await fetch(proxied("/unsubscribe", query));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("application/liquid");

    const forged = await fetch(
      proxied("/unsubscribe", { ...query, s: "x".repeat(32) }),
      { method: "POST" },
    );
    expect(forged.status).toBe(400);
    expect(
      (await db().contact.findUniqueOrThrow({ where: { id: ann.id } }))
        .emailConsent,
    ).toBe("SUBSCRIBED");

    const oneClick = await fetch(proxied("/unsubscribe", query), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(
      (await db().contact.findUniqueOrThrow({ where: { id: ann.id } }))
        .emailConsent,
    ).toBe("UNSUBSCRIBED");
    expect(
      t.double.admin
        .customers(t.shop)
        .find((c) => c.email === "ann@example.com")?.emailMarketingConsent
        ?.marketingState,
    ).toBe("UNSUBSCRIBED");
  });

  it("answers bad input with a clear 4xx and stores nothing", async () => {
    const before = await db().contactEvent.count();
    const malformed = await post("/capture", "{nope");
    expect([malformed.status, await malformed.text()]).toEqual([
      400,
      "Malformed JSON body",
    ]);
    const invalid = await post("/capture", {
      visitorId: "v",
      email: "not-an-email",
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toMatch(/^email: Enter a valid email address/);
    const forged = new URL(proxied("/capture"));
    forged.searchParams.set("shop", "someone-else.myshopify.com");
    const refused = await fetch(forged, { method: "POST", body: "{}" });
    expect([refused.status, await refused.text()]).toEqual([
      401,
      "Invalid app proxy signature",
    ]);
    expect(await db().contactEvent.count()).toBe(before);

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await post("/chat", { visitorId: "flood", message: `hello ${i}` }))
          .status,
      );
    expect(statuses).toContain(429);
    // Browser ids are the sender's to make up: codes are limited per address too.
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (
          await post("/offer", {
            visitorId: `made-up-${i}`,
            rule: `${ids.SA1}:viewed`,
          })
        ).status,
      );
    expect(codes).toContain(429);
  });
});
