import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import { migrateToLatest } from '../../src/db/migrate';
import type { Role, RoleMapping } from '../../src/domain/roles';
import { freePort } from '../../src/infra/free-port';
import { startTemporalDevServer, type DevServer } from '../../src/infra/temporal-dev-server';
import { startThrowawayPostgres, type PostgresCluster } from '../../test/support/postgres-cluster';
import { databaseCeiling, engineCeiling } from './ceilings';
import { IdpSimulator } from './idp-simulator';
import { throwawayDevServerOptions } from './layouts';
import { connectBenchDirectory } from './directory-setup';
import { productionEnv, ServiceProcess, waitForHealthy } from './service-processes';
import { verifyAgainstModel } from './verify';

export interface ScenarioOptions {
  users: number;
  groups: number;
  concurrency: number;
  steadyOperations: number;
  /** Kill the worker, restart Temporal and PostgreSQL during the initial sync. */
  chaos: boolean;
  /** Measure the engine and database ceilings in the same run. */
  ceilings: boolean;
  convergenceTimeoutMs: number;
  log(line: string): void;
}

export interface PhaseFigure {
  phase: string;
  seconds: number;
  requests: number;
  perSecond: number;
}

export interface ScenarioResult {
  options: Omit<ScenarioOptions, 'log'>;
  machine: { cpus: number; memoryGiB: number; node: string };
  phases: PhaseFigure[];
  latency: Record<string, { count: number; p50: number; p95: number; p99: number }>;
  statuses: Record<string, number>;
  nonRetryableErrors: Record<string, number>;
  convergenceSeconds: number | null;
  peakRssMiB: { api: number; worker: number };
  historyLength: { provisionUserMax: number; provisionUserMean: number; provisionGroupMax: number };
  ceilings?: {
    engineUpdatesPerSecond: number;
    engineLatencyMs: { p50: number; p99: number };
    databaseUpsertsPerSecond: number;
    createsVsEngine: number;
    createsVsDatabase: number;
  };
  faults: string[];
  verdict: { converged: boolean; problems: string[] };
}

const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

