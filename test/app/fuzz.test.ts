// Every public endpoint (webhooks, the app proxy, the pixel, tracking links, healthz) under
// thousands of malformed, forged and odd requests from a seed, against the real built server:
// no answer is a 5xx, the process lives and healthz answers after each batch, input that must be
// refused is refused (4xx) and stores nothing (every table counted before and after), and what a
// valid signature lets in is written whole. Replay a failure with FUZZ_SEED=<seed>.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import { emailEventsUrl } from "../../app/deliveries/email-event-urls.server";
import { clickUrl, openPixelUrl } from "../../app/deliveries/tracking.server";
import { SANDBOX_APP } from "../../sandbox/config";
import {
  cancelledOrderBody,
  refundBody,
} from "../../sandbox/shopify-double/refunds";
import { signWebhookBody } from "../../sandbox/shopify-double/webhooks";
import {
  SANDBOX_KEY,
  SANDBOX_LINK_KEYS,
  startTestApp,
  type TestApp,
} from "../support/app";
import type { DbProvider } from "../../app/db/provider";
import {
  anyValue,
  fuzzSeed,
  malformedBody,
  mutate,
  ODD_METHODS,
  oddQuery,
  pool,
  rawRequest,
  rng,
  rowCounts,
  send,
  type Rng,
  type Sent,
} from "../support/fuzz";
import {
  cart,
  checkout,
  consentBody,
  customerBody,
  fulfillment,
  order,
} from "../support/shopify-payloads";
import { startTestWorker } from "../support/jobs";
import { installShop } from "../support/shop";

// Rate limits: a 429 is a refusal like any 4xx. Each storefront request comes from its own made-up
// shopper address (X-Forwarded-For, which the app believes from a local proxy) so the limits per
// address let most of them reach validation; the limits per visitor still answer some with 429.

/** refused: must be a 4xx and store nothing; harmless: any status under 500, stores nothing; any: under 500. */
type Verdict = "refused" | "harmless" | "any";
interface Case {
  endpoint: string;
  verdict: Verdict;
  request: Sent | { raw: string };
}

