import path from 'node:path';
import { loadOrCreateAdminToken } from './bootstrap/admin-token';
import { startApiServer } from './bootstrap/api-server';
import { openMigratedDatabase } from './bootstrap/database';
import { startEmbeddedTemporal } from './bootstrap/embedded-temporal';
import { onShutdown } from './bootstrap/shutdown';
import { runWorker } from './bootstrap/worker-runner';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './infra/logger';
import { ensurePrivateDir } from './infra/private-dir';
import type { DevServer } from './infra/temporal-dev-server';

/**
 * The embedded default (`npm start`): PGlite unless DATABASE_URL, a Temporal dev server unless
 * TEMPORAL_ADDRESS, and the API and the worker in this one process.
 */
async function main(): Promise<void> {
  const config = loadConfig('embedded');
  const logger = createLogger(config.logLevel);
  let ready = false;
  ensurePrivateDir(config.dataDir);
  const adminToken = config.adminToken ?? loadOrCreateAdminToken(config.dataDir);

  const db = await openMigratedDatabase(config);
  let devServer: DevServer | undefined;
  let temporalAddress = config.temporal.address;
  if (!temporalAddress) {
    logger.info('starting the Temporal dev server');
    devServer = await startEmbeddedTemporal(config);
    temporalAddress = devServer.address;
  }

  const worker = await runWorker({ config, db, temporalAddress });
  const uiUrl = config.temporal.uiUrl ?? devServer?.uiUrl;
  const api = await startApiServer({ config, db, temporalAddress, adminToken, logger, isReady: () => ready, temporalUiUrl: uiUrl });
  onShutdown(logger, [api.close, worker.stop, async () => devServer?.stop(), () => db.destroy()]);
  ready = true;

  process.stdout.write(
    [
      '',
      'Directory sync is running.',
      `  SCIM base URL:  ${api.baseUrl}/scim/v2`,
      `  Admin API:      ${api.baseUrl}/admin  (Authorization: Bearer <admin token>)`,
      // A token from the environment is the operator's secret: never echo it.
      `  Admin token:    ${config.adminToken ? 'the ADMIN_TOKEN environment variable' : `in ${path.join(config.dataDir, 'admin-token')}`}`,
      `  Temporal UI:    ${uiUrl ?? '(external Temporal: see your cluster UI)'}`,
      `  Database:       ${config.database.url ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${path.join(config.dataDir, 'pglite')}`}`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
