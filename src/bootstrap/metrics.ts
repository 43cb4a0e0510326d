import type { Config } from '../config';
import { ApiMetrics } from '../observability/api-metrics';
import { registerDatabaseGauges, registerPoolMetrics } from '../observability/database-metrics';
import { registrySource, startMetricsServer, type MetricsServer } from '../observability/metrics-server';
import { createRegistry } from '../observability/registry';
import { sdkMetricsSource } from '../observability/sdk-metrics';
import { WorkerMetrics } from '../observability/worker-metrics';
import { poolOf, type OpenDatabase } from './database';
import { poolRoles } from './pool-sizes';

export interface ProcessMetrics {
  /** Present when this process hosts the API. */
  api?: ApiMetrics;
  /** Present when this process hosts the worker. */
  worker?: WorkerMetrics;
  server: MetricsServer;
}

/**
 * This process's metrics: one registry with the default process metrics, the pool gauges of every
 * pool it opened, the API's and the worker's instruments for the roles it hosts, and the listener
 * on METRICS_HOST:METRICS_PORT. A process with a worker passes the SDK's internal metrics address,
 * whose text the listener appends (the embedded default: one target for everything).
 */
export async function startProcessMetrics(options: {
  config: Config;
  database: OpenDatabase;
  sdkMetricsAddress?: string;
}): Promise<ProcessMetrics> {
  const { config, database } = options;
  const registry = createRegistry();
  const roles = poolRoles(config);
  registerPoolMetrics(
    registry,
    roles.map((role) => ({ role, db: poolOf(database, role) })),
  );
  let api: ApiMetrics | undefined;
  if (roles.includes('api')) {
    api = new ApiMetrics(registry);
    registerDatabaseGauges(registry, poolOf(database, 'api'));
  }
  const worker = roles.includes('worker') ? new WorkerMetrics(registry) : undefined;
  const server = await startMetricsServer({
    host: config.metrics.host,
    port: config.metrics.port,
    sources: [registrySource(registry), ...(options.sdkMetricsAddress ? [sdkMetricsSource(options.sdkMetricsAddress)] : [])],
  });
  return { ...(api ? { api } : {}), ...(worker ? { worker } : {}), server };
}
