import type { Middleware } from 'koa';
import { methodLabel, routeLabel } from './route-label';

/** Where a finished request is counted (src/observability/api-metrics.ts). */
export interface RequestMetrics {
  requestFinished(labels: { method: string; route: string; status: number }, seconds: number): void;
}

/**
 * Counts every request with the status it was answered with. Placed outside the error handler, so
 * a rendered error (401, 429, 503, 500) is counted with its real status.
 */
export function requestMetrics(metrics: RequestMetrics): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } finally {
      metrics.requestFinished(
        { method: methodLabel(ctx.method), route: routeLabel(ctx.path), status },
        (performance.now() - started) / 1000,
      );
    }
  };
}
