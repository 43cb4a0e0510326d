import { startApiServer } from './bootstrap/api-server';
import { openMigratedDatabase, poolOf } from './bootstrap/database';
import { onShutdown } from './bootstrap/shutdown';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './infra/logger';

/** Production entry point: the API only (scale it out; run workers separately). */
async function main(): Promise<void> {
  const config = loadConfig('api');
  const logger = createLogger(config.logLevel);
  const database = await openMigratedDatabase(config);
  const api = await startApiServer({
    config,
    db: poolOf(database, 'api'),
    temporalAddress: config.temporal.address!,
    adminToken: config.adminToken!,
    logger,
  });
  onShutdown(logger, [api.close, database.close]);
  logger.info('api listening', { baseUrl: api.baseUrl });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
