// bench/webhooks: the webhook route under load. Signed carts/update deliveries, each with its own
// event and delivery id, go to the real built app (sandbox, fresh database) and, in the same run,
// to a bare node:http server that only reads the body and answers 200. Per target: a 2 s warm-up,
// 10 s at a fixed 1,000 requests/s (latency), 10 s unthrottled (throughput). Then the database is
// asked what it kept: every event answered 2xx must have been stored.
//   npx tsx bench/webhooks.ts [--postgres] [--build] [--seconds 10]
//   --postgres  a fresh database on TEST_POSTGRES_URL's server instead of a temp SQLite file
//   --build     rebuild the app even when build/ looks current
//   --seconds   length of the 1,000/s phase and of the unthrottled one (10; `npm run bench -- --quick` uses 2)
import { execFileSync } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { randomBytes, randomUUID } from "node:crypto";
import type { Request as CannonRequest } from "autocannon";
import { API_VERSION } from "../app/api-version";
import { createDb } from "../app/db.server";
import { DEMO_SHOP, SANDBOX_APP } from "../sandbox/config";
import { startSandbox, type Sandbox } from "../sandbox/sandbox";
import { signWebhookBody } from "../sandbox/shopify-double/webhooks";
import {
  createBenchDatabase,
  ensureBuild,
  percentile,
  reportResult,
  requireCommonJsEntries,
  root,
  startBareServer,
} from "./support";

// Loaded late, after the hook that lets it load under the tsx CLI (see support.ts).
requireCommonJsEntries();
const { default: autocannon } = await import("autocannon");

const args = new Set(process.argv.slice(2));
const provider = args.has("--postgres") ? "postgresql" : "sqlite";
const secondsArg = process.argv.includes("--seconds")
  ? Number(process.argv[process.argv.indexOf("--seconds") + 1])
  : 10;
if (!(secondsArg > 0)) throw new Error("--seconds takes a positive number");

const WEBHOOK_PATH = "/webhooks/carts";
const TOPIC = "carts/update";
const CONNECTIONS = 50;
const RATE = 1_000;
const SECONDS = secondsArg;
const WARMUP_SECONDS = 2;
const UPDATES_PER_CART = 20;
const GOAL_P99_MS = 50;
const GOAL_RATIO = 0.3;
// A rate phase counts only if the app kept up: latency at a lower rate proves nothing.
const GOAL_MIN_RATE = RATE * 0.95;
// What Shopify's webhook sender calls itself (as the double's deliverWebhook sends it).
const USER_AGENT = "Shopify-Captain-Hook";

// ---- deliveries ---------------------------------------------------------------------------------

const run = randomBytes(8).toString("hex");
let sequence = 0;
let cartCreatedAt = new Date().toISOString();

function money(amount: string) {
  return {
    shop_money: { amount, currency_code: "USD" },
    presentment_money: { amount, currency_code: "USD" },
  };
}

function lineItem(
  token: string,
  variantId: number,
  productId: number,
  title: string,
  price: string,
  quantity: number,
) {
  const line = (Number(price) * quantity).toFixed(2);
  return {
    id: variantId,
    key: `${variantId}:${token.slice(0, 16)}`,
    properties: null,
    quantity,
    variant_id: variantId,
    product_id: productId,
    title,
    sku: `TM-${variantId}`,
    vendor: DEMO_SHOP.name,
    gift_card: false,
    grams: 250,
    taxable: true,
    discounts: [],
    total_discount: "0.00",
    price,
    original_price: price,
    discounted_price: price,
    line_price: line,
    original_line_price: line,
    price_set: money(price),
    discounted_price_set: money(price),
    line_price_set: money(line),
    original_line_price_set: money(line),
    total_discount_set: money("0.00"),
  };
}

/** A carts/update body as Shopify sends it; the same cart (token) gets ~20 updates in a row. */
function cartPayload(n: number, now: Date) {
  if (n % UPDATES_PER_CART === 0) cartCreatedAt = now.toISOString();
  const token = `${run}${Math.floor(n / UPDATES_PER_CART)
    .toString(16)
    .padStart(16, "0")}`;
  const step = n % UPDATES_PER_CART;
  return {
    id: token,
    token,
    line_items: [
      lineItem(
        token,
        44_012_345_678_901,
        8_012_345_678_901,
        "Merino Beanie - Charcoal",
        "29.00",
        1 + (step % 3),
      ),
      lineItem(
        token,
        44_012_345_678_902,
        8_012_345_678_902,
        "Wool Scarf - Oat",
        "54.50",
        1 + (step % 2),
      ),
    ],
    note: "",
    updated_at: now.toISOString(),
    created_at: cartCreatedAt,
  };
}

interface RequestContext {
  eventId?: string;
}

