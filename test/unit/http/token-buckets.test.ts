import { TokenBuckets } from '../../../src/http/token-buckets';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBuckets', () => {
  it('allows a burst, then refuses until a token has refilled', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3, maxBuckets: 10, now: time.now });
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(499);
    expect(buckets.take('a').allowed).toBe(false);
    time.advance(1);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('refills at the rate and never beyond the burst', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 10, burst: 5, maxBuckets: 10, now: time.now });
    for (let i = 0; i < 5; i += 1) buckets.take('a');
    time.advance(60_000);
    const allowed = Array.from({ length: 7 }, () => buckets.take('a').allowed);
    expect(allowed).toEqual([true, true, true, true, true, false, false]);
  });

  it('answers Retry-After as whole seconds, at least 1, long enough for one token', () => {
    const time = clock();
    const slow = new TokenBuckets({ ratePerSecond: 0.1, burst: 1, maxBuckets: 10, now: time.now });
    expect(slow.take('a').allowed).toBe(true);
    expect(slow.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    time.advance(2500);
    expect(slow.take('a')).toEqual({ allowed: false, retryAfterSeconds: 8 });
    const fast = new TokenBuckets({ ratePerSecond: 1000, burst: 1, maxBuckets: 10, now: time.now });
    fast.take('a');
    expect(fast.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keeps each key to its own bucket', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 2, maxBuckets: 10, now: time.now });
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
    expect(buckets.take('__proto__').allowed).toBe(true);
    expect(buckets.take('constructor').allowed).toBe(true);
  });

  it('drops buckets idle long enough to be full again, and caps how many it keeps', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 2, maxBuckets: 3, now: time.now });
    buckets.take('a');
    buckets.take('b');
    time.advance(2000);
    buckets.take('c');
    // a and b have refilled: dropping them changes nothing a client can see.
    expect(buckets.size).toBe(1);

    for (const key of ['d', 'e', 'f', 'g']) buckets.take(key);
    expect(buckets.size).toBe(3);
    // c was the least recently used: evicted first, it starts full again.
    buckets.take('e');
    buckets.take('e');
    expect(buckets.take('e').allowed).toBe(false);
  });

  it('stays bounded under many keys', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1, maxBuckets: 100, now: time.now });
    for (let i = 0; i < 100_000; i += 1) buckets.take(`k${i}`);
    expect(buckets.size).toBe(100);
  });

  it('refuses settings that would never admit a request', () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 1, maxBuckets: 1 })).toThrow();
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0, maxBuckets: 1 })).toThrow();
  });
});
