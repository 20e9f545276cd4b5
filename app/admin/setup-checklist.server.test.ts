// The setup checklist: settings_data.json read as Shopify writes it, the app embeds on, off or
// absent, the web pixel, the email step, and a Shopify that fails shown as "couldn't check".
// Against the Shopify double, whose Admin API validates every query against Shopify's schema.
import dns2 from "dns2";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doubleAdminGraphql } from "../../sandbox/demo";
import {
  SHOP_HEADER,
  startShopifyDouble,
  type ShopifyDouble,
} from "../../sandbox/shopify-double/server";
import {
  API_KEY,
  API_SECRET,
  SHOP,
} from "../../sandbox/shopify-double/test-support";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import type { AdminGraphql } from "../shopify/admin-graphql";
import {
  activateEmbedUrl,
  APP_EMBEDS,
  appEmbedStates,
  markShopifyAbandonedEmailOff,
  parseSettingsData,
  setupChecklist,
  type SetupContext,
} from "./setup-checklist.server";
import { activateWebPixel } from "../shops/web-pixel.server";

const APP_URL = "https://app.example";
const HEADER =
  "/*\n * ---------\n * IMPORTANT: The contents of this file are auto-generated.\n * ---------\n */\n";
const block = (type: string, disabled = false) => ({
  type,
  disabled,
  settings: {},
});
const ours = (handle: string) =>
  `shopify://apps/trigger-map/blocks/${handle}/5d3c8e0a-7f41-4b2a-9c6e-1a2b3c4d5e6f`;

describe("settings_data.json", () => {
  it("is read past Shopify's comment header, keeping // and /* inside strings", () => {
    const text = `${HEADER}{ "current": { "url": "https://x.example/a/*b*/", "blocks": {} } // trailing\n}`;
    expect(parseSettingsData(text)).toEqual({
      current: { url: "https://x.example/a/*b*/", blocks: {} },
    });
    expect(parseSettingsData("/* only a comment */")).toBeNull();
    expect(parseSettingsData("{ not json")).toBeNull();
  });

  it("names each of our embeds on, off, or leaves it out when absent; other apps' blocks are not ours", () => {
    const data = {
      current: {
        blocks: {
          "1": block(ours("popups")),
          "2": block(ours("chat"), true),
          "3": block("shopify://apps/another-app/blocks/popups/0000"),
        },
      },
    };
    expect(appEmbedStates(data)).toEqual({ popups: "on", chat: "off" });
    expect(
      appEmbedStates({
        current: {
          blocks: { "3": block("shopify://apps/another-app/blocks/chat/0000") },
        },
      }),
    ).toEqual({});
    expect(appEmbedStates({ current: {} })).toEqual({});
  });

  it("follows `current` when it names a preset", () => {
    expect(
      appEmbedStates({
        current: "Light",
        presets: { Light: { blocks: { a: block(ours("chat")) } } },
      }),
    ).toEqual({ chat: "on" });
  });

  it("lists the theme extension's app embeds", () => {
    const dir = path.resolve(
      import.meta.dirname,
      "../../extensions/trigger-map-theme/blocks",
    );
    const embeds = readdirSync(dir)
      .filter((f) =>
        /"target":\s*"(body|head)"/.test(
          readFileSync(path.join(dir, f), "utf8"),
        ),
      )
      .map((f) => f.replace(/\.liquid$/, ""));
    expect([...APP_EMBEDS].sort()).toEqual(embeds.sort());
  });
});

