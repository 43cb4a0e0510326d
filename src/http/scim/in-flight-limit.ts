import type { Middleware } from 'koa';
import { ScimError } from '../../scim/errors';
import type { ScimState } from '../context';
import { ConcurrencyGates } from '../concurrency-gates';

export interface InFlightLimitSettings {
  /** SCIM requests of one directory this API process works on at once; 0 turns the limit off. */
  perDirectory: number;
  /** Requests of one directory that may wait for a turn; one more is answered 429 at once. */
  maxWaiting: number;
  /** How long a request waits for a turn before it is answered 429. */
  maxWaitMs: number;
}

/**
 * Fairness between tenants on shared capacity (README, Fairness between tenants): a directory
 * gets at most `perDirectory` requests worked on at once, the rest wait here, in arrival order,
 * before their body is read. The engine and the database serve every tenant from the same cores,
 * and a request's latency grows with the work ahead of it; bounding what one directory has in
 * progress bounds what another directory's request finds ahead of it, whatever the first one's
 * IdP concurrency. Throughput for the busy directory stays close, because a handful of requests
 * in flight already keeps the engine busy. Keyed by the authenticated directory's id.
 */
export function scimInFlightLimit(settings: InFlightLimitSettings): Middleware<ScimState> {
  if (settings.perDirectory <= 0) return (_ctx, next) => next();
  const gates = new ConcurrencyGates({ inFlight: settings.perDirectory, maxWaiting: settings.maxWaiting, maxWaitMs: settings.maxWaitMs });
  return async (ctx, next) => {
    const admission = await gates.acquire(ctx.state.directory.id);
    if (!admission.admitted) {
      ctx.set('Retry-After', '1');
      throw new ScimError(
        429,
        `Too many requests in progress for this directory (${settings.perDirectory} at once, ${admission.reason}); retry after 1 s`,
      );
    }
    try {
      await next();
    } finally {
      admission.release();
    }
  };
}