const CONCURRENCY = 16;
const SECRET = SANDBOX_APP.apiSecret;
const OTHER_SHOP = "fuzz-elsewhere.myshopify.com";
const COMMERCE = [
  "orders/create",
  "orders/paid",
  "orders/cancelled",
  "refunds/create",
  "fulfillments/create",
  "fulfillments/update",
  "checkouts/create",
  "checkouts/update",
  "carts/create",
  "carts/update",
  "customers/create",
  "customers/update",
  "customers/email_marketing_consent/update",
] as const;
const COMPLIANCE = [
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

const seed = fuzzSeed();

for (const [provider, scale] of [
  ["sqlite", 1],
  ["postgresql", 0.2],
] as [DbProvider, number][]) {
  describe(`fuzz of the public endpoints on ${provider} (seed ${seed})`, () => {
    let t: TestApp;
    const r = rng(seed + (provider === "sqlite" ? 0 : 1));
    const totals = new Map<string, Map<number, number>>();

    beforeAll(async () => {
      t = await startTestApp(provider);
      await installShop(t);
    });
    afterAll(async () => {
      const lines = [...totals].map(
        ([endpoint, statuses]) =>
          `${endpoint.padEnd(28)} ${[...statuses.values()].reduce((a, b) => a + b, 0)}\t${[
            ...statuses,
          ]
            .sort()
            .map(([s, n]) => `${s}×${n}`)
            .join(" ")}`,
      );
      const sent = [...totals.values()].reduce(
        (sum, statuses) =>
          sum + [...statuses.values()].reduce((a, b) => a + b, 0),
        0,
      );
      console.log(
        `fuzz on ${provider}, seed ${seed}: ${sent} requests\n${lines.join("\n")}`,
      );
      await t?.stop();
    });

    /** Sends the cases (the refused and harmless ones first, counting every table around them), then checks the app lives. */
    async function fire(cases: Case[]): Promise<void> {
      const quiet = cases.filter((c) => c.verdict !== "any");
      const before = await rowCounts(t.database.db);
      const failures = await sendAll(quiet);
      expect(failures, `seed ${seed}; the app said:\n${appErrors()}`).toEqual(
        [],
      );
      expect(
        await rowCounts(t.database.db),
        `refused input stored something (seed ${seed})`,
      ).toEqual(before);
      expect(
        await sendAll(cases.filter((c) => c.verdict === "any")),
        `seed ${seed}; the app said:\n${appErrors()}`,
      ).toEqual([]);
      expect(t.app.process.exitCode, t.app.output().slice(-2000)).toBeNull();
      expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
    }

    // Everything but the access log's lines (JSON with a method, app/logger.server.ts).
    const appErrors = () =>
      t.app
        .output()
        .split("\n")
        .filter((line) => !line.includes('"method":'))
        .slice(-40)
        .join("\n");

    async function sendAll(cases: Case[]): Promise<string[]> {
      const failures: string[] = [];
      await pool(cases, CONCURRENCY, async (c) => {
        let status: number;
        let body = "";
        try {
          const answer =
            "raw" in c.request
              ? await rawRequest(t.app.url, c.request.raw)
              : await send(t.app.url, c.request);
          ({ status, body } = answer);
        } catch (error) {
          status = 0;
          body = String(error);
        }
        const statuses = totals.get(c.endpoint) ?? new Map<number, number>();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        totals.set(c.endpoint, statuses);
        const bad =
          status === 0 ||
          status >= 500 ||
          (c.verdict === "refused" && (status < 400 || status >= 500));
        if (
          bad &&
          failures.filter(
            (f) => f.startsWith(`${status} `) && f.includes(c.endpoint),
          ).length < 2
        )
          failures.push(`${status} ${body.slice(0, 200)} ← ${describeCase(c)}`);
      });
      return failures;
    }

    // What the fuzz found, pinned (each was a 500).
    it("answers TRACE with 405, not a 500 from Remix's request adapter", async () => {
      for (const path of [
        "/healthz",
        "/webhooks/orders",
        "/pixel",
        "/proxy/capture",
      ])
        expect((await send(t.app.url, { method: "TRACE", path })).status).toBe(
          405,
        );
    });

    it("refuses a signed app-proxy request for a shop that is not a myshopify.com domain with 400", async () => {
      const response = await fetch(
        t.double.appProxyUrl("/sw.js", { shop: "evil.example" }),
      );
      expect([response.status, await response.text()]).toEqual([
        400,
        "shop: expected a myshopify.com domain",
      ]);
    });

    it("stores a lone surrogate (\\ud800) or NUL in a signed webhook or a storefront body as U+FFFD", async () => {
      const name = "Ann\ud800\u0000";
      const delivery = await t.double.deliverWebhook({
        path: "/webhooks/customers",
        topic: "customers/create",
        shopDomain: t.shop,
        payload: customerBody(
          { customerId: 4242, email: "lone@example.com", firstName: name },
          new Date(),
        ),
      });
      expect(delivery.status).toBe(200);
      const event = await t.database.db.contactEvent.findFirstOrThrow({
        where: { sourceId: `CUSTOMERS_CREATE:${delivery.eventId}` },
      });
      expect(JSON.stringify(event.payload)).toContain("Ann\ufffd\ufffd");
      const proxied = new URL(t.double.appProxyUrl("/chat", { shop: t.shop }));
      const chat = await send(t.app.url, {
        method: "POST",
        path: proxied.pathname + proxied.search,
        headers: { "Content-Type": "application/json" },
        body: Buffer.from(
          JSON.stringify({
            visitorId: "lone",
            message: "hi",
            page: "/\ud800\u0000",
          }),
        ),
      });
      expect(chat.status).toBe(204);
      expect(
        (
          await t.database.db.chatReply.findFirstOrThrow({
            where: { body: "hi" },
          })
        ).page,
      ).toBe("/\ufffd\ufffd");
    });

    it("redirects a signed click link whose target has non-ASCII characters, percent-encoded", async () => {
      const link = new URL(
        clickUrl(
          t.app.url,
          SANDBOX_LINK_KEYS,
          "no-such-delivery",
          "https://shop.example/p\u2028ü",
        ),
      );
      const response = await send(t.app.url, {
        method: "GET",
        path: link.pathname + link.search,
      });
      expect(response.status).toBe(302);
    });

    it("takes a signed webhook whose unsigned X-Shopify-Triggered-At names the year 11720, without that time", async () => {
      const delivery = await t.double.deliverWebhook({
        path: "/webhooks/carts",
        topic: "carts/update",
        shopDomain: t.shop,
        payload: cart("far-header", new Date()),
        headersOverride: { "X-Shopify-Triggered-At": "11720" },
      });
      expect(delivery.status).toBe(200);
      expect(
        (
          await t.database.db.webhookReceipt.findFirstOrThrow({
            where: { eventId: delivery.eventId },
          })
        ).triggeredAt,
      ).toBeNull();
      const farBody = await t.double.deliverWebhook({
        path: "/webhooks/carts",
        topic: "carts/update",
        shopDomain: t.shop,
        payload: { ...cart("far-body", new Date()), updated_at: "11720" },
      });
      expect(farBody.status).toBe(400);
    });

    it(
      "webhooks: forged or missing signatures, malformed and odd bodies, odd methods and headers",
      { timeout: 600_000 },
      async () => {
        await fire(webhookCases(r, Math.round(4_000 * scale), t.shop));
        // What a valid signature let in is whole: each commerce receipt of the shop with its event.
        const receipts = await t.database.db.webhookReceipt.count({
          where: { shopDomain: t.shop },
        });
        expect(
          await t.database.db.contactEvent.count({
            where: { source: "webhook" },
          }),
        ).toBe(receipts);
      },
    );

    it(
      "the app proxy: forged signatures, malformed bodies, odd methods and queries on every endpoint",
      { timeout: 600_000 },
      async () => {
        await fire(proxyCases(r, Math.round(4_000 * scale), t));
      },
    );

    it(
      "provider events: forged tokens and signatures, malformed bodies, signed junk",
      { timeout: 600_000 },
      async () => {
        const shop = await t.database.db.shop.findUniqueOrThrow({
          where: { domain: t.shop },
        });
        // Mailgun connected: its signed requests get past the signature into the events' reading.
        expect(
          await saveEmailProvider(
            t.database.db,
            t.shop,
            {
              kind: "mailgun",
              apiKey: "key-fuzz",
              domain: "mg.example.com",
              webhookSigningKey: FUZZ_MAILGUN_KEY,
            },
            SANDBOX_KEY,
          ),
        ).toEqual({ ok: true });
        await fire(
          providerEventCases(r, Math.round(1_200 * scale), t.app.url, shop.id),
        );
        expect(await t.database.db.emailEvent.count()).toBe(0);
      },
    );

    it(
      "the pixel, tracking links and healthz",
      { timeout: 600_000 },
      async () => {
        await fire([
          ...pixelCases(r, Math.round(1_500 * scale), t.shop),
          ...trackingCases(r, Math.round(700 * scale), t.app.url),
          ...healthCases(r, Math.round(300 * scale)),
        ]);
      },
    );

    it(
      "processes everything the fuzz let in, with no job failing and no event left unprocessed",
      { timeout: 600_000 },
      async () => {
        // The worker's side: what a valid signature let in goes through identity, carts and the engine.
        const worker = startTestWorker(t.database.db);
        try {
          await worker.drain(300_000);
          expect(await worker.failures(), `seed ${seed}`).toEqual([]);
          expect(
            await t.database.db.contactEvent.count({
              where: { processedAt: null },
            }),
            `seed ${seed}`,
          ).toBe(0);
        } finally {
          await worker.close();
        }
      },
    );
  });
}

const FUZZ_MAILGUN_KEY = "fuzz-mailgun-signing-key";

/** Each provider's URL, right or wrong, with bodies of any shape; Mailgun's signed for real around junk event data. */
function providerEventCases(
  r: Rng,
  count: number,
  appUrl: string,
  shopId: string,
): Case[] {
  const cases: Case[] = [];
  const providers = ["sendgrid", "postmark", "mailgun", "ses"] as const;
  for (let i = 0; i < count; i++) {
    const provider = r.pick([...providers]);
    const url = new URL(
      emailEventsUrl(appUrl, SANDBOX_LINK_KEYS, shopId, provider),
    );
    url.username = url.password = "";
    const path = r.pick([
      url.pathname,
      url.pathname,
      url.pathname.replace(/[^/]+$/, "forged"),
      url.pathname.replace(shopId, "another-shop"),
      `/webhooks/email/${r.pick(["smtp", "x", ""])}/${shopId}/t`,
    ]);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const token = `t${i}`;
    const signed = {
      timestamp,
      token,
      signature: createHmac("sha256", FUZZ_MAILGUN_KEY)
        .update(timestamp + token)
        .digest("hex"),
    };
    const valid = JSON.stringify(
      provider === "mailgun"
        ? { signature: signed, "event-data": anyValue(r) }
        : provider === "sendgrid"
          ? [{ event: "bounce", email: "a@example.com", sg_event_id: "x" }]
          : provider === "postmark"
            ? { RecordType: "Bounce", ID: 1, Email: "a@example.com" }
            : { Type: "Notification", MessageId: "m", Message: "{}" },
    );
    const signedJunk = provider === "mailgun" && path === url.pathname;
    cases.push({
      endpoint: `/webhooks/email/${provider}`,
      // Signed junk may be read (and bound to no delivery): any answer under 500, nothing applied.
      verdict: signedJunk ? "any" : "refused",
      request: {
        method: "POST",
        path,
        headers: {
          "Content-Type": r.pick(["application/json", "text/plain", ""]),
          ...(r.chance(0.5)
            ? {
                Authorization: `Basic ${Buffer.from(`trigger-map:${r.pick(["", "guess", "x".repeat(40)])}`).toString("base64")}`,
                "X-Twilio-Email-Event-Webhook-Signature": r.pick([
                  "",
                  "AAAA",
                  "x",
                ]),
                "X-Twilio-Email-Event-Webhook-Timestamp": r.pick([
                  "",
                  "0",
                  timestamp,
                ]),
                "x-amz-sns-message-type": r.pick(["Notification", "x"]),
              }
            : {}),
        },
        body: r.chance(0.5) ? Buffer.from(valid) : malformedBody(valid, r),
      },
    });
  }
  return cases;
}

function describeCase(c: Case): string {
  if ("raw" in c.request)
    return `${c.endpoint} raw ${JSON.stringify(c.request.raw.slice(0, 300))}`;
  const body = c.request.body
    ? JSON.stringify(c.request.body.toString("utf8").slice(0, 300))
    : "";
  return `${c.endpoint} ${c.request.method} ${c.request.path.slice(0, 300)} ${JSON.stringify(c.request.headers ?? {}).slice(0, 400)} ${body}`;
}

const json = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
};
const isObject = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const address = (r: Rng) => `10.${r.int(256)}.${r.int(256)}.${r.int(256)}`;

