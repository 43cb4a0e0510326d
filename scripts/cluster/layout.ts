import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import knex from 'knex';
import { migrateToLatest } from '../../src/db/migrate';
import { freePort } from '../../src/infra/free-port';
import { startPostgresServer, type PostgresServer } from '../../src/infra/postgres-server';
import { loadOrCreateSecret } from '../../src/infra/secret-file';
import { ensureNamespace } from '../../src/temporal/namespace';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';
import { productionEnv, ServiceProcess, waitForHealthy } from '../bench/service-processes';
import {
  allocateTemporalPorts,
  portIsFree,
  ensureTemporalServerTools,
  setupTemporalSchema,
  startTemporalServer,
  startTemporalUi,
  type TemporalServer,
} from './temporal-server';

/**
 * The production layout on one machine, every part real and its own process: PostgreSQL (the npm
 * binaries), the Temporal server on it (persistence and visibility), two API processes
 * (`src/api.ts`) and two workers (`src/worker.ts`), and the Temporal UI when it could be built.
 * `npm run cluster` runs it for people; `npm run bench -- --cluster`, `npm run chaos -- --cluster`
 * and `npm run cluster:check` drive it.
 */
export interface ClusterOptions {
  /** Everything the cluster keeps: the PostgreSQL cluster, secrets, logs. Kept between runs when durable. */
  dataDir: string;
  /** `durable`: fsync on, a password (npm run cluster). `throwaway`: no fsync (bench and checks, as the dev layout's bench). */
  mode: 'durable' | 'throwaway';
  apis: number;
  workers: number;
  /** Preferred ports (a taken one is replaced by a free one); free ones when absent. */
  apiPorts?: number[];
  temporalPort?: number;
  uiPort?: number;
  ui: boolean;
  namespace: string;
  retentionDays: number;
  /** Added to every API's and worker's environment. */
  env?: Record<string, string>;
  /**
   * Where the steps that undo what was started so far are kept (run them last first), so that a
   * caller interrupted during the start (Ctrl-C) can stop what already runs; `stop()` runs them too.
   */
  stops?: Array<() => Promise<unknown>>;
  log(line: string): void;
}

export interface RunningCluster {
  dataDir: string;
  logDir: string;
  postgres: PostgresServer;
  /** The service's database (`dsync`); Temporal's are `temporal` and `temporal_visibility` on the same server. */
  databaseUrl: string;
  temporal: TemporalServer;
  apis: ServiceProcess[];
  workers: ServiceProcess[];
  apiBaseUrls: string[];
  /** Each API's and worker's Prometheus endpoint (METRICS_PORT, loopback), named as its process. */
  metricsEndpoints: Array<{ name: string; role: 'api' | 'worker'; url: string }>;
  adminToken: string;
  adminTokenFile: string;
  uiUrl?: string;
  /** Why there is no UI, when there is none. */
  uiProblem?: string;
  stop(): Promise<void>;
}

