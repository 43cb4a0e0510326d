import { startApiServer } from './bootstrap/api-server';
import { openMigratedDatabase, poolOf } from './bootstrap/database';
import { onShutdown } from './bootstrap/shutdown';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './infra/logger';
import { startProcessMetrics } from './bootstrap/metrics';
import { startTracing } from './observability/tracing';

/** Production entry point: the API only (scale it out; run workers separately). */
async function main(): Promise<void> {
  const config = loadConfig('api');
  const logger = createLogger(config.logLevel);
  const tracing = startTracing(config.tracing, config.mode);
  const database = await openMigratedDatabase(config);
  const metrics = await startProcessMetrics({ config, database });
  const api = await startApiServer({
    config,
    db: poolOf(database, 'api'),
    temporalAddress: config.temporal.address!,
    adminToken: config.adminToken!,
    logger,
    metrics: metrics.api!,
    tracing: config.tracing !== undefined,
  });
  onShutdown(logger, [api.close, metrics.server.close, database.close, tracing.shutdown]);
  logger.info('api listening', { baseUrl: api.baseUrl, metrics: metrics.server.url, tracing: config.tracing ? 'on' : 'off' });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
