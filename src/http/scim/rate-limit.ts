import type { Middleware } from 'koa';
import { ScimError } from '../../scim/errors';
import type { ScimState } from '../context';
import { TokenBuckets } from '../token-buckets';

export interface RateLimitSettings {
  /** Requests per second per directory, sustained; 0 turns the limit off. */
  perSecond: number;
  /** Requests a directory may send at once. */
  burst: number;
  /** Milliseconds now; tests inject a clock. */
  now?: () => number;
}

/** Far more directories than one API process serves; only a safety belt on memory. */
const MAX_DIRECTORIES = 10_000;

/**
 * A token bucket per directory, keyed by the authenticated directory's id (never by request data),
 * so one tenant spending its budget leaves every other tenant's untouched (docs/product-rules.md, Hostile identity providers). The
 * answer is 429 with Retry-After, which Okta and Entra honour, and an RFC 7644 §3.12 body.
 * The buckets live in this process: with N API replicas a directory gets N times the rate.
 */
export function scimRateLimit(settings: RateLimitSettings): Middleware<ScimState> {
  if (settings.perSecond <= 0) return (_ctx, next) => next();
  const buckets = new TokenBuckets({
    ratePerSecond: settings.perSecond,
    burst: settings.burst,
    maxBuckets: MAX_DIRECTORIES,
    ...(settings.now ? { now: settings.now } : {}),
  });
  return async (ctx, next) => {
    const result = buckets.take(ctx.state.directory.id);
    if (!result.allowed) {
      ctx.set('Retry-After', String(result.retryAfterSeconds));
      throw new ScimError(
        429,
        `Too many requests for this directory: at most ${settings.perSecond} per second (bursts of ${settings.burst}); retry after ${result.retryAfterSeconds} s`,
      );
    }
    await next();
  };
}
