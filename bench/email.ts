// bench/email: emails per second the sending path (app/deliveries/send.server.ts: claim, consent,
// copy, the cart block from the database, react-email rendering, tracking links, the shop's SMTP
// provider) gets into a local SMTP sink, from PostgreSQL, with a worker's concurrency: each email is
// an abandoned checkout's, with its three lines and recovery link. Baseline in the same run: nodemailer with the same pool
// sending the same number of one pre-rendered email to the same sink (the transport alone).
//   npm run bench:email -- --emails 5000 --concurrency 16
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { SMTPServer } from "smtp-server";
import {
  emailProviders,
  saveEmailProvider,
  type ProviderShop,
} from "../app/channels/email/provider.server";
import { renderEmail } from "../app/channels/email/render";
import { createSmtpProvider } from "../app/channels/email/smtp.server";
import { createDb } from "../app/db.server";
import { migrateDatabase } from "../app/db/migrate.server";
import { sendDelivery } from "../app/deliveries/send.server";
import type { JobQueue } from "../app/jobs/types";
import { linkKeysFromEnv } from "../app/security/link-keys.server";
import { createBenchDatabase, int, reportResult } from "./support";

const { values: args } = parseArgs({
  options: {
    emails: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "16" },
  },
});
const EMAILS = Number(args.emails);
const CONCURRENCY = Number(args.concurrency);
const log = (line: string) => console.log(`[bench:email] ${line}`);
const KEY = randomBytes(32);

let received = 0;
const sink = new SMTPServer({
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  size: 10_000_000,
  disableReverseLookup: true,
  onData: (stream, _session, done) => {
    stream.resume();
    stream.on("end", () => (received++, done()));
  },
});
await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
const port = (sink.server.address() as { port: number }).port;