function webhookBase(topic: string, shop: string): unknown {
  const at = new Date();
  const person = {
    customerId: 1 + Math.floor(Math.random() * 1e6),
    email: "fuzz@example.com",
    firstName: "Fuzz",
  };
  if (topic === "orders/cancelled")
    return cancelledOrderBody(order(person, at));
  if (topic === "refunds/create")
    return refundBody(order(person, at), { everything: true });
  if (topic.startsWith("orders"))
    return order(person, at, {
      checkoutToken: "co-fuzz",
      cartToken: "cart-fuzz",
    });
  if (topic.startsWith("fulfillments"))
    return fulfillment(order(person, at), at, {
      shipmentStatus: topic.endsWith("update") ? "delivered" : null,
    });
  if (topic.startsWith("checkouts"))
    return checkout("co-fuzz", person, at, { cartToken: "cart-fuzz" });
  if (topic.startsWith("carts")) return cart("cart-fuzz", at);
  if (topic === "customers/email_marketing_consent/update")
    return consentBody(person, "subscribed", at);
  if (
    topic.startsWith("customers/") &&
    !topic.includes("redact") &&
    !topic.includes("data_request")
  )
    return customerBody(person, at);
  if (topic === "shop/redact") return { shop_id: 1, shop_domain: shop };
  if (topic === "customers/redact")
    return {
      shop_id: 1,
      shop_domain: shop,
      customer: { id: 1, email: "fuzz@example.com" },
      orders_to_redact: [],
    };
  if (topic === "customers/data_request")
    return {
      shop_id: 1,
      shop_domain: shop,
      customer: { id: 1, email: "fuzz@example.com" },
      orders_requested: [],
      data_request: { id: 1 },
    };
  return { id: 1, domain: shop };
}