const APP_DATABASE = 'dsync';

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true, mode: 0o700 });
  // As root PostgreSQL runs as nobody, who must pass through the data and log folders (not list them).
  if (process.getuid?.() === 0) for (const dir of [dataDir, logDir]) fs.chmodSync(dir, 0o711);
  const stops = options.stops ?? [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    options.log('building or locating the Temporal server (first time: a few minutes of go build)');
    const tools = await ensureTemporalServerTools({ ui: options.ui });

    const password = options.mode === 'durable' ? loadOrCreateSecret(path.join(dataDir, 'postgres-password')) : 'postgres';
    options.log('starting PostgreSQL');
    const postgres = await startPostgresServer({
      dataDir: path.join(dataDir, 'postgres'),
      logFile: path.join(logDir, 'postgres.log'),
      mode: options.mode,
      password: options.mode === 'durable' ? password : undefined,
      // Two APIs (20 each), two workers (64 each), Temporal (30), migrations and checks.
      maxConnections: 400,
    });
    stops.push(() => postgres.stop());
    const serverUrl = new URL(postgres.url);
    const databaseUrl = Object.assign(new URL(postgres.url), { pathname: `/${APP_DATABASE}` }).toString();

    const admin = knex({ client: 'pg', connection: postgres.url, pool: { min: 0, max: 1 } });
    try {
      const exists = await admin.raw('select 1 from pg_database where datname = ?', [APP_DATABASE]);
      if (exists.rows.length === 0) await admin.raw(`create database ${APP_DATABASE}`);
    } finally {
      await admin.destroy();
    }

    options.log('creating or migrating the Temporal schema (temporal-sql-tool)');
    const temporalDb = {
      host: serverUrl.hostname,
      port: Number(serverUrl.port),
      user: 'postgres',
      password,
      database: 'temporal',
      visibilityDatabase: 'temporal_visibility',
    };
    await setupTemporalSchema(tools, temporalDb, path.join(logDir, 'temporal-schema.log'));

    options.log('starting the Temporal server');
    const temporalPort = options.temporalPort === undefined ? undefined : await preferredPort(options.temporalPort);
    const temporal = await startTemporalServer({
      tools,
      db: temporalDb,
      ports: await allocateTemporalPorts(temporalPort),
      logFile: path.join(logDir, 'temporal-server.log'),
    });
    stops.push(() => temporal.stop());

    // The project registers its namespace and search attributes (each worker does it again at start).
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const namespace = await ensureNamespace(connection, options.namespace, options.retentionDays);
      options.log(
        `namespace ${options.namespace}: ${namespace.created ? 'registered' : 'already there'}, retention ${(namespace.retentionSeconds ?? 0) / 86400} days`,
      );
      await ensureSearchAttributes(connection, options.namespace);
    } finally {
      await connection.close();
    }

    const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
    try {
      // Every process migrates at start too; doing it first keeps them from queueing on the lock.
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }

    const adminTokenFile = path.join(dataDir, 'admin-token');
    const adminToken = options.mode === 'durable' ? loadOrCreateSecret(adminTokenFile) : randomBytes(24).toString('base64url');
    if (options.mode !== 'durable') fs.writeFileSync(adminTokenFile, `${adminToken}\n`, { mode: 0o600 });

    const ports: number[] = [];
    for (let i = 0; i < options.apis; i += 1) {
      const wanted = options.apiPorts?.[i];
      ports.push(wanted === undefined ? await freePort() : await preferredPort(wanted));
    }
    const processEnv = (port: number) => ({
      ...productionEnv({ databaseUrl, temporalAddress: temporal.address, adminToken, port, taskQueue: 'directory-sync' }),
      TEMPORAL_NAMESPACE: options.namespace,
      TEMPORAL_NAMESPACE_RETENTION_DAYS: String(options.retentionDays),
      ...options.env,
    });
    // A fixed metrics port per process (kept across its restarts), so a scrape config can name it.
    const metricsEndpoints: RunningCluster['metricsEndpoints'] = [];
    const withMetrics = async (name: string, role: 'api' | 'worker', env: Record<string, string>) => {
      const metricsPort = await freePort();
      metricsEndpoints.push({ name, role, url: `http://127.0.0.1:${metricsPort}/metrics` });
      return { ...env, METRICS_PORT: String(metricsPort) };
    };
    const workers: ServiceProcess[] = [];
    for (let i = 0; i < options.workers; i += 1) {
      const name = `worker-${i + 1}`;
      workers.push(new ServiceProcess('worker', { logDir, env: await withMetrics(name, 'worker', processEnv(0)), detached: true }, name));
    }
    const apis: ServiceProcess[] = [];
    for (const [i, port] of ports.entries()) {
      const name = `api-${i + 1}`;
      const env = await withMetrics(name, 'api', { ...processEnv(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
      apis.push(new ServiceProcess('api', { logDir, env, detached: true }, name));
    }
    options.log(`starting ${workers.length} workers and ${apis.length} APIs`);
    for (const service of [...workers, ...apis]) {
      service.start();
      stops.push(() => service.stop());
    }
    const apiBaseUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all(apiBaseUrls.map((url) => waitForHealthy(url, 180_000)));

    let uiUrl: string | undefined;
    let uiProblem: string | undefined;
    if (options.ui) {
      if (!tools.uiBin) uiProblem = 'the UI server could not be built (see .tools/temporal-ui/*/build.log)';
      else {
        try {
          const ui = await startTemporalUi({
            uiBin: tools.uiBin,
            port: options.uiPort === undefined ? await freePort() : await preferredPort(options.uiPort),
            temporalAddress: temporal.address,
            namespace: options.namespace,
            workDir: path.join(dataDir, 'ui'),
            logFile: path.join(logDir, 'temporal-ui.log'),
          });
          stops.push(() => ui.stop());
          uiUrl = ui.url;
        } catch (error) {
          uiProblem = (error as Error).message;
        }
      }
    }
    return {
      dataDir,
      logDir,
      postgres,
      databaseUrl,
      temporal,
      apis,
      workers,
      apiBaseUrls,
      metricsEndpoints,
      adminToken,
      adminTokenFile,
      ...(uiUrl ? { uiUrl } : {}),
      ...(uiProblem ? { uiProblem } : {}),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `port` when it is free on loopback, else a free one. */
async function preferredPort(port: number): Promise<number> {
  return (await portIsFree(port)) ? port : freePort();
}
