// The processes' complete output, read after a journey full of secrets and personal data: a
// shopper leaves her email in a popup and gets her code by email, another's order arrives with his
// email and phone, a third's address bounces; the merchant connects an SMTP provider with a
// password through the admin (a session token in the Authorization header and in the query).
// Every line the web (npm start) and the worker (npm run worker) wrote must be JSON, and none may
// hold a shopper's email or phone, the provider's password, the API secret, a session or access
// token, or the encryption key.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP, SANDBOX_APP } from "../../sandbox/config";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";
import { BROWSER_UA } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { order } from "../support/shopify-payloads";
import { activate, installShop } from "../support/shop";

const root = path.resolve(import.meta.dirname, "../..");
const PASSWORD = "Pr0vider-Passw0rd-7f3a";
const ANN = "ann.popup@shopper.example";
const BOB = { email: "bob.order@shopper.example", phone: "+14155550142" };
const ZOE = "bounce-zoe@shopper.example";
let database: TestDatabase;
let sandbox: Sandbox;
let worker: ChildProcess;
let workerOutput = "";
let smtp: SMTPServer;
const received: string[] = [];

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms\n${workerOutput.slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 300));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve()
      : child.once("exit", () => resolve()),
  );

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (auth, _s, cb) =>
      auth.password === PASSWORD
        ? cb(null, { user: auth.username })
        : cb(new Error("Invalid credentials")),
    onRcptTo: (address, _s, cb) =>
      address.address.startsWith("bounce")
        ? cb(
            Object.assign(new Error(`No such user here: ${address.address}`), {
              responseCode: 550,
            }),
          )
        : cb(),
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then(
        (mail) => (received.push(mail.to ? JSON.stringify(mail.to) : ""), cb()),
        cb,
      ),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  // The most the processes say (the web process takes this suite's environment).
  process.env.LOG_LEVEL = "debug";
  database = await createTestDatabase("postgresql");
  sandbox = await startSandbox({
    databaseUrl: database.url,
    migrate: false,
    worker: false,
    cartWebhooks: false,
  });
  // The worker as the sandbox runs it (its calls to Shopify go to the double), output kept whole.
  worker = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      path.join(root, "sandbox/preload.ts"),
      path.join(root, "app/worker.server.ts"),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: "",
        LOG_LEVEL: "debug",
        SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
        SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
        SHOPIFY_APP_URL: sandbox.appUrl,
        SCOPES: SANDBOX_APP.scopes.join(","),
        TRIGGER_MAP_ENCRYPTION_KEY: SANDBOX_APP.encryptionKey,
        TRIGGER_MAP_LINK_KEYS: SANDBOX_APP.linkKeys,
        SHOPIFY_DOUBLE_URL: sandbox.doubleUrl,
        SHOPIFY_DOUBLE_SHOPS: DEMO_SHOP.domain,
        TRIGGER_MAP_SANDBOX: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  worker.stdout!.on("data", (chunk) => (workerOutput += chunk));
  worker.stderr!.on("data", (chunk) => (workerOutput += chunk));
}, 120_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill("SIGKILL");
    await exited(worker);
  }
  await sandbox?.stop();
  await database?.drop();
  await new Promise<void>((resolve) =>
    smtp ? smtp.close(() => resolve()) : resolve(),
  );
});