interface Target {
  name: "bare" | "app";
  url: string;
  /** Event ids answered 2xx: for the app, each must be in the database afterwards. */
  answered: Set<string>;
  /** Per non-2xx status: how many, and the first body, to diagnose. */
  failures: Map<number, { count: number; body: string }>;
}

/**
 * One request template whose setupRequest runs before every request: fresh ids, body and
 * signature each time, with the headers exactly as the double's deliverWebhook builds them.
 * The context carries the event id to onResponse (one request in flight per connection).
 */
function deliveries(target: Target): CannonRequest[] {
  return [
    {
      method: "POST",
      path: WEBHOOK_PATH,
      setupRequest: (request, context) => {
        const now = new Date();
        const rawBody = JSON.stringify(cartPayload(sequence++, now));
        const eventId = randomUUID();
        (context as RequestContext).eventId = eventId;
        return {
          ...request,
          body: rawBody,
          headers: {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Shopify-Hmac-Sha256": signWebhookBody(
              rawBody,
              SANDBOX_APP.apiSecret,
            ),
            "X-Shopify-Topic": TOPIC,
            "X-Shopify-Shop-Domain": DEMO_SHOP.domain,
            "X-Shopify-API-Version": API_VERSION,
            "X-Shopify-Webhook-Id": randomUUID(),
            "X-Shopify-Event-Id": eventId,
            "X-Shopify-Triggered-At": now.toISOString(),
          },
        };
      },
      onResponse: (status, body, context) => {
        const { eventId } = context as RequestContext;
        if (status >= 200 && status < 300) {
          if (eventId) target.answered.add(eventId);
          return;
        }
        const failure = target.failures.get(status) ?? { count: 0, body };
        failure.count++;
        target.failures.set(status, failure);
      },
    },
  ];
}

// ---- phases -------------------------------------------------------------------------------------

interface PhaseResult {
  target: Target["name"];
  phase: string;
  /** Responses per second, any status. */
  rps: number;
  /** 2xx responses per second. */
  okRps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** The app's own time per request (its access log), without the client and the network. */
  server?: { p50: number; p99: number };
}

// app/http.server.ts logs "<method> <path> <status> <ms> ms" per request.
// The access log's JSON lines (app/logger.server.ts): {"msg":"POST /webhooks/carts 200",...,"ms":1.2}.
const WEBHOOK_LOG = /"msg":"POST \/webhooks\/carts \d+"[^\n]*"ms":([\d.]+)/g;
const ANY_ACCESS_LOG =
  /"method":"[A-Z]+","path":"[^"]*","status":\d{3},"ms":[\d.]+/;

async function phase(
  target: Target,
  name: string,
  sandbox: Sandbox | undefined,
  seconds: number,
  rate?: number,
): Promise<PhaseResult> {
  const logStart = sandbox?.app.output().length ?? 0;
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: deliveries(target),
    // autocannon's coordinated-omission correction takes ceil(1 / rate) = 1 ms as the interval
    // and pads the histogram with invented samples from 1 ms up to each latency, which drags the
    // percentiles down. Raw latencies, with okRps checked against the rate, say it straight.
    ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
  });
  let server: PhaseResult["server"];
  if (sandbox) {
    const times = [
      ...sandbox.app.output().slice(logStart).matchAll(WEBHOOK_LOG),
    ].map((m) => Number(m[1]));
    server = { p50: percentile(times, 50), p99: percentile(times, 99) };
  }
  return {
    target: target.name,
    phase: name,
    rps: result.requests.total / result.duration,
    okRps: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    server,
  };
}

/**
 * An open-loop load at a steady rate: a request every 1000/rate ms whether or not earlier ones
 * were answered, each timed from when it was due (so a stall shows in the latencies instead of
 * slowing the sender). autocannon's rate limit cannot do this: each connection fires its share
 * of the second back to back, then idles until the next second.
 */
async function paced(
  target: Target,
  name: string,
  sandbox: Sandbox | undefined,
  seconds: number,
  rate: number,
): Promise<PhaseResult> {
  const logStart = sandbox?.app.output().length ?? 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(WEBHOOK_PATH, target.url);
  const request = deliveries(target)[0];
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (dueAt: number) => {
    const context: RequestContext = {};
    const setup = request.setupRequest as (
      r: CannonRequest,
      c: object,
    ) => CannonRequest;
    const onResponse = request.onResponse as (
      status: number,
      body: string,
      c: object,
    ) => void;
    const built = setup({ ...request }, context) as {
      body: string;
      headers: Record<string, string>;
    };
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            ...built.headers,
            "Content-Length": String(Buffer.byteLength(built.body)),
          },
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              ok++;
              latencies.push(performance.now() - dueAt);
            } else non2xx++;
            onResponse(status, body, context);
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(built.body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const start = performance.now();
  const total = rate * seconds;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(
      total,
      Math.floor(((performance.now() - start) * rate) / 1000) + 1,
    );
    for (; sent < due; sent++) send(start + (sent * 1000) / rate);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  let server: PhaseResult["server"];
  if (sandbox) {
    const times = [
      ...sandbox.app.output().slice(logStart).matchAll(WEBHOOK_LOG),
    ].map((m) => Number(m[1]));
    server = { p50: percentile(times, 50), p99: percentile(times, 99) };
  }
  return {
    target: target.name,
    phase: name,
    rps: (ok + non2xx + errors) / elapsed,
    okRps: ok / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok,
    non2xx,
    errors,
    server,
  };
}

