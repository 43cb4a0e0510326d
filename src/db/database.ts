import knex, { type Knex } from 'knex';
import pg from 'pg';
import { traceQueries } from './query-spans';

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
  /**
   * Session defaults every connection of the pool starts with, sent in the startup packet (no
   * round trip per query): the API's pool cancels any statement after `statementTimeoutMs` and
   * runs read-only unless a transaction asks for read-write.
   */
  session?: { statementTimeoutMs?: number; readOnly?: boolean };
  /** A span per statement (tracing on); nothing is attached otherwise. */
  traceQueries?: boolean;
}

/** A knex pool over PostgreSQL. */
export function createDatabase(options: DatabaseOptions): Database {
  const db = knex({
    client: 'pg',
    connection: { connectionString: options.url, ...sessionOptions(options.session) },
    pool: { min: 0, max: options.poolMax },
    acquireConnectionTimeout: 10_000,
  });
  if (options.traceQueries) traceQueries(db);
  return db;
}

function sessionOptions(session: DatabaseOptions['session']): { options?: string } {
  const settings: string[] = [];
  if (session?.statementTimeoutMs !== undefined) settings.push(`-c statement_timeout=${Math.trunc(session.statementTimeoutMs)}`);
  if (session?.readOnly) settings.push('-c default_transaction_read_only=on');
  return settings.length > 0 ? { options: settings.join(' ') } : {};
}

/** A pool's connections at this instant (the metrics' gauges). */
export interface PoolStats {
  inUse: number;
  idle: number;
  /** Callers waiting for a connection: the pool is exhausted while this is above zero. */
  waiting: number;
  max: number;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

export function poolStats(db: Database): PoolStats {
  // knex keeps its tarn pool on the client; undefined after destroy().
  const pool = (db.client as { pool?: TarnPool }).pool;
  if (!pool) return { inUse: 0, idle: 0, waiting: 0, max: 0 };
  return { inUse: pool.numUsed(), idle: pool.numFree(), waiting: pool.numPendingAcquires(), max: pool.max };
}
