export interface TokenBucketOptions {
  /** Tokens added per second; each request takes one. */
  ratePerSecond: number;
  /** The most a bucket holds: how many requests may arrive at once after a quiet spell. */
  burst: number;
  /** Buckets kept at most; beyond, the least recently used is dropped (it starts full again). */
  maxBuckets: number;
  /** Milliseconds now; injectable so tests need no sleeping. */
  now?: () => number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per key, in a Map ordered by last use, so memory stays bounded: a bucket idle
 * long enough to have refilled is indistinguishable from a new one and is dropped, and the count
 * is capped. Each `take` does O(1) amortised work.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  /** After this long unused, a bucket is full again. */
  private readonly refillMs: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1) || !(options.maxBuckets >= 1)) {
      throw new Error('A token bucket needs a positive rate, a burst of at least 1 and room for one bucket');
    }
    this.now = options.now ?? Date.now;
    this.refillMs = (options.burst / options.ratePerSecond) * 1000;
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, updatedAt: now };
    const elapsedMs = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (elapsedMs * this.options.ratePerSecond) / 1000);
    bucket.updatedAt = now;
    // Re-inserting moves the key to the end: the Map's first entries are the least recently used.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evict(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const secondsToOneToken = (1 - bucket.tokens) / this.options.ratePerSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(secondsToOneToken)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const full = now - bucket.updatedAt >= this.refillMs;
      if (!full && this.buckets.size <= this.options.maxBuckets) return;
      this.buckets.delete(key);
    }
  }
}
