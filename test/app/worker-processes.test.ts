// The worker as it runs in production: `app/worker.server.ts` processes on bull (a Redis of this
// suite's own) and PostgreSQL, sending through a real SMTP server. Waits are written to the
// database as the runner leaves them; the workers must send each step exactly once when two share
// the load, when one is killed mid-batch and another takes over, and when Redis loses its data.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import Redis from "ioredis";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailProvider } from "../../app/channels/email/provider.server";
import { sweepDeliveries } from "../../app/deliveries/send.server";
import { createBullQueue } from "../../app/jobs/drivers/bull.server";
import { DEFAULT_QUEUE } from "../../app/jobs/index.server";
import type { JobQueue } from "../../app/jobs/types";
import { SANDBOX_APP } from "../../sandbox/config";
import { SANDBOX_KEY } from "../support/app";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { startRedis, type TestRedis } from "../support/redis";
import { createWaitingRuns } from "../support/waiting-runs";

const root = path.resolve(import.meta.dirname, "../..");
const SHOP = "worker-test.myshopify.com";
let database: TestDatabase;
let redis: TestRedis;
let smtp: SMTPServer;
let smtpPort = 0;
let shopId: string;
let queue: JobQueue;
/** Message-IDs the SMTP server accepted, in order (one per email). */
const received: string[] = [];
let slowSmtpMs = 0;
const workers = new Set<ChildProcess>();
const db = () => database.db;

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "app/worker.server.ts")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: database.url, REDIS_URL: redis.url, TRIGGER_MAP_ENCRYPTION_KEY: SANDBOX_APP.encryptionKey,
      SHOPIFY_API_KEY: SANDBOX_APP.apiKey, SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret, SHOPIFY_APP_URL: "https://app.example", SCOPES: SANDBOX_APP.scopes.join(","),
      WORKER_CONCURRENCY: "4", WORKER_JOB_LOCK_SECONDS: "2", WORKER_RECONCILE_SECONDS: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  child.once("exit", (code, signal) => {
    workers.delete(child);
    if (code && code !== 0) console.error(`worker exited with ${code ?? signal}:\n${output.slice(-2000)}`);
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

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How each of the tag's deliveries ended, and how many emails the SMTP server took for each. */
async function outcome(tag: string) {
  const deliveries = await db().delivery.findMany({ where: { contactId: { startsWith: `${tag}-` } }, select: { id: true, status: true } });
  const copies = deliveries.map((d) => received.filter((id) => id === `<${d.id}@trigger-map.app>`).length);
  const byStatus: Record<string, number> = {};
  for (const d of deliveries) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  const runs = await db().scenarioRun.groupBy({ by: ["status"], where: { contactId: { startsWith: `${tag}-` } }, _count: true });
  return { deliveries: deliveries.length, byStatus, maxCopies: Math.max(0, ...copies), runs: Object.fromEntries(runs.map((r) => [r.status, r._count])) };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"], logger: false,
    onData: (stream, _s, cb) =>
      void simpleParser(stream).then(async (mail) => {
        if (slowSmtpMs) await new Promise((r) => setTimeout(r, slowSmtpMs));
        received.push(mail.messageId ?? "");
        cb();
      }, cb),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  [database, redis] = await Promise.all([createTestDatabase("postgresql"), startRedis({ own: true })]);
  queue = createBullQueue(redis.url, DEFAULT_QUEUE, { log: () => {} });
  const shop = await db().shop.create({
    data: {
      domain: SHOP, name: "Worker Test", email: "shop@worker.example",
      // No quiet hours: the tests run at any hour of the day.
      settings: { sender: { name: "Worker Test", email: "shop@worker.example" }, physicalAddress: "1 Test Lane", quietHours: { start: 0, end: 0 } },
    },
  });
  shopId = shop.id;
  expect(await saveEmailProvider(db(), SHOP, { kind: "smtp", host: "127.0.0.1", port: smtpPort, secure: false, requireTls: false }, SANDBOX_KEY)).toEqual({ ok: true });
}, 60_000);

afterAll(async () => {
  await Promise.all([...workers].map((w) => stopWorker(w, "SIGKILL")));
  await queue?.close();
  await redis?.stop();
  await database?.drop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe("the worker processes (bull on Redis, PostgreSQL, SMTP)", () => {
  it("two workers sharing one Redis and one PostgreSQL send each step exactly once", async () => {
    const count = 60;
    const soon = Date.now() + 1_000;
    await createWaitingRuns(db(), shopId, count, (i) => new Date(soon + (i % 20) * 100), "two");
    const [a, b] = [startWorker(), startWorker()];
    const result = await until("both workers sending", () => outcome("two"), (o) => (o.byStatus.SENT ?? 0) === count);
    expect(result).toMatchObject({ deliveries: count, byStatus: { SENT: count }, maxCopies: 1, runs: { COMPLETED: count } });
    expect(new Set(received).size).toBe(received.length);
    await Promise.all([stopWorker(a), stopWorker(b)]);
  });

  it("a worker killed mid-batch and a new one send nothing twice and lose nothing", async () => {
    const count = 60;
    await createWaitingRuns(db(), shopId, count, () => new Date(Date.now() + 1_000), "kill");
    slowSmtpMs = 150;
    const first = startWorker();
    await until("the first emails", async () => (await outcome("kill")).byStatus.SENT ?? 0, (sent) => sent >= 10);
    await stopWorker(first, "SIGKILL");
    slowSmtpMs = 0;
    const second = startWorker();
    // Everything settles: no message waits to be sent and no run waits for its step; what the
    // killed process was sending stays SENDING: its outcome is unknown.
    let last = "";
    let stableSince = Date.now();
    await until("the second worker taking over", async () => {
      const o = await outcome("kill");
      const key = JSON.stringify(o);
      if (key !== last) [last, stableSince] = [key, Date.now()];
      return { ...o, stableMs: Date.now() - stableSince };
    }, (o) => o.deliveries === count && !o.byStatus.PENDING && !o.runs.WAITING && o.stableMs > 3_000);
    // The minute sweep, seen from six minutes on: a send that never answered is UNKNOWN, not resent.
    await sweepDeliveries(db(), queue, new Date(Date.now() + 6 * 60_000));
    const result = await outcome("kill");
    expect(result.maxCopies).toBe(1);
    expect(result.runs).toEqual({ COMPLETED: count });
    expect((result.byStatus.SENT ?? 0) + (result.byStatus.UNKNOWN ?? 0)).toBe(count);
    expect(result.byStatus.UNKNOWN ?? 0).toBeLessThanOrEqual(4); // at most the killed worker's concurrency
    await stopWorker(second);
  });

  it("loses no wait when Redis loses its data: the waits are read again from the database", async () => {
    const count = 40;
    const due = Date.now() + 5_000;
    await createWaitingRuns(db(), shopId, count, () => new Date(due), "flush");
    const worker = startWorker();
    const client = new Redis(redis.url);
    try {
      // Handed over: the runs' jobs wait in Redis for their time...
      await until("the waits handed over", () => client.zcard(`trigger-map:${DEFAULT_QUEUE}:delayed`), (n) => n >= count, 4_000);
      // ...and Redis loses everything before it comes.
      await client.flushall();
    } finally {
      client.disconnect();
    }
    const result = await until("the waits recovered", () => outcome("flush"), (o) => (o.byStatus.SENT ?? 0) === count);
    expect(result).toMatchObject({ deliveries: count, maxCopies: 1, runs: { COMPLETED: count } });
    await stopWorker(worker);
  });
});