/** Runs `work(i)` for i < count, `concurrency` at a time; returns the seconds it took. */
async function pool(
  count: number,
  work: (i: number) => Promise<unknown>,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

const database = await createBenchDatabase("postgresql");
// Ctrl-C (or the time limit of `npm run bench`): drop the database rather than leave it behind.
process.once(
  "SIGINT",
  () => void database.drop().finally(() => process.exit(130)),
);
try {
  await migrateDatabase(database.url);
  const db = createDb(database.url);
  const domain = "bench-email.myshopify.com";
  const shop = await db.shop.create({
    data: {
      domain,
      name: "Bench Store",
      settings: {
        sender: { name: "Bench Store", email: "hello@bench.example" },
        physicalAddress: "1 Bench St",
        quietHours: { start: 0, end: 0 },
      },
    },
  });
  // The shop's plan allows more than SMTP's default 10/s: the benchmark measures the path, not the cap.
  const saved = await saveEmailProvider(
    db,
    domain,
    {
      kind: "smtp",
      host: "127.0.0.1",
      port,
      secure: false,
      requireTls: false,
      sendRatePerSecond: 1000,
    },
    KEY,
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  const message = {
    title: "Your cart is waiting",
    body: "Hi Ann,\n\nThe things you picked are still in your cart.",
    cta: { label: "Back to my cart", url: "/cart" },
    content: "cart_items",
  };
  const lineItems = [
    {
      productId: "1",
      variantId: "11",
      title: "Linen shirt",
      quantity: 1,
      price: "49.00",
    },
    {
      productId: "2",
      variantId: "22",
      title: "Canvas tote",
      quantity: 2,
      price: "19.50",
    },
    {
      productId: "3",
      variantId: "33",
      title: "Wool socks",
      quantity: 3,
      price: "9.00",
    },
  ];
  for (let from = 0; from < EMAILS; from += 5_000) {
    const ids = Array.from(
      { length: Math.min(5_000, EMAILS - from) },
      (_, k) => from + k,
    );
    await db.contact.createMany({
      data: ids.map((i) => ({
        id: `c${i}`,
        shopId: shop.id,
        email: `c${i}@example.com`,
        emailConsent: "SUBSCRIBED" as const,
        tags: [],
      })),
    });
    await db.cart.createMany({
      data: ids.map((i) => ({
        shopId: shop.id,
        kind: "CHECKOUT" as const,
        token: `t${i}`,
        contactId: `c${i}`,
        status: "ABANDONED" as const,
        currency: "USD",
        lineItems,
        recoveryUrl: `https://${domain}/checkouts/t${i}/recover`,
        sourceUpdatedAt: new Date(),
      })),
    });
    await db.delivery.createMany({
      data: ids.map((i) => ({
        id: `d${i}`,
        shopId: shop.id,
        contactId: `c${i}`,
        stepId: "mail",
        channel: "EMAIL" as const,
        messageKey: "bench.mail",
        message,
        statusHistory: [],
        idempotencyKey: `bench:${i}`,
      })),
    });
  }

  // Baseline: the transport alone (the app's SMTP provider, as configured for shops) with one email rendered once.
  const transport = createSmtpProvider({
    host: "127.0.0.1",
    port,
    secure: false,
  });
  const email = await renderEmail({
    shopName: "Bench Store",
    title: message.title,
    body: message.body,
    cta: { label: message.cta.label, url: "https://app.example/t/c/x" },
    blocks: [
      {
        type: "cart_items",
        lines: lineItems.map((l) => ({
          title: l.title,
          quantity: l.quantity,
          price: Number(l.price),
        })),
        url: "https://app.example/t/c/y",
      },
    ],
    footer: {
      address: "1 Bench St",
      unsubscribeUrl:
        "https://bench-email.myshopify.com/apps/trigger-map/unsubscribe?c=x&t=y",
      unsubscribeLabel: "Unsubscribe",
    },
  });
  const bareSeconds = await pool(EMAILS, (i) =>
    transport.send({
      from: { address: "hello@bench.example" },
      to: `c${i}@example.com`,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: {},
      messageId: `<bare.${i}@bench.example>`,
    }),
  );
  await transport.close();
  const bareRate = EMAILS / bareSeconds;
  received = 0;

  const providers = emailProviders(db, KEY);
  const noQueue: JobQueue = {
    driver: "database",
    enqueue: async () => ({ id: "", created: false }),
    process: () => {},
    getJob: async () => null,
    close: async () => {},
  };
  const services = {
    adminFor: async () => null,
    emailProviderFor: (s: ProviderShop) => providers.get(s),
    links: linkKeysFromEnv({
      TRIGGER_MAP_LINK_KEYS: Buffer.alloc(32, 1).toString("base64"),
      TRIGGER_MAP_ENCRYPTION_KEY: KEY.toString("base64"),
    }),
    appUrl: "https://app.example",
  };
  const deps = { db, queue: noQueue, now: () => new Date() };
  const seconds = await pool(EMAILS, (i) =>
    sendDelivery(deps, services, `d${i}`),
  );
  await providers.close();
  const sent = await db.delivery.count({ where: { status: "SENT" } });
  if (sent !== EMAILS || received !== EMAILS)
    throw new Error(
      `sent ${sent}, the sink received ${received}, of ${EMAILS}`,
    );
  const rate = EMAILS / seconds;
  log(
    `baseline (the SMTP provider alone, one email rendered once): ${bareRate.toFixed(0)} emails/s`,
  );
  log(
    `sending path (claim, render, tracking, provider; PostgreSQL; concurrency ${CONCURRENCY}): ${rate.toFixed(0)} emails/s = ${(rate / bareRate).toFixed(2)}x the baseline`,
  );
  reportResult([
    {
      name: "email sending path into an SMTP sink",
      goal: "≥ 200/s",
      figure: `${int(rate)}/s (${int(EMAILS)} emails, one process, concurrency ${CONCURRENCY})`,
      baseline: `${int(bareRate)}/s, the SMTP provider alone`,
      ratio: rate / bareRate,
      met: rate >= 200,
    },
  ]);
  await db.$disconnect();
} finally {
  await database.drop();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
}
