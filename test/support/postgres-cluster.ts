import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgresServer, type PostgresServer } from '../../src/infra/postgres-server';

export type PostgresCluster = Pick<PostgresServer, 'url' | 'stop' | 'pause' | 'resume'>;

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: the project's own npm-installed
 * binaries, a temp folder, a free loopback port, no fsync. Stopping it removes it.
 */
export async function startThrowawayPostgres(): Promise<PostgresCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-pg-'));
  const server = await startPostgresServer({
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'postgres.log'),
    mode: 'throwaway',
    // Every test file has its own database and pool, running two at a time.
    maxConnections: 300,
  });
  return {
    url: server.url,
    pause: server.pause,
    resume: server.resume,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
