import { openMigratedDatabase, poolOf } from './bootstrap/database';
import { onShutdown } from './bootstrap/shutdown';
import { runWorker } from './bootstrap/worker-runner';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './infra/logger';
import { freePort } from './infra/free-port';
import { installTemporalRuntime } from './infra/temporal-runtime';
import { startProcessMetrics } from './bootstrap/metrics';
import { startTracing } from './observability/tracing';

/** Production entry point: the Temporal worker only. */
async function main(): Promise<void> {
  const config = loadConfig('worker');
  const logger = createLogger(config.logLevel);
  const tracing = startTracing(config.tracing, config.mode);
  // The SDK's own metrics on an internal loopback port; this process's /metrics (METRICS_PORT) appends them.
  const sdkMetricsAddress = `127.0.0.1:${await freePort()}`;
  installTemporalRuntime({ logger, level: config.logLevel, sdkMetricsAddress });
  const database = await openMigratedDatabase(config);
  const metrics = await startProcessMetrics({ config, database, sdkMetricsAddress });
  const worker = await runWorker({
    config,
    db: poolOf(database, 'worker'),
    temporalAddress: config.temporal.address!,
    tracing,
    metrics: metrics.worker!,
  });
  onShutdown(logger, [worker.stop, metrics.server.close, database.close, tracing.shutdown]);
  logger.info('worker running', {
    taskQueue: config.temporal.taskQueue,
    metrics: metrics.server.url,
    tracing: config.tracing ? 'on' : 'off',
  });
  await worker.done;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
