// How fast one shop may send through its provider. Each worker alone keeps the rate in memory; with
// Redis (several workers), the workers share one count, so N workers do not send N times the rate.
import type Redis from "ioredis";
import { createRateLimiter, type RateLimiter } from "../http/rate-limit";

export type Turn = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface SendRate {
  /** One message of the shop now, at `perSecond` at most; when not, how long until its turn. */
  take(shopId: string, perSecond: number, now: Date): Promise<Turn>;
}

/** A token bucket per shop and rate, in this process's memory. */
export function memorySendRate(): SendRate {
  const limiters = new Map<number, RateLimiter>();
  return {
    async take(shopId, perSecond, now) {
      let limiter = limiters.get(perSecond);
      if (!limiter)
        limiters.set(
          perSecond,
          (limiter = createRateLimiter({ burst: perSecond, perSecond })),
        );
      return limiter.take(shopId, now.valueOf());
    },
  };
}

/** One count per shop and second in Redis, shared by every worker (a calendar second's budget). */
export function redisSendRate(
  redis: Redis,
  prefix = "trigger-map:send-rate",
): SendRate {
  return {
    async take(shopId, perSecond, now) {
      const second = Math.floor(now.valueOf() / 1000);
      const key = `${prefix}:${shopId}:${second}`;
      const [[, count]] = (await redis
        .multi()
        .incr(key)
        .expire(key, 5)
        .exec()) as [[Error | null, number], unknown];
      return count <= perSecond
        ? { ok: true }
        : { ok: false, retryAfterSeconds: 1 };
    },
  };
}
