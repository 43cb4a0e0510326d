/**
 * `npm run bench:fairness [-- --users 1500 --changes 300 --b-rate 10 --limit 25 --variants
 * off,on-unlimited,on]`: two tenants on one service. Tenant A's initial sync (lookup + create of
 * `--users` users, 16 concurrent) runs while tenant B sends up to `--changes` day-to-day changes
 * (title PATCH, deactivate/reactivate of its existing users; `--b-rate` per second, 2 concurrent
 * at most; half as many alone first). B's latency is per change as its IdP saw it, retries
 * included. For each variant, in this one invocation, a fresh service (throwaway PostgreSQL, dev
 * server, API and worker processes) measures B alone (idle), then B during A's sync, and checks
 * both tenants' databases against their IdPs' models.
 * - `off`: no priority nor fairness key (TEMPORAL_PRIORITY=off), the dev server's default matcher,
 *   no per-directory in-flight limit;
 * - `on-unlimited`: priorities with the directory as fairness key, the fairness matcher on, no
 *   in-flight limit;
 * - `on`: the defaults, `on-unlimited` with at most 4 requests in progress per directory;
 *   `on-in-flight-1` / `-2` / `-8` the same with 1 / 2 / 8;
 * - `on-slots-8`: `on` with 8 workflow-task slots (4 pollers), so tasks queue in the server;
 * - `on-limit`: `on-unlimited` plus the per-directory rate limit (`--limit` requests/s, burst the same).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectBenchDirectory } from './directory-setup';
import { IdpSimulator } from './idp-simulator';
import { startThrowawayBackends } from './layouts';
import type { LatencyFigure } from './request-stats';
import { startServices } from './service-processes';
import { verifyAgainstModel } from './verify';

function figure(latencies: number[]): LatencyFigure {
  const sorted = [...latencies].sort((x, y) => x - y);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

interface VariantResult {
  variant: string;
  idle: LatencyFigure;
  during: LatencyFigure;
  bSentDuring: number;
  aUsers: number;
  aSeconds: number;
  aPerSecond: number;
  statuses: { a: Record<string, number>; b: Record<string, number> };
  problems: string[];
}

/** No per-directory in-flight limit: A's 16 requests all run at once (as before the limit existed). */
const UNLIMITED = { SCIM_IN_FLIGHT_PER_DIRECTORY: '0' };

const VARIANTS: Record<string, (limit: number) => { env: Record<string, string>; fairness: boolean }> = {
  off: () => ({ env: { TEMPORAL_PRIORITY: 'off', ...UNLIMITED }, fairness: false }),
  'on-unlimited': () => ({ env: { TEMPORAL_PRIORITY: 'on', ...UNLIMITED }, fairness: true }),
  // The defaults: priorities, fairness keys and matcher, at most SCIM_IN_FLIGHT_PER_DIRECTORY (4) in progress per directory.
  on: () => ({ env: { TEMPORAL_PRIORITY: 'on' }, fairness: true }),
  'on-in-flight-1': () => ({ env: { TEMPORAL_PRIORITY: 'on', SCIM_IN_FLIGHT_PER_DIRECTORY: '1' }, fairness: true }),
  'on-in-flight-2': () => ({ env: { TEMPORAL_PRIORITY: 'on', SCIM_IN_FLIGHT_PER_DIRECTORY: '2' }, fairness: true }),
  'on-in-flight-8': () => ({ env: { TEMPORAL_PRIORITY: 'on', SCIM_IN_FLIGHT_PER_DIRECTORY: '8' }, fairness: true }),
  // Fewer workflow-task slots than A has requests in flight: tasks wait in the server, where the
  // fairness matcher orders them, rather than in the worker.
  'on-slots-8': () => ({
    env: { TEMPORAL_PRIORITY: 'on', WORKER_WORKFLOW_TASK_SLOTS: '8', WORKER_WORKFLOW_TASK_POLLERS: '4' },
    fairness: true,
  }),
  'on-limit': (limit) => ({
    env: { TEMPORAL_PRIORITY: 'on', ...UNLIMITED, SCIM_RATE_LIMIT_PER_SECOND: String(limit), SCIM_RATE_LIMIT_BURST: String(limit) },
    fairness: true,
  }),
};

const log = (line: string) => process.stderr.write(`[fairness] ${line}\n`);

