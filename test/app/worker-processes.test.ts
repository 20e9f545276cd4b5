// The worker as it runs in production: `app/worker.server.ts` processes on bull (a Redis of this
// suite's own) and PostgreSQL, sending through a real SMTP server. Waits are written to the
// database as the runner leaves them; the workers must send each step exactly once when two share
// the load, when one is killed mid-batch and another takes over, when Redis loses its data, and
// when Redis itself is killed and started again. The worker's health endpoint and graceful stop too.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import Redis from "ioredis";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import { createECDH, randomBytes } from "node:crypto";
import { enqueueSend, sweepDeliveries } from "../../app/deliveries/send.server";
import { createEventLog } from "../../app/events/ingest.server";
import { vapidPublicKey } from "../../app/storefront/push.server";
import { createBullQueue } from "../../app/jobs/drivers/bull.server";
import { DEFAULT_QUEUE } from "../../app/jobs/index.server";
import type { JobQueue } from "../../app/jobs/types";
import { freePort } from "../../sandbox/app-server";
import { SANDBOX_APP } from "../../sandbox/config";
import { SANDBOX_KEY } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { startBlackHole } from "../support/black-hole";
import { answersPing } from "../support/redis";
import { createWaitingRuns } from "../support/waiting-runs";

const root = path.resolve(import.meta.dirname, "../..");
const SHOP = "worker-test.myshopify.com";
let database: TestDatabase;
let redis: OwnRedis;
let smtp: SMTPServer;
let smtpPort = 0;
let shopId: string;
/** Message-IDs the SMTP server accepted, in order (one per email). */
const received: string[] = [];
let slowSmtpMs = 0;
const workers = new Set<ChildProcess>();
const db = () => database.db;

/** A redis-server of this suite's own, on a port it keeps across restarts, keeping nothing on disk. */
interface OwnRedis {
  url: string;
  /** Kills it (SIGKILL: a crash, or SIGTERM) and starts a new, empty one on the same port. */
  restart(
    signal: NodeJS.Signals,
    whileDown?: () => Promise<void>,
  ): Promise<void>;
  stop(): Promise<void>;
}

async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
      ],
      { stdio: "ignore" },
    );
    await until(
      "redis-server answering",
      () => answersPing(url),
      Boolean,
      10_000,
    );
  };
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  await launch();
  return {
    url,
    async restart(signal, whileDown) {
      await kill(signal);
      await whileDown?.();
      await launch();
    },
    stop: () => kill("SIGTERM"),
  };
}

/** The worker's /healthz: its status, or 0 when nothing answers. */
async function workerHealth(port: number): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
  } catch {
    return 0;
  }
}

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "app/worker.server.ts")],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        TRIGGER_MAP_ENCRYPTION_KEY: SANDBOX_APP.encryptionKey,
        TRIGGER_MAP_LINK_KEYS: SANDBOX_APP.linkKeys,
        SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
        SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
        SHOPIFY_APP_URL: "https://app.example",
        SCOPES: SANDBOX_APP.scopes.join(","),
        WORKER_CONCURRENCY: "4",
        WORKER_JOB_LOCK_SECONDS: "2",
        WORKER_RECONCILE_SECONDS: "2",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  child.once("exit", (code, signal) => {
    workers.delete(child);
    if (code && code !== 0)
      console.error(
        `worker exited with ${code ?? signal}:\n${output.slice(-2000)}`,
      );
  });
  workers.add(child);
  return child;
}

