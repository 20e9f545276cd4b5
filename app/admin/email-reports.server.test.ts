// What the settings page shows of the provider's reports, and the merchant's list of suppressed
// addresses, on both databases: the URL is the connected provider's own (SMTP has none), the status
// follows the first report, a bounce is lifted and a complaint never, nor another shop's address.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import {
  readEmailProvider,
  saveEmailProvider,
} from "../channels/email/provider.server";
import {
  postmarkPassword,
  verifyEventsToken,
} from "../deliveries/email-event-urls.server";
import { linkKeysFromEnv } from "../security/link-keys.server";
import {
  connectEmailReports,
  emailReportsView,
  liftShopSuppression,
  suppressionsView,
} from "./email-reports.server";

const key = randomBytes(32);
const keys = linkKeysFromEnv({
  TRIGGER_MAP_LINK_KEYS: Buffer.alloc(32, 1).toString("base64"),
  TRIGGER_MAP_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString("base64"),
});
const env = { appUrl: "https://app.example", keys };
const domain = "reports.myshopify.com";
const other = "other-reports.myshopify.com";

/** A fake of the providers' webhook APIs: what each path answers, set by the test. */
let answers: Record<string, { status: number; body: unknown }> = {};
let api: Server;
let apiBase = "";
beforeAll(async () => {
  api = createServer((req, res) => {
    req.resume().on("end", () => {
      const path = req.url!.split("?")[0]!;
      const answer = answers[`${req.method} ${path}`] ??
        answers[path] ?? { status: 404, body: {} };
      res
        .writeHead(answer.status, { "Content-Type": "application/json" })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiBase = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => api.close(() => resolve())));

describe.each(PROVIDERS)("email reports (%s)", (provider) => {
  let t: TestDatabase;
  let shopId: string;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ id: shopId } = await t.db.shop.create({
      data: { domain, settings: {}, ianaTimezone: "Europe/Berlin" },
    }));
    await t.db.shop.create({ data: { domain: other, settings: {} } });
  });
  afterAll(() => t?.drop());

  it("shows no reports block until a provider is connected", async () => {
    expect(await emailReportsView(t.db, domain, env)).toBeNull();
  });

  it("gives the connected provider's own URL, and the status of its reports", async () => {
    await saveEmailProvider(
      t.db,
      domain,
      { kind: "mailgun", domain: "mg.reports.example", apiKey: "key-1" },
      key,
    );
    const mailgun = (await emailReportsView(t.db, domain, env))!;
    expect(mailgun).toMatchObject({
      kind: "mailgun",
      since: null,
      suppressed: 0,
    });
    const [, , , kind, id, token] = new URL(mailgun.url!).pathname.split("/");
    expect([kind, id]).toEqual(["mailgun", shopId]);
    expect(verifyEventsToken(keys, token!, shopId, "mailgun")).toBe(true);

    // Postmark's carries its Basic auth credentials.
    await saveEmailProvider(
      t.db,
      domain,
      { kind: "postmark", serverToken: "pm-1" },
      key,
    );
    const since = new Date("2026-03-01T10:00:00.000Z");
    await t.db.shop.update({
      where: { domain },
      data: { emailEventsSince: since },
    });
    const postmark = (await emailReportsView(t.db, domain, env))!;
    const url = new URL(postmark.url!);
    expect(url.pathname).toMatch(`/webhooks/email/postmark/${shopId}/`);
    expect([url.username, url.password]).toEqual([
      "trigger-map",
      postmarkPassword(keys, shopId),
    ]);
    expect(postmark.since).toBe(since.toISOString());
  });

  it("gives no URL for SMTP, whose answer is read at sending", async () => {
    await saveEmailProvider(
      t.db,
      domain,
      { kind: "smtp", host: "127.0.0.1", port: 587, secure: false },
      key,
      { network: { allowPrivateHosts: true } },
    );
    expect(await emailReportsView(t.db, domain, env)).toMatchObject({
      kind: "smtp",
      url: null,
    });
  });

  it("lifts a bounce, never a complaint nor another shop's address", async () => {
    const otherShop = await t.db.shop.findUniqueOrThrow({
      where: { domain: other },
    });
    const at = (minute: number) => new Date(`2026-03-01T10:0${minute}:00.000Z`);
    const bounce = await t.db.emailSuppression.create({
      data: {
        shopId,
        email: "gone@example.com",
        reason: "HARD_BOUNCE",
        provider: "sendgrid",
        detail: "550 5.1.1 user unknown",
        createdAt: at(1),
      },
    });
    const complaint = await t.db.emailSuppression.create({
      data: {
        shopId,
        email: "angry@example.com",
        reason: "COMPLAINT",
        provider: "sendgrid",
        createdAt: at(2),
      },
    });
    const elsewhere = await t.db.emailSuppression.create({
      data: {
        shopId: otherShop.id,
        email: "gone@example.com",
        reason: "SOFT_BOUNCES",
        provider: "ses",
      },
    });

    const view = await suppressionsView(t.db, domain);
    expect(view).toMatchObject({
      timeZone: "Europe/Berlin",
      more: false,
      rows: [
        {
          id: complaint.id,
          email: "angry@example.com",
          reason: "COMPLAINT",
          detail: null,
          liftable: false,
        },
        {
          id: bounce.id,
          reason: "HARD_BOUNCE",
          provider: "sendgrid",
          detail: "550 5.1.1 user unknown",
          createdAt: at(1).toISOString(),
          liftable: true,
        },
      ],
    });
    expect((await emailReportsView(t.db, domain, env))?.suppressed).toBe(2);

    expect(await liftShopSuppression(t.db, domain, complaint.id)).toBe(false);
    expect(await liftShopSuppression(t.db, domain, elsewhere.id)).toBe(false);
    expect(await liftShopSuppression(t.db, domain, bounce.id)).toBe(true);
    expect(await liftShopSuppression(t.db, domain, bounce.id)).toBe(false);
    expect(
      (await suppressionsView(t.db, domain)).rows.map((r) => r.id),
    ).toEqual([complaint.id]);
    expect(
      await t.db.emailSuppression.count({ where: { id: elsewhere.id } }),
    ).toBe(1);
  });
  describe("connect automatically", () => {
    const options = () => ({
      key,
      baseUrls: { postmark: apiBase, sendgrid: apiBase, mailgun: apiBase },
    });
    const sg = "/v3/user/webhooks/event/settings";

    it("keeps SendGrid's public key with every other setting and secret, and the test email's record", async () => {
      await saveEmailProvider(
        t.db,
        domain,
        { kind: "sendgrid", apiKey: "SG.key", sendRatePerSecond: 7 },
        key,
      );
      const sentAt = "2026-03-02T09:00:00.000Z";
      const shop = await t.db.shop.findUniqueOrThrow({ where: { domain } });
      await t.db.shop.update({
        where: { domain },
        data: {
          settings: {
            ...(shop.settings as object),
            emailTestSentAt: sentAt,
          },
        },
      });
      answers = {
        [`GET ${sg}/all`]: {
          status: 200,
          body: { max_allowed: 5, webhooks: [] },
        },
        [`POST ${sg}`]: { status: 201, body: { id: "wh-1" } },
        [`PATCH ${sg}/signed/wh-1`]: {
          status: 200,
          body: { id: "wh-1", public_key: "MFkw-public" },
        },
      };
      expect(await connectEmailReports(t.db, domain, env, options())).toEqual({
        ok: true,
        connected: { provider: "sendgrid", keyManual: false },
      });
      const after = await t.db.shop.findUniqueOrThrow({ where: { domain } });
      expect(readEmailProvider(after, key)).toEqual({
        kind: "sendgrid",
        apiKey: "SG.key",
        sendRatePerSecond: 7,
        eventVerificationKey: "MFkw-public",
      });
      expect(
        (after.settings as { emailTestSentAt?: string }).emailTestSentAt,
      ).toBe(sentAt);
    });

    it("keeps Mailgun's signing key as a secret; without it, says the merchant pastes it", async () => {
      await saveEmailProvider(
        t.db,
        domain,
        {
          kind: "mailgun",
          domain: "mg.reports.example",
          region: "eu",
          apiKey: "key-1",
        },
        key,
      );
      const hooks = "/v3/domains/mg.reports.example/webhooks";
      answers = {
        [`POST ${hooks}`]: { status: 200, body: { message: "created" } },
        "GET /v5/accounts/http_signing_key": {
          status: 200,
          body: { http_signing_key: "sign-123" },
        },
      };
      expect(await connectEmailReports(t.db, domain, env, options())).toEqual({
        ok: true,
        connected: { provider: "mailgun", keyManual: false },
      });
      const after = await t.db.shop.findUniqueOrThrow({ where: { domain } });
      expect(readEmailProvider(after, key)).toEqual({
        kind: "mailgun",
        domain: "mg.reports.example",
        region: "eu",
        apiKey: "key-1",
        webhookSigningKey: "sign-123",
      });
      // Kept encrypted, never in the settings the page shows.
      expect(JSON.stringify(after.settings)).not.toContain("sign-123");

      answers["GET /v5/accounts/http_signing_key"] = {
        status: 403,
        body: { message: "Forbidden" },
      };
      expect(await connectEmailReports(t.db, domain, env, options())).toEqual({
        ok: true,
        connected: { provider: "mailgun", keyManual: true },
      });
    });

    it("gives Postmark this shop's URL, and a refused key in the merchant's terms", async () => {
      await saveEmailProvider(
        t.db,
        domain,
        { kind: "postmark", serverToken: "pm-1", broadcastStream: "news" },
        key,
      );
      answers = {
        "GET /webhooks": { status: 401, body: { ErrorCode: 10 } },
      };
      expect(await connectEmailReports(t.db, domain, env, options())).toEqual({
        ok: false,
        connectFailure: {
          failure: "auth",
          provider: "postmark",
          vars: { stream: "news" },
        },
      });
      answers = {
        "GET /webhooks": { status: 200, body: { Webhooks: [] } },
        "POST /webhooks": { status: 200, body: { ID: 1 } },
      };
      expect(await connectEmailReports(t.db, domain, env, options())).toEqual({
        ok: true,
        connected: { provider: "postmark", keyManual: false },
      });
    });

    it("connects nothing for SES or SMTP", async () => {
      await saveEmailProvider(
        t.db,
        domain,
        {
          kind: "ses",
          region: "eu-west-1",
          accessKeyId: "AKIAEXAMPLE12345",
          secretAccessKey: "secret",
        },
        key,
      );
      expect(await connectEmailReports(t.db, domain, env, options())).toEqual({
        ok: false,
        connectFailure: { failure: "setup", provider: "ses", vars: {} },
      });
      expect((await emailReportsView(t.db, domain, env))?.connectable).toBe(
        false,
      );
    });
  });
});
