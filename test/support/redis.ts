// A Redis for a test run: REDIS_URL when given, else a redis-server of our own on a free port,
// keeping nothing on disk.
import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { freePort } from "../../sandbox/app-server";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

function ping(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host }, () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startRedis(): Promise<TestRedis> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const failed = new Promise<never>((_, reject) =>
    child.once("error", (error) =>
      reject(new Error(`Cannot start redis-server (apt-get install redis-server, or set REDIS_URL): ${error.message}`)),
    ),
  );
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      if (await ping(port, "127.0.0.1")) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
  })();
  await Promise.race([ready, failed]);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
