// What the settings page shows of the provider's reports, and the merchant's list of suppressed
// addresses, on both databases: the URL is the connected provider's own (SMTP has none), the status
// follows the first report, a bounce is lifted and a complaint never, nor another shop's address.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import { saveEmailProvider } from "../channels/email/provider.server";
import {
  postmarkPassword,
  verifyEventsToken,
} from "../deliveries/email-event-urls.server";
import { linkKeysFromEnv } from "../security/link-keys.server";
import {
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
});
