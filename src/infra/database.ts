import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';

// Return BIGINT (audit ids, counts) as numbers; they stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseOptions {
  url?: string;
  poolMax: number;
  /** Used when no url is given: PGlite keeps its files here. */
  pgliteDir?: string;
}

/** PostgreSQL when a URL is given; otherwise an embedded PGlite database on disk. */
export function createDatabase(options: DatabaseOptions): Knex {
  if (options.url) {
    return knex({
      client: 'pg',
      connection: options.url,
      pool: { min: 0, max: options.poolMax },
      acquireConnectionTimeout: 10_000,
    });
  }
  if (!options.pgliteDir) throw new Error('Either a database URL or a PGlite directory is needed');
  fs.mkdirSync(path.dirname(options.pgliteDir), { recursive: true });
  return knex({
    client: ClientPgLite as unknown as typeof knex.Client,
    dialect: 'postgres',
    connection: { filename: options.pgliteDir },
  });
}
