// A real SMTP server on 127.0.0.1 (smtp-server) that parses every message it accepts back
// (mailparser), and a shop that sends through it: for tests of email end to end. It takes the
// password "smtp-pass" only and refuses a recipient whose address starts with "bounce" (550).
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import type { PushOptions } from "../../app/channels/web-push.server";
import type { DbProvider } from "../../app/db/provider";
import { SANDBOX_KEY, startTestAppWithWorker } from "./app";
import { activate, installShop } from "./shop";

export async function startSmtp(onMail: (mail: ParsedMail) => void) {
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _s, cb) =>
      auth.password === "smtp-pass"
        ? cb(null, { user: auth.username })
        : cb(new Error("Invalid credentials")),
    onRcptTo: (address, _s, cb) =>
      address.address.startsWith("bounce")
        ? cb(
            Object.assign(new Error("No such user here"), {
              responseCode: 550,
            }),
          )
        : cb(),
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then((mail) => (onMail(mail), cb()), cb),
  });
  // A client that dies mid-message (a killed worker) resets its connection: smtp-server reports it
  // as an 'error' event, an uncaught exception with no listener.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The test app with a worker, the demo shop installed with LG3 active and sending through a fresh
 * SMTP server: its sender and address, the provider, and no quiet hours (tests run at any hour).
 */
export async function startAppWithSmtp(
  onMail: (mail: ParsedMail) => void,
  push: PushOptions = {},
  provider: DbProvider = "sqlite",
) {
  const smtp = await startSmtp(onMail);
  const t = await startTestAppWithWorker(provider, push);
  const shopId = await installShop(t);
  const { LG3: lg3 } = await activate(t, shopId, { LG3: {} });
  const db = t.database.db;
  await db.shop.update({
    where: { id: shopId },
    data: {
      settings: {
        sender: { name: "Demo Store", email: "hello@demo.example" },
        physicalAddress: "1 Market St, Springfield",
        quietHours: { start: 0, end: 0 },
      },
    },
  });
  const saved = await saveEmailProvider(
    db,
    t.shop,
    {
      kind: "smtp",
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      requireTls: false,
      user: "shop",
      password: "smtp-pass",
    },
    SANDBOX_KEY,
  );
  if (!saved.ok)
    throw new Error(
      `the shop's SMTP provider was refused: ${JSON.stringify(saved)}`,
    );
  const stop = async () => {
    await t.stop();
    await smtp.close();
  };
  return { t, shopId, lg3: lg3!, stop };
}