const pathOf = (topic: string) =>
  (COMPLIANCE as readonly string[]).includes(topic)
    ? "/webhooks/compliance"
    : topic === "app/uninstalled"
      ? "/webhooks/app/uninstalled"
      : (COMMERCE as readonly string[]).includes(topic)
        ? `/webhooks/${topic.split("/")[0]}`
        : `/webhooks/${topic}`;

function webhookCases(r: Rng, count: number, shop: string): Case[] {
  const cases: Case[] = [];
  const topics = [
    ...COMMERCE,
    ...COMPLIANCE,
    "app/uninstalled",
    "products/update",
    "themes/publish",
  ];
  const eventIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const topic = r.pick(topics);
    // Uninstall, redaction and unrouted topics only for another shop: the demo shop stays for the other families.
    const domain = (COMMERCE as readonly string[]).includes(topic)
      ? shop
      : OTHER_SHOP;
    const valid = JSON.stringify(webhookBase(topic, domain));
    const kind = r.int(10);
    let body: Buffer;
    let signature: string;
    let verdict: Verdict;
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
    };
    let method = "POST";
    if (kind <= 2) {
      // Forged: another secret, garbage, empty, or the signature of another body.
      body = r.chance(0.5)
        ? Buffer.from(valid)
        : Buffer.from(JSON.stringify(mutate(JSON.parse(valid), r)));
      signature = r.pick([
        signWebhookBody(valid, "not-the-secret"),
        "",
        "x",
        "=".repeat(44),
        signWebhookBody(`${valid} `, SECRET),
        "%%%",
      ]);
      if (r.chance(0.1)) method = r.pick(["PUT", "PATCH", "DELETE"]);
      verdict = "refused";
    } else if (kind <= 5) {
      // Signed, but not a JSON object (or not valid UTF-8, signed as the app will decode it).
      body = malformedBody(valid, r);
      signature = signWebhookBody(body.toString("utf8"), SECRET);
      const parsed = json(body);
      const routed = ![
        "app/uninstalled",
        "products/update",
        "themes/publish",
      ].includes(topic);
      verdict =
        parsed === undefined || (routed && !isObject(parsed))
          ? "refused"
          : "any";
      if (r.chance(0.2))
        headers["Content-Type"] = r.pick([
          "text/plain",
          "application/x-www-form-urlencoded",
          "",
          "multipart/form-data; boundary=x",
        ]);
    } else {
      // Signed, well-formed JSON, shaped wrong (or oddly right): may be taken, never a 5xx.
      body = Buffer.from(JSON.stringify(mutate(JSON.parse(valid), r)));
      signature = signWebhookBody(body.toString("utf8"), SECRET);
      verdict = "any";
    }
    const eventId =
      r.chance(0.1) && eventIds.length > 0 ? r.pick(eventIds) : randomUUID();
    eventIds.push(eventId);
    Object.assign(headers, {
      "X-Shopify-Hmac-Sha256": signature,
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": domain,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": eventId,
      "X-Shopify-Triggered-At": r.pick([
        new Date().toISOString(),
        "yesterday",
        "",
        "1970-01-01T00:00:00Z",
        "9999-99-99",
      ]),
    });
    if (r.chance(0.05)) {
      // A required header missing: refused (400) whatever the signature.
      delete headers[
        r.pick([
          "X-Shopify-Hmac-Sha256",
          "X-Shopify-Topic",
          "X-Shopify-Shop-Domain",
        ])
      ];
      verdict = "refused";
    }
    if (r.chance(0.03)) headers["Transfer-Encoding"] = "chunked";
    // Topics without a route of their own reach the catch-all, webhooks.$.
    const unrouted = topic === "products/update" || topic === "themes/publish";
    cases.push({
      endpoint: unrouted ? "/webhooks/$" : pathOf(topic),
      verdict,
      request: { method, path: pathOf(topic), headers, body },
    });
  }
  // Odd methods and queries: 405 on a webhook route, nothing stored.
  for (let i = 0; i < count / 20; i++) {
    const topic = r.pick(topics);
    cases.push({
      endpoint: "webhooks: odd methods",
      verdict: "harmless",
      request: {
        method: r.pick(ODD_METHODS.filter((m) => m !== "OPTIONS")),
        path: `${pathOf(topic)}?${oddQuery(r)}`,
      },
    });
  }
  // Over the 5 MB limit, with and without a declared length, signed: 413.
  for (const chunked of [false, true, false]) {
    const huge = Buffer.from(
      JSON.stringify({
        ...(webhookBase("orders/create", shop) as object),
        note: "x".repeat(5 * 1024 * 1024 + 10),
      }),
    );
    cases.push({
      endpoint: "/webhooks/orders oversized",
      verdict: "refused",
      request: {
        method: "POST",
        path: "/webhooks/orders",
        body: huge,
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Hmac-Sha256": signWebhookBody(
            huge.toString("utf8"),
            SECRET,
          ),
          "X-Shopify-Topic": "orders/create",
          "X-Shopify-Shop-Domain": shop,
          "X-Shopify-API-Version": "2026-10",
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-Event-Id": randomUUID(),
          ...(chunked ? { "Transfer-Encoding": "chunked" } : {}),
        },
      },
    });
  }
  cases.push(...injections(r, "/webhooks/orders", count / 100));
  return cases;
}

