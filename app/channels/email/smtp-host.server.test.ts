// The merchant's SMTP host may not point into the app's own network: refused on the settings form
// (on its field, in the merchant's words), and again at every connection (a host stored before the
// rule, a DNS answer that changes after the check), without a connection. What the merchant reads
// of a failure is our words for what went wrong, never the remote server's text.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  PROVIDERS,
  createTestDatabase,
  type TestDatabase,
} from "../../../test/support/databases";
import { logger } from "../../logger.server";
import type { HostLookup } from "../../security/outbound-host.server";
import { sendAndRecordTestEmail } from "../../admin/settings-page.server";
import { settingsWords } from "../../ui/words/settings";
import {
  emailFailureWords,
  emailFailureIn,
} from "../../ui/words/email-failures";
import {
  emailProviderFor,
  saveEmailProvider,
  sendTestEmail,
} from "./provider.server";
import { createSmtpProvider } from "./smtp.server";
import type { OutgoingEmail } from "./types";

const key = randomBytes(32);
const email: OutgoingEmail = {
  from: { address: "hello@shop.example" },
  to: "ann@example.com",
  subject: "Hi",
  html: "<p>Hi</p>",
  text: "Hi",
  headers: {},
  messageId: "<m.1@trigger-map.app>",
};
const smtp = (host: string, port = 587) => ({
  kind: "smtp",
  host,
  port,
  secure: false,
  requireTls: false,
  user: "shop",
  password: "pw",
});
const noPrivate = { network: { allowPrivateHosts: false } };
/** A resolver that answers the given addresses in turn, one per question (the last one from then on). */
const inTurn = (...answers: string[]): HostLookup => {
  let asked = 0;
  return async () => {
    const address = answers[Math.min(asked++, answers.length - 1)]!;
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  };
};

/** A TCP listener on 127.0.0.1 that counts connections and greets as an SMTP server would. */
async function listener(greeting = "220 ready\r\n") {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.on("error", () => {});
    socket.end(greeting);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(PROVIDERS)("the SMTP host on %s", (provider) => {
  let t: TestDatabase;
  const domain = "hosts.myshopify.com";
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await t.db.shop.create({
      data: {
        domain,
        name: "Hosts",
        email: "owner@hosts.example",
        settings: { sender: { name: "Hosts", email: "hello@hosts.example" } },
      },
    });
  });
  afterAll(() => t?.drop());

  it.each([
    "127.0.0.1",
    "169.254.169.254",
    "10.0.0.5",
    "[::1]",
    "::ffff:127.0.0.1",
    "0.0.0.0",
    "localhost",
  ])(
    "refuses to save %s, on the host field in the merchant's words",
    async (host) => {
      const result = await saveEmailProvider(
        t.db,
        domain,
        smtp(host),
        key,
        noPrivate,
      );
      expect(result).toEqual({
        ok: false,
        errors: [
          {
            field: "host",
            rule: "privateHost",
            message: settingsWords.en.err_privateHost,
          },
        ],
      });
      expect(await emailProviderFor(t.db, domain, key)).toBeNull();
    },
  );

  it("refuses by the operator's setting when none is given", async () => {
    vi.stubEnv("TRIGGER_MAP_ALLOW_PRIVATE_HOSTS", "");
    try {
      expect(
        await saveEmailProvider(t.db, domain, smtp("127.0.0.1"), key),
      ).toMatchObject({
        ok: false,
        errors: [{ field: "host", rule: "privateHost" }],
      });
    } finally {
      vi.unstubAllEnvs();
    }
    vi.stubEnv("TRIGGER_MAP_ALLOW_PRIVATE_HOSTS", "1");
    try {
      expect(
        await saveEmailProvider(t.db, domain, smtp("127.0.0.1"), key),
      ).toEqual({ ok: true });
    } finally {
      vi.unstubAllEnvs();
      await t.db.shop.update({
        where: { domain },
        data: {
          settings: { sender: { name: "Hosts", email: "hello@hosts.example" } },
          secretsCipher: null,
        },
      });
    }
  });

  it("fails a send to a private host stored before the rule, permanently and without a connection", async () => {
    const local = await listener();
    try {
      await t.db.shop.update({
        where: { domain },
        data: {
          settings: {
            sender: { name: "Hosts", email: "hello@hosts.example" },
            emailProvider: {
              kind: "smtp",
              host: "127.0.0.1",
              port: local.port,
              secure: false,
              requireTls: false,
            },
          },
        },
      });
      const sender = await emailProviderFor(t.db, domain, key, noPrivate);
      await expect(sender!.send(email)).rejects.toMatchObject({
        kind: "permanent",
        failure: "blocked_address",
        message: emailFailureWords.en.blocked_address,
      });
      await sender!.close();
      expect(
        await sendTestEmail(
          t.db,
          domain,
          "owner@hosts.example",
          key,
          noPrivate,
        ),
      ).toEqual({
        ok: false,
        kind: "permanent",
        failure: "blocked_address",
        reason: emailFailureWords.en.blocked_address,
      });
      expect(local.connections()).toBe(0);
    } finally {
      await local.close();
      await t.db.shop.update({
        where: { domain },
        data: {
          settings: { sender: { name: "Hosts", email: "hello@hosts.example" } },
        },
      });
    }
  });

  it("never connects to a private address a name resolves to after the check (DNS rebinding)", async () => {
    const local = await listener();
    try {
      const lookup = inTurn("93.184.215.14", "127.0.0.1");
      const network = { allowPrivateHosts: false, lookup };
      expect(
        await saveEmailProvider(
          t.db,
          domain,
          { ...smtp("mail.rebind.example", local.port) },
          key,
          { network },
        ),
      ).toEqual({ ok: true });
      expect(
        await sendTestEmail(t.db, domain, "owner@hosts.example", key, {
          network,
        }),
      ).toMatchObject({
        ok: false,
        kind: "permanent",
        failure: "blocked_address",
      });
      // A name that answers a public and a private address at once is refused too.
      const both: HostLookup = async () => [
        { address: "93.184.215.14", family: 4 },
        { address: "127.0.0.1", family: 4 },
      ];
      const sender = createSmtpProvider({
        host: "mail.both.example",
        port: local.port,
        secure: false,
        network: { allowPrivateHosts: false, lookup: both },
      });
      await expect(sender.send(email)).rejects.toMatchObject({
        kind: "permanent",
        failure: "blocked_address",
      });
      await sender.close();
      expect(local.connections()).toBe(0);
    } finally {
      await local.close();
    }
  });
});

