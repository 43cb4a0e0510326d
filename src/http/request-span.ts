import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Middleware } from 'koa';
import { addLogContext } from '../infra/log-context';
import { methodLabel, routeLabel } from './route-label';

// A proxy until tracing is started (src/observability/tracing.ts); a no-op when it never is.
const tracer = trace.getTracer('directory-sync-http');

/**
 * The request's server span, the root of its trace: the Temporal client's span (update-with-start)
 * and, through the workflow's headers, the workflow's and the activity's spans descend from it.
 * Named by the route pattern, like the metrics. A caller's `traceparent` is not continued: the
 * API faces the internet, and a caller-chosen trace id or sampling flag would let an IdP (or
 * anyone) force sampling or write into other traces. The trace id joins the request's log lines.
 */
export function requestSpan(): Middleware {
  return (ctx, next) => {
    const method = methodLabel(ctx.method);
    const route = routeLabel(ctx.path);
    return tracer.startActiveSpan(
      `${method} ${route}`,
      { kind: SpanKind.SERVER, root: true, attributes: { 'http.request.method': method, 'http.route': route } },
      async (span) => {
        if (span.isRecording()) addLogContext({ traceId: span.spanContext().traceId });
        try {
          await next();
          span.setAttribute('http.response.status_code', ctx.status);
          if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}
