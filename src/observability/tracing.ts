import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { RunMode, TracingConfig } from '../config';

/**
 * What the worker needs to export workflow spans (they are made inside the workflow sandbox and
 * leave it through a sink) and what shutdown flushes.
 */
export interface Tracing {
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

/** Tracing off: the interceptors stay installed (workflow code is the same either way) and export nothing. */
export const TRACING_OFF: Tracing = {
  spanProcessor: new NoopSpanProcessor(),
  resource: Resource.empty(),
  shutdown: async () => undefined,
};

/**
 * Starts OpenTelemetry for this process when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans are
 * batched and posted as OTLP/HTTP JSON to `<endpoint>/v1/traces`. Registers the tracer provider,
 * the AsyncLocalStorage context manager and the W3C propagator globally, which is what the
 * Koa span, the Temporal interceptors and the SQL spans use. Without the setting nothing is
 * registered: every span is the API's no-op, and the client injects no trace context, so
 * workflows make no spans either (workflows/tracing-interceptors.ts). Call before the Temporal
 * client or worker is created.
 */
export function startTracing(config: TracingConfig | undefined, role: RunMode): Tracing {
  if (!config) return TRACING_OFF;
  const resource = new Resource({ 'service.name': config.serviceName, 'dsync.role': role });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.endpoint}/v1/traces` }));
  const provider = new BasicTracerProvider({
    resource,
    // Decided once, at the API's server span; the workflow and activity spans follow their parent.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [spanProcessor],
  });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  return {
    spanProcessor,
    resource,
    shutdown: async () => {
      await provider.shutdown();
      // A later start in the same process (tests) registers afresh.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
