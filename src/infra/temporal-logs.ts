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
 * Routes the Temporal SDK's logs (the worker, the workflow bundler, and the Rust core's, which
 * otherwise print to the console in their own format) into the service's logger, so there is one
 * format and one place. Call once per process, before the first worker connection.
 */
export function routeTemporalLogs(logger: Logger, level: LogLevel): void {
  const forward = (at: TemporalLogLevel, message: string, meta?: LogMetadata) => logger[TO_OURS.get(at) ?? 'info'](message, { ...meta });
  const adapter: TemporalLogger = {
    log: forward,
    trace: (message, meta) => forward('TRACE', message, meta),
    debug: (message, meta) => forward('DEBUG', message, meta),
    info: (message, meta) => forward('INFO', message, meta),
    warn: (message, meta) => forward('WARN', message, meta),
    error: (message, meta) => forward('ERROR', message, meta),
  };
  const coreLevel: TemporalLogLevel = level === 'debug' ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: adapter,
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: coreLevel, other: 'ERROR' }) } },
  });
}