/** Raw requests Node's client will not send: CR/LF in a header, smuggling, bad request lines. */
function injections(r: Rng, path: string, count: number): Case[] {
  const heads = [
    `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Shopify-Topic: orders/create\r\n X-Folded: y\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Shopify-Shop-Domain: a.myshopify.com\rX-Shopify-Topic: carts/update\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    `POST ${path}\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    `GET ${path}?a=%0d%0aSet-Cookie:x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Shopify-Hmac-Sha256: \u00ff\u00fe\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    `BREW ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  ];
  return Array.from(
    { length: Math.max(heads.length, Math.round(count)) },
    (_, i) => ({
      endpoint: `${path} raw`,
      verdict: "harmless" as const,
      request: { raw: i < heads.length ? heads[i] : r.pick(heads) },
    }),
  );
}

const PROXY_POSTS: Record<string, (v: string) => unknown> = {
  "/capture": (v) => ({
    visitorId: v,
    email: "fuzz@example.com",
    rule: "nope:popup",
    locale: "en",
  }),
  "/chat": (v) => ({
    visitorId: v,
    message: "Hello",
    email: "fuzz@example.com",
    page: "/products/mug",
  }),
  "/events": (v) => ({
    visitorId: v,
    events: [
      {
        id: "e1",
        type: "shown",
        rule: "nope:popup",
        at: new Date().toISOString(),
      },
    ],
  }),
  "/offer": (v) => ({ visitorId: v, rule: "nope:popup" }),
  "/push/subscribe": (v) => ({
    visitorId: v,
    subscription: {
      endpoint: "https://fcm.googleapis.com/fcm/send/abc",
      keys: { p256dh: "BA", auth: "x" },
    },
  }),
  "/push/unsubscribe": () => ({
    endpoint: "https://fcm.googleapis.com/fcm/send/abc",
  }),
  "/unsubscribe": () => ({}),
};
const PROXY_GETS = [
  "/pending",
  "/products",
  "/push/key",
  "/sw.js",
  "/unsubscribe",
];