describe("what the merchant reads of a failure", () => {
  let t: TestDatabase;
  const domain = "words.myshopify.com";
  const servers: { close(): Promise<void> }[] = [];
  let certDir: string;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    await t.db.shop.create({
      data: {
        domain,
        name: "Words",
        email: "owner@words.example",
        settings: { sender: { name: "Words", email: "hello@words.example" } },
      },
    });
    certDir = mkdtempSync(path.join(os.tmpdir(), "smtp-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=mail.words.example",
        "-addext",
        "subjectAltName=DNS:mail.words.example",
        "-keyout",
        path.join(certDir, "key.pem"),
        "-out",
        path.join(certDir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(certDir, { recursive: true, force: true });
    await t?.drop();
  });

  async function smtpServer(
    options: ConstructorParameters<typeof SMTPServer>[0],
  ) {
    const server = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      logger: false,
      ...options,
    });
    // A client that refuses the certificate drops the connection: the server reports it, nothing more.
    server.on("error", () => {});
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    servers.push({
      close: () =>
        new Promise<void>((resolve) => server.close(() => resolve())),
    });
    return (server.server.address() as net.AddressInfo).port;
  }

  const testEmail = async (
    input: Record<string, unknown>,
    options: Parameters<typeof sendAndRecordTestEmail>[3] = {},
  ) => {
    const saved = await saveEmailProvider(t.db, domain, input, key, {
      network: { allowPrivateHosts: true },
    });
    expect(saved).toEqual({ ok: true });
    return sendAndRecordTestEmail(
      t.db,
      domain,
      { to: "owner@words.example" },
      { key, ...options },
    );
  };

  it("says the sign-in was refused, without the server's banner or its words (kept for the debug log)", async () => {
    const port = await smtpServer({
      banner: "Banner-Qx7Unique relay",
      onAuth: (_a, _s, cb) =>
        cb(new Error("Refusal-Zr4Unique see http://relay.internal/help")),
    });
    const debug = vi.spyOn(logger, "debug");
    try {
      const result = await testEmail(smtp("127.0.0.1", port));
      expect(result).toEqual({
        ok: false,
        failure: {
          kind: "permanent",
          failure: "sign_in_refused",
          reason: emailFailureWords.en.sign_in_refused,
        },
      });
      expect(JSON.stringify(result)).not.toMatch(
        /Qx7Unique|Zr4Unique|relay\.internal|535/,
      );
      expect(debug).toHaveBeenCalledWith(
        "SMTP send failed",
        expect.objectContaining({
          code: "EAUTH",
          response: expect.stringContaining("Refusal-Zr4Unique"),
        }),
      );
    } finally {
      debug.mockRestore();
    }
  });

  it("says the server could not be reached when it greets with a refusal, without its words", async () => {
    const local = await listener("554 Greeting-Kp2Unique no service here\r\n");
    servers.push(local);
    const result = await testEmail(smtp("127.0.0.1", local.port));
    expect(result).toMatchObject({
      ok: false,
      failure: {
        failure: "unreachable",
        reason: emailFailureWords.en.unreachable,
      },
    });
    expect(JSON.stringify(result)).not.toContain("Kp2Unique");
  });

  it("says which address was refused: the sender or the recipient", async () => {
    const port = await smtpServer({
      authOptional: true,
      onMailFrom: (a, _s, cb) =>
        a.address.startsWith("hello@")
          ? cb()
          : cb(
              Object.assign(new Error("Sender-Vb8Unique not allowed"), {
                responseCode: 553,
              }),
            ),
      onRcptTo: (_a, _s, cb) =>
        cb(
          Object.assign(new Error("Rcpt-Lm5Unique unknown"), {
            responseCode: 550,
          }),
        ),
    });
    const recipient = await testEmail({ ...smtp("127.0.0.1", port), user: "" });
    expect(recipient).toMatchObject({
      ok: false,
      failure: { kind: "permanent", failure: "recipient_refused" },
    });
    await t.db.shop.update({
      where: { domain },
      data: {
        settings: { sender: { name: "Words", email: "nobody@words.example" } },
      },
    });
    const sender = await testEmail({ ...smtp("127.0.0.1", port), user: "" });
    await t.db.shop.update({
      where: { domain },
      data: {
        settings: { sender: { name: "Words", email: "hello@words.example" } },
      },
    });
    expect(sender).toMatchObject({
      ok: false,
      failure: { kind: "permanent", failure: "sender_refused" },
    });
    expect(JSON.stringify([recipient, sender])).not.toMatch(/Unique/);
  });

  it("says TLS failed when the certificate is not trusted, and verifies the host's name when connecting to its checked address", async () => {
    const [cert, tlsKey] = [
      readFileSync(path.join(certDir, "cert.pem")),
      readFileSync(path.join(certDir, "key.pem")),
    ];
    const port = await smtpServer({
      secure: true,
      key: tlsKey,
      cert,
      authOptional: true,
      onData: (stream, _s, cb) => void stream.resume().on("end", () => cb()),
    });
    const lookup: HostLookup = async () => [
      { address: "127.0.0.1", family: 4 },
    ];
    const network = { allowPrivateHosts: true, lookup };
    const secure = {
      ...smtp("mail.words.example", port),
      secure: true,
      user: "",
    };
    expect(await testEmail(secure, { network })).toMatchObject({
      ok: false,
      failure: { failure: "tls", reason: emailFailureWords.en.tls },
    });
    // Trusted, connected to the resolved 127.0.0.1: the certificate is still checked against the name.
    expect(await testEmail(secure, { network, ca: cert })).toMatchObject({
      ok: true,
    });
    const other = createSmtpProvider({
      host: "other.words.example",
      port,
      secure: true,
      ca: cert,
      network,
    });
    await expect(other.send(email)).rejects.toMatchObject({ failure: "tls" });
    await other.close();
  });

  it("has every failure in English and Russian, saying what to do", () => {
    for (const [name, text] of Object.entries(emailFailureWords.en)) {
      expect(
        emailFailureWords.ru[name as keyof typeof emailFailureWords.en],
      ).toMatch(/[а-я]/);
      expect(text.split(". ").length).toBeGreaterThan(1);
    }
    expect(settingsWords.ru.err_privateHost).toMatch(/[а-я]/);
    // A stored reason is shown in the admin's language; any other reason as it is.
    expect(emailFailureIn(emailFailureWords.en.recipient_refused, "ru")).toBe(
      emailFailureWords.ru.recipient_refused,
    );
    expect(emailFailureIn("no email provider connected", "ru")).toBe(
      "no email provider connected",
    );
  });
});
