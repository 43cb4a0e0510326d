/**
 * The workflow interceptors every worker installs (src/temporal/worker.ts, the test bundle and the
 * replay test): OpenTelemetry's, gated so that tracing never changes what a workflow does.
 *
 * Why gated: inside the sandbox, making a span draws span ids from the workflow's seeded
 * Math.random, the same sequence `uuid4()` draws the change ids of role re-resolutions and
 * mapping saves from. If spans were made or not depending on the worker's configuration, turning
 * tracing on or off (or replaying a run recorded before this module existed) would shift those
 * ids between the first execution and a replay. So spans are made only when the history itself
 * says so: a run, update or signal whose Temporal header carries a sampled W3C trace context
 * (the API's client puts one there only when tracing is on). A history replays the same way on
 * every worker, with tracing on or off. Update validators and queries are never traced: they do
 * not run on replay, so their spans would draw ids only the first time.
 *
 * A change is applied by the workflow's main loop, not by the update handler that queued it; the
 * activity is scheduled in the update's trace context (kept per change id), so the IdP's request,
 * the update and the activity that wrote the change are one trace. Continue-as-new carries no
 * trace context: an entity workflow lives for years, and its next run must not join the trace of
 * the request that created it.
 */
import { context, trace, TraceFlags, type Context } from '@opentelemetry/api';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { defaultPayloadConverter, type Payload, type WorkflowInterceptors } from '@temporalio/workflow';

/** The header @temporalio/interceptors-opentelemetry carries the context in. */
const TRACE_HEADER = '_tracer-data';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Whether a Temporal header carries a valid, sampled trace context. */
export function carriesSampledTrace(headers: Record<string, Payload>): boolean {
  const payload = headers[TRACE_HEADER];
  if (!payload) return false;
  let carrier: unknown;
  try {
    carrier = defaultPayloadConverter.fromPayload(payload);
  } catch {
    return false;
  }
  const traceparent = typeof carrier === 'object' && carrier !== null ? (carrier as { traceparent?: unknown }).traceparent : undefined;
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return false;
  return (parseInt(match[3]!, 16) & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

function activeSpanSampled(): boolean {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext !== undefined && (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

/** The change id of an update's or an activity's argument (`{changeId}` or `{change: {changeId}}`). */
function changeIdOf(args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const own = (first as { changeId?: unknown }).changeId;
  if (typeof own === 'string') return own;
  const change = (first as { change?: { changeId?: unknown } }).change;
  return typeof change?.changeId === 'string' ? change.changeId : undefined;
}

export const interceptors = (): WorkflowInterceptors => {
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  // The trace context of the update that queued each change still in flight.
  const changeContexts = new Map<string, Context>();
  /** Runs an outbound call traced: in its change's update context, else in the active span's, else untraced. */
  const traced = <I extends { args: unknown[] }, O>(
    input: I,
    next: (input: I) => O,
    withSpan: (input: I, next: (input: I) => O) => O,
  ): O => {
    const changeId = changeIdOf(input.args);
    const updateContext = changeId === undefined ? undefined : changeContexts.get(changeId);
    if (updateContext) return context.with(updateContext, () => withSpan(input, next));
    return activeSpanSampled() ? withSpan(input, next) : next(input);
  };

  return {
    inbound: [
      {
        execute: (input, next) => (carriesSampledTrace(input.headers) ? inbound.execute(input, next) : next(input)),
        handleSignal: (input, next) => (carriesSampledTrace(input.headers) ? inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => {
          if (!carriesSampledTrace(input.headers)) return next(input);
          return inbound.handleUpdate(input, async (inner) => {
            const changeId = changeIdOf(inner.args);
            if (changeId !== undefined) changeContexts.set(changeId, context.active());
            try {
              return await next(inner);
            } finally {
              if (changeId !== undefined) changeContexts.delete(changeId);
            }
          });
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => traced(input, next, (i, n) => outbound.scheduleActivity(i, n)),
        scheduleLocalActivity: (input, next) => traced(input, next, (i, n) => outbound.scheduleLocalActivity(i, n)),
        signalWorkflow: (input, next) => (activeSpanSampled() ? outbound.signalWorkflow(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) =>
          activeSpanSampled() ? outbound.startChildWorkflowExecution(input, next) : next(input),
        getLogAttributes: (input, next) => outbound.getLogAttributes(input, next),
      },
    ],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
