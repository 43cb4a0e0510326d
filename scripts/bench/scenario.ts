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
import { startCluster } from '../cluster/layout';
import { clusterMetricsProblems } from './metrics-check';
import { databaseCeiling, engineCeiling } from './ceilings';
import { IdpSimulator } from './idp-simulator';
import type { LatencyFigure } from './request-stats';
import { throwawayDevServerOptions } from './layouts';
import { connectBenchDirectory } from './directory-setup';
import { productionEnv, startServices, waitForHealthy } from './service-processes';
import { verifyAgainstModel } from './verify';

export interface ScenarioOptions {
  users: number;
  groups: number;
  concurrency: number;
  steadyOperations: number;
  /**
   * Inject faults (kill -9 the worker, restart Temporal, stop PostgreSQL) during user creation,
   * during the group push and the role propagation it triggers, and during steady traffic
   * (`CHAOS_PLAN`). The verdict then also requires that every fault was felt by the IdP.
   */
  chaos: boolean;
  /**
   * `dev` (default): one API and one worker process on a throwaway PostgreSQL and the Temporal dev
   * server. `cluster`: the production layout of `npm run cluster` (scripts/cluster/layout.ts): the
   * real Temporal server on PostgreSQL, two APIs (the IdP spreads its requests across both) and two workers.
   */
  layout?: 'dev' | 'cluster';
  /** The faults under chaos; by default CHAOS_PLAN (dev) or CLUSTER_CHAOS_PLAN (cluster). */
  plan?: ChaosPlan;
  /** Measure the engine and database ceilings in the same run. */
  ceilings: boolean;
  convergenceTimeoutMs: number;
  /**
   * A named configuration of the service (`--variants`): environment for the API and worker, and
   * whether the dev server dispatches by priority and fairness. Absent: the service's defaults.
   */
  variant?: BenchVariant;
  log(line: string): void;
}

export interface BenchVariant {
  name: string;
  env: Record<string, string>;
  fairness: boolean;
}

/**
 * `off`: as before: no task-queue priority nor fairness key (TEMPORAL_PRIORITY=off, the dev
 * server's default matcher) and unpaced role propagation; `priority`: priorities and fairness keys
 * (with the dev server's fairness matcher) but unpaced propagation; `on`: the service's defaults,
 * priorities and propagation paced to ROLE_PROPAGATION_SIGNALS_PER_SECOND (40) while IdP changes
 * are being applied; `paced-20`: `on` at 20 signals/s; `slots-8`: `on` with 8 workflow-task slots
 * (4 pollers), so tasks wait in the server where priority and fairness order them.
 */
export const BENCH_VARIANTS: Record<string, BenchVariant> = {
  off: { name: 'off', env: { TEMPORAL_PRIORITY: 'off', ROLE_PROPAGATION_SIGNALS_PER_SECOND: '0' }, fairness: false },
  priority: { name: 'priority', env: { TEMPORAL_PRIORITY: 'on', ROLE_PROPAGATION_SIGNALS_PER_SECOND: '0' }, fairness: true },
  on: { name: 'on', env: { TEMPORAL_PRIORITY: 'on', ROLE_PROPAGATION_SIGNALS_PER_SECOND: '40' }, fairness: true },
  'paced-20': { name: 'paced-20', env: { TEMPORAL_PRIORITY: 'on', ROLE_PROPAGATION_SIGNALS_PER_SECOND: '20' }, fairness: true },
  'slots-8': { name: 'slots-8', env: { WORKER_WORKFLOW_TASK_SLOTS: '8', WORKER_WORKFLOW_TASK_POLLERS: '4' }, fairness: true },
};

export type FaultKind = 'kill -9 worker' | 'kill -9 API' | 'restart Temporal' | 'stop PostgreSQL';
export type PhaseName = 'users' | 'groups' | 'steady';
export type ChaosPlan = ReadonlyArray<{ phase: PhaseName; at: number; fault: FaultKind }>;

