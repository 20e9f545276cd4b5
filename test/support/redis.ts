// A Redis for a test suite: REDIS_URL when given (unless the suite asks for its own) (the suite's keys then live under their own
// prefix, deleted by stop()), else a redis-server of our own on a free port, keeping nothing on disk.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import Redis from "ioredis";
import { freePort } from "../../sandbox/app-server";

export interface TestRedis {
  url: string;
  /** Key prefix for this suite's queues, so suites sharing one Redis don't see each other. */
  prefix: string;
  stop(): Promise<void>;
}

export async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    for await (const keys of client.scanStream({
      match: `${prefix}:*`,
      count: 500,
    })) {
      if ((keys as string[]).length > 0)
        await client.del(...(keys as string[]));
    }
  } finally {
    client.disconnect();
  }
}

/** `own`: always a redis-server of the suite's own (a test that flushes it must not flush others'). */
export async function startRedis(
  options: { own?: boolean } = {},
): Promise<TestRedis> {
  const prefix = `test-${randomBytes(6).toString("hex")}`;
  const external = options.own ? undefined : process.env.REDIS_URL;
  if (external) {
    if (!(await answersPing(external)))
      throw new Error(`Redis does not answer at REDIS_URL (${external})`);
    return { url: external, prefix, stop: () => deleteKeys(external, prefix) };
  }

  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const child = spawn(
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
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const died = new Promise<never>((_, reject) => {
    child.once("error", (error) =>
      reject(
        new Error(
          `Cannot run redis-server (install it, e.g. apt-get install redis-server, or set REDIS_URL): ${error.message}`,
        ),
      ),
    );
    child.once("exit", (code) =>
      reject(
        new Error(
          `redis-server exited (code ${code}) before answering:\n${output}`,
        ),
      ),
    );
  });
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      if (await answersPing(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `redis-server did not answer on ${url} within 5 s:\n${output}`,
    );
  })();
  try {
    await Promise.race([ready, died]);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  died.catch(() => {}); // Its later exit is stop()'s doing.
  return {
    url,
    prefix,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
