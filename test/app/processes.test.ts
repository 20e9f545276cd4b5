// The web process as it runs in production (`npm start`: app/http.server.ts on the built app,
// PostgreSQL, bull on a Redis of its own) under a stream of signed orders/create webhooks, sent as
// Shopify sends them: a delivery that got no 200 (refused, cut off) is retried with the same ids
// until it gets one. Killed with SIGKILL mid-stream and replaced, or stopped with SIGTERM: every
// webhook ends up stored exactly once, above all each one that was answered 200.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "../../app/api-version";
import {
  startAppServer,
  freePort,
  type AppServer,
} from "../../sandbox/app-server";
import { SANDBOX_APP } from "../../sandbox/config";
import {
  deliverWebhook,
  type WebhookInput,
} from "../../sandbox/shopify-double/webhooks";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { startRedis, type TestRedis } from "../support/redis";
import { order } from "../support/shopify-payloads";

const SHOP = "processes-test.myshopify.com";
let database: TestDatabase;
let redis: TestRedis;
let port: number;
let redisStopped = false;
const servers = new Set<AppServer>();

async function startWeb(): Promise<AppServer> {
  const server = await startAppServer({
    port,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      TRIGGER_MAP_ENCRYPTION_KEY: SANDBOX_APP.encryptionKey,
      TRIGGER_MAP_LINK_KEYS: SANDBOX_APP.linkKeys,
      SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
      SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      SCOPES: SANDBOX_APP.scopes.join(","),
    },
  });
  servers.add(server);
  server.process.once("exit", () => servers.delete(server));
  return server;
}

const exited = (server: AppServer) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) => {
      if (
        server.process.exitCode !== null ||
        server.process.signalCode !== null
      ) {
        return resolve({
          code: server.process.exitCode,
          signal: server.process.signalCode,
        });
      }
      server.process.once("exit", (code, signal) => resolve({ code, signal }));
    },
  );

function webhooks(tag: string, count: number): WebhookInput[] {
  return Array.from({ length: count }, (_, i) => ({
    url: `http://127.0.0.1:${port}/webhooks/orders`,
    topic: "orders/create",
    shopDomain: SHOP,
    secret: SANDBOX_APP.apiSecret,
    apiVersion: API_VERSION,
    payload: order(
      {
        customerId: 90_000 + i,
        email: `${tag}-${i}@shopper.example`,
        firstName: "Ann",
      },
      new Date(),
    ),
    // Fixed ids: a retry is the same delivery (Shopify keeps both across its retries).
    eventId: randomUUID(),
    webhookId: randomUUID(),
  }));
}

/**
 * Sends every webhook, `connections` at a time, each again after any failure until it is answered
 * 200, as Shopify does (its retries come later; here at once, and for as long as the test runs).
 * `onAnswered` sees the events answered so far; `retried` collects the deliveries that failed at least once.
 */