function proxyCases(r: Rng, count: number, t: TestApp): Case[] {
  const cases: Case[] = [];
  const signed = (
    path: string,
    query: Record<string, string> | URLSearchParams,
    shop = t.shop,
  ) => {
    const url = new URL(t.double.appProxyUrl(path, { shop, query }));
    return url.pathname + url.search;
  };
  for (let i = 0; i < count; i++) {
    const post = r.chance(0.7);
    const path = post ? r.pick(Object.keys(PROXY_POSTS)) : r.pick(PROXY_GETS);
    const visitor = `fuzz-${r.int(1e9)}`;
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Forwarded-For": address(r),
    };
    const valid = JSON.stringify(post ? PROXY_POSTS[path](visitor) : {});
    const query: Record<string, string> = post
      ? {}
      : { visitorId: visitor, list: r.pick(["popular", "all", ""]) };
    const kind = r.int(10);
    let target = signed(path, query);
    let body: Buffer | undefined = post ? Buffer.from(valid) : undefined;
    let verdict: Verdict;
    let method = post ? "POST" : "GET";
    if (kind <= 2) {
      // Forged: signature changed, dropped, or a parameter changed after signing.
      const url = new URL(target, "http://x");
      const change = r.int(4);
      if (change === 0)
        url.searchParams.set(
          "signature",
          r.pick([
            "",
            "0".repeat(64),
            "zz",
            url.searchParams.get("signature")!.toUpperCase(),
          ]),
        );
      else if (change === 1) url.searchParams.delete("signature");
      else if (change === 2)
        url.searchParams.set("shop", r.pick(["evil.myshopify.com", "", "a b"]));
      else url.searchParams.set("logged_in_customer_id", String(r.int(1e6)));
      target = url.pathname + url.search;
      if (post && r.chance(0.5))
        body = Buffer.from(JSON.stringify(mutate(JSON.parse(valid), r)));
      verdict = "refused";
    } else if (kind === 3) {
      // Signed for a shop the app does not know: 404.
      target = signed(
        path,
        query,
        r.pick([OTHER_SHOP, "evil.example", "a.myshopify.com"]),
      );
      verdict = "refused";
    } else if (kind <= 6 && post) {
      body = malformedBody(valid, r);
      verdict =
        path === "/unsubscribe"
          ? "refused"
          : json(body) === undefined || !isObject(json(body))
            ? "refused"
            : "any";
      if (r.chance(0.2))
        headers["Content-Type"] = r.pick([
          "text/plain",
          "application/x-www-form-urlencoded",
          "",
        ]);
    } else if (kind === 7) {
      // A method the route does not take, or any method with odd signed parameters.
      method = r.pick(ODD_METHODS);
      target = signed(path, new URLSearchParams(oddQuery(r)));
      verdict = "any";
    } else {
      body = post
        ? Buffer.from(JSON.stringify(mutate(JSON.parse(valid), r)))
        : undefined;
      if (!post) target = signed(path, new URLSearchParams(oddQuery(r)));
      verdict = "any";
    }
    if (post && r.chance(0.01))
      body = Buffer.from(
        JSON.stringify({ visitorId: visitor, pad: "x".repeat(9_000) }),
      );
    cases.push({
      endpoint: `/proxy${path}`,
      verdict,
      request: {
        method,
        path: `/proxy${path}${target.slice(`/proxy${path}`.length)}`,
        headers,
        body,
      },
    });
  }
  cases.push(...injections(r, "/proxy/capture", count / 100));
  return cases;
}

