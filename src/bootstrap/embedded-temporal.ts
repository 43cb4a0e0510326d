import path from 'node:path';
import type { Config } from '../config';
import { ensureTemporalCli } from '../infra/temporal-cli';
import { startTemporalDevServer, type DevServer } from '../infra/temporal-dev-server';

/** The embedded default's Temporal: a dev server with its UI, its SQLite file under DATA_DIR. */
export async function startEmbeddedTemporal(config: Config): Promise<DevServer> {
  return startTemporalDevServer({
    cliPath: await ensureTemporalCli(),
    port: config.temporal.devServerPort,
    uiPort: config.temporal.devServerUiPort,
    dbFile: path.join(config.dataDir, 'temporal.sqlite'),
    logFile: path.join(config.dataDir, 'temporal.log'),
    namespace: config.temporal.namespace,
    fairness: config.temporal.priorities,
  });
}