describe("the processes' logs", { timeout: 240_000 }, () => {
  it("are JSON lines that hold no shopper email or phone, no password, no secret, no token, no key", async () => {
    const t = {
      app: sandbox.app,
      double: sandbox.double,
      shop: sandbox.shop,
      database,
      stop: async () => {},
    };
    const db = database.db;
    const shopId = await installShop(t);
    const { LG3: lg3 } = await activate(t, shopId, { LG3: {} });
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    await db.shop.update({
      where: { id: shopId },
      data: {
        settings: {
          ...(shop.settings as object),
          sender: { name: "Demo Store", email: "hello@demo.example" },
          physicalAddress: "1 Market St, Springfield",
        },
      },
    });

    // The merchant connects the provider in the admin: the session token in the Authorization header.
    const token = sandbox.double.mintSessionToken(sandbox.shop);
    const port = (smtp.server.address() as { port: number }).port;
    const connected = await fetch(`${sandbox.appUrl}/app/settings.data`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        "User-Agent": BROWSER_UA,
      },
      body: JSON.stringify({
        intent: "emailProvider",
        values: {
          kind: "smtp",
          host: "127.0.0.1",
          port,
          secure: false,
          requireTls: false,
          user: "shop",
          password: PASSWORD,
        },
      }),
    });
    expect(connected.status).toBe(200);
    // ...and opens the app from Shopify's admin: a session token and an HMAC in the query.
    const page = await fetch(
      `${sandbox.appUrl}/app?embedded=1&shop=${sandbox.shop}&host=${Buffer.from(`${sandbox.shop}/admin`).toString("base64url")}&id_token=${token}&hmac=0123abcd`,
      { headers: { "User-Agent": BROWSER_UA } },
    );
    expect(page.status).toBe(200);

    // Shoppers leave their emails in the popup (one address bounces), and an order comes in.
    for (const [visitor, email] of [
      ["browser-ann", ANN],
      ["browser-zoe", ZOE],
    ]) {
      const captured = await fetch(
        sandbox.double.appProxyUrl("/capture", { shop: sandbox.shop }),
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            visitorId: visitor,
            email,
            rule: `${lg3}:popup`,
          }),
        },
      );
      expect(captured.status).toBe(200);
    }
    const orderBody = {
      ...order(
        { customerId: 4242, email: BOB.email, firstName: "Bob" },
        new Date(),
      ),
      phone: BOB.phone,
    };
    const delivered = await sandbox.double.deliverWebhook({
      path: "/webhooks/orders",
      topic: "orders/create",
      shopDomain: sandbox.shop,
      payload: orderBody,
    });
    expect(delivered.status).toBe(200);
    // A forged delivery and a request with a wrong session token are refused (and logged as such).
    expect(
      (
        await sandbox.double.deliverWebhook({
          path: "/webhooks/orders",
          topic: "orders/create",
          shopDomain: sandbox.shop,
          payload: orderBody,
          secret: "forged",
        })
      ).status,
    ).toBe(401);
    await fetch(`${sandbox.appUrl}/app/settings.data`, {
      headers: { Authorization: `Bearer ${token}x`, "User-Agent": BROWSER_UA },
    });

    // The worker sends Ann her code through the provider (with the password), and tries Zoe's.
    await until(
      "Ann's email sent",
      async () => received.filter((to) => to.includes(ANN)).length,
      (n) => n === 1,
    );
    await until(
      "Bob's order processed",
      () => db.contact.count({ where: { email: BOB.email } }),
      (n) => n === 1,
    );
    await until(
      "Zoe's email refused",
      () =>
        db.delivery.findMany({
          where: { contact: { email: ZOE } },
          select: { status: true },
        }),
      (rows) =>
        rows.length > 0 &&
        rows.every(
          (row) => row.status !== "PENDING" && row.status !== "SENDING",
        ),
    );
    const session = await db.session.findFirstOrThrow({
      where: { shop: sandbox.shop, isOnline: false },
    });

    // Both processes stop as in production, then their whole output is read.
    worker.kill("SIGTERM");
    await Promise.all([exited(worker), sandbox.app.stop()]);
    const outputs = { web: sandbox.app.output(), worker: workerOutput };
    for (const [name, output] of Object.entries(outputs)) {
      const lines = output.split("\n").filter((line) => line.trim() !== "");
      expect(lines.length, name).toBeGreaterThan(3);
      const notJson = lines.filter((line) => {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          return (
            typeof parsed.time !== "string" ||
            typeof parsed.level !== "string" ||
            typeof parsed.msg !== "string"
          );
        } catch {
          return true;
        }
      });
      expect(notJson, name).toEqual([]);
      const forbidden = [
        ANN,
        ZOE,
        BOB.email,
        BOB.phone,
        BOB.phone.slice(2),
        PASSWORD,
        SANDBOX_APP.apiSecret,
        SANDBOX_APP.encryptionKey,
        SANDBOX_APP.linkKeys,
        token,
        token.split(".")[2],
        session.accessToken,
        ...(session.refreshToken ? [session.refreshToken] : []),
        "id_token=",
        "hmac=",
      ];
      expect(
        forbidden.filter((secret) => output.includes(secret)),
        name,
      ).toEqual([]);
    }
    // The scan read real traffic: the webhook, the admin's request and the worker's jobs.
    expect(outputs.web).toContain('"path":"/webhooks/orders","status":200');
    expect(outputs.web).toContain('"path":"/app/settings.data","status":200');
    expect(outputs.worker).toContain('"msg":"started"');
    expect(outputs.worker).toContain(
      '"msg":"job done","process":"worker","job":"deliveries.send"',
    );
  });
});
