// The merchant connects an email provider: its keys are stored only encrypted, a wrong field is
// named and nothing is written, and "send test email" goes through the connected SMTP server.
import { randomBytes } from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../../test/support/databases";
import {
  emailProviderFor,
  emailProviders,
  saveEmailProvider,
  sendTestEmail,
} from "./provider.server";

const key = randomBytes(32);
const domain = "mail.myshopify.com";
let t: TestDatabase;
let smtp: SMTPServer;
let port: number;
const received: ParsedMail[] = [];

beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  await t.db.shop.create({
    data: {
      domain,
      name: "Mail <Demo>",
      email: "owner@mail.example",
      settings: { sender: { name: "Mail Demo", email: "hello@mail.example" } },
    },
  });
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _s, cb) =>
      auth.password === "right password"
        ? cb(null, { user: auth.username })
        : cb(new Error("Invalid credentials")),
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then((mail) => (received.push(mail), cb()), cb),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t?.drop();
});

describe("the shop's email provider", () => {
  it("names a wrong field and writes nothing", async () => {
    const result = await saveEmailProvider(
      t.db,
      domain,
      { kind: "ses", region: "mars", accessKeyId: "x", secretAccessKey: "" },
      key,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        expect.objectContaining({ field: "region" }),
        expect.objectContaining({ field: "secretAccessKey" }),
      ]),
    });
    expect(await emailProviderFor(t.db, domain, key)).toBeNull();
  });

  it("keeps the password only encrypted, and sends the merchant's test email through it", async () => {
    const saved = await saveEmailProvider(
      t.db,
      domain,
      {
        kind: "smtp",
        host: "127.0.0.1",
        port,
        secure: false,
        requireTls: false,
        user: "shop",
        password: "right password",
      },
      key,
    );
    expect(saved).toEqual({ ok: true });
    const row = await t.db.shop.findUniqueOrThrow({ where: { domain } });
    expect(JSON.stringify(row.settings)).not.toContain("right password");
    expect(row.secretsCipher).not.toContain("right password");
    expect(row.settings).toMatchObject({
      emailProvider: { kind: "smtp", host: "127.0.0.1", port, user: "shop" },
      sender: { email: "hello@mail.example" },
    });

    expect(
      await sendTestEmail(t.db, domain, "owner@mail.example", key),
    ).toMatchObject({ ok: true });
    expect(received.at(-1)).toMatchObject({
      subject: "Test email from Trigger Map for Mail <Demo>",
    });
    expect(received.at(-1)!.html).toContain(
      "<strong>Mail &#60;Demo&#62;</strong>",
    );
    expect(received.at(-1)!.from?.value).toEqual([
      { name: "Mail Demo", address: "hello@mail.example" },
    ]);
  });

  it("reports a wrong password as a permanent failure the merchant can fix", async () => {
    await saveEmailProvider(
      t.db,
      domain,
      {
        kind: "smtp",
        host: "127.0.0.1",
        port,
        secure: false,
        requireTls: false,
        user: "shop",
        password: "wrong",
      },
      key,
    );
    expect(
      await sendTestEmail(t.db, domain, "owner@mail.example", key),
    ).toMatchObject({
      ok: false,
      kind: "permanent",
      failure: "sign_in_refused",
      reason: expect.stringContaining("refused the sign-in"),
    });
  });

  it("switching provider drops the old one's keys", async () => {
    await saveEmailProvider(
      t.db,
      domain,
      { kind: "sendgrid", apiKey: "SG.secret" },
      key,
    );
    const provider = await emailProviderFor(t.db, domain, key);
    expect(provider?.name).toBe("sendgrid");
    const row = await t.db.shop.findUniqueOrThrow({ where: { domain } });
    expect(row.settings).toMatchObject({ emailProvider: { kind: "sendgrid" } });
    expect(JSON.stringify(row.settings)).not.toContain("SG.secret");
  });

  it("keeps a shop's provider open in the worker until the merchant changes it, at the plan's rate when given", async () => {
    const providers = emailProviders(t.db, key);
    try {
      await saveEmailProvider(
        t.db,
        domain,
        { kind: "postmark", serverToken: "pm-token" },
        key,
      );
      const shop = () => t.db.shop.findUniqueOrThrow({ where: { domain } });
      const first = await providers.get(await shop());
      expect(first).toMatchObject({ name: "postmark", perSecond: 50 });
      expect(await providers.get(await shop())).toBe(first);
      await saveEmailProvider(
        t.db,
        domain,
        { kind: "postmark", serverToken: "pm-token", sendRatePerSecond: 300 },
        key,
      );
      const second = await providers.get(await shop());
      expect(second).not.toBe(first);
      expect(second).toMatchObject({ name: "postmark", perSecond: 300 });
    } finally {
      await providers.close();
    }
  });
});