function pixelCases(r: Rng, count: number, shop: string): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const valid = JSON.stringify({
      v: 1,
      shop,
      clientId: `fuzz-${r.int(1e9)}`,
      event: {
        id: randomUUID(),
        name: r.pick([
          "page_viewed",
          "product_viewed",
          "product_added_to_cart",
          "checkout_started",
        ]),
        at: new Date().toISOString(),
        url: `https://${shop}/products/mug`,
        cartToken: "c1",
        cartTotal: 12.5,
      },
    });
    const headers = {
      "Content-Type": r.pick(["text/plain", "application/json", ""]),
      Origin: r.pick([`https://${shop}`, "https://evil.example", "null"]),
      "X-Forwarded-For": address(r),
    };
    const kind = r.int(10);
    if (kind <= 4) {
      const body = malformedBody(valid, r);
      const parsed = json(body);
      cases.push({
        endpoint: "/pixel",
        verdict: parsed === undefined || !isObject(parsed) ? "refused" : "any",
        request: { method: "POST", path: "/pixel", headers, body },
      });
    } else if (kind === 5) {
      cases.push({
        endpoint: "/pixel",
        verdict: "refused",
        request: {
          method: "POST",
          path: "/pixel",
          headers,
          body: Buffer.from(
            valid.replace(
              shop,
              r.pick([OTHER_SHOP, "evil.example", "A.myshopify.com"]),
            ),
          ),
        },
      });
    } else if (kind === 6) {
      const method = r.pick(ODD_METHODS);
      cases.push({
        endpoint: "/pixel methods",
        verdict: "harmless",
        request: { method, path: `/pixel?${oddQuery(r)}`, headers },
      });
    } else if (kind === 7 && r.chance(0.2)) {
      cases.push({
        endpoint: "/pixel",
        verdict: "refused",
        request: {
          method: "POST",
          path: "/pixel",
          headers,
          body: Buffer.from(`{"pad":"${"x".repeat(17_000)}"}`),
        },
      });
    } else {
      cases.push({
        endpoint: "/pixel",
        verdict: "any",
        request: {
          method: "POST",
          path: "/pixel",
          headers,
          body: Buffer.from(JSON.stringify(mutate(JSON.parse(valid), r))),
        },
      });
    }
  }
  cases.push(...injections(r, "/pixel", count / 100));
  return cases;
}

