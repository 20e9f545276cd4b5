// The merchant's settings page, section by section, on both databases: each section saved in one
// write or not at all, errors named by field, secrets kept but never shown, and the test email
// recorded for the setup checklist only when it really went out (a real SMTP server).
import { randomBytes } from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../../test/support/databases";
import { saveEmailProvider } from "../channels/email/provider.server";
import { decryptSecrets } from "../security/secrets.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import {
  providerForms,
  sendAndRecordTestEmail,
  settingsView,
  updateShopSettings,
} from "./settings-page.server";

const key = randomBytes(32);
const domain = "settings.myshopify.com";
const received: ParsedMail[] = [];
let smtp: SMTPServer;
let port: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _s, cb) =>
      auth.password === "smtp-pass"
        ? cb(null, { user: auth.username })
        : cb(new Error("Invalid credentials")),
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then((mail) => (received.push(mail), cb()), cb),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

/** An Admin API that answers the publish's two operations and records them. */
function fakeAdmin(fail = false) {
  const calls: string[] = [];
  const graphql: AdminGraphql = async (query) => {
    calls.push(query);
    if (fail)
      return new Response(
        JSON.stringify({ errors: [{ message: "Throttled" }] }),
        { status: 200 },
      );
    const data = query.includes("currentAppInstallation")
      ? { currentAppInstallation: { id: "gid://shopify/AppInstallation/1" } }
      : {
          metafieldsSet: {
            metafields: [{ id: "gid://shopify/Metafield/1" }],
            userErrors: [],
          },
        };
    return new Response(JSON.stringify({ data }), { status: 200 });
  };
  return { graphql, calls };
}