/**
 * Where chaos strikes: each fault lands in a phase once that share of the phase's operations is
 * done. Every phase gets two faults and every kind strikes in two phases. The group faults land
 * as the groups are being created and as their membership PATCHes start, so the role propagation
 * those PATCHes trigger runs through them too.
 */
export const CHAOS_PLAN: ChaosPlan = [
  { phase: 'users', at: 0.25, fault: 'kill -9 worker' },
  { phase: 'users', at: 0.6, fault: 'stop PostgreSQL' },
  { phase: 'groups', at: 0, fault: 'restart Temporal' },
  { phase: 'groups', at: 0.5, fault: 'kill -9 worker' },
  { phase: 'steady', at: 0.2, fault: 'stop PostgreSQL' },
  { phase: 'steady', at: 0.6, fault: 'restart Temporal' },
];

/**
 * The production layout's plan: the dev plan's faults (on the real Temporal server, which shares
 * PostgreSQL with the service, so stopping PostgreSQL takes Temporal's persistence down too), with
 * the worker kill hitting one of the two workers (the other carries on), and a `kill -9` of one of
 * the two APIs in the users and steady phases (the IdP retries on the other).
 */
export const CLUSTER_CHAOS_PLAN: ChaosPlan = [
  { phase: 'users', at: 0.2, fault: 'kill -9 worker' },
  { phase: 'users', at: 0.45, fault: 'kill -9 API' },
  { phase: 'users', at: 0.7, fault: 'stop PostgreSQL' },
  { phase: 'groups', at: 0, fault: 'restart Temporal' },
  { phase: 'groups', at: 0.5, fault: 'kill -9 worker' },
  { phase: 'steady', at: 0.1, fault: 'kill -9 API' },
  { phase: 'steady', at: 0.35, fault: 'stop PostgreSQL' },
  { phase: 'steady', at: 0.65, fault: 'restart Temporal' },
];

/**
 * The CI check on the production layout (`npm run cluster:check`): the two process kills only, one
 * of each in the users and in the steady phase. The faults of a phase strike one after the other
 * (the second waits for the first to be over, 4-6 s), so the second one stands late in the phase
 * and the phases are long enough for it to land while requests are still being sent.
 */
export const CLUSTER_CHECK_PLAN: ChaosPlan = [
  { phase: 'users', at: 0.15, fault: 'kill -9 worker' },
  { phase: 'users', at: 0.7, fault: 'kill -9 API' },
  { phase: 'steady', at: 0.15, fault: 'kill -9 API' },
  { phase: 'steady', at: 0.6, fault: 'kill -9 worker' },
];

/**
 * The API's deadline for a Temporal call under chaos. A change caught behind a killed worker waits
 * for its workflow task to time out (10 s); with the production default (25 s) the IdP would only
 * see a slow answer, with this one it gets the unconfirmed-write 503 and retries, which is the
 * harder path (the first attempt may still apply: a retried create then answers 409).
 */
const CHAOS_CALL_TIMEOUT_MS = 5000;
/**
 * How long Temporal stays down. The API's client retries an unavailable server on its own, so a
 * shorter restart is absorbed as a delay; this one outlasts the deadline and answers 503.
 */
const TEMPORAL_DOWN_MS = CHAOS_CALL_TIMEOUT_MS + 1000;
/**
 * How long a killed worker stays down. Restarted after 2 s, it could pick new workflows' first
 * tasks up within the deadline on a quiet machine, and the fault then went unfelt (a flaky
 * verdict); down for longer than the deadline, every write sent meanwhile answers 503 and is retried.
 */
const WORKER_DOWN_MS = CHAOS_CALL_TIMEOUT_MS + 1000;
/** How long a killed API process stays down before it is started again (the IdP uses the other one meanwhile). */
const API_DOWN_MS = 3000;
/** After a fault is over, how long answers that were caught in it may still come (the deadline plus a retry). */
const FELT_AFTER_RECOVERY_MS = 15_000;