async function drive(
  target: Target,
  sandbox?: Sandbox,
): Promise<PhaseResult[]> {
  console.error(
    `[bench] ${target.name}: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s at ${RATE}/s, ${SECONDS} s unthrottled`,
  );
  await phase(target, "warm-up", sandbox, WARMUP_SECONDS);
  return [
    await paced(target, `${RATE}/s`, sandbox, SECONDS, RATE),
    await phase(target, "max", sandbox, SECONDS),
  ];
}

// ---- report -------------------------------------------------------------------------------------

const int = (n: number) =>
  Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "-";
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");
const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((row) => row[i].length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
        )
        .join("  "),
    )
    .join("\n");
}

function revision(): string {
  try {
    const git = (...a: string[]) =>
      execFileSync("git", a, { cwd: root, encoding: "utf8" }).trim();
    const dirty = git("status", "--porcelain", "--", "app", "prisma")
      .split("\n")
      .filter(Boolean).length;
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? ` + ${dirty} uncommitted paths under app/ prisma/` : ""}`;
  } catch {
    return "unknown revision";
  }
}

// ---- main ---------------------------------------------------------------------------------------

const cleanups: Array<() => Promise<void>> = [];
async function cleanUp(): Promise<boolean> {
  let clean = true;
  for (const step of cleanups.splice(0).reverse()) {
    await step().catch((error: unknown) => {
      clean = false;
      console.error(`[bench] clean-up failed: ${String(error)}`);
    });
  }
  return clean;
}
// Ctrl-C: the PostgreSQL database and the app process would otherwise outlive the bench.
process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

async function main(): Promise<void> {
  ensureBuild(args.has("--build"), (line) => console.error(`[bench] ${line}`));
  const database = await createBenchDatabase(provider);
  cleanups.push(database.drop);
  console.error(
    `[bench] starting the app on a fresh ${provider} database (migrating it)`,
  );
  // One web process per core, as the README advises for production.
  process.env.WEB_CONCURRENCY ??= String(os.availableParallelism());
  const sandbox = await startSandbox({
    databaseUrl: database.url,
    migrate: true,
    worker: false,
  });
  cleanups.push(() => sandbox.stop());
  const bareServer = await startBareServer();
  cleanups.push(bareServer.stop);

  const bare: Target = {
    name: "bare",
    url: bareServer.url,
    answered: new Set(),
    failures: new Map(),
  };
  const app: Target = {
    name: "app",
    url: sandbox.appUrl,
    answered: new Set(),
    failures: new Map(),
  };
  const results = [...(await drive(bare)), ...(await drive(app, sandbox))];

  // Stragglers: requests cut off at a phase's end may still be finishing in the app.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const db = createDb(database.url);
  const [receipts, processed, events] = await Promise.all([
    db.webhookReceipt.findMany({
      where: { shopDomain: DEMO_SHOP.domain },
      select: { eventId: true },
    }),
    db.webhookReceipt.count({
      where: { shopDomain: DEMO_SHOP.domain, processedAt: { not: null } },
    }),
    db.contactEvent.count({ where: { source: "webhook" } }),
  ]).finally(() => db.$disconnect());
  const stored = new Set(receipts.map((r) => r.eventId));
  const lostReceipts = [...app.answered].filter((id) => !stored.has(id)).length;
  const lostEvents = app.answered.size - events;

  console.log(
    `bench/webhooks: POST ${WEBHOOK_PATH} (${TOPIC}) on ${provider}, ${process.env.WEB_CONCURRENCY} web processes, ` +
      `${os.availableParallelism()} cores, max phase ${CONNECTIONS} connections, ${revision()}`,
  );
  console.log(
    table([
      [
        "target",
        "phase",
        "req/s",
        "2xx/s",
        "p50 ms",
        "p99 ms",
        "2xx",
        "non-2xx",
        "errors",
        "app p50 ms",
        "app p99 ms",
      ],
      ...results.map((r) => [
        r.target,
        r.phase,
        int(r.rps),
        int(r.okRps),
        ms(r.p50),
        ms(r.p99),
        int(r.ok),
        int(r.non2xx),
        int(r.errors),
        r.server ? ms(r.server.p50) : "",
        r.server ? ms(r.server.p99) : "",
      ]),
    ]),
  );
  console.log(
    "(p50/p99: at the client, 2xx only; app p50/p99: the app's access log, request in to response out)",
  );
  for (const target of [bare, app]) {
    for (const [status, { count, body }] of target.failures) {
      console.log(
        `${target.name} answered ${status} ${int(count)} times; first body: ${JSON.stringify(body.slice(0, 300))}`,
      );
    }
  }
  const noise = sandbox.app
    .output()
    .split("\n")
    .filter(
      (line) =>
        line &&
        !ANY_ACCESS_LOG.test(line) &&
        !line.includes('"msg":"listening on'),
    );
  if (noise.length > 0)
    console.log(
      `the app printed ${noise.length} other lines, first: ${noise.slice(0, 5).join(" | ").slice(0, 600)}`,
    );

  const find = (target: string, name: string) =>
    results.find((r) => r.target === target && r.phase === name)!;
  const fixed = find("app", `${RATE}/s`);
  const ratio = find("app", "max").rps / find("bare", "max").rps;
  console.log(
    `throughput ratio app / bare (max): ${ratio.toFixed(3)} (${int(find("app", "max").rps)} / ${int(find("bare", "max").rps)} req/s)`,
  );
  console.log(
    `stored: ${int(stored.size)} WebhookReceipt rows (${int(processed)} processed), ${int(events)} ContactEvent rows with source = 'webhook'; ` +
      `app answered 2xx: ${int(app.answered.size)} events`,
  );
  // Requests cut off at a phase's end are stored but never answered: they make the events
  // difference negative, so say how many there were.
  const unanswered = stored.size - (app.answered.size - lostReceipts);
  console.log(
    `lost: receipts ${int(lostReceipts)} (answered 2xx, no receipt), events ${int(lostEvents)} (answered 2xx minus ContactEvent rows); ` +
      `${int(unanswered)} stored but unanswered (cut off at a phase's end)`,
  );
  console.log(
    `goal p99 <= ${GOAL_P99_MS} ms at ${int(RATE)} req/s: ${verdict(fixed.p99 <= GOAL_P99_MS && fixed.okRps >= GOAL_MIN_RATE)} ` +
      `(p99 ${ms(fixed.p99)} ms, ${int(fixed.okRps)} 2xx/s)`,
  );
  console.log(
    `goal throughput >= ${GOAL_RATIO * 100} % of bare: ${verdict(ratio >= GOAL_RATIO)} (${(ratio * 100).toFixed(1)} %)`,
  );
  console.log(
    `goal 0 lost: ${verdict(lostReceipts === 0 && lostEvents <= 0)} (receipts ${int(lostReceipts)}, events ${int(lostEvents)})`,
  );

  const label = provider === "sqlite" ? "SQLite" : "PostgreSQL";
  const bareFixed = find("bare", `${RATE}/s`);
  const rateMet = fixed.okRps >= GOAL_MIN_RATE;
  // Whole milliseconds from 100 up: "3,239" reads better than "3238.5".
  const msCell = (n: number) => (n >= 100 ? int(n) : ms(n));
  reportResult([
    {
      name: `webhook ingestion, max throughput (${label})`,
      goal: `≥ ${GOAL_RATIO.toFixed(2)} × the bare server`,
      figure: `${int(find("app", "max").rps)} req/s (${process.env.WEB_CONCURRENCY} web processes)`,
      baseline: `${int(find("bare", "max").rps)} req/s, a bare node:http server`,
      ratio,
      met: ratio >= GOAL_RATIO,
    },
    {
      name: `webhook ingestion at ${int(RATE)} req/s (${label})`,
      goal: `p99 ≤ ${GOAL_P99_MS} ms at the client`,
      figure:
        `p50 ${msCell(fixed.p50)} / p99 ${msCell(fixed.p99)} ms; inside the app ${msCell(fixed.server?.p50 ?? Number.NaN)} / ${msCell(fixed.server?.p99 ?? Number.NaN)} ms` +
        (rateMet ? "" : `; kept up with only ${int(fixed.okRps)} 2xx/s`),
      baseline: `bare server p50 ${msCell(bareFixed.p50)} / p99 ${msCell(bareFixed.p99)} ms`,
      ratio: null,
      met: fixed.p99 <= GOAL_P99_MS && rateMet,
    },
    {
      name: `webhook ingestion, lost (${label})`,
      goal: "0 answered 2xx and not stored",
      figure: `${int(Math.max(lostReceipts, lostEvents))} of ${int(app.answered.size)}`,
      baseline: null,
      ratio: null,
      met: lostReceipts === 0 && lostEvents <= 0,
    },
  ]);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error("[bench] crashed:", error);
}
if (!(await cleanUp())) failed = true;
// Explicit: Prisma's offline migrate engine can hold the event loop for a while after it is done.
process.exit(failed ? 1 : 0);