const stopWorker = (child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How each of the tag's deliveries ended, and how many emails the SMTP server took for each. */
async function outcome(tag: string) {
  const deliveries = await db().delivery.findMany({
    where: { contactId: { startsWith: `${tag}-` } },
    select: { id: true, status: true },
  });
  const copies = deliveries.map(
    (d) => received.filter((id) => id === `<${d.id}@trigger-map.app>`).length,
  );
  const byStatus: Record<string, number> = {};
  for (const d of deliveries)
    byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  const runs = await db().scenarioRun.groupBy({
    by: ["status"],
    where: { contactId: { startsWith: `${tag}-` } },
    _count: true,
  });
  return {
    deliveries: deliveries.length,
    byStatus,
    maxCopies: Math.max(0, ...copies),
    runs: Object.fromEntries(runs.map((r) => [r.status, r._count])),
  };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then(async (mail) => {
        if (slowSmtpMs) await new Promise((r) => setTimeout(r, slowSmtpMs));
        received.push(mail.messageId ?? "");
        cb();
      }, cb),
  });
  // A worker killed mid-send resets its connection; smtp-server reports that as an 'error' event,
  // which would be an uncaught exception with no listener. What counts is the mail received.
  smtp.on("error", () => {});
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  [database, redis] = await Promise.all([
    createTestDatabase("postgresql"),
    startOwnRedis(),
  ]);
  const shop = await db().shop.create({
    data: {
      domain: SHOP,
      name: "Worker Test",
      email: "shop@worker.example",
      // No quiet hours: the tests run at any hour of the day.
      settings: {
        sender: { name: "Worker Test", email: "shop@worker.example" },
        physicalAddress: "1 Test Lane",
        quietHours: { start: 0, end: 0 },
      },
    },
  });
  shopId = shop.id;
  expect(
    await saveEmailProvider(
      db(),
      SHOP,
      {
        kind: "smtp",
        host: "127.0.0.1",
        port: smtpPort,
        secure: false,
        requireTls: false,
      },
      SANDBOX_KEY,
    ),
  ).toEqual({ ok: true });
}, 60_000);

afterAll(async () => {
  await Promise.all([...workers].map((w) => stopWorker(w, "SIGKILL")));
  await redis?.stop();
  await database?.drop();
  await new Promise<void>((resolve) =>
    smtp ? smtp.close(() => resolve()) : resolve(),
  );
});

