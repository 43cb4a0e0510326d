import type { Middleware } from 'koa';
import { withLogContext } from '../infra/log-context';
import type { Logger } from '../infra/logger';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { methodLabel, routeLabel } from './route-label';

/**
 * First in the chain: gives the request its id (the caller's X-Request-Id when it is acceptable,
 * else a new one), answers it in X-Request-Id, and runs the rest of the chain in a log context
 * holding it, so every line logged for the request carries `requestId` (and, once the gateway
 * sends a write, `workflowId` and `updateId`). Ends with one access line per request, which names
 * the route pattern, never the path (it can hold an email).
 */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const requestId = requestIdFor(ctx.get(REQUEST_ID_HEADER) || undefined);
    ctx.set(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    await withLogContext({ requestId }, async () => {
      try {
        await next();
      } finally {
        logger.info('request', {
          method: methodLabel(ctx.method),
          route: routeLabel(ctx.path),
          status: ctx.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        });
      }
    });
  };
}
