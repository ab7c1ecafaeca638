export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Requests added back per minute, up to `capacity`. */
  refillPerMinute: number;
  now: () => Date;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/**
 * Token buckets per key, kept in this process's memory: each bot process counts on its own, so
 * N processes behind a load balancer allow N times the rate, and a restart refills every bucket.
 * Callers use authenticated ids as keys, which bounds the map by the number of voice tokens.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one request from `key`'s bucket, or returns how long until one is available. */
  take(key: string): RateLimitDecision {
    const nowMs = this.options.now().getTime();
    const bucket = this.refilled(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const msPerToken = 60_000 / this.options.refillPerMinute;
    const retryAfterSeconds = Math.max(1, Math.ceil(((1 - bucket.tokens) * msPerToken) / 1000));
    return { allowed: false, retryAfterSeconds };
  }

  private refilled(key: string, nowMs: number): Bucket {
    const { capacity, refillPerMinute } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAtMs: nowMs };
    // A clock that steps back adds nothing rather than removing tokens.
    const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsedMs * refillPerMinute) / 60_000);
    bucket.updatedAtMs = nowMs;
    this.buckets.set(key, bucket);
    return bucket;
  }
}