function trackingCases(r: Rng, count: number, appUrl: string): Case[] {
  const cases: Case[] = [];
  const junk = () =>
    r.pick([
      "x",
      "0".repeat(32),
      "%00",
      "..%2f..",
      "a".repeat(3000),
      encodeURIComponent("😀"),
      "%ZZ",
      encodeURIComponent("\r\nX: y"),
    ]);
  for (let i = 0; i < count; i++) {
    const id = r.chance(0.5) ? junk() : `d${r.int(1e6)}`;
    const kind = r.int(4);
    if (kind === 0) {
      cases.push({
        endpoint: "/t/o",
        verdict: "harmless",
        request: {
          method: r.pick(["GET", "GET", "HEAD", "POST"]),
          path: `/t/o/${id}/${junk()}.gif`,
        },
      });
    } else if (kind === 1) {
      const target = r.pick([
        "https://shop.example/",
        "javascript:alert(1)",
        "//evil.example",
        "https://evil.example/\r\nX: y",
        "",
      ]);
      // "/t/c/..%2f.." is the public folder to the static files' handler: a redirect to itself with a slash.
      cases.push({
        endpoint: "/t/c",
        verdict: id.includes("..") ? "harmless" : "refused",
        request: {
          method: "GET",
          path: `/t/c/${id}?u=${encodeURIComponent(target)}&s=${junk()}&${oddQuery(r)}`,
        },
      });
    } else {
      // Signed links for deliveries that do not exist (or with odd ids): followed or answered, never a 5xx.
      const deliveryId = r.chance(0.5)
        ? `d${r.int(1e6)}`
        : r.pick(["", "x".repeat(500), "ü", "a/b"]);
      const url =
        kind === 2
          ? new URL(openPixelUrl(appUrl, SANDBOX_LINK_KEYS, deliveryId))
          : new URL(
              clickUrl(
                appUrl,
                SANDBOX_LINK_KEYS,
                deliveryId,
                r.pick(["https://shop.example/p", "http://x/\u2028"]),
              ),
            );
      cases.push({
        endpoint: kind === 2 ? "/t/o signed" : "/t/c signed",
        verdict: "any",
        request: { method: "GET", path: url.pathname + url.search },
      });
    }
  }
  return cases;
}

function healthCases(r: Rng, count: number): Case[] {
  return Array.from({ length: count }, () => ({
    endpoint: "/healthz",
    verdict: "harmless" as const,
    request: {
      method: r.pick(["GET", ...ODD_METHODS]),
      path: `/healthz?${oddQuery(r)}`,
      headers: {
        "X-Forwarded-For": r.pick(["", "1.2.3.4, , ::1", "x".repeat(4000)]),
      },
    },
  }));
}
