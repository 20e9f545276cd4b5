// The sandbox's email inbox: what the app sends over SMTP is listed and shown safely.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeHeaders } from "../../app/channels/email/headers";
import { createSmtpProvider } from "../../app/channels/email/smtp.server";
import { startInbox, type Inbox, type InboxMessage } from "../../sandbox/inbox";

const SCRIPT = `<script>document.title="pwned"</script>`;
const UNSUBSCRIBE = unsubscribeHeaders("http://127.0.0.1:9/apps/trigger-map/unsubscribe?c=1&t=abc", "hello@demo.example");

describe("the sandbox inbox", () => {
  let inbox: Inbox;

  beforeAll(async () => {
    inbox = await startInbox();
    const provider = createSmtpProvider({ host: "127.0.0.1", port: inbox.smtpPort, secure: false });
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
  afterAll(() => inbox?.close());

  it("lists a message it received over SMTP, with its headers, in /messages.json", async () => {
    const list = (await (await fetch(`${inbox.url}/messages.json`)).json()) as InboxMessage[];
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
    const page = await (await fetch(inbox.url)).text();
    expect(page).toContain(`<a href="/messages/0">Welcome &#38; 10% off</a>`);
    expect(page).toContain("<td>yes</td>");
  });

  it("shows the HTML part only inside a sandboxed iframe's srcdoc, so its script never runs", async () => {
    const response = await fetch(`${inbox.url}/messages/0`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = await response.text();
    const srcdoc = /<iframe title="HTML part" sandbox="[^"]*" srcdoc="([^"]*)"><\/iframe>/.exec(page)?.[1];
    expect(srcdoc).toContain("&#60;script&#62;document.title=&#34;pwned&#34;&#60;/script&#62;");
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/sandbox="[^"]*allow-scripts/);
  });

  it("shows the headers and the text part, escaped", async () => {
    const page = await (await fetch(`${inbox.url}/messages/0`)).text();
    expect(page).toContain("<th>Message-ID</th><td>&#60;welcome.1@trigger-map.app&#62;</td>");
    expect(page).toContain("<th>List-Unsubscribe-Post</th><td>List-Unsubscribe=One-Click</td>");
    expect(page).toContain("http://127.0.0.1:9/apps/trigger-map/unsubscribe?c=1&#38;t=abc");
    expect(page).toContain("<pre>Hello Ada &#60;friend&#62;</pre>");
  });

  it("answers 404 for a message it does not have", async () => {
    expect((await fetch(`${inbox.url}/messages/7`)).status).toBe(404);
  });
});