/** Starts everything (PostgreSQL, Temporal, API and worker processes), drives it, and measures. */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-bench-'));
  const cleanup: Array<() => Promise<unknown>> = [async () => (process.env.KEEP_BENCH_DIR ? undefined : fs.rmSync(workDir, { recursive: true, force: true }))];
  const faults: string[] = [];
  let db: Knex | undefined;
  try {
    options.log(`starting PostgreSQL and Temporal (work dir ${workDir})`);
    const postgres: PostgresCluster = await startThrowawayPostgres();
    cleanup.push(() => postgres.stop());
    const devServerOptions = await throwawayDevServerOptions(workDir);
    let temporal: DevServer = await startTemporalDevServer(devServerOptions);
    cleanup.push(() => temporal.stop());
    db = knex({ client: 'pg', connection: postgres.url, pool: { min: 0, max: 4 } });
    await migrateToLatest(db);

    const adminToken = randomUUID();
    const port = await freePort();
    const settings = { logDir: workDir, env: productionEnv({ databaseUrl: postgres.url, temporalAddress: temporal.address, adminToken, port, taskQueue: 'directory-sync' }) };
    const worker = new ServiceProcess('worker', settings);
    const api = new ServiceProcess('api', settings);
    worker.start();
    api.start();
    cleanup.push(() => api.stop(), () => worker.stop());
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealthy(baseUrl);

    const random = seeded(42);
    const groupNames = Array.from({ length: options.groups }, (_, i) =>
      i < 5 ? ['knock-role-owner', 'knock-role-admin', 'knock-role-member', 'knock-role-billing', 'knock-role-support'][i]! : i < 5 + Math.ceil(options.groups * 0.1) ? `Team ${i}` : `Group ${i}`,
    );
    const roles: Role[] = ['admin', 'member', 'billing', 'support'];
    const mappings: RoleMapping[] = groupNames.filter((n) => n.startsWith('Team ')).map((group, i) => ({ group, role: roles[i % roles.length]! }));
    const connected = await connectBenchDirectory(baseUrl, adminToken, mappings);
    const { accountId } = connected;

    const idp = new IdpSimulator({ scimBaseUrl: `${baseUrl}/scim/v2`, token: connected.token, concurrency: options.concurrency, random });
    const emails = Array.from({ length: options.users }, (_, i) => `user${i}.bench@bench.io`);
    const assignments = new Map<string, string[]>(groupNames.map((name) => [name, []]));
    for (const email of emails) {
      const count = 1 + Math.floor(random() * 3);
      const chosen = new Set<string>();
      // The owner group stays small, as in a real company.
      while (chosen.size < count) {
        const name = groupNames[Math.floor(random() * groupNames.length)]!;
        if (name !== 'knock-role-owner' || random() < 0.05) chosen.add(name);
      }
      for (const name of chosen) assignments.get(name)!.push(email);
    }

    const chaos = options.chaos ? startChaos() : undefined;
    const phases: PhaseFigure[] = [];
    /** Runs a phase; `count` is how many logical operations it performs (users, memberships, ...). */
    const phase = async (name: string, count: number, work: () => Promise<void>) => {
      const started = performance.now();
      await work();
      const seconds = (performance.now() - started) / 1000;
      phases.push({ phase: name, seconds: round(seconds), requests: count, perSecond: round(count / seconds) });
      options.log(`${name}: ${count} in ${seconds.toFixed(1)} s`);
    };
    await phase('users (lookup + create)', emails.length, () => idp.createUsers(emails));
    await chaos?.done;
    const memberships = [...assignments.values()].reduce((n, list) => n + list.length, 0);
    await phase('group memberships (create + PATCHes of 100)', memberships, () => idp.pushGroups(assignments));
    await phase('steady (PUT/PATCH/deactivate/membership)', options.steadyOperations, () => idp.steady(options.steadyOperations));

    options.log('waiting for convergence');
    const lastRequest = idp.lastResponseAt;
    let problems: string[] = [];
    let convergedAt: number | null = null;
    const deadline = Date.now() + options.convergenceTimeoutMs;
    while (Date.now() < deadline) {
      problems = await verifyAgainstModel(db, { accountId, directoryId: connected.directoryId, mappings, extraMembers: ['owner@bench.io'] }, idp);
      if (problems.length === 0) {
        convergedAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const historyLength = await historyLengths(temporal.address);
    let ceilings: ScenarioResult['ceilings'];
    if (options.ceilings) {
      options.log('measuring the engine and database ceilings');
      const createsPerSecond = phases[0]!.perSecond;
      const engine = await engineCeiling(temporal.address, Math.min(options.users, 2000), options.concurrency);
      const database = await databaseCeiling(postgres.url, 5000, options.concurrency);
      ceilings = {
        engineUpdatesPerSecond: round(engine.perSecond),
        engineLatencyMs: { p50: engine.p50, p99: engine.p99 },
        databaseUpsertsPerSecond: round(database),
        createsVsEngine: Math.round((createsPerSecond / engine.perSecond) * 100) / 100,
        createsVsDatabase: Math.round((createsPerSecond / database) * 1000) / 1000,
      };
    }
    await api.stop();
    await worker.stop();
    const summary = idp.stats.summary();
    return {
      options: { users: options.users, groups: options.groups, concurrency: options.concurrency, steadyOperations: options.steadyOperations, chaos: options.chaos, ceilings: options.ceilings, convergenceTimeoutMs: options.convergenceTimeoutMs },
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      phases,
      latency: summary.latency,
      statuses: summary.statuses,
      nonRetryableErrors: idp.stats.nonRetryableErrors(),
      convergenceSeconds: convergedAt === null ? null : round((convergedAt - lastRequest) / 1000),
      peakRssMiB: { api: api.peakRssMiB, worker: worker.peakRssMiB },
      historyLength,
      ...(ceilings ? { ceilings } : {}),
      faults,
      verdict: { converged: problems.length === 0, problems: problems.slice(0, 20) },
    };

    /** Faults at fixed points of the initial sync, while the IdP keeps sending. */
    function startChaos(): { done: Promise<void> } {
      const at = (fraction: number) => async () => {
        while (idp.users.size < options.users * fraction) await new Promise((resolve) => setTimeout(resolve, 50));
      };
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const done = (async () => {
        await at(0.2)();
        faults.push(`kill -9 worker at ${idp.users.size} users`);
        worker.kill();
        await sleep(2000);
        worker.start();
        await at(0.45)();
        faults.push(`restart Temporal at ${idp.users.size} users`);
        await temporal.stop();
        await sleep(1000);
        temporal = await startTemporalDevServer(devServerOptions);
        await at(0.7)();
        faults.push(`stop PostgreSQL at ${idp.users.size} users`);
        await postgres.pause();
        await sleep(3000);
        await postgres.resume();
        faults.push('PostgreSQL back');
      })();
      return { done };
    }
  } finally {
    await db?.destroy();
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}

async function historyLengths(address: string): Promise<ScenarioResult['historyLength']> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  try {
    // Visibility does not carry history lengths for running workflows: describe a sample.
    const lengths = async (type: string) => {
      const values: number[] = [];
      for await (const run of client.workflow.list({ query: `WorkflowType = '${type}'`, pageSize: 200 })) {
        values.push((await client.workflow.getHandle(run.workflowId, run.runId).describe()).historyLength);
        if (values.length >= 200) break;
      }
      return values;
    };
    const users = await lengths('provisionUser');
    const groups = await lengths('provisionGroup');
    return {
      provisionUserMax: Math.max(0, ...users),
      provisionUserMean: users.length ? round(users.reduce((a, b) => a + b, 0) / users.length) : 0,
      provisionGroupMax: Math.max(0, ...groups),
    };
  } finally {
    await connection.close();
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
