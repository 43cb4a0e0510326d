import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { migrateToLatest } from '../db/migrate';
import { createDatabase } from '../infra/database';
import { startPostgresServer, type PostgresServer } from '../infra/postgres-server';

export interface OpenDatabase {
  db: Knex;
  /** The embedded PostgreSQL server, when this process started one. */
  server?: PostgresServer;
  close(): Promise<void>;
}

/**
 * Opens the configured database and migrates it: `DATABASE_URL` when given, else the embedded
 * default's own PostgreSQL server (npm-distributed binaries, cluster in `DATA_DIR/postgres`,
 * kept across restarts, its password generated once into `DATA_DIR/postgres-password`).
 */
export async function openMigratedDatabase(config: Config): Promise<OpenDatabase> {
  const server = config.database.url
    ? undefined
    : await startPostgresServer({
        dataDir: path.join(config.dataDir, 'postgres'),
        logFile: path.join(config.dataDir, 'postgres.log'),
        mode: 'durable',
        password: loadOrCreatePassword(path.join(config.dataDir, 'postgres-password')),
      });
  const db = createDatabase({ url: config.database.url ?? server!.url, poolMax: config.database.poolMax });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await server?.stop();
    throw error;
  }
  return {
    db,
    ...(server ? { server } : {}),
    close: async () => {
      await db.destroy();
      await server?.stop();
    },
  };
}

function loadOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}
