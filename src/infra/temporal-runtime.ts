import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Logger, LogLevel } from './logger';

const TO_OURS: ReadonlyMap<TemporalLogLevel, LogLevel> = new Map<TemporalLogLevel, LogLevel>([
  ['TRACE', 'debug'],
  ['DEBUG', 'debug'],
  ['INFO', 'info'],
  ['WARN', 'warn'],
  ['ERROR', 'error'],
]);

/**
 * Installs the Temporal SDK's runtime for this process, once, before the first worker connection:
 * - its logs (the worker's, the workflow bundler's, the workflows' and activities' own, and the
 *   Rust core's, which otherwise print to the console in their own format) go into the service's
 *   logger, so there is one format and one place; the workflow and activity lines arrive with
 *   their workflowId, runId (and, from src/temporal/change-observer.ts, changeId) as fields;
 * - with `sdkMetricsAddress`, the core serves its worker metrics (slots, pollers, schedule-to-start
 *   latency, cache) in Prometheus format there, durations in seconds; the process's /metrics
 *   appends them (src/observability/sdk-metrics.ts), so the address stays on loopback.
 */
export function installTemporalRuntime(options: { logger: Logger; level: LogLevel; sdkMetricsAddress?: string }): void {
  const { level } = options;
  const coreLevel: TemporalLogLevel = level === 'debug' ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: temporalLogger(options.logger),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: coreLevel, other: 'ERROR' }) },
      ...(options.sdkMetricsAddress
        ? { metrics: { prometheus: { bindAddress: options.sdkMetricsAddress, useSecondsForDurations: true } } }
        : {}),
    },
  });
}

/** The SDK's logger interface over the service's logger: SDK lines become service lines, metadata as fields. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const forward = (at: TemporalLogLevel, message: string, meta?: LogMetadata) => logger[TO_OURS.get(at) ?? 'info'](message, { ...meta });
  return {
    log: forward,
    trace: (message, meta) => forward('TRACE', message, meta),
    debug: (message, meta) => forward('DEBUG', message, meta),
    info: (message, meta) => forward('INFO', message, meta),
    warn: (message, meta) => forward('WARN', message, meta),
    error: (message, meta) => forward('ERROR', message, meta),
  };
}
