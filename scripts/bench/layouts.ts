import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { migrateToLatest } from '../../src/db/migrate';
import { freePort } from '../../src/infra/free-port';
import { ensureTemporalCli } from '../../src/infra/temporal-cli';
import { startTemporalDevServer, type DevServerOptions } from '../../src/infra/temporal-dev-server';
import { startThrowawayPostgres } from '../../test/support/postgres-cluster';
import { connectBenchDirectory } from './directory-setup';
import type { IdpSimulator } from './idp-simulator';
import { PROJECT_ROOT, productionEnv, ServiceProcess, startServices, waitForHealthy, waitForOk } from './service-processes';
import { verifyAgainstModel, verifyOverScim } from './verify';

/**
 * The configurations `bench:compare` drives with one workload:
 * - `embedded`: `src/main.ts` as `npm start` runs it (one process; its own PostgreSQL and Temporal
 *   dev server in a fresh DATA_DIR);
 * - `processes`: `src/api.ts` and `src/worker.ts` as separate processes on a throwaway PostgreSQL
 *   and dev server, as deployed;
 * - `peer`: the plain SCIM server of scripts/bench/peer (Better Auth's SCIM plugin on SQLite).
 * `root` runs another checkout's entry points (before/after); `env` tunes one variant.
 */
export interface LayoutSpec {
  name: string;
  kind: 'embedded' | 'processes' | 'peer';
  root: string;
  env: Record<string, string>;
}

export interface RunningLayout {
  scimBaseUrl: string;
  token: string;
  /** Mismatches between the server and the IdP's model (empty: equal). */
  verify(idp: IdpSimulator): Promise<string[]>;
  peakRssMiB(): Record<string, number>;
  stop(): Promise<void>;
}

/** A headless dev server as the bench runs it: same options as the embedded default's, in `workDir`. */
export async function throwawayDevServerOptions(workDir: string): Promise<DevServerOptions> {
  return {
    cliPath: await ensureTemporalCli(),
    port: await freePort(),
    dbFile: path.join(workDir, 'temporal.sqlite'),
    logFile: path.join(workDir, 'temporal.log'),
    namespace: 'default',
    readyTimeoutMs: 120_000,
  };
}

export function peerInstalled(): boolean {
  return fs.existsSync(path.join(PROJECT_ROOT, 'scripts/bench/peer/node_modules/better-auth/package.json'));
}

export async function startLayout(spec: LayoutSpec, workDir: string): Promise<RunningLayout> {
  if (spec.kind === 'peer') return startPeer(spec, workDir);
  if (spec.kind === 'embedded') return startEmbedded(spec, workDir);
  return startProcesses(spec, workDir);
}

async function startEmbedded(spec: LayoutSpec, workDir: string): Promise<RunningLayout> {
  const adminToken = randomUUID();
  const port = await freePort();
  const dataDir = path.join(workDir, 'data');
  // As root the embedded PostgreSQL runs as nobody, who must pass through the (0700) temporary folder.
  fs.chmodSync(workDir, 0o711);
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: String(await freePort()),
    ADMIN_TOKEN: adminToken,
    ...spec.env,
  };
  const service = new ServiceProcess('embedded', { root: spec.root, logDir: workDir, env }, spec.name);
  service.start();
  const stop = async () => {
    // Its shutdown stops the Temporal dev server and PostgreSQL: give it time.
    await service.stop(90_000);
    stopLeftoverPostgres(path.join(dataDir, 'postgres/cluster/postmaster.pid'));
  };
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    // The first start creates the PostgreSQL cluster, starts Temporal and bundles the workflows.
    await waitForHealthy(baseUrl, 300_000);
    const directory = await connectBenchDirectory(baseUrl, adminToken, []);
    const scimBaseUrl = `${baseUrl}/scim/v2`;
    return {
      scimBaseUrl,
      token: directory.token,
      verify: (idp) => verifyOverScim(scimBaseUrl, directory.token, idp),
      peakRssMiB: () => ({ [spec.name]: service.peakRssMiB }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * What the API and worker processes of a bench run stand on: a throwaway PostgreSQL, migrated, and
 * a dev server (`fairness`: with the fairness matcher), each stopped by `stops`; plus the admin
 * token, the API's port and the production environment that points the processes at them.
 */
export async function startThrowawayBackends(
  workDir: string,
  stops: Array<() => Promise<unknown>>,
  options: { fairness?: boolean } = {},
): Promise<{ db: Knex; adminToken: string; port: number; env: Record<string, string> }> {
  const postgres = await startThrowawayPostgres();
  stops.push(() => postgres.stop());
  const temporal = await startTemporalDevServer({
    ...(await throwawayDevServerOptions(workDir)),
    ...(options.fairness !== undefined ? { fairness: options.fairness } : {}),
  });
  stops.push(() => temporal.stop());
  const db = knex({ client: 'pg', connection: postgres.url, pool: { min: 0, max: 4 } });
  stops.push(() => db.destroy());
  // Both roles migrate at start; doing it first keeps them from racing for the migration lock.
  await migrateToLatest(db);
  const adminToken = randomUUID();
  const port = await freePort();
  const env = productionEnv({
    databaseUrl: postgres.url,
    temporalAddress: temporal.address,
    adminToken,
    port,
    taskQueue: 'directory-sync',
  });
  return { db, adminToken, port, env };
}

async function startProcesses(spec: LayoutSpec, workDir: string): Promise<RunningLayout> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const { db, adminToken, port, env } = await startThrowawayBackends(workDir, stops);
    const settings = { root: spec.root, logDir: workDir, env: { ...env, ...spec.env } };
    const services = await startServices(settings, port, spec.name);
    stops.push(() => services.stop());
    const { worker, api, baseUrl } = services;
    const directory = await connectBenchDirectory(baseUrl, adminToken, []);
    const scimBaseUrl = `${baseUrl}/scim/v2`;
    return {
      scimBaseUrl,
      token: directory.token,
      verify: async (idp) => [
        ...(await verifyOverScim(scimBaseUrl, directory.token, idp)),
        ...(await verifyAgainstModel(
          db,
          { accountId: directory.accountId, directoryId: directory.directoryId, mappings: [], extraMembers: ['owner@bench.io'] },
          idp,
        )),
      ],
      peakRssMiB: () => ({ api: api.peakRssMiB, worker: worker.peakRssMiB }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startPeer(spec: LayoutSpec, workDir: string): Promise<RunningLayout> {
  const token = randomUUID();
  const port = await freePort();
  const service = new ServiceProcess(
    'peer',
    {
      root: spec.root,
      logDir: workDir,
      env: { PEER_PORT: String(port), PEER_TOKEN: token, PEER_DB: path.join(workDir, 'peer.sqlite'), ...spec.env },
    },
    spec.name,
  );
  service.start();
  const scimBaseUrl = `http://127.0.0.1:${port}/api/auth/scim/v2`;
  try {
    await waitForOk(`${scimBaseUrl}/ServiceProviderConfig`, { Authorization: `Bearer ${token}` });
  } catch (error) {
    await service.stop();
    throw error;
  }
  return {
    scimBaseUrl,
    token,
    verify: (idp) => verifyOverScim(scimBaseUrl, token, idp),
    peakRssMiB: () => ({ [spec.name]: service.peakRssMiB }),
    stop: () => service.stop(),
  };
}

/**
 * The embedded default stops its PostgreSQL on SIGTERM; if it was killed before it could, the
 * server it started (its pid is the first line of postmaster.pid) is stopped here.
 */
function stopLeftoverPostgres(pidFile: string): void {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // already gone
  }
}