// Real processes on a shared machine: minutes, not the default 30 s.
describe(
  "the worker processes (bull on Redis, PostgreSQL, SMTP)",
  { timeout: 240_000 },
  () => {
    it("two workers sharing one Redis and one PostgreSQL send each step exactly once", async () => {
      const count = 60;
      const soon = Date.now() + 1_000;
      await createWaitingRuns(
        db(),
        shopId,
        count,
        (i) => new Date(soon + (i % 20) * 100),
        "two",
      );
      const [a, b] = [startWorker(), startWorker()];
      const result = await until(
        "both workers sending",
        () => outcome("two"),
        (o) => (o.byStatus.SENT ?? 0) === count,
      );
      expect(result).toMatchObject({
        deliveries: count,
        byStatus: { SENT: count },
        maxCopies: 1,
        runs: { COMPLETED: count },
      });
      expect(new Set(received).size).toBe(received.length);
      await Promise.all([stopWorker(a), stopWorker(b)]);
    });

    it("a worker killed mid-batch and a new one send nothing twice and lose nothing", async () => {
      const count = 60;
      await createWaitingRuns(
        db(),
        shopId,
        count,
        () => new Date(Date.now() + 1_000),
        "kill",
      );
      slowSmtpMs = 150;
      const first = startWorker();
      await until(
        "the first emails",
        async () => (await outcome("kill")).byStatus.SENT ?? 0,
        (sent) => sent >= 10,
      );
      await stopWorker(first, "SIGKILL");
      slowSmtpMs = 0;
      const second = startWorker();
      // Everything settles: no message waits to be sent and no run waits for its step; what the
      // killed process was sending stays SENDING: its outcome is unknown.
      let last = "";
      let stableSince = Date.now();
      await until(
        "the second worker taking over",
        async () => {
          const o = await outcome("kill");
          const key = JSON.stringify(o);
          if (key !== last) [last, stableSince] = [key, Date.now()];
          return { ...o, stableMs: Date.now() - stableSince };
        },
        (o) =>
          o.deliveries === count &&
          !o.byStatus.PENDING &&
          !o.runs.WAITING &&
          o.stableMs > 3_000,
      );
      // The minute sweep, seen from six minutes on: a send that never answered is UNKNOWN, not resent.
      const queue: JobQueue = createBullQueue(redis.url, DEFAULT_QUEUE, {
        log: () => {},
      });
      try {
        await sweepDeliveries(db(), queue, new Date(Date.now() + 6 * 60_000));
      } finally {
        await queue.close();
      }
      const result = await outcome("kill");
      expect(result.maxCopies).toBe(1);
      expect(result.runs).toEqual({ COMPLETED: count });
      expect((result.byStatus.SENT ?? 0) + (result.byStatus.UNKNOWN ?? 0)).toBe(
        count,
      );
      expect(result.byStatus.UNKNOWN ?? 0).toBeLessThanOrEqual(4); // at most the killed worker's concurrency
      await stopWorker(second);
    });

    it("loses no wait when Redis loses its data: the waits are read again from the database", async () => {
      const count = 40;
      const due = Date.now() + 15_000;
      await createWaitingRuns(
        db(),
        shopId,
        count,
        () => new Date(due),
        "flush",
      );
      const worker = startWorker();
      const client = new Redis(redis.url);
      try {
        // Handed over: the runs' jobs wait in Redis for their time...
        await until(
          "the waits handed over",
          () => client.zcard(`trigger-map:${DEFAULT_QUEUE}:delayed`),
          (n) => n >= count,
          12_000,
        );
        // ...and Redis loses everything before it comes.
        await client.flushall();
      } finally {
        client.disconnect();
      }
      const result = await until(
        "the waits recovered",
        () => outcome("flush"),
        (o) => (o.byStatus.SENT ?? 0) === count,
      );
      expect(result).toMatchObject({
        deliveries: count,
        maxCopies: 1,
        runs: { COMPLETED: count },
      });
      await stopWorker(worker);
    });

    it("loses no wait when Redis is killed and started again empty, and its health says so meanwhile", async () => {
      const count = 40;
      const due = Date.now() + 20_000;
      await createWaitingRuns(
        db(),
        shopId,
        count,
        () => new Date(due),
        "restart",
      );
      const healthPort = await freePort();
      const worker = startWorker({
        WORKER_HEALTH_PORT: String(healthPort),
        WORKER_HEALTH_HOST: "127.0.0.1",
      });
      await until(
        "the worker healthy",
        () => workerHealth(healthPort),
        (status) => status === 200,
      );
      const client = new Redis(redis.url);
      try {
        await until(
          "the waits handed over",
          () => client.zcard(`trigger-map:${DEFAULT_QUEUE}:delayed`),
          (n) => n >= count,
          12_000,
        );
      } finally {
        client.disconnect();
      }
      // A crash of Redis: its delayed jobs are gone with it; the worker says it is unwell until it is back.
      await redis.restart("SIGKILL", () =>
        until(
          "the worker unhealthy while Redis is down",
          () => workerHealth(healthPort),
          (status) => status === 503,
        ).then(() => {}),
      );
      const result = await until(
        "the waits recovered",
        () => outcome("restart"),
        (o) => (o.byStatus.SENT ?? 0) === count,
      );
      expect(result).toMatchObject({
        deliveries: count,
        maxCopies: 1,
        runs: { COMPLETED: count },
      });
      await until(
        "the worker healthy again",
        () => workerHealth(healthPort),
        (status) => status === 200,
      );
      await stopWorker(worker);
    });

    it("a shopper's push subscription on a host that never answers stalls no other shop: their burst of events is processed, and the worker stops cleanly", async () => {
      const blackHole = await startBlackHole();
      const queue: JobQueue = createBullQueue(redis.url, DEFAULT_QUEUE, {
        log: () => {},
      });
      try {
        // As many sends to it as the worker has slots, each to a subscription on the black hole
        // (allowed here, as a test's local push service is).
        await vapidPublicKey(db(), SHOP, SANDBOX_KEY);
        for (let i = 0; i < 4; i++) {
          const browser = createECDH("prime256v1");
          browser.generateKeys();
          const contact = await db().contact.create({
            data: { id: `hole-c${i}`, shopId, tags: [] },
          });
          await db().pushSubscription.create({
            data: {
              contactId: contact.id,
              endpoint: `${blackHole.url}/push/${i}`,
              p256dh: browser.getPublicKey("base64url"),
              auth: randomBytes(16).toString("base64url"),
            },
          });
          const delivery = await db().delivery.create({
            data: {
              shopId,
              contactId: contact.id,
              stepId: "push",
              channel: "WEB_PUSH",
              messageKey: "test.push",
              message: { title: "Back in stock", body: "It is here" },
              statusHistory: [],
              idempotencyKey: `hole-${i}`,
            },
          });
          await enqueueSend(queue, delivery.id);
        }
        const worker = startWorker({ PUSH_SERVICE_HOSTS: "127.0.0.1" });
        await until(
          "the sends reaching the black hole",
          async () => blackHole.connections(),
          (n) => n >= 4,
        );

        // Other shops' shoppers meanwhile: each event its own job.
        const events = createEventLog(db(), queue);
        const others = await Promise.all(
          [1, 2, 3].map((n) =>
            db().shop.create({
              data: { domain: `other-${n}.myshopify.com`, settings: {} },
            }),
          ),
        );
        for (const shop of others) {
          for (let i = 0; i < 10; i++) {
            await events.storefront(shop.id, "pixel", `burst-${i}`, {
              type: "page_viewed",
              occurredAt: new Date().toISOString(),
              identity: { visitorId: `v-${shop.id}-${i}` },
            });
          }
        }
        const shopIds = others.map((shop) => shop.id);
        const unprocessed = () =>
          db().contactEvent.count({
            where: { shopId: { in: shopIds }, processedAt: null },
          });
        expect(
          await db().contactEvent.count({ where: { shopId: { in: shopIds } } }),
        ).toBe(30);
        await until(
          "the other shops' events processed",
          unprocessed,
          (n) => n === 0,
          60_000,
        );

        const exit = new Promise<number | null>((resolve) =>
          worker.once("exit", (code) => resolve(code)),
        );
        worker.kill("SIGTERM");
        expect(await exit).toBe(0);
        // The black hole's messages were never sent, and are not lost: waiting for a retry.
        expect(
          await db().delivery.count({
            where: { contactId: { startsWith: "hole-" }, status: "PENDING" },
          }),
        ).toBe(4);
      } finally {
        await queue.close();
        await blackHole.close();
      }
    });

    it("stops on SIGTERM mid-batch: finishes the emails it is sending, exits 0, and another worker sends the rest once", async () => {
      const count = 30;
      await createWaitingRuns(
        db(),
        shopId,
        count,
        () => new Date(Date.now() + 1_000),
        "term",
      );
      slowSmtpMs = 150;
      const first = startWorker();
      await until(
        "the first emails",
        async () => (await outcome("term")).byStatus.SENT ?? 0,
        (sent) => sent >= 5,
      );
      const exit = new Promise<number | null>((resolve) =>
        first.once("exit", (code) => resolve(code)),
      );
      first.kill("SIGTERM");
      expect(await exit).toBe(0);
      // Nothing it took is left half-done: no email in flight (SENDING) after a graceful stop.
      expect((await outcome("term")).byStatus.SENDING ?? 0).toBe(0);
      slowSmtpMs = 0;
      const second = startWorker();
      const result = await until(
        "the second worker finishing",
        () => outcome("term"),
        (o) => (o.byStatus.SENT ?? 0) === count,
      );
      expect(result).toMatchObject({
        deliveries: count,
        maxCopies: 1,
        runs: { COMPLETED: count },
      });
      await stopWorker(second);
    });
  },
);
