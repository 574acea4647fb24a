/** Token-bucket settings: `capacity` requests at once, refilled at `refillPerSecond`. */
export interface RateLimitOptions {
  capacity: number;
  refillPerSecond: number;
}

/** Outcome of one take: allowed, or how many whole seconds until a token is back. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** An in-memory rate limiter: one token bucket per client key. */
export interface RateLimiter {
  take(key: string): RateDecision;
}

// Past this many tracked clients, full buckets are forgotten so memory stays bounded under a flood.
const MAX_TRACKED = 50_000;

/**
 * A per-client token-bucket limiter, kept in memory (each process limits on its own). Time comes from
 * the monotonic clock: a wall-clock step (NTP, a VM resumed) neither locks clients out nor refills them.
 */
export function createRateLimiter(options: RateLimitOptions, now: () => number = () => performance.now()): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (bucket: { tokens: number; at: number }, time: number) => {
    // Time never runs backwards here, even with an injected clock that does.
    const elapsed = Math.max(0, time - bucket.at);
    bucket.tokens = Math.min(options.capacity, bucket.tokens + (elapsed / 1000) * options.refillPerSecond);
    bucket.at = Math.max(bucket.at, time);
  };
  return {
    take(key) {
      const time = now();
      if (buckets.size >= MAX_TRACKED && !buckets.has(key)) {
        for (const [other, bucket] of buckets) {
          refill(bucket, time);
          if (bucket.tokens >= options.capacity) buckets.delete(other);
        }
        // Still full of busy clients: drop the oldest entries (Map keeps insertion order).
        for (const other of buckets.keys()) {
          if (buckets.size < MAX_TRACKED) break;
          buckets.delete(other);
        }
      }
      const bucket = buckets.get(key) ?? { tokens: options.capacity, at: time };
      refill(bucket, time);
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / options.refillPerSecond)) };
    },
  };
}
