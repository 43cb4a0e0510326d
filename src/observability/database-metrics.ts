import { Gauge, type Registry } from 'prom-client';
import { poolStats, type Database } from '../db/database';
import type { DirectoryStatus } from '../domain/directory-lifecycle';
import { countDirectoriesByStatus } from '../stores/directories';
import { countPending } from '../stores/role-resolution-outbox';

/**
 * Connection-pool gauges, read at scrape time from each pool this process opened (`pool` is the
 * role: api or worker; the embedded default has both). `waiting` above zero means requests or
 * activities queue for a connection.
 */
export function registerPoolMetrics(registry: Registry, pools: ReadonlyArray<{ role: string; db: Database }>): void {
  const gauge = (name: string, help: string, read: (stats: ReturnType<typeof poolStats>) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'],
      registers: [registry],
      collect() {
        for (const { role, db } of pools) this.set({ pool: role }, read(poolStats(db)));
      },
    });
  gauge('dsync_db_pool_connections_in_use', 'Connections of the pool held by a query or transaction', (s) => s.inUse);
  gauge('dsync_db_pool_connections_idle', 'Open connections of the pool not in use', (s) => s.idle);
  gauge('dsync_db_pool_waiting', 'Callers waiting for a connection of the pool (exhausted while above 0)', (s) => s.waiting);
  gauge('dsync_db_pool_connections_max', 'The size of the pool', (s) => s.max);
}

const STATUSES: readonly DirectoryStatus[] = ['pending', 'connected', 'disconnected'];

/**
 * Gauges read from the database at scrape time: the role-resolution outbox's depth and the
 * directories per status. Registered by the API, whose pool is read-only with a statement timeout
 * (a slow count cannot hold a scrape longer than SCIM_READ_TIMEOUT_MS). Every API process reports
 * the same numbers: aggregate with max(), not sum(). When the database cannot be read the series
 * are dropped for that scrape rather than repeating a stale value.
 */
export function registerDatabaseGauges(registry: Registry, db: Database): void {
  new Gauge({
    name: 'dsync_role_resolutions_pending',
    help: 'Users queued for role re-resolution (pending_role_resolutions): the outbox role propagation drains',
    registers: [registry],
    async collect() {
      try {
        this.set(await countPending(db));
      } catch {
        this.reset();
      }
    },
  });
  new Gauge({
    name: 'dsync_directories',
    help: 'Directories by status (pending: connected but the IdP has not called yet; disconnected: frozen)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const counts = await countDirectoriesByStatus(db);
        for (const status of STATUSES) this.set({ status }, counts.get(status) ?? 0);
      } catch {
        this.reset();
      }
    },
  });
}
