// The token bucket: a burst passes, then the steady rate, per key.
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("rate limiter", () => {
  it("lets a burst through, then one request per refill, and says when to retry", () => {
    const limiter = createRateLimiter({ burst: 3, perSecond: 2 });
    const at = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("a", at).ok)).toEqual([
      true,
      true,
      true,
    ]);
    expect(limiter.take("a", at)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take("b", at).ok).toBe(true);
    expect(limiter.take("a", at + 500).ok).toBe(true);
    expect(limiter.take("a", at + 500).ok).toBe(false);
  });

  it("forgets the oldest keys beyond its capacity", () => {
    const limiter = createRateLimiter({ burst: 1, perSecond: 1, maxKeys: 2 });
    limiter.take("a", 0);
    limiter.take("b", 0);
    limiter.take("c", 0);
    expect(limiter.take("a", 0).ok).toBe(true);
  });
});