describe("the setup checklist against Shopify", () => {
  let double: ShopifyDouble;
  let t: TestDatabase;
  const ctx = (
    graphql: AdminGraphql = doubleAdminGraphql(double, SHOP.domain),
  ): SetupContext => ({
    db: t.db,
    graphql,
    shop: SHOP.domain,
    apiKey: API_KEY,
    appUrl: APP_URL,
  });

  beforeAll(async () => {
    double = await startShopifyDouble({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: APP_URL,
      scopes: ["read_themes", "write_pixels"],
      shops: [SHOP],
    });
    t = await createTestDatabase("sqlite");
    await t.db.shop.create({ data: { domain: SHOP.domain, settings: {} } });
  });
  afterAll(async () => {
    expect(double?.admin.invalidOperations).toEqual([]);
    await double?.close();
    await t?.drop();
  });

  it("finds the embeds on in the main theme, and reports each one turned off or never added with the theme editor's deep link", async () => {
    expect((await setupChecklist(ctx())).themeEmbeds).toMatchObject({
      state: "done",
      embeds: [
        { handle: "popups", state: "on" },
        { handle: "chat", state: "on" },
      ],
    });

    double.admin.setAppEmbed(SHOP.domain, "popups", "off");
    double.admin.setAppEmbed(SHOP.domain, "chat", "absent");
    const { themeEmbeds } = await setupChecklist(ctx());
    expect(themeEmbeds).toEqual({
      state: "todo",
      embeds: [
        {
          handle: "popups",
          state: "off",
          activateUrl: `https://${SHOP.domain}/admin/themes/current/editor?context=apps&activateAppId=${API_KEY}/popups`,
        },
        {
          handle: "chat",
          state: "absent",
          activateUrl: activateEmbedUrl(SHOP.domain, API_KEY, "chat"),
        },
      ],
    });
    // The storefront agrees with the theme: the embed turned off is not on the shop's pages.
    const page = await (await fetch(double.storefrontUrl)).text();
    expect(page).not.toContain(`data-trigger-map="popups"`);
    expect(page).not.toContain(`data-trigger-map="chat"`);
    double.admin.setAppEmbed(SHOP.domain, "popups", "on");
    double.admin.setAppEmbed(SHOP.domain, "chat", "on");
    expect(await (await fetch(double.storefrontUrl)).text()).toContain(
      `data-trigger-map="popups"`,
    );
  });

  it("reads settings_data.json however Shopify gives its body: inline, base64, or a URL to download", async () => {
    const text = `${HEADER}${JSON.stringify({ current: { blocks: { a: block(ours("popups")), b: block(ours("chat"), true) } } })}`;
    const themeWith =
      (body: object): AdminGraphql =>
      async (query) =>
        new Response(
          JSON.stringify({
            data: query.includes("themes")
              ? {
                  themes: {
                    nodes: [
                      {
                        id: "gid://shopify/OnlineStoreTheme/1",
                        files: { nodes: [{ body }] },
                      },
                    ],
                  },
                }
              : { webPixel: null },
          }),
        );
    const bodies = [
      { content: text },
      { contentBase64: Buffer.from(text).toString("base64") },
      {
        url: `data:application/json;base64,${Buffer.from(text).toString("base64")}`,
      },
    ];
    for (const body of bodies) {
      expect(
        (await setupChecklist(ctx(themeWith(body)))).themeEmbeds,
      ).toMatchObject({
        state: "todo",
        embeds: [
          { handle: "popups", state: "on" },
          { handle: "chat", state: "off" },
        ],
      });
    }
    expect(
      (await setupChecklist(ctx(themeWith({ content: "{ broken" }))))
        .themeEmbeds,
    ).toMatchObject({
      state: "unknown",
      reason: expect.stringContaining("could not be read"),
    });
  });

  it("shows the theme as couldn't check with Shopify's reason when the app may not read themes", async () => {
    const token = double.oauth.issueAccessToken(SHOP.domain, {
      scope: "write_pixels",
      expiresInSeconds: 600,
    });
    const withoutThemes: AdminGraphql = (query, options) =>
      fetch(`${double.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Access-Token": token,
          [SHOP_HEADER]: SHOP.domain,
        },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      });
    const { themeEmbeds } = await setupChecklist(ctx(withoutThemes));
    expect(themeEmbeds.state).toBe("unknown");
    expect(themeEmbeds.reason).toContain("read_themes");
  });

  it("marks the web pixel to do until it is connected, then done while it points at this app", async () => {
    expect((await setupChecklist(ctx())).webPixel).toEqual({ state: "todo" });
    await activateWebPixel(
      doubleAdminGraphql(double, SHOP.domain),
      "https://elsewhere.example",
    );
    expect((await setupChecklist(ctx())).webPixel).toEqual({
      state: "todo",
      reason: "The pixel sends its events to https://elsewhere.example/pixel.",
    });
    await activateWebPixel(doubleAdminGraphql(double, SHOP.domain), APP_URL);
    expect((await setupChecklist(ctx())).webPixel).toEqual({ state: "done" });
  });

  it("marks email done only once a provider is connected and a test went out through it", async () => {
    expect((await setupChecklist(ctx())).email).toEqual({
      state: "todo",
      providerConnected: false,
      testSent: false,
    });
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: {
        settings: {
          emailProvider: { kind: "smtp", host: "127.0.0.1", port: 25 },
        },
      },
    });
    expect((await setupChecklist(ctx())).email).toEqual({
      state: "todo",
      providerConnected: true,
      testSent: false,
    });
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: {
        settings: {
          emailProvider: { kind: "smtp", host: "127.0.0.1", port: 25 },
          emailTestSentAt: "2026-12-01T10:00:00.000Z",
        },
      },
    });
    expect((await setupChecklist(ctx())).email).toEqual({
      state: "done",
      providerConnected: true,
      testSent: true,
    });
  });

  it("keeps email to do while the sender is a free mailbox, saved earlier or the shop's own email", async () => {
    const ready = {
      emailProvider: { kind: "smtp", host: "127.0.0.1", port: 25 },
      emailTestSentAt: "2026-12-01T10:00:00.000Z",
    };
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: {
        settings: {
          ...ready,
          sender: { name: "Demo", email: "demo.store@gmail.com" },
        },
      },
    });
    expect((await setupChecklist(ctx())).email).toEqual({
      state: "todo",
      providerConnected: true,
      testSent: true,
      freeMailSender: "demo.store@gmail.com",
    });
    // No sender set: emails go out from the shop's own email.
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: { settings: ready, email: "owner@yahoo.co.uk" },
    });
    expect((await setupChecklist(ctx())).email).toMatchObject({
      state: "todo",
      freeMailSender: "owner@yahoo.co.uk",
    });
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: {
        settings: {
          ...ready,
          sender: { name: "Demo", email: "hello@demo-store.example" },
        },
      },
    });
    expect((await setupChecklist(ctx())).email).toEqual({
      state: "done",
      providerConnected: true,
      testSent: true,
    });
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: { settings: ready, email: null },
    });
  });

  it("checks the sender's domain once a provider is connected: SPF, DKIM and DMARC from DNS (a local server)", async () => {
    const { Packet } = dns2;
    let txt: Record<string, string[]> = {};
    const server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        const response = Packet.createResponseFromRequest(request);
        const name = request.questions[0]!.name.toLowerCase();
        if (!txt[name]) response.header.rcode = Packet.RCODE.NXDOMAIN;
        else if (request.questions[0]!.type === Packet.TYPE.TXT)
          for (const data of txt[name])
            response.answers.push(
              Packet.createResourceFromQuestion(request.questions[0]!, {
                type: Packet.TYPE.TXT,
                ttl: 60,
                data,
              }),
            );
        void send(response);
      },
    });
    const { udp } = await server.listen({
      udp: { port: 0, address: "127.0.0.1" },
    });
    const { settings: before } = await t.db.shop.findUniqueOrThrow({
      where: { domain: SHOP.domain },
    });
    const withDns = {
      ...ctx(),
      dns: { servers: [`127.0.0.1:${udp!.port}`] },
    };
    try {
      await t.db.shop.update({
        where: { domain: SHOP.domain },
        data: {
          settings: {
            emailProvider: { kind: "sendgrid" },
            sender: { name: "Shop", email: "hi@brand.example" },
          },
        },
      });
      txt = {
        "brand.example": ["v=spf1 include:sendgrid.net ~all"],
        "s1._domainkey.brand.example": ["v=DKIM1; k=rsa; p=MIIB"],
        "s2._domainkey.brand.example": ["v=DKIM1; k=rsa; p=MIIC"],
        "_dmarc.brand.example": ["v=DMARC1; p=none"],
      };
      expect((await setupChecklist(withDns)).senderDomain).toMatchObject({
        domain: "brand.example",
        provider: "sendgrid",
        spf: { state: "done" },
        dkim: { state: "done" },
        dmarc: { state: "done", policy: "none" },
      });
      txt = { "brand.example": ["v=spf1 -all"] };
      expect((await setupChecklist(withDns)).senderDomain).toMatchObject({
        spf: { state: "todo", reason: "missingInclude" },
        dkim: { state: "todo", missing: ["s1", "s2"] },
        dmarc: { state: "todo", reason: "noRecord" },
      });
    } finally {
      await server.close();
    }
    // No sender address (the shop has none of its own): nothing to check.
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: { settings: { emailProvider: { kind: "sendgrid" } } },
    });
    expect((await setupChecklist(ctx())).senderDomain).toBeUndefined();
    await t.db.shop.update({
      where: { domain: SHOP.domain },
      data: { settings: before ?? {} },
    });
  });

  it("asks to turn off Shopify's abandoned checkout email while SA3 or SA4 is active; the merchant marks it done", async () => {
    const shop = await t.db.shop.findUniqueOrThrow({
      where: { domain: SHOP.domain },
    });
    expect((await setupChecklist(ctx())).abandonedCheckout).toBeUndefined();
    const sa4 = await t.db.scenario.create({
      data: {
        shopId: shop.id,
        templateKey: "SA4",
        group: "SALES",
        name: "Checkout help",
        status: "PAUSED",
      },
    });
    expect((await setupChecklist(ctx())).abandonedCheckout).toBeUndefined();
    await t.db.scenario.update({
      where: { id: sa4.id },
      data: { status: "ACTIVE" },
    });
    expect((await setupChecklist(ctx())).abandonedCheckout).toEqual({
      state: "todo",
      templates: ["SA4"],
      notificationsUrl: `https://${SHOP.domain}/admin/settings/notifications`,
      automationsUrl: `https://${SHOP.domain}/admin/marketing/automations`,
    });
    await markShopifyAbandonedEmailOff(t.db, SHOP.domain, true);
    const done = await setupChecklist(ctx());
    expect(done.abandonedCheckout?.state).toBe("done");
    // The other settings are kept.
    expect(done.email.providerConnected).toBe(true);
    await markShopifyAbandonedEmailOff(t.db, SHOP.domain, false);
    expect((await setupChecklist(ctx())).abandonedCheckout?.state).toBe("todo");
    await t.db.scenario.delete({ where: { id: sa4.id } });
  });

  it("still answers when Shopify cannot be reached or refuses the token: both checks couldn't check, with the reason", async () => {
    const unreachable: AdminGraphql = () =>
      Promise.reject(new Error("connect ECONNREFUSED"));
    const refused: AdminGraphql = async () =>
      new Response(
        JSON.stringify({ errors: "[API] Invalid API key or access token" }),
        { status: 401 },
      );
    for (const [graphql, reason] of [
      [unreachable, "connect ECONNREFUSED"],
      [refused, "[API] Invalid API key or access token"],
    ] as const) {
      const checklist = await setupChecklist(ctx(graphql));
      expect(checklist.themeEmbeds).toMatchObject({ state: "unknown", reason });
      expect(checklist.webPixel).toEqual({ state: "unknown", reason });
      expect(checklist.email.state).toBe("done");
    }
  });

  it("reads the errors the library's admin.graphql throws (GraphqlQueryError keeps Shopify's body), and lets its re-authentication through", async () => {
    const throwing: AdminGraphql = async (query) => {
      const notFound = query.includes("webPixel");
      throw Object.assign(
        new Error(
          notFound ? "No web pixel was found for this app." : "Throttled",
        ),
        {
          body: {
            data: notFound ? { webPixel: null } : undefined,
            errors: {
              message: "GraphQL Client: An error occurred",
              graphQLErrors: [
                {
                  message: notFound
                    ? "No web pixel was found for this app."
                    : "Throttled",
                },
              ],
            },
          },
        },
      );
    };
    const checklist = await setupChecklist(ctx(throwing));
    expect(checklist.webPixel).toEqual({ state: "todo" });
    expect(checklist.themeEmbeds).toMatchObject({
      state: "unknown",
      reason: "Throttled",
    });

    const reauthenticate: AdminGraphql = () =>
      Promise.reject(
        new Response(null, { status: 302, headers: { Location: "/auth" } }),
      );
    await expect(setupChecklist(ctx(reauthenticate))).rejects.toBeInstanceOf(
      Response,
    );
  });
});
