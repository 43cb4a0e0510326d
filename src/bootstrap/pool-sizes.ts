import type { Config } from '../config';

/** Who holds a pool: the API's requests and the worker's activities never wait for each other's connections. */
export type PoolRole = 'api' | 'worker';

/** The roles a run mode hosts: the embedded default runs both in one process, each with its own pool. */
export function poolRoles(config: Config): PoolRole[] {
  if (config.mode === 'embedded') return ['api', 'worker'];
  return [config.mode];
}

/**
 * Connections a role's pool may open. The worker's is one per activity and local-activity slot:
 * each holds one connection for its transaction, so a full worker never queues on its own pool
 * (and cannot take the API's). The API's is DATABASE_POOL_MAX: one per concurrent SCIM request.
 */
export function poolSize(config: Config, role: PoolRole): number {
  return role === 'api' ? config.database.apiPoolMax : config.worker.activitySlots + config.worker.localActivitySlots;
}

/** Connections left for everything outside the pools: migrations, an operator's psql, backups. */
const HEADROOM = 10;

/** max_connections for a PostgreSQL server this process starts: every pool it opens, plus headroom. */
export function connectionsNeeded(config: Config): number {
  return poolRoles(config).reduce((total, role) => total + poolSize(config, role), HEADROOM);
}
