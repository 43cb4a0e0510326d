/**
 * Starts the Temporal dev server on its own (`npm run temporal:dev`), exactly as the embedded
 * default does: SQLite file under DATA_DIR, Web UI on, the project's search attributes registered.
 * Useful to run `npm run start:api` and `npm run start:worker` as separate processes locally.
 */
import path from 'node:path';
import { loadConfig } from '../src/config';
import { ensureTemporalCli } from '../src/infra/temporal-cli';
import { startTemporalDevServer } from '../src/infra/temporal-dev-server';

async function main(): Promise<void> {
  const config = loadConfig('embedded');
  const server = await startTemporalDevServer({
    cliPath: await ensureTemporalCli(),
    port: config.temporal.devServerPort,
    uiPort: config.temporal.devServerUiPort,
    dbFile: path.join(config.dataDir, 'temporal.sqlite'),
    logFile: path.join(config.dataDir, 'temporal.log'),
    namespace: config.temporal.namespace,
  });
  process.stdout.write(`Temporal dev server ready: ${server.address} (UI ${server.uiUrl})\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
