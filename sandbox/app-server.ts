// Starts the built Remix app as its own process, on 127.0.0.1 only, with the same server
// production runs (`npm start`, app/http.server.ts): used by the sandbox and the HTTP tests.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface AppServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the process printed, for assertions and failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A free port below the kernel's ephemeral range (Linux: 32768 and up), chosen at random: a port
 * the system handed out for port 0 could be taken by an outbound connection before the app
 * listens on it (seen in CI: "port in use").
 */
export async function freePort(): Promise<number> {
  for (let tries = 0; ; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
    if (tries > 50)
      throw new Error("no free port found between 20000 and 32000");
  }
}

export interface AppServerOptions {
  env: Record<string, string>;
  port?: number;
  /** Receives what the app prints, line by line. */
  log?: (line: string) => void;
  /** Route the app's calls to Shopify to this double (see sandbox/preload.ts). */
  shopifyDouble?: { url: string; shops: string[] };
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(
        new Error(
          `Port ${port} on 127.0.0.1 is in use: stop what holds it or pick another`,
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

export async function startAppServer(
  options: AppServerOptions,
): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  // Else the readiness check below could be answered by whatever already listens there.
  await assertPortFree(port);
  let output = "";
  const preload = options.shopifyDouble
    ? ["--import", path.join(root, "sandbox/preload.ts")]
    : [];
  const doubleEnv: Record<string, string> = options.shopifyDouble
    ? {
        SHOPIFY_DOUBLE_URL: options.shopifyDouble.url,
        SHOPIFY_DOUBLE_SHOPS: options.shopifyDouble.shops.join(","),
        TRIGGER_MAP_SANDBOX: "1",
      }
    : {};
  const child = spawn(
    process.execPath,
    [
      ...(process.env.APP_CPU_PROF
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.APP_CPU_PROF}`]
        : []),
      "--import",
      "tsx/esm",
      ...preload,
      path.join(root, "app/http.server.ts"),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        ...options.env,
        ...doubleEnv,
        HOST: "127.0.0.1",
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const collect = (chunk: Buffer) => {
    output += chunk;
    for (const line of String(chunk).trimEnd().split("\n")) options.log?.(line);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(
        new Error(`app server exited (${code}) before it listened:\n${output}`),
      ),
    ),
  );
  const deadline = Date.now() + 30_000;
  const listening = (async () => {
    while (Date.now() < deadline) {
      try {
        await fetch(`${url}/healthz`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(
      `app server did not listen on ${url} within 30 s:\n${output}`,
    );
  })();
  await Promise.race([listening, exited]);
  exited.catch(() => {});
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