describe.each(PROVIDERS)("settings sections (%s)", (provider) => {
  let t: TestDatabase;
  const row = () => t.db.shop.findUniqueOrThrow({ where: { domain } });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await t.db.shop.create({
      data: {
        domain,
        name: "Settings Shop",
        email: "owner@settings.example",
        settings: {},
      },
    });
  });
  afterAll(() => t?.drop());

  it("saves each section and shows it back", async () => {
    expect(
      await updateShopSettings(t.db, domain, "sender", {
        sender: { name: " Settings Shop ", email: "hello@settings.example" },
        physicalAddress: "1 Main St, Springfield",
      }),
    ).toEqual({ ok: true });
    expect(
      await updateShopSettings(t.db, domain, "limits", {
        dailyMessageCap: 3,
        quietHours: { start: 22, end: 8 },
        abandonment: { cartMinutes: 45, checkoutMinutes: 30 },
        attributionWindowDays: 7,
      }),
    ).toEqual({ ok: true });
    expect(
      await updateShopSettings(t.db, domain, "consent", {
        doubleOptIn: true,
        languages: ["en", "ru"],
      }),
    ).toEqual({ ok: true });
    expect(
      await updateShopSettings(t.db, domain, "testContacts", {
        testContacts: [
          " QA@settings.example",
          "qa@settings.example",
          "dev@settings.example",
        ],
      }),
    ).toEqual({ ok: true });
    expect(
      await updateShopSettings(t.db, domain, "retention", {
        eventRetentionDays: 90,
      }),
    ).toEqual({ ok: true });
    const { settings } = await settingsView(t.db, domain, key);
    expect(settings).toMatchObject({
      sender: { name: "Settings Shop", email: "hello@settings.example" },
      physicalAddress: "1 Main St, Springfield",
      dailyMessageCap: 3,
      quietHours: { start: 22, end: 8 },
      abandonment: { cartMinutes: 45, checkoutMinutes: 30 },
      attributionWindowDays: 7,
      doubleOptIn: true,
      languages: ["en", "ru"],
      testContacts: ["qa@settings.example", "dev@settings.example"],
      eventRetentionDays: 90,
    });
  });

  it("names every wrong field and writes nothing", async () => {
    const before = await row();
    const result = await updateShopSettings(t.db, domain, "limits", {
      dailyMessageCap: 50,
      quietHours: { start: 25, end: 2.5 },
      abandonment: { cartMinutes: 45 },
      attributionWindowDays: null,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: "dailyMessageCap",
          rule: "max",
          limit: 20,
          message: "At most 20",
        },
        {
          field: "quietHours.start",
          rule: "max",
          limit: 23,
          message: "At most 23",
        },
        {
          field: "quietHours.end",
          rule: "whole",
          message: "Enter a whole number",
        },
        {
          field: "abandonment.checkoutMinutes",
          rule: "required",
          message: "Required",
        },
        {
          field: "attributionWindowDays",
          rule: "required",
          message: "Required",
        },
      ],
    });
    expect(
      await updateShopSettings(t.db, domain, "sender", {
        sender: { name: "", email: "nope" },
        physicalAddress: "x".repeat(301),
      }),
    ).toMatchObject({
      ok: false,
      errors: [
        { field: "sender.name", rule: "required" },
        { field: "sender.email", rule: "email" },
        { field: "physicalAddress", rule: "max", limit: 300 },
      ],
    });
    expect(
      await updateShopSettings(t.db, domain, "consent", {
        doubleOptIn: false,
        languages: [],
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: "languages", rule: "min", limit: 1 }],
    });
    expect(
      await updateShopSettings(t.db, domain, "testContacts", {
        testContacts: ["qa@settings.example", "not an email"],
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: "testContacts.1", rule: "email" }],
    });
    expect(
      await updateShopSettings(t.db, domain, "retention", {
        eventRetentionDays: 7,
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: "eventRetentionDays", rule: "min", limit: 30 }],
    });
    const after = await row();
    expect(after.settings).toEqual(before.settings);
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("knows only its own sections", async () => {
    expect(
      await updateShopSettings(t.db, domain, "constructor" as never, {}),
    ).toMatchObject({ ok: false, errors: [{ field: "section" }] });
  });

  it("refuses a free mailbox as the sender, on its field, along with the other errors", async () => {
    const before = await row();
    expect(
      await updateShopSettings(t.db, domain, "sender", {
        sender: { name: "Demo Store", email: "demo.store@Gmail.com" },
        physicalAddress: "x".repeat(301),
      }),
    ).toEqual({
      ok: false,
      errors: [
        {
          field: "physicalAddress",
          rule: "max",
          limit: 300,
          message: expect.any(String),
        },
        {
          field: "sender.email",
          rule: "freeMail",
          message: expect.stringContaining("your shop's own domain"),
        },
      ],
    });
    expect(
      await updateShopSettings(t.db, domain, "sender", {
        sender: { name: "Demo Store", email: "hello@yahoo.co.uk" },
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ field: "sender.email", rule: "freeMail" }],
    });
    expect((await row()).updatedAt).toEqual(before.updatedAt);
  });

  it("an emptied sender and address fall back to the shop's own", async () => {
    expect(
      await updateShopSettings(t.db, domain, "sender", {
        sender: { name: "", email: " " },
        physicalAddress: "",
      }),
    ).toEqual({ ok: true });
    const { settings } = await settingsView(t.db, domain, key);
    expect(settings.sender).toBeUndefined();
    expect(settings.physicalAddress).toBeUndefined();
  });

  it("keeps the DKIM selector as its label, pasted alone or as the whole record name", async () => {
    const save = (dkimSelector: string) =>
      updateShopSettings(t.db, domain, "sender", {
        sender: { name: "", email: "" },
        physicalAddress: "",
        dkimSelector,
      });
    expect(await save(" 20240101pm._domainkey.settings.example ")).toEqual({
      ok: true,
    });
    expect((await settingsView(t.db, domain, key)).settings.dkimSelector).toBe(
      "20240101pm",
    );
    expect(await save("not a selector")).toMatchObject({
      ok: false,
      errors: [{ field: "dkimSelector", rule: "format" }],
    });
    expect(await save("")).toEqual({ ok: true });
    expect(
      (await settingsView(t.db, domain, key)).settings.dkimSelector,
    ).toBeUndefined();
  });

  it("republishes the storefront when the languages change, only then, and keeps the save if Shopify fails", async () => {
    const admin = fakeAdmin();
    expect(
      await updateShopSettings(
        t.db,
        domain,
        "consent",
        { doubleOptIn: false, languages: ["en", "ru"] },
        admin,
      ),
    ).toEqual({ ok: true });
    expect(admin.calls).toHaveLength(0);
    expect(
      await updateShopSettings(
        t.db,
        domain,
        "consent",
        { doubleOptIn: false, languages: ["ru"] },
        admin,
      ),
    ).toEqual({ ok: true });
    expect(admin.calls.some((q) => q.includes("metafieldsSet"))).toBe(true);
    const failing = fakeAdmin(true);
    expect(
      await updateShopSettings(
        t.db,
        domain,
        "consent",
        { doubleOptIn: false, languages: ["en"] },
        failing,
      ),
    ).toMatchObject({
      ok: true,
      warning: expect.stringContaining("Throttled"),
    });
    expect((await settingsView(t.db, domain, key)).settings.languages).toEqual([
      "en",
    ]);
  });

  it("keeps a stored secret when the form leaves it empty for the same kind, and never shows it", async () => {
    const smtpInput = {
      kind: "smtp",
      host: "127.0.0.1",
      port: String(port),
      secure: false,
      requireTls: false,
      user: "shop",
      sendRatePerSecond: "",
    };
    expect(
      await saveEmailProvider(
        t.db,
        domain,
        { ...smtpInput, password: "smtp-pass" },
        key,
      ),
    ).toEqual({ ok: true });
    expect(
      await saveEmailProvider(
        t.db,
        domain,
        { ...smtpInput, user: "shop2", password: "" },
        key,
      ),
    ).toEqual({ ok: true });
    const stored = await row();
    expect(decryptSecrets(stored.secretsCipher!, domain, key)).toMatchObject({
      "email.password": "smtp-pass",
    });
    const view = await settingsView(t.db, domain, key);
    expect(view.provider).toEqual({
      kind: "smtp",
      values: {
        host: "127.0.0.1",
        port,
        secure: false,
        requireTls: false,
        user: "shop2",
      },
      savedSecrets: ["password"],
    });
    expect(JSON.stringify(view)).not.toContain("smtp-pass");

    // Another kind needs its own key: an empty one is an error, and nothing changes.
    expect(
      await saveEmailProvider(
        t.db,
        domain,
        { kind: "sendgrid", apiKey: "" },
        key,
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ field: "apiKey", rule: "required" }],
    });
    expect((await row()).secretsCipher).toBe(stored.secretsCipher);
  });

  it("records the test email only when it went out, and a provider change clears the record", async () => {
    const now = () => new Date("2026-03-01T10:00:00.000Z");
    expect(
      await sendAndRecordTestEmail(
        t.db,
        domain,
        { to: "not-an-address" },
        { key, now },
      ),
    ).toMatchObject({ ok: false, errors: [{ field: "to", rule: "email" }] });
    const sent = await sendAndRecordTestEmail(
      t.db,
      domain,
      { to: "owner@settings.example" },
      { key, now },
    );
    expect(sent).toEqual({ ok: true, sentAt: "2026-03-01T10:00:00.000Z" });
    expect(received.at(-1)?.subject).toBe(
      "Test email from Trigger Map for Settings Shop",
    );
    expect(
      (await settingsView(t.db, domain, key)).settings.emailTestSentAt,
    ).toBe("2026-03-01T10:00:00.000Z");

    // Saved again unchanged (the secret left empty): still the same provider, the record stays.
    const same = {
      kind: "smtp",
      host: "127.0.0.1",
      port,
      secure: false,
      requireTls: false,
      user: "shop2",
      password: "",
    };
    await saveEmailProvider(t.db, domain, same, key);
    expect(
      (await settingsView(t.db, domain, key)).settings.emailTestSentAt,
    ).toBe("2026-03-01T10:00:00.000Z");

    await saveEmailProvider(t.db, domain, { ...same, password: "wrong" }, key);
    expect(
      (await settingsView(t.db, domain, key)).settings.emailTestSentAt,
    ).toBeUndefined();
    const failed = await sendAndRecordTestEmail(
      t.db,
      domain,
      { to: "owner@settings.example" },
      { key, now },
    );
    expect(failed).toMatchObject({
      ok: false,
      failure: {
        kind: "permanent",
        failure: "sign_in_refused",
        reason: expect.stringContaining("refused the sign-in"),
      },
    });
    expect(
      (await settingsView(t.db, domain, key)).settings.emailTestSentAt,
    ).toBeUndefined();
  });

  it("saves SendGrid's verification key with the settings and Mailgun's signing key as a secret, never shown", async () => {
    const publicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-public";
    expect(
      await saveEmailProvider(
        t.db,
        domain,
        {
          kind: "sendgrid",
          apiKey: "SG.key",
          eventVerificationKey: publicKey,
        },
        key,
      ),
    ).toEqual({ ok: true });
    expect((await settingsView(t.db, domain, key)).provider).toEqual({
      kind: "sendgrid",
      values: { eventVerificationKey: publicKey },
      savedSecrets: ["apiKey"],
    });

    const mailgun = {
      kind: "mailgun",
      domain: "mg.settings.example",
      region: "eu",
      apiKey: "mg-api",
      webhookSigningKey: "mg-signing",
    };
    expect(await saveEmailProvider(t.db, domain, mailgun, key)).toEqual({
      ok: true,
    });
    // Saved again with both secrets left empty: both kept.
    await saveEmailProvider(
      t.db,
      domain,
      { ...mailgun, apiKey: "", webhookSigningKey: "" },
      key,
    );
    const stored = await row();
    expect(decryptSecrets(stored.secretsCipher!, domain, key)).toMatchObject({
      "email.apiKey": "mg-api",
      "email.webhookSigningKey": "mg-signing",
    });
    expect(JSON.stringify(stored.settings)).not.toContain("mg-signing");
    const view = await settingsView(t.db, domain, key);
    expect(view.provider).toEqual({
      kind: "mailgun",
      values: { domain: "mg.settings.example", region: "eu" },
      savedSecrets: ["apiKey", "webhookSigningKey"],
    });
    expect(JSON.stringify(view)).not.toContain("mg-signing");
  });
});

