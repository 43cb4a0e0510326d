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
 * IdP concurrency. The busy directory pays with some of its rate (measured: up to a fifth of a
 * single tenant's creates on 2 cores, README). Keyed by the authenticated directory's id. A request
 * whose IdP gives up while it waits leaves the queue and is never applied.
 */
export function scimInFlightLimit(settings: InFlightLimitSettings): Middleware<ScimState> {
  if (settings.perDirectory <= 0) return (_ctx, next) => next();
  const gates = new ConcurrencyGates({ inFlight: settings.perDirectory, maxWaiting: settings.maxWaiting, maxWaitMs: settings.maxWaitMs });
  return async (ctx, next) => {
    // The response closing before it was written means the IdP gave up (timeout, reset).
    const abandoned = new AbortController();
    const onClose = () => {
      if (!ctx.res.writableEnded) abandoned.abort();
    };
    ctx.res.once('close', onClose);
    const admission = await gates.acquire(ctx.state.directory.id, abandoned.signal).finally(() => ctx.res.off('close', onClose));
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
