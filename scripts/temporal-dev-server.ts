/**
 * Starts the Temporal dev server on its own (`npm run temporal:dev`), exactly as the embedded
 * default does: SQLite file under DATA_DIR, Web UI on, the project's search attributes registered.
 * Useful to run `npm run start:api` and `npm run start:worker` as separate processes locally.
 */
import { startEmbeddedTemporal } from '../src/bootstrap/embedded-temporal';
import { loadConfig } from '../src/config';

async function main(): Promise<void> {
  const server = await startEmbeddedTemporal(loadConfig('embedded'));
  process.stdout.write(`Temporal dev server ready: ${server.address} (UI ${server.uiUrl})\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