describe("the email provider's form", () => {
  it("is read from the provider schema: each kind's fields, types, defaults and secrets", () => {
    const forms = providerForms();
    expect(Object.keys(forms)).toEqual([
      "smtp",
      "sendgrid",
      "postmark",
      "mailgun",
      "ses",
    ]);
    expect(forms.smtp.map((f) => f.name)).toEqual([
      "host",
      "port",
      "secure",
      "requireTls",
      "user",
      "password",
      "sendRatePerSecond",
    ]);
    expect(forms.smtp.find((f) => f.name === "port")).toMatchObject({
      type: "number",
      required: true,
      secret: false,
    });
    expect(forms.smtp.find((f) => f.name === "requireTls")).toMatchObject({
      type: "boolean",
      defaultValue: true,
      hint: "Refuse to send without STARTTLS",
    });
    expect(forms.smtp.find((f) => f.name === "password")).toMatchObject({
      secret: true,
      required: false,
    });
    expect(
      forms.sendgrid.find((f) => f.name === "eventVerificationKey"),
    ).toMatchObject({
      type: "text",
      required: false,
      secret: false,
    });
    expect(
      forms.mailgun.find((f) => f.name === "webhookSigningKey"),
    ).toMatchObject({
      type: "text",
      required: false,
      secret: true,
    });
    expect(forms.mailgun.find((f) => f.name === "region")).toMatchObject({
      type: "select",
      options: ["us", "eu"],
      defaultValue: "us",
    });
    expect(forms.ses.find((f) => f.name === "secretAccessKey")).toMatchObject({
      secret: true,
      required: true,
    });
    expect(
      forms.postmark.find((f) => f.name === "sendRatePerSecond"),
    ).toMatchObject({ type: "number", required: false });
  });
});