export interface FaultRecord {
  fault: FaultKind;
  phase: PhaseName;
  /** Operations of the phase done when it struck. */
  atOperation: number;
  /** How long the service was without the component (ms). */
  outageMs: number;
  /**
   * IdP requests answered 5xx or 429, or lost to the network, from the fault until the next one
   * (at most FELT_AFTER_RECOVERY_MS after recovery): each was retried. Empty: the fault hit nothing.
   */
  felt: Record<string, number>;
}

export interface PhaseFigure {
  phase: string;
  seconds: number;
  requests: number;
  perSecond: number;
}

export interface ScenarioResult {
  options: Omit<ScenarioOptions, 'log' | 'plan'>;
  machine: { cpus: number; memoryGiB: number; node: string };
  phases: PhaseFigure[];
  variant?: string;
  latency: Record<string, LatencyFigure>;
  /** Latency per request type during the group push (creates and membership PATCHes of 100) only. */
  groupPushLatency: Record<string, LatencyFigure>;
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
  faults: FaultRecord[];
  /**
   * `converged`: the database equals the IdP's model. `faultsFelt`: under chaos, every fault of
   * the plan struck and at least one request felt it. `passed` needs both and no non-retryable
   * error; `problems` lists every reason it did not pass.
   */
  verdict: { converged: boolean; faultsFelt: boolean; passed: boolean; problems: string[] };
}

const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

