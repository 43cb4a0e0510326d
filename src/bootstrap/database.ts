import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { migrateToLatest } from '../db/migrate';
import { createDatabase } from '../infra/database';

/** Opens the configured database (PGlite under the data folder when no URL) and migrates it. */
export async function openMigratedDatabase(config: Config): Promise<Knex> {
  const db = createDatabase({
    url: config.database.url,
    poolMax: config.database.poolMax,
    pgliteDir: path.join(config.dataDir, 'pglite'),
  });
  await migrateToLatest(db);
  return db;
}
