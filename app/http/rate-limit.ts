// A token bucket per key, in this process's memory: enough to stop one browser or script from
// flooding a public endpoint. Several web processes each allow the rate (a shared limit would
// cost a Redis round trip on every storefront event).
export interface RateLimiter {
  /** Whether a request under `key` may pass now; when not, how many seconds until it may. */
  take(
    key: string,
    now?: number,
  ): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createRateLimiter(options: {
  burst: number;
  perSecond: number;
  maxKeys?: number;
}): RateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now = Date.now()) {
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
      // A clock that steps back (another process's time, NTP) refills nothing rather than draining.
      bucket.tokens = Math.min(
        options.burst,
        bucket.tokens +
          (Math.max(0, now - bucket.at) / 1000) * options.perSecond,
      );
      bucket.at = Math.max(bucket.at, now);
      if (!buckets.has(key)) {
        // Keys of idle clients refill to full and carry no information: forget the oldest.
        if (buckets.size >= maxKeys)
          buckets.delete(buckets.keys().next().value!);
        buckets.set(key, bucket);
      }
      if (bucket.tokens < 1)
        return {
          ok: false,
          retryAfterSeconds: Math.ceil((1 - bucket.tokens) / options.perSecond),
        };
      bucket.tokens -= 1;
      return { ok: true };
    },
  };
}