/** Starts everything (PostgreSQL, Temporal, API and worker processes), drives it, and measures. */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-bench-'));
  const cleanup: Array<() => Promise<unknown>> = [
    async () => (process.env.KEEP_BENCH_DIR ? undefined : fs.rmSync(workDir, { recursive: true, force: true })),
  ];
  const faults: FaultRecord[] = [];
  let db: Knex | undefined;
  try {
    const layout = options.layout ?? 'dev';
    const plan = options.plan ?? (layout === 'cluster' ? CLUSTER_CHAOS_PLAN : CHAOS_PLAN);
    const env: Record<string, string> = {
      ...(options.chaos ? { TEMPORAL_CALL_TIMEOUT_MS: String(CHAOS_CALL_TIMEOUT_MS) } : {}),
      // The dev chaos plan stops PostgreSQL and Temporal for seconds. With the per-directory in-flight
      // bound, 12 of the simulator's 16 requests wait already authenticated while 4 ride the outage
      // out in the worker's retries, so a short outage can pass without any request noticing, and the
      // verdict could not tell a fault that struck from one that never did. The dev chaos run lets
      // every request reach the database and Temporal; the cluster check keeps the bound.
      ...(options.chaos && layout === 'dev' ? { SCIM_IN_FLIGHT_PER_DIRECTORY: '0' } : {}),
      ...options.variant?.env,
    };
    options.log(`starting the ${layout} layout (work dir ${workDir})`);
    const stack =
      layout === 'cluster'
        ? await startClusterStack(workDir, env, options.log)
        : await startDevStack(workDir, env, options.variant?.fairness ?? true);
    cleanup.push(() => stack.stop());
    db = knex({ client: 'pg', connection: stack.databaseUrl, pool: { min: 0, max: 4 } });
    const { adminToken } = stack;
    const baseUrl = stack.apiBaseUrls[0]!;

    const random = seeded(42);
    const groupNames = Array.from({ length: options.groups }, (_, i) =>
      i < 5
        ? ['knock-role-owner', 'knock-role-admin', 'knock-role-member', 'knock-role-billing', 'knock-role-support'][i]!
        : i < 5 + Math.ceil(options.groups * 0.1)
          ? `Team ${i}`
          : `Group ${i}`,
    );
    const roles: Role[] = ['admin', 'member', 'billing', 'support'];
    const mappings: RoleMapping[] = groupNames
      .filter((n) => n.startsWith('Team '))
      .map((group, i) => ({ group, role: roles[i % roles.length]! }));
    const connected = await connectBenchDirectory(baseUrl, adminToken, mappings);
    const { accountId } = connected;

    const idp = new IdpSimulator({
      scimBaseUrl: `${baseUrl}/scim/v2`,
      moreScimBaseUrls: stack.apiBaseUrls.slice(1).map((url) => `${url}/scim/v2`),
      token: connected.token,
      concurrency: options.concurrency,
      random,
    });
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

    const phases: PhaseFigure[] = [];
    /** When each fault struck and when it was over, to attribute the retried requests to it. */
    const struck: Array<{ record: FaultRecord; at: number; recoveredAt: number }> = [];
    const inject = async (fault: FaultKind) => {
      const started = Date.now();
      await stack.inject(fault);
      return { started, recoveredAt: Date.now() };
    };
    /** The plan's faults for one phase, each once that share of the phase's `count` operations is done. */
    const faultsDuring = async (name: PhaseName, count: number) => {
      const firstOperation = idp.operationsDone;
      for (const step of plan.filter((s) => s.phase === name)) {
        while (idp.operationsDone - firstOperation < Math.floor(step.at * count)) await sleep(20);
        const atOperation = idp.operationsDone - firstOperation;
        options.log(`${step.fault} during ${name} at operation ${atOperation}`);
        const { started, recoveredAt } = await inject(step.fault);
        const record: FaultRecord = { fault: step.fault, phase: name, atOperation, outageMs: recoveredAt - started, felt: {} };
        faults.push(record);
        struck.push({ record, at: started, recoveredAt });
      }
    };
    /** Runs a phase (and, under chaos, its faults); `count` is how many logical operations it performs. */
    const phase = async (name: PhaseName, label: string, count: number, figure: number, work: () => Promise<void>) => {
      const started = performance.now();
      idp.stats.phase = name;
      await Promise.all([work(), options.chaos ? faultsDuring(name, count) : undefined]);
      const seconds = (performance.now() - started) / 1000;
      phases.push({ phase: label, seconds: round(seconds), requests: figure, perSecond: round(figure / seconds) });
      options.log(`${label}: ${figure} in ${seconds.toFixed(1)} s`);
    };
    await phase('users', 'users (lookup + create)', emails.length, emails.length, () => idp.createUsers(emails));
    const memberships = [...assignments.values()].reduce((n, list) => n + list.length, 0);
    const membershipPatches = [...assignments.values()].reduce((n, list) => n + Math.ceil(list.length / 100), 0);
    await phase('groups', 'group memberships (create + PATCHes of 100)', groupNames.length + membershipPatches, memberships, () =>
      idp.pushGroups(assignments),
    );
    await phase('steady', 'steady (PUT/PATCH/deactivate/membership)', options.steadyOperations, options.steadyOperations, () =>
      idp.steady(options.steadyOperations),
    );
    const trafficEnded = Date.now();
    // Each fault owns the retried answers from when it struck until the next one struck (at most FELT_AFTER_RECOVERY_MS after it was over).
    struck.forEach(({ record, at, recoveredAt }, i) => {
      record.felt = idp.stats.retriedBetween(at, Math.min(struck[i + 1]?.at ?? trafficEnded + 1, recoveredAt + FELT_AFTER_RECOVERY_MS));
    });

    options.log('waiting for convergence');
    const lastRequest = idp.lastResponseAt;
    let problems: string[] = [];
    let convergedAt: number | null = null;
    const deadline = Date.now() + options.convergenceTimeoutMs;
    while (Date.now() < deadline) {
      problems = await verifyAgainstModel(
        db,
        { accountId, directoryId: connected.directoryId, mappings, extraMembers: ['owner@bench.io'] },
        idp,
      );
      if (problems.length === 0) {
        convergedAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const historyLength = await historyLengths(stack.temporalAddress());
    let ceilings: ScenarioResult['ceilings'];
    if (options.ceilings) {
      options.log('measuring the engine and database ceilings');
      const createsPerSecond = phases[0]!.perSecond;
      const engine = await engineCeiling(stack.temporalAddress(), Math.min(options.users, 2000), options.concurrency);
      const database = await databaseCeiling(stack.databaseUrl, 5000, options.concurrency);
      ceilings = {
        engineUpdatesPerSecond: round(engine.perSecond),
        engineLatencyMs: { p50: engine.p50, p99: engine.p99 },
        databaseUpsertsPerSecond: round(database),
        createsVsEngine: Math.round((createsPerSecond / engine.perSecond) * 100) / 100,
        createsVsDatabase: Math.round((createsPerSecond / database) * 1000) / 1000,
      };
    }
    const metricsProblems = (await stack.checkMetrics?.()) ?? [];
    const peakRssMiB = stack.peakRssMiB();
    await stack.stopServices();
    const summary = idp.stats.summary();
    return {
      options: {
        users: options.users,
        groups: options.groups,
        concurrency: options.concurrency,
        steadyOperations: options.steadyOperations,
        chaos: options.chaos,
        layout,
        ceilings: options.ceilings,
        convergenceTimeoutMs: options.convergenceTimeoutMs,
      },
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      phases,
      ...(options.variant ? { variant: options.variant.name } : {}),
      latency: summary.latency,
      groupPushLatency: idp.stats.summaryOfPhase('groups'),
      statuses: summary.statuses,
      nonRetryableErrors: idp.stats.nonRetryableErrors(),
      convergenceSeconds: convergedAt === null ? null : round((convergedAt - lastRequest) / 1000),
      peakRssMiB,
      historyLength,
      ...(ceilings ? { ceilings } : {}),
      faults,
      verdict: verdictOf(options.chaos ? plan : [], problems, faults, idp.stats.nonRetryableErrors(), summary.statuses, metricsProblems),
    };
  } finally {
    await db?.destroy();
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}

/**
 * The run passes when the database equals the model, every planned fault was felt, the IdP gave
 * up on nothing, nothing answered 500, and every process's metrics were there (`metricsProblems`).
 */
export function verdictOf(
  plan: ChaosPlan,
  mismatches: string[],
  faults: FaultRecord[],
  nonRetryableErrors: Record<string, number>,
  statuses: Record<string, number> = {},
  metricsProblems: string[] = [],
): ScenarioResult['verdict'] {
  const problems = mismatches.slice(0, 20);
  const unfelt = faults
    .filter((f) => Object.keys(f.felt).length === 0)
    .map((f) => `${f.fault} during ${f.phase} was not felt by any request`);
  const missing = faults.length !== plan.length ? [`${faults.length} of ${plan.length} planned faults struck`] : [];
  const refused = Object.entries(nonRetryableErrors).map(([key, count]) => `non-retryable: ${key} × ${count}`);
  // Outages answer 503 with Retry-After; a 500 is a bug even when the IdP's retry then succeeds.
  const errors = Object.entries(statuses)
    .filter(([key]) => key.endsWith(' 500'))
    .map(([key, count]) => `answered ${key} × ${count}`);
  problems.push(...unfelt, ...missing, ...refused, ...errors, ...metricsProblems);
  const converged = mismatches.length === 0;
  const faultsFelt = unfelt.length === 0 && missing.length === 0;
  const passed = converged && faultsFelt && refused.length === 0 && errors.length === 0 && metricsProblems.length === 0;
  return { converged, faultsFelt, passed, problems };
}

/** What the scenario drives and breaks: the services, where they are, and how each fault is done to them. */
interface Stack {
  apiBaseUrls: string[];
  adminToken: string;
  databaseUrl: string;
  /** The frontend's address (a restarted dev server keeps it). */
  temporalAddress(): string;
  /** Does the fault and waits until it is over (the component is back). */
  inject(fault: FaultKind): Promise<void>;
  /** The largest API and worker process. */
  peakRssMiB(): { api: number; worker: number };
  /** Problems with the processes' /metrics after the run (the cluster layout scrapes each; the dev layout has none to check). */
  checkMetrics?(): Promise<string[]>;
  /** Stops the API and worker processes (the figures are read first). */
  stopServices(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One API and one worker process on a throwaway PostgreSQL and the Temporal dev server (`npm run bench` as before). */
async function startDevStack(workDir: string, env: Record<string, string>, fairness: boolean): Promise<Stack> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const postgres: PostgresCluster = await startThrowawayPostgres();
    stops.push(() => postgres.stop());
    const devServerOptions = { ...(await throwawayDevServerOptions(workDir)), fairness };
    let temporal: DevServer = await startTemporalDevServer(devServerOptions);
    stops.push(() => temporal.stop());
    const migrator = knex({ client: 'pg', connection: postgres.url, pool: { min: 0, max: 1 } });
    // Both roles migrate at start; doing it first keeps them from racing for the migration lock.
    await migrateToLatest(migrator).finally(() => migrator.destroy());

    const adminToken = randomUUID();
    const port = await freePort();
    const settings = {
      logDir: workDir,
      env: {
        ...productionEnv({ databaseUrl: postgres.url, temporalAddress: temporal.address, adminToken, port, taskQueue: 'directory-sync' }),
        ...env,
      },
    };
    const services = await startServices(settings, port);
    stops.push(() => services.stop());
    const { worker, api, baseUrl } = services;
    return {
      apiBaseUrls: [baseUrl],
      adminToken,
      databaseUrl: postgres.url,
      temporalAddress: () => temporal.address,
      inject: async (fault) => {
        if (fault === 'kill -9 worker') {
          worker.kill();
          await sleep(WORKER_DOWN_MS);
          worker.start();
        } else if (fault === 'restart Temporal') {
          await temporal.stop();
          await sleep(TEMPORAL_DOWN_MS);
          temporal = await startTemporalDevServer(devServerOptions);
        } else if (fault === 'stop PostgreSQL') {
          await postgres.pause();
          await sleep(3000);
          await postgres.resume();
        } else {
          throw new Error(`${fault}: the dev layout has one API process; use the cluster layout`);
        }
      },
      peakRssMiB: () => ({ api: api.peakRssMiB, worker: worker.peakRssMiB }),
      stopServices: () => services.stop(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The production layout of `npm run cluster` (two APIs, two workers, the real Temporal server on PostgreSQL), throwaway. */
async function startClusterStack(workDir: string, env: Record<string, string>, log: (line: string) => void): Promise<Stack> {
  // As root the cluster's PostgreSQL runs as nobody, who must pass through the (0700) temporary folder.
  fs.chmodSync(workDir, 0o711);
  const cluster = await startCluster({
    dataDir: path.join(workDir, 'cluster'),
    mode: 'throwaway',
    apis: 2,
    workers: 2,
    ui: false,
    namespace: 'default',
    retentionDays: 1,
    env,
    log,
  });
  let workerKills = 0;
  let apiKills = 0;
  const stopServices = async () => {
    await Promise.all(cluster.apis.map((api) => api.stop()));
    await Promise.all(cluster.workers.map((worker) => worker.stop()));
  };
  return {
    apiBaseUrls: cluster.apiBaseUrls,
    adminToken: cluster.adminToken,
    databaseUrl: cluster.databaseUrl,
    temporalAddress: () => cluster.temporal.address,
    inject: async (fault) => {
      if (fault === 'kill -9 worker') {
        // One of the two, in turn; the other keeps running and takes the killed one's work over.
        const worker = cluster.workers[workerKills++ % cluster.workers.length]!;
        worker.kill();
        await sleep(WORKER_DOWN_MS);
        worker.start();
      } else if (fault === 'kill -9 API') {
        const api = cluster.apis[apiKills++ % cluster.apis.length]!;
        api.kill();
        await sleep(API_DOWN_MS);
        api.start();
        await waitForHealthy(cluster.apiBaseUrls[cluster.apis.indexOf(api)]!);
      } else if (fault === 'restart Temporal') {
        await cluster.temporal.stop();
        await sleep(TEMPORAL_DOWN_MS);
        await cluster.temporal.start();
      } else {
        await cluster.postgres.pause();
        await sleep(3000);
        await cluster.postgres.resume();
      }
    },
    peakRssMiB: () => ({
      api: Math.max(...cluster.apis.map((api) => api.peakRssMiB)),
      worker: Math.max(...cluster.workers.map((worker) => worker.peakRssMiB)),
    }),
    checkMetrics: () => clusterMetricsProblems(cluster.metricsEndpoints),
    stopServices,
    stop: () => cluster.stop(),
  };
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
