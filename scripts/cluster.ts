/**
 * `npm run cluster [-- --data-dir DIR --api-ports 3001,3002 --temporal-port 7233 --ui-port 8080 --no-ui]`:
 * the production layout on this machine, every part real: PostgreSQL (npm binaries, durable, data
 * in .tools/cluster-data/ by default and kept between runs), the Temporal server on it
 * (persistence and visibility; schema by temporal-sql-tool; deploy/temporal/ configuration), the
 * namespace and search attributes registered by the project, two API processes and two workers,
 * and the Temporal UI. Prints the endpoints; Ctrl-C (SIGINT) or SIGTERM stops everything in order.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './bench/service-processes';
import { startCluster } from './cluster/layout';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: path.join(PROJECT_ROOT, '.tools/cluster-data') },
    'api-ports': { type: 'string', default: '3001,3002' },
    workers: { type: 'string', default: '2' },
    'temporal-port': { type: 'string', default: '7233' },
    'ui-port': { type: 'string', default: '8080' },
    'no-ui': { type: 'boolean', default: false },
    namespace: { type: 'string', default: process.env.TEMPORAL_NAMESPACE ?? 'default' },
    'retention-days': { type: 'string', default: process.env.TEMPORAL_NAMESPACE_RETENTION_DAYS ?? '7' },
  },
});
const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);

/** What runs so far, last started last: a Ctrl-C during the start stops it too (the children have their own process groups). */
const stops: Array<() => Promise<unknown>> = [];
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping the APIs, the workers, the UI, Temporal and PostgreSQL`);
  for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  log('stopped');
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

async function main(): Promise<void> {
  const apiPorts = values['api-ports'].split(',').map(Number);
  const cluster = await startCluster({
    stops,
    dataDir: values['data-dir'],
    mode: 'durable',
    apis: apiPorts.length,
    workers: Number(values.workers),
    apiPorts,
    temporalPort: Number(values['temporal-port']),
    uiPort: Number(values['ui-port']),
    ui: !values['no-ui'],
    namespace: values.namespace,
    retentionDays: Number(values['retention-days']),
    env: {
      // A person's cluster keeps the production defaults (the bench turns the rate limit off).
      SCIM_RATE_LIMIT_PER_SECOND: process.env.SCIM_RATE_LIMIT_PER_SECOND ?? '50',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    log,
  });
  const lines = [
    '',
    'Production layout running (Ctrl-C stops everything):',
    ...cluster.apiBaseUrls.map((url, i) => `  API ${i + 1}:            ${url}  (SCIM: ${url}/scim/v2/..., health: ${url}/healthz)`),
    `  admin token:      in ${cluster.adminTokenFile}`,
    `  Temporal:         ${cluster.temporal.address}  (namespace ${values.namespace})`,
    `  Temporal UI:      ${cluster.uiUrl ?? `not running: ${cluster.uiProblem ?? 'disabled (--no-ui)'}`}`,
    `  PostgreSQL:       ${new URL(cluster.databaseUrl).host}  (databases dsync, temporal, temporal_visibility; password in ${path.join(cluster.dataDir, 'postgres-password')})`,
    `  workers:          ${cluster.workers.length}`,
    ...cluster.metricsEndpoints.map(({ name, url }) => `  metrics ${name.padEnd(9)} ${url}`),
    `  logs:             ${cluster.logDir}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
