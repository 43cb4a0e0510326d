import path from 'node:path';
import type { Config } from '../config';
import { migrateToLatest } from '../db/migrate';
import { createDatabase, type Database, type DatabaseOptions } from '../db/database';
import { startPostgresServer, type PostgresServer } from '../infra/postgres-server';
import { loadOrCreateSecret } from '../infra/secret-file';
import { connectionsNeeded, poolRoles, poolSize, type PoolRole } from './pool-sizes';

export interface OpenDatabase {
  /** One pool per role this process hosts (see `poolRoles`), over the same database. */
  pools: Partial<Record<PoolRole, Database>>;
  /** The embedded PostgreSQL server, when this process started one. */
  server?: PostgresServer;
  close(): Promise<void>;
}

/**
 * Opens the configured database and migrates it: `DATABASE_URL` when given, else the embedded
 * default's own PostgreSQL server (npm-distributed binaries, cluster in `DATA_DIR/postgres`,
 * kept across restarts, its password generated once into `DATA_DIR/postgres-password`, and
 * max_connections covering every pool this process opens).
 */
export async function openMigratedDatabase(config: Config): Promise<OpenDatabase> {
  const server = config.database.url
    ? undefined
    : await startPostgresServer({
        dataDir: path.join(config.dataDir, 'postgres'),
        logFile: path.join(config.dataDir, 'postgres.log'),
        mode: 'durable',
        password: loadOrCreateSecret(path.join(config.dataDir, 'postgres-password')),
        maxConnections: connectionsNeeded(config),
      });
  const url = config.database.url ?? server!.url;
  const pools: Partial<Record<PoolRole, Database>> = {};
  for (const role of poolRoles(config))
    pools[role] = createDatabase({
      url,
      poolMax: poolSize(config, role),
      ...poolSession(config, role),
      traceQueries: config.tracing !== undefined,
    });
  const close = async () => {
    for (const pool of Object.values(pools)) await pool.destroy();
    await server?.stop();
  };
  try {
    // On a connection of its own: the API's pool is read-only.
    const migrator = createDatabase({ url, poolMax: 1 });
    try {
      await migrateToLatest(migrator);
    } finally {
      await migrator.destroy();
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { pools, ...(server ? { server } : {}), close };
}

/**
 * The API's pool reads (its one write, creating an account, opens a read-write transaction) and
 * PostgreSQL cancels its statements after SCIM_READ_TIMEOUT_MS: a client's filter, sort or page
 * cannot hold a connection longer, and the setting costs no round trip per request.
 */
export function poolSession(config: Config, role: PoolRole): Pick<DatabaseOptions, 'session'> {
  return role === 'api' ? { session: { statementTimeoutMs: config.scimLimits.readTimeoutMs, readOnly: true } } : {};
}

/** The pool of a role the process was opened for (a programming error otherwise). */
export function poolOf(database: OpenDatabase, role: PoolRole): Database {
  const pool = database.pools[role];
  if (!pool) throw new Error(`No ${role} pool in this process`);
  return pool;
}