async function deliverAll(
  inputs: WebhookInput[],
  connections: number,
  onAnswered: (answered: readonly string[]) => void,
) {
  const answered: string[] = [];
  const retried = new Set<string>();
  let next = 0;
  const deadline = Date.now() + 180_000;
  const sender = async () => {
    for (let i = next++; i < inputs.length; i = next++) {
      for (;;) {
        const status = await deliverWebhook(inputs[i]).then(
          (d) => d.status,
          () => 0,
        );
        if (status === 200) break;
        retried.add(inputs[i].eventId!);
        if (Date.now() > deadline)
          throw new Error(
            `webhook ${i} still unanswered (last status ${status})`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
      answered.push(inputs[i].eventId!);
      onAnswered(answered);
    }
  };
  await Promise.all(Array.from({ length: connections }, sender));
  return { answered, retried };
}

/** How many times each event was stored: as a receipt, and as a contact event (its source id is "<TOPIC>:<event id>"). */
async function stored(inputs: WebhookInput[]) {
  const eventIds = inputs.map((input) => input.eventId!);
  const [receipts, events] = await Promise.all([
    database.db.webhookReceipt.groupBy({
      by: ["eventId"],
      where: { shopDomain: SHOP, eventId: { in: eventIds } },
      _count: true,
    }),
    database.db.contactEvent.groupBy({
      by: ["sourceId"],
      where: {
        source: "webhook",
        sourceId: { in: eventIds.map((id) => `ORDERS_CREATE:${id}`) },
      },
      _count: true,
    }),
  ]);
  const receiptCount = new Map(receipts.map((r) => [r.eventId, r._count]));
  const eventCount = new Map(
    events.map((e) => [e.sourceId.slice("ORDERS_CREATE:".length), e._count]),
  );
  return {
    receipts: receipts.length,
    events: events.length,
    notStoredOnce: eventIds.filter(
      (id) => receiptCount.get(id) !== 1 || eventCount.get(id) !== 1,
    ),
  };
}

beforeAll(async () => {
  [database, redis, port] = await Promise.all([
    createTestDatabase("postgresql"),
    startRedis({ own: true }),
    freePort(),
  ]);
  await database.db.shop.create({
    data: {
      domain: SHOP,
      name: "Processes Test",
      email: "owner@processes.example",
      settings: {},
    },
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([...servers].map((s) => s.stop()));
  if (!redisStopped) await redis?.stop();
  await database?.drop();
});

// Real processes on a shared machine: minutes, not the default 30 s.
describe(
  "the web process (npm start) under webhooks",
  { timeout: 240_000 },
  () => {
    it("answers /healthz with its database and Redis", async () => {
      const web = await startWeb();
      const response = await fetch(`${web.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        ok: true,
        checks: { database: true, redis: true },
      });
      await web.stop();
    });

    it("killed with SIGKILL under load and replaced: every webhook is stored exactly once, each one answered 200 among them", async () => {
      const inputs = webhooks("kill", 300);
      let web = await startWeb();
      let answeredBeforeKill: string[] = [];
      let restarted: Promise<void> | undefined;
      const { retried } = await deliverAll(inputs, 16, (answered) => {
        if (answered.length < 60 || restarted) return;
        answeredBeforeKill = [...answered];
        restarted = (async () => {
          web.process.kill("SIGKILL");
          await exited(web);
          web = await startWeb();
        })();
      });
      await restarted;
      // The kill cut deliveries off mid-request: they were retried to the new process.
      expect(retried.size).toBeGreaterThan(0);
      expect(answeredBeforeKill.length).toBeGreaterThanOrEqual(60);
      // Each answered 200 before the kill is stored (once), as is every other.
      const result = await stored(inputs);
      expect(result).toEqual({
        receipts: inputs.length,
        events: inputs.length,
        notStoredOnce: [],
      });
      await web.stop();
    });

    it("stopped with SIGTERM under load: finishes the requests in flight, exits 0; the rest go to the next process, each stored once", async () => {
      const inputs = webhooks("term", 200);
      let web = await startWeb();
      let exit:
        | Promise<{ code: number | null; signal: NodeJS.Signals | null }>
        | undefined;
      let replaced: Promise<void> | undefined;
      await deliverAll(inputs, 16, (answered) => {
        if (answered.length < 40 || exit) return;
        const stopping = web;
        exit = exited(stopping);
        stopping.process.kill("SIGTERM");
        replaced = exit.then(async () => {
          web = await startWeb();
        });
      });
      await replaced;
      expect(await exit).toEqual({ code: 0, signal: null });
      expect(await stored(inputs)).toEqual({
        receipts: inputs.length,
        events: inputs.length,
        notStoredOnce: [],
      });
      await web.stop();
    });

    it("answers /healthz 503 once Redis is gone (run last: it stops this suite's Redis)", async () => {
      const web = await startWeb();
      await redis.stop();
      redisStopped = true;
      const deadline = Date.now() + 60_000;
      let last: { status: number; body: unknown } = { status: 0, body: null };
      while (last.status !== 503 && Date.now() < deadline) {
        const response = await fetch(`${web.url}/healthz`);
        last = { status: response.status, body: await response.json() };
        if (last.status !== 503) await new Promise((r) => setTimeout(r, 200));
      }
      expect(last).toEqual({
        status: 503,
        body: { ok: false, checks: { database: true, redis: false } },
      });
      await web.stop();
    });
  },
);
