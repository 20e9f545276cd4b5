import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../../test/support/redis";
import { memorySendRate, redisSendRate } from "./send-rate.server";

let redis: TestRedis;
const clients: Redis[] = [];
beforeAll(async () => void (redis = await startRedis()));
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await redis?.stop();
});
const worker = () => {
  const client = new Redis(redis.url);
  clients.push(client);
  return redisSendRate(client, `${redis.prefix}:send-rate`);
};

describe("a shop's sending rate", () => {
  it("is shared by the workers on one Redis: two of them send the rate, not twice it", async () => {
    const [a, b] = [worker(), worker()];
    const now = new Date("2026-12-02T10:00:00.250Z");
    const turns = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).take("shop-1", 10, now),
      ),
    );
    expect(turns.filter((t) => t.ok)).toHaveLength(10);
    expect(turns.find((t) => !t.ok)).toEqual({
      ok: false,
      retryAfterSeconds: 1,
    });
    // Another shop, and the next second, have their own budget.
    expect(await a.take("shop-2", 10, now)).toEqual({ ok: true });
    expect(await b.take("shop-1", 10, new Date(now.valueOf() + 1000))).toEqual({
      ok: true,
    });
  });

  it("is kept per worker in memory without Redis", async () => {
    const rate = memorySendRate();
    const now = new Date("2026-12-02T10:00:00Z");
    const turns = await Promise.all(
      Array.from({ length: 12 }, () => rate.take("shop-1", 10, now)),
    );
    expect(turns.filter((t) => t.ok)).toHaveLength(10);
  });
});
