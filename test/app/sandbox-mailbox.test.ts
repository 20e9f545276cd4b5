// The sandbox's email mailbox: what the app sends over SMTP is listed and shown safely.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeHeaders } from "../../app/channels/email/headers";
import { emailProviderFor } from "../../app/channels/email/provider.server";
import { createSmtpProvider } from "../../app/channels/email/smtp.server";
import { readShopSettings } from "../../app/shops/settings";
import { DEMO_SHOP } from "../../sandbox/config";
import {
  startMailbox,
  type Mailbox,
  type MailboxMessage,
} from "../../sandbox/mailbox";
import { startSandbox } from "../../sandbox/sandbox";
import { SANDBOX_KEY } from "../support/app";
import { createTestDatabase } from "../support/databases";

const SCRIPT = `<script>document.title="pwned"</script>`;
const UNSUBSCRIBE = unsubscribeHeaders(
  "http://127.0.0.1:9/apps/trigger-map/unsubscribe?c=1&t=abc",
  "hello@demo.example",
);

describe("the sandbox mailbox", () => {
  let mailbox: Mailbox;

  beforeAll(async () => {
    mailbox = await startMailbox();
    const provider = createSmtpProvider({
      host: "127.0.0.1",
      port: mailbox.smtpPort,
      secure: false,
    });
    try {
      await provider.send({
        from: { name: "Demo Store", address: "hello@demo.example" },
        to: "ada@example.com",
        subject: "Welcome & 10% off",
        html: `<p>Hello <b>Ada</b> "friend"</p>${SCRIPT}`,
        text: "Hello Ada <friend>",
        headers: UNSUBSCRIBE,
        messageId: "<welcome.1@trigger-map.app>",
      });
    } finally {
      await provider.close();
    }
  });
  afterAll(() => mailbox?.close());

  it("lists a message it received over SMTP, with its headers, in /messages.json", async () => {
    const list = (await (
      await fetch(`${mailbox.url}/messages.json`)
    ).json()) as MailboxMessage[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      n: 0,
      from: '"Demo Store" <hello@demo.example>',
      to: "ada@example.com",
      subject: "Welcome & 10% off",
      messageId: "<welcome.1@trigger-map.app>",
      listUnsubscribe: UNSUBSCRIBE["List-Unsubscribe"],
      listUnsubscribePost: "List-Unsubscribe=One-Click",
    });
  });

  it("lists it on the front page with List-Unsubscribe present, the subject escaped", async () => {
    const page = await (await fetch(mailbox.url)).text();
    expect(page).toContain(`<a href="/messages/0">Welcome &#38; 10% off</a>`);
    expect(page).toContain("<td>yes</td>");
  });

  it("shows the HTML part only inside a sandboxed iframe's srcdoc, so its script never runs", async () => {
    const response = await fetch(`${mailbox.url}/messages/0`);
    expect(response.headers.get("content-security-policy")).toContain(
      "default-src 'none'",
    );
    const page = await response.text();
    const srcdoc =
      /<iframe title="HTML part" sandbox="[^"]*" srcdoc="([^"]*)"><\/iframe>/.exec(
        page,
      )?.[1];
    expect(srcdoc).toContain(
      "&#60;script&#62;document.title=&#34;pwned&#34;&#60;/script&#62;",
    );
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/sandbox="[^"]*allow-scripts/);
  });

  it("shows the headers and the text part, escaped", async () => {
    const page = await (await fetch(`${mailbox.url}/messages/0`)).text();
    expect(page).toContain(
      "<th>Message-ID</th><td>&#60;welcome.1@trigger-map.app&#62;</td>",
    );
    expect(page).toContain(
      "<th>List-Unsubscribe-Post</th><td>List-Unsubscribe=One-Click</td>",
    );
    expect(page).toContain(
      "http://127.0.0.1:9/apps/trigger-map/unsubscribe?c=1&#38;t=abc",
    );
    expect(page).toContain("<pre>Hello Ada &#60;friend&#62;</pre>");
  });

  it("answers 404 for a message it does not have", async () => {
    expect((await fetch(`${mailbox.url}/messages/7`)).status).toBe(404);
  });
});

describe("startSandbox with its mailbox", () => {
  it("connects the demo shop's email provider to the mailbox, with a sender, an address and no quiet hours, keeping its other settings", async () => {
    const database = await createTestDatabase("sqlite");
    const db = database.db;
    await db.shop.create({
      data: {
        domain: DEMO_SHOP.domain,
        name: DEMO_SHOP.name,
        settings: { dailyMessageCap: 5, quietHours: { start: 21, end: 9 } },
      },
    });
    const sandbox = await startSandbox({
      databaseUrl: database.url,
      migrate: false,
      worker: false,
      mailbox: true,
    });
    try {
      const shop = await db.shop.findUniqueOrThrow({
        where: { domain: DEMO_SHOP.domain },
      });
      const settings = readShopSettings(shop.settings);
      expect(settings).toMatchObject({
        dailyMessageCap: 5,
        quietHours: { start: 0, end: 0 },
        physicalAddress: expect.any(String),
      });
      expect(settings.sender?.email).toMatch(/@/);
      expect(sandbox.mailboxUrl).toBe(sandbox.mailbox?.url);

      const provider = await emailProviderFor(
        db,
        DEMO_SHOP.domain,
        SANDBOX_KEY,
      );
      if (!provider) throw new Error("the demo shop has no email provider");
      expect(provider.name).toBe("smtp");
      await provider.send({
        from: { address: "hello@demo.example" },
        to: "ada@example.com",
        subject: "Through the demo shop",
        html: "<p>Hi</p>",
        text: "Hi",
        headers: {},
        messageId: "<demo.1@trigger-map.app>",
      });
      await provider.close();
      const list = (await (
        await fetch(`${sandbox.mailboxUrl}/messages.json`)
      ).json()) as MailboxMessage[];
      expect(list.map((m) => m.subject)).toEqual(["Through the demo shop"]);
    } finally {
      await sandbox.stop();
      await database.drop();
    }
  });
});
