// What the processes' health endpoints ask: does the database answer, does Redis (when the app
// uses it) answer, each within a moment. A probe that hangs is as bad as one that fails.
import Redis from "ioredis";
import type { Db } from "./db.server";

const PROBE_MS = 2_000;

function within<T>(promise: Promise<T>, ms = PROBE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`no answer within ${ms} ms`)),
        ms,
      )),
  );
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await within(db.shop.findFirst({ select: { id: true } }));
    return true;
  } catch {
    return false;
  }
}

export interface RedisProbe {
  answers(): Promise<boolean>;
  close(): void;
}

/** A client of its own that never queues commands while disconnected: a ping fails at once. */
export function redisProbe(url: string): RedisProbe {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  client.on("error", () => {}); // Said by the health answer, not once per reconnection.
  return {
    async answers() {
      try {
        return (await within(client.ping())) === "PONG";
      } catch {
        return false;
      }
    },
    close: () => client.disconnect(),
  };
}
