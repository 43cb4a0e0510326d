import knex, { type Knex } from 'knex';
import pg from 'pg';

// Return BIGINT (audit ids, counts) as numbers; they stay far below 2^53 here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * The handles the rest of the code passes around. Only src/db and src/stores use knex itself;
 * everything else sees these names, so the query builder stays behind the stores.
 */
export type Database = Knex;
export type Tx = Knex.Transaction;

export interface DatabaseOptions {
  url: string;
  poolMax: number;
}

/** A knex pool over PostgreSQL. */
export function createDatabase(options: DatabaseOptions): Database {
  return knex({
    client: 'pg',
    connection: options.url,
    pool: { min: 0, max: options.poolMax },
    acquireConnectionTimeout: 10_000,
  });
}