async function runVariant(
  name: string,
  options: { users: number; changes: number; bUsers: number; limit: number; bRate: number },
): Promise<VariantResult> {
  const variant = VARIANTS[name]!(options.limit);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-fairness-'));
  const stops: Array<() => Promise<unknown>> = [];
  try {
    log(`${name}: starting PostgreSQL, Temporal, API and worker (work dir ${workDir})`);
    const { db, adminToken, port, env } = await startThrowawayBackends(workDir, stops, { fairness: variant.fairness });
    const settings = {
      logDir: workDir,
      env: {
        ...env,
        // The rate limit is off unless the variant sets one (ServiceProcess's bench default).
        SCIM_RATE_LIMIT_PER_SECOND: '0',
        ...variant.env,
      },
    };
    const services = await startServices(settings, port);
    stops.push(() => services.stop());
    const { baseUrl } = services;
    const tenantA = await connectBenchDirectory(baseUrl, adminToken, [], 'tenant-a');
    const tenantB = await connectBenchDirectory(baseUrl, adminToken, [], 'tenant-b');
    const a = new IdpSimulator({ scimBaseUrl: `${baseUrl}/scim/v2`, token: tenantA.token, concurrency: 16, random: seeded(1) });
    const b = new IdpSimulator({ scimBaseUrl: `${baseUrl}/scim/v2`, token: tenantB.token, concurrency: 8, random: seeded(2) });

    log(`${name}: tenant B's ${options.bUsers} users`);
    await b.createUsers(Array.from({ length: options.bUsers }, (_, i) => `b-user${i}@tenant-b.io`));
    log(`${name}: tenant B alone, ${options.changes / 2} changes at ${options.bRate}/s, 2 concurrent at most`);
    const idle = await b.ordinaryChanges(options.changes / 2, { concurrency: 2, perSecond: options.bRate });
    log(`${name}: tenant A's sync of ${options.users} users at 16 concurrent, tenant B's changes beside it`);
    let aDone = false;
    const started = performance.now();
    const [, during] = await Promise.all([
      a.createUsers(Array.from({ length: options.users }, (_, i) => `a-user${i}@tenant-a.io`)).finally(() => {
        aDone = true;
      }),
      // B keeps sending only while A syncs, so none of its figures come from a quiet service.
      b.ordinaryChanges(options.changes, { concurrency: 2, perSecond: options.bRate, stop: () => aDone }),
    ]);
    const aSeconds = (performance.now() - started) / 1000;
    log(`${name}: A done in ${aSeconds.toFixed(1)} s, B sent ${during.length} changes meanwhile; verifying both tenants`);
    const problems: string[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      problems.length = 0;
      for (const [tenant, idp] of [
        [tenantA, a],
        [tenantB, b],
      ] as const) {
        problems.push(
          ...(await verifyAgainstModel(
            db,
            { accountId: tenant.accountId, directoryId: tenant.directoryId, mappings: [], extraMembers: ['owner@bench.io'] },
            idp,
          )),
        );
      }
      if (problems.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const refused = [...Object.entries(a.stats.nonRetryableErrors()), ...Object.entries(b.stats.nonRetryableErrors())];
    problems.push(...refused.map(([key, count]) => `non-retryable: ${key} × ${count}`));
    return {
      variant: name,
      idle: figure(idle),
      during: figure(during),
      bSentDuring: during.length,
      aUsers: a.users.size,
      aSeconds: Math.round(aSeconds * 10) / 10,
      aPerSecond: Math.round((a.users.size / aSeconds) * 10) / 10,
      statuses: { a: a.stats.summary().statuses, b: b.stats.summary().statuses },
      problems: problems.slice(0, 20),
    };
  } finally {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    if (!process.env.KEEP_BENCH_DIR) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function seeded(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

async function main(): Promise<boolean> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '1500' },
      changes: { type: 'string', default: '300' },
      'b-users': { type: 'string', default: '300' },
      limit: { type: 'string', default: '25' },
      'b-rate': { type: 'string', default: '10' },
      variants: { type: 'string', default: 'off,on-unlimited,on' },
    },
  });
  const names = values.variants.split(',').map((v) => v.trim());
  const unknown = names.filter((n) => !VARIANTS[n]);
  if (unknown.length) throw new Error(`unknown variant(s) ${unknown.join(', ')}; known: ${Object.keys(VARIANTS).join(', ')}`);
  const options = {
    users: Number(values.users),
    changes: Number(values.changes),
    bUsers: Number(values['b-users']),
    limit: Number(values.limit),
    bRate: Number(values['b-rate']),
  };
  const results: VariantResult[] = [];
  for (const name of names) results.push(await runVariant(name, options));

  const lines = [
    `\nfairness: tenant A syncs ${options.users} users (16 concurrent) while tenant B sends day-to-day changes (${options.bRate}/s, 2 concurrent at most); B's latencies include retries; ${os.cpus().length} cores, Node ${process.version}`,
    'variant    B idle p50/p99 ms    B during A p50/p99 ms   B sent   p99 during/idle   A users/s   verdict',
  ];
  for (const r of results) {
    const ratio = r.idle.p99 > 0 ? r.during.p99 / r.idle.p99 : NaN;
    lines.push(
      `${r.variant.padEnd(10)} ${`${r.idle.p50.toFixed(0)} / ${r.idle.p99.toFixed(0)}`.padStart(16)} ${`${r.during.p50.toFixed(0)} / ${r.during.p99.toFixed(0)}`.padStart(22)} ${String(r.bSentDuring).padStart(8)} ${`${ratio.toFixed(2)}x`.padStart(17)} ${r.aPerSecond.toFixed(1).padStart(11)}   ${r.problems.length === 0 ? 'both tenants converged' : `FAILED: ${r.problems.join(' | ')}`}`,
    );
  }
  for (const r of results)
    lines.push(`${r.variant}: A statuses ${JSON.stringify(r.statuses.a)}; B statuses ${JSON.stringify(r.statuses.b)}`);
  const dir = path.resolve(__dirname, '../../bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `fairness-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ options, results }, null, 2)}\n`);
  lines.push(`figures written to ${path.relative(process.cwd(), file)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return results.every((r) => r.problems.length === 0);
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
