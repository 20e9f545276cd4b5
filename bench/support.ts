// Plumbing for the HTTP benchmarks: the built app, a throwaway database, a bare HTTP baseline.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { registerHooks } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { benchResultSchema, type BenchRow } from "./summary";

export type { BenchRow } from "./summary";

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
);

/**
 * Under the tsx CLI, a require() that Node resolves to a package's ESM entry (the "module-sync"
 * export condition) goes through tsx's ESM-to-CommonJS transform, which emits invalid code for
 * `export { f as "module.exports" }`: autocannon -> form-data -> get-intrinsic -> async-function
 * dies with "SyntaxError: Unexpected string". require() resolved without that condition gets the
 * packages' CommonJS entries, as before Node 22.10. Call before loading autocannon.
 */
export function requireCommonJsEntries(): void {
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      context.conditions.includes("require")
        ? nextResolve(specifier, {
            ...context,
            conditions: context.conditions.filter((c) => c !== "module-sync"),
          })
        : nextResolve(specifier, context),
  });
}

/** The newest modification time under `dir`, recursively (0 when it is absent). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (entry.isFile())
      newest = Math.max(
        newest,
        statSync(path.join(entry.parentPath, entry.name)).mtimeMs,
      );
  }
  return newest;
}

/**
 * The sandbox starts `build/index.js` and builds nothing. Rebuild when it is missing or older than
 * app/, else the bench would quietly measure yesterday's routes.
 */
export function ensureBuild(force: boolean, log: (line: string) => void): void {
  const server = path.join(root, "build/index.js");
  const stale =
    !existsSync(server) ||
    statSync(server).mtimeMs <
      Math.max(
        newestMtime(path.join(root, "app")),
        statSync(path.join(root, "remix.config.js")).mtimeMs,
      );
  if (!force && !stale) return;
  log(
    `building the app (remix build, NODE_ENV=production)${force ? "" : ": build/ is missing or older than app/"}`,
  );
  try {
    // Production, as the tests build it: the sandbox runs the production server.
    execFileSync(path.join(root, "node_modules/.bin/remix"), ["build"], {
      cwd: root,
      stdio: "pipe",
      env: { ...process.env, NODE_ENV: "production" },
    });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(
      `remix build failed:\n${String(output.stdout ?? "")}${String(output.stderr ?? "")}`,
    );
  }
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ??
  "postgresql://postgres@127.0.0.1:5432/postgres";

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** An empty database (the sandbox migrates it): a temp SQLite file, or a new PostgreSQL database. */
export async function createBenchDatabase(
  provider: "sqlite" | "postgresql",
): Promise<BenchDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "tm-bench-"));
    return {
      url: `file:${path.join(dir, "bench.sqlite")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `tm_bench_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  // FORCE: the app's pool may still hold connections if it died instead of stopping.
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// Plain JavaScript evaluated in a worker thread. A thread of its own, because on the main thread
// the baseline would share one event loop with autocannon, while the app has a process (a core)
// of its own: that would understate the baseline and flatter the app's ratio.
const BARE_SERVER = `
const { createServer } = require("node:http");
const { parentPort } = require("node:worker_threads");
const server = createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => { res.statusCode = 200; res.end(); });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
`;

export interface BareServer {
  url: string;
  stop(): Promise<void>;
}

/** A node:http server that reads the body and answers 200: the ceiling for any route. */
export async function startBareServer(): Promise<BareServer> {
  const worker = new Worker(BARE_SERVER, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", (message: number) => resolve(message));
    worker.once("error", reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => void (await worker.terminate()),
  };
}

/** The q-th percentile (0..100) of unsorted values, nearest rank; NaN when empty. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((q / 100) * sorted.length) - 1),
    )
  ];
}

/**
 * The machine-readable result, for `npm run bench` (bench/run-all.ts): written to the file named by
 * BENCH_RESULT_FILE when it is set, beside the benchmark's own printout. Checked against the
 * contract here, so a malformed row fails the benchmark that made it.
 */
export function reportResult(rows: BenchRow[]): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (!file) return;
  writeFileSync(
    file,
    `${JSON.stringify(benchResultSchema.parse({ rows }), null, 2)}\n`,
  );
}

/** Thousands separated, no decimals ("145,018"). */
export const int = (n: number): string =>
  Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–";
