import { openMigratedDatabase, poolOf } from './bootstrap/database';
import { onShutdown } from './bootstrap/shutdown';
import { runWorker } from './bootstrap/worker-runner';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './infra/logger';
import { routeTemporalLogs } from './infra/temporal-logs';

/** Production entry point: the Temporal worker only. */
async function main(): Promise<void> {
  const config = loadConfig('worker');
  const logger = createLogger(config.logLevel);
  routeTemporalLogs(logger, config.logLevel);
  const database = await openMigratedDatabase(config);
  const worker = await runWorker({ config, db: poolOf(database, 'worker'), temporalAddress: config.temporal.address! });
  onShutdown(logger, [worker.stop, database.close]);
  logger.info('worker running', { taskQueue: config.temporal.taskQueue });
  await worker.done;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
