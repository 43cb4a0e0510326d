import path from 'node:path';
import { loadOrCreateAdminToken } from './bootstrap/admin-token';
import { startApiServer } from './bootstrap/api-server';
import { openMigratedDatabase, poolOf } from './bootstrap/database';
import { startEmbeddedTemporal } from './bootstrap/embedded-temporal';
import { onShutdown } from './bootstrap/shutdown';
import { runWorker } from './bootstrap/worker-runner';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './infra/logger';
import { ensurePrivateDir } from './infra/private-dir';
import { freePort } from './infra/free-port';
import { installTemporalRuntime } from './infra/temporal-runtime';
import type { DevServer } from './infra/temporal-dev-server';
import { startProcessMetrics } from './bootstrap/metrics';
import { startTracing } from './observability/tracing';

/**
 * The embedded default (`npm start`): its own PostgreSQL server unless DATABASE_URL, a Temporal
 * dev server unless TEMPORAL_ADDRESS, and the API and the worker in this one process.
 */
async function main(): Promise<void> {
  const config = loadConfig('embedded');
  ensurePrivateDir(config.dataDir);
  // The terminal shows the banner; the engine's, the bundler's and the service's lines go to the
  // log file (and to stderr too with LOG_LEVEL=debug).
  const logFile = path.join(config.dataDir, 'dsync.log');
  const logger = createLogger(config.logLevel, { file: logFile, alsoStderr: config.logLevel === 'debug' });
  // Before any Temporal client or worker: the SDK's runtime and the tracer are installed once per process.
  const tracing = startTracing(config.tracing, config.mode);
  const sdkMetricsAddress = `127.0.0.1:${await freePort()}`;
  installTemporalRuntime({ logger, level: config.logLevel, sdkMetricsAddress });
  let ready = false;
  process.stdout.write(`Starting PostgreSQL and the Temporal dev server (logs: ${logFile}; the first start installs the Temporal CLI)…\n`);
  const adminToken = config.adminToken ?? loadOrCreateAdminToken(config.dataDir);

  // Two pools over one database: worker transactions never hold the connections a SCIM read waits for.
  const database = await openMigratedDatabase(config);
  let devServer: DevServer | undefined;
  // Started servers (PostgreSQL runs as its own daemon) are stopped if the rest fails to start.
  // Spans still buffered are sent last, once the API and the worker have stopped.
  const stopAll: Array<() => Promise<unknown>> = [async () => devServer?.stop(), database.close, tracing.shutdown];
  try {
    const metrics = await startProcessMetrics({ config, database, sdkMetricsAddress });
    stopAll.unshift(metrics.server.close);
    let temporalAddress = config.temporal.address;
    if (!temporalAddress) {
      logger.info('starting the Temporal dev server');
      devServer = await startEmbeddedTemporal(config);
      temporalAddress = devServer.address;
    }
    const worker = await runWorker({ config, db: poolOf(database, 'worker'), temporalAddress, tracing, metrics: metrics.worker! });
    stopAll.unshift(worker.stop);
    const uiUrl = config.temporal.uiUrl ?? devServer?.uiUrl;
    const api = await startApiServer({
      config,
      db: poolOf(database, 'api'),
      temporalAddress,
      adminToken,
      logger,
      isReady: () => ready,
      temporalUiUrl: uiUrl,
      metrics: metrics.api!,
      tracing: config.tracing !== undefined,
    });
    stopAll.unshift(api.close);
    onShutdown(logger, stopAll);
    ready = true;
    printBanner(config, api.baseUrl, uiUrl, logFile, metrics.server.url);
  } catch (error) {
    for (const stop of stopAll) await stop().catch(() => undefined);
    throw error;
  }
}

function printBanner(config: Config, baseUrl: string, uiUrl: string | undefined, logFile: string, metricsUrl: string): void {
  process.stdout.write(
    [
      '',
      'Directory sync is running.',
      `  SCIM base URL:  ${baseUrl}/scim/v2`,
      `  Admin API:      ${baseUrl}/admin  (Authorization: Bearer <admin token>)`,
      `  Console:        ${baseUrl}/console  (sign in with the admin token)`,
      // A token from the environment is the operator's secret: never echo it.
      `  Admin token:    ${config.adminToken ? 'the ADMIN_TOKEN environment variable' : `in ${path.join(config.dataDir, 'admin-token')}`}`,
      `  Temporal UI:    ${uiUrl ?? '(external Temporal: see your cluster UI)'}`,
      `  Database:       ${config.database.url ? 'PostgreSQL (DATABASE_URL)' : `PostgreSQL in ${path.join(config.dataDir, 'postgres')}`}`,
      `  Logs:           ${logFile}`,
      `  Metrics:        ${metricsUrl}  (Prometheus; API, worker and Temporal SDK)`,
      `  Tracing:        ${config.tracing ? `OTLP to ${config.tracing.endpoint}` : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT)'}`,
      '',
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
