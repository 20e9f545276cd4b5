// The SMTP provider against a real SMTP server on 127.0.0.1 (smtp-server, with authentication),
// every message parsed back with mailparser: both parts, headers, and how refusals are classified.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { unsubscribeHeaders } from "./headers";
import { createSmtpProvider, type SmtpSettings } from "./smtp.server";
import { EmailError, type OutgoingEmail } from "./types";

let server: SMTPServer;
let port: number;
const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _session, callback) =>
      auth.username === "shop" && auth.password === "secret"
        ? callback(null, { user: "shop" })
        : callback(new Error("Invalid credentials")),
    onRcptTo: (address, _session, callback) => {
      if (address.address.startsWith("gone@"))
        return callback(
          Object.assign(new Error("No such user"), { responseCode: 550 }),
        );
      if (address.address.startsWith("busy@"))
        return callback(
          Object.assign(new Error("Mailbox busy, try later"), {
            responseCode: 451,
          }),
        );
      callback();
    },
    onData: (stream, session, callback) => {
      simpleParser(stream).then((mail) => {
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          mail,
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const settings = (): SmtpSettings => ({
  host: "127.0.0.1",
  port,
  secure: false,
  user: "shop",
  password: "secret",
});

const email = (to: string): OutgoingEmail => ({
  from: { name: "Demo Store", address: "hello@demo.example" },
  to,
  subject: "Your cart is waiting",
  html: "<p>Hi Ann, your <b>cart</b> is waiting.</p>",
  text: "Hi Ann, your cart is waiting.",
  headers: unsubscribeHeaders(
    "https://demo.myshopify.com/apps/trigger-map/unsubscribe?c=1&t=abc",
    "unsubscribe@demo.example",
  ),
  messageId: "<run-1.step-2@trigger-map.app>",
});

describe("the SMTP provider", () => {
  it("delivers both parts, the sender, our Message-ID and one-click unsubscribe headers", async () => {
    const smtp = createSmtpProvider(settings());
    try {
      await smtp.send(email("ann@example.com"));
    } finally {
      await smtp.close();
    }
    const [{ envelopeTo, mail }] = received;
    expect(envelopeTo).toEqual(["ann@example.com"]);
    expect(mail.from?.value).toEqual([
      { name: "Demo Store", address: "hello@demo.example" },
    ]);
    expect(mail.subject).toBe("Your cart is waiting");
    expect(mail.html).toContain("<b>cart</b>");
    expect(mail.text?.trim()).toBe("Hi Ann, your cart is waiting.");
    expect(mail.messageId).toBe("<run-1.step-2@trigger-map.app>");
    // The raw header lines as mail providers read them, unfolded (long lines wrap onto the next).
    const line = (key: string) =>
      mail.headerLines
        .find((l) => l.key === key)
        ?.line.replace(/\r?\n\s+/g, " ")
        .replace(/: +/, ": ");
    expect(line("list-unsubscribe-post")).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    expect(line("list-unsubscribe")).toBe(
      "List-Unsubscribe: <https://demo.myshopify.com/apps/trigger-map/unsubscribe?c=1&t=abc>, <mailto:unsubscribe@demo.example?subject=unsubscribe>",
    );
  });

  it("says a refused address is permanent and a busy mailbox is worth another try", async () => {
    const smtp = createSmtpProvider(settings());
    try {
      await expect(smtp.send(email("gone@example.com"))).rejects.toMatchObject({
        kind: "permanent",
        failure: "recipient_refused",
      });
      await expect(smtp.send(email("busy@example.com"))).rejects.toMatchObject({
        kind: "transient",
        failure: "try_later",
      });
    } finally {
      await smtp.close();
    }
  });

  it("says wrong credentials are permanent, and a server that is not there is transient", async () => {
    const wrong = createSmtpProvider({ ...settings(), password: "nope" });
    await expect(wrong.send(email("ann@example.com"))).rejects.toBeInstanceOf(
      EmailError,
    );
    await expect(wrong.send(email("ann@example.com"))).rejects.toMatchObject({
      kind: "permanent",
      failure: "sign_in_refused",
    });
    await wrong.close();
    const nowhere = createSmtpProvider({ ...settings(), port: 1 });
    await expect(nowhere.send(email("ann@example.com"))).rejects.toMatchObject({
      kind: "transient",
      failure: "unreachable",
    });
    await nowhere.close();
  });
});
