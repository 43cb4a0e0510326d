import type { Registry } from 'prom-client';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { ApiMetrics } from '../observability/api-metrics';
import { registerDatabaseGauges, registerPoolMetrics } from '../observability/database-metrics';
import { registrySource, startMetricsServer, type MetricsServer } from '../observability/metrics-server';
import { createRegistry } from '../observability/registry';
import { sdkMetricsSource } from '../observability/sdk-metrics';
import { WorkerMetrics } from '../observability/worker-metrics';
import type { OpenDatabase } from './database';
import type { PoolRole } from './pool-sizes';

export interface ProcessMetrics {
  registry: Registry;
  /** Present when this process hosts the API. */
  api?: ApiMetrics;
  /** Present when this process hosts the worker. */
  worker?: WorkerMetrics;
}

/**
 * This process's registry: the default process metrics, the gauges of every pool it opened, and
 * the API's and the worker's instruments for the roles it hosts (a role is hosted when its pool
 * is open). The database gauges (outbox, directories) are read through the API's pool.
 */
export function createProcessMetrics(pools: Partial<Record<PoolRole, Database>>): ProcessMetrics {
  const registry = createRegistry();
  const opened = (Object.keys(pools) as PoolRole[]).map((role) => ({ role, db: pools[role]! }));
  registerPoolMetrics(registry, opened);
  let api: ApiMetrics | undefined;
  if (pools.api) {
    api = new ApiMetrics(registry);
    registerDatabaseGauges(registry, pools.api);
  }
  const worker = pools.worker ? new WorkerMetrics(registry) : undefined;
  return { registry, ...(api ? { api } : {}), ...(worker ? { worker } : {}) };
}

/**
 * The process's metrics and their listener on METRICS_HOST:METRICS_PORT. A process with a worker
 * passes the SDK's internal metrics address, whose text the listener appends (the embedded
 * default: one target for everything).
 */
export async function startProcessMetrics(options: {
  config: Config;
  database: OpenDatabase;
  sdkMetricsAddress?: string;
}): Promise<ProcessMetrics & { server: MetricsServer }> {
  const metrics = createProcessMetrics(options.database.pools);
  const server = await startMetricsServer({
    host: options.config.metrics.host,
    port: options.config.metrics.port,
    sources: [registrySource(metrics.registry), ...(options.sdkMetricsAddress ? [sdkMetricsSource(options.sdkMetricsAddress)] : [])],
  });
  return { ...metrics, server };
}
