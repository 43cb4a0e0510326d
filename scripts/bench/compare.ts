/**
 * `npm run bench:compare [-- --users 1500 --concurrency 16 --updates 1500 --layouts embedded,processes,peer
 *   --before <checkout> --variant 'name:KEY=value,KEY=value' --ceiling-ops 1500]`
 *
 * One workload, several configurations, one run: for each layout (see layouts.ts) the IdP
 * simulator creates the users as Okta does (lookup, then create), looks each one up again, PATCHes
 * each one's title and deactivates them, then checks the server against its model. `--before`
 * adds the same layouts from another checkout (e.g. main); `--variant` adds the embedded default
 * with extra environment (a tuning candidate). The engine ceiling (update-with-start of a no-op
 * workflow on a dev server with the same options) is measured in the same run. Prints figures and
 * writes them as JSON under bench-results/; it asserts nothing about timings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server';
import { engineCeiling, type EngineFigure } from './ceilings';
import { IdpSimulator } from './idp-simulator';
import { peerInstalled, startLayout, throwawayDevServerOptions, type LayoutSpec } from './layouts';
import { PROJECT_ROOT } from './service-processes';

const PHASES = ['lookups', 'creates', 'patches', 'deactivations'] as const;
type PhaseName = (typeof PHASES)[number];
/** The request type whose latency a phase reports (creates: the POST alone, without Okta's lookup before it). */
const REQUEST_TYPE: Record<PhaseName, string> = { lookups: 'lookup', creates: 'create', patches: 'patch', deactivations: 'deactivate' };

interface PhaseResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers other than the expected ones (retried 5xx/429, network errors). */
  unexpected: Record<string, number>;
}

interface LayoutResult {
  name: string;
  kind: LayoutSpec['kind'];
  root: string;
  env: Record<string, string>;
  phases?: Record<PhaseName, PhaseResult>;
  peakRssMiB?: Record<string, number>;
  verdict: { ok: boolean; problems: string[] };
  error?: string;
}

interface CompareOptions {
  users: number;
  concurrency: number;
  updates: number;
  ceilingOperations: number;
  layouts: LayoutSpec[];
  log(line: string): void;
}

async function runCompare(
  options: CompareOptions,
): Promise<{ layouts: LayoutResult[]; ceiling: EngineFigure & { existing: EngineFigure } }> {
  const results: LayoutResult[] = [];
  for (const spec of options.layouts) {
    options.log(`${spec.name}: starting`);
    results.push(await runLayout(spec, options));
  }
  options.log('engine ceiling: update-with-start of a no-op workflow');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-compare-ceiling-'));
  const temporal = await startTemporalDevServer(await throwawayDevServerOptions(workDir));
  try {
    const ceiling = await engineCeiling(temporal.address, options.ceilingOperations, options.concurrency);
    return {
      layouts: results,
      ceiling: {
        ...ceiling,
        perSecond: round(ceiling.perSecond),
        existing: { ...ceiling.existing, perSecond: round(ceiling.existing.perSecond) },
      },
    };
  } finally {
    await temporal.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function runLayout(spec: LayoutSpec, options: CompareOptions): Promise<LayoutResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `dsync-compare-${spec.name}-`));
  const base = { name: spec.name, kind: spec.kind, root: spec.root, env: spec.env };
  try {
    const layout = await startLayout(spec, workDir);
    try {
      const idp = new IdpSimulator({ scimBaseUrl: layout.scimBaseUrl, token: layout.token, concurrency: options.concurrency });
      const emails = Array.from({ length: options.users }, (_, i) => `user${i}.compare@bench.io`);
      const updated = emails.slice(0, options.updates);
      const work: Record<PhaseName, () => Promise<void>> = {
        creates: () => idp.createUsers(emails),
        lookups: () => idp.lookupUsers(emails),
        patches: () => idp.patchTitles(updated, 'Patched by the bench'),
        deactivations: () => idp.deactivateUsers(updated),
      };
      const measure = async (phase: PhaseName): Promise<PhaseResult> => {
        idp.stats.clear();
        const started = performance.now();
        await work[phase]();
        const seconds = (performance.now() - started) / 1000;
        const { latency, statuses } = idp.stats.summary();
        const count = phase === 'creates' || phase === 'lookups' ? emails.length : updated.length;
        const figures = latency[REQUEST_TYPE[phase]];
        options.log(`${spec.name}: ${phase} ${count} in ${seconds.toFixed(1)} s`);
        return {
          count,
          seconds: round(seconds),
          perSecond: round(count / seconds),
          p50: figures?.p50 ?? 0,
          p99: figures?.p99 ?? 0,
          unexpected: Object.fromEntries(Object.entries(statuses).filter(([key]) => !/ (200|201|204)$/.test(key))),
        };
      };
      // Creates first: the other phases need the users.
      const creates = await measure('creates');
      const lookups = await measure('lookups');
      const patches = await measure('patches');
      const deactivations = await measure('deactivations');
      const phases = { creates, lookups, patches, deactivations };
      let problems = await layout.verify(idp);
      // Writes are answered once applied; a moment more for anything asynchronous, then the verdict.
      for (let attempt = 0; problems.length > 0 && attempt < 20; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        problems = await layout.verify(idp);
      }
      return { ...base, phases, peakRssMiB: layout.peakRssMiB(), verdict: { ok: problems.length === 0, problems: problems.slice(0, 10) } };
    } finally {
      await layout.stop();
    }
  } catch (error) {
    options.log(`${spec.name}: FAILED ${(error as Error).message}`);
    return { ...base, verdict: { ok: false, problems: [] }, error: (error as Error).message };
  } finally {
    if (!process.env.KEEP_BENCH_DIR) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function report(result: Awaited<ReturnType<typeof runCompare>>, options: CompareOptions): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const { ceiling } = result;
  out(
    `\nbench:compare: ${options.users} users, ${options.updates} PATCHes and deactivations, ${options.concurrency} concurrent (${os.cpus().length} cores, Node ${process.version})`,
  );
  out(
    '\nlayout                  lookups/s p50/p99 ms    creates/s p50/p99 ms    PATCH/s p50/p99 ms      deactivations/s p50/p99 ms   verdict',
  );
  const cell = (p: PhaseResult) =>
    `${p.perSecond.toFixed(1).padStart(7)} ${String(Math.round(p.p50)).padStart(5)}/${String(Math.round(p.p99)).padEnd(6)}`.padEnd(24);
  for (const layout of result.layouts) {
    const row = layout.phases ? PHASES.map((phase) => cell(layout.phases![phase])).join('') : `FAILED: ${layout.error}`.padEnd(96);
    out(
      `${layout.name.padEnd(24)}${row}${layout.verdict.ok ? 'equal to the model' : `MISMATCH ${layout.verdict.problems.slice(0, 3).join(' | ')}`}`,
    );
  }
  out(`\nengine ceiling, ${options.ceilingOperations} no-op workflows at ${options.concurrency} concurrent:`);
  out(`  update-with-start of a new workflow (as a create): ${ceiling.perSecond}/s, p50 ${ceiling.p50} ms, p99 ${ceiling.p99} ms`);
  out(
    `  update of a running workflow (as a PATCH or deactivation): ${ceiling.existing.perSecond}/s, p50 ${ceiling.existing.p50} ms, p99 ${ceiling.existing.p99} ms`,
  );
  const peer = result.layouts.find((l) => l.kind === 'peer' && l.phases)?.phases;
  out('\nratios                  lookups vs peer (rate, p50)   creates / PATCH / deactivations vs their ceiling    vs peer');
  for (const layout of result.layouts) {
    if (!layout.phases || layout.kind === 'peer') continue;
    const p = layout.phases;
    const vsPeer = peer
      ? `${ratio(p.lookups.perSecond, peer.lookups.perSecond)}, p50 ${Math.round(p.lookups.p50)} vs ${Math.round(peer.lookups.p50)} ms`
      : '(no peer)';
    const vsCeiling = [
      p.creates.perSecond / ceiling.perSecond,
      p.patches.perSecond / ceiling.existing.perSecond,
      p.deactivations.perSecond / ceiling.existing.perSecond,
    ]
      .map(percent)
      .join(' / ');
    const writesVsPeer = peer
      ? (['creates', 'patches', 'deactivations'] as const).map((phase) => ratio(p[phase].perSecond, peer[phase].perSecond)).join(' / ')
      : '';
    out(`${layout.name.padEnd(24)}${vsPeer.padEnd(30)}${vsCeiling.padEnd(52)}${writesVsPeer}`);
  }
  for (const layout of result.layouts) {
    const unexpected = Object.entries(layout.phases ?? {}).flatMap(([phase, p]) =>
      Object.entries(p.unexpected).map(([k, v]) => `${phase}: ${k} ×${v}`),
    );
    if (unexpected.length) out(`${layout.name}: retried answers ${unexpected.join(', ')}`);
    if (layout.peakRssMiB)
      out(
        `${layout.name}: peak RSS ${Object.entries(layout.peakRssMiB)
          .map(([k, v]) => `${k} ${v} MiB`)
          .join(', ')}`,
      );
  }
  const dir = path.join(PROJECT_ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `compare-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const { log: _log, ...recorded } = options;
  fs.writeFileSync(
    file,
    `${JSON.stringify({ options: recorded, machine: { cpus: os.cpus().length, node: process.version }, ...result }, null, 2)}\n`,
  );
  out(`\nfigures written to ${path.relative(process.cwd(), file)}`);
  return lines.join('\n');
}

const ratio = (value: number, reference: number) => `${(value / reference).toFixed(2)}×`;
const percent = (value: number) => `${Math.round(value * 100)}%`;
const round = (value: number) => Math.round(value * 10) / 10;

/** `name:KEY=value,KEY=value` → an embedded layout of this checkout with that environment. */
function parseVariant(text: string): LayoutSpec {
  const [name, settings = ''] = text.split(/:(.*)/s);
  if (!name) throw new Error(`--variant ${text}: expected name:KEY=value,...`);
  const env: Record<string, string> = {};
  for (const pair of settings.split(',').filter(Boolean)) {
    const [key, value] = pair.split(/=(.*)/s);
    if (!key || value === undefined) throw new Error(`--variant ${text}: ${pair} is not KEY=value`);
    env[key] = value;
  }
  return { name, kind: 'embedded', root: PROJECT_ROOT, env };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '1500' },
      concurrency: { type: 'string', default: '16' },
      updates: { type: 'string' },
      layouts: { type: 'string', default: 'embedded,processes,peer' },
      before: { type: 'string' },
      variant: { type: 'string', multiple: true, default: [] },
      'ceiling-ops': { type: 'string', default: '1500' },
    },
  });
  const log = (line: string) => process.stderr.write(`[compare] ${line}\n`);
  // The ceiling's worker runs in this process: its state changes are not figures.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const kinds = values.layouts.split(',').filter(Boolean) as Array<LayoutSpec['kind']>;
  const layouts: LayoutSpec[] = [];
  for (const kind of kinds) {
    if (kind === 'peer') {
      if (peerInstalled()) layouts.push({ name: 'peer', kind, root: PROJECT_ROOT, env: {} });
      else log('peer: not installed (npm run bench:peer:install); compared with the engine ceiling only');
      continue;
    }
    if (kind !== 'embedded' && kind !== 'processes') throw new Error(`--layouts: unknown layout ${kind}`);
    if (values.before) layouts.push({ name: `before ${kind}`, kind, root: path.resolve(values.before), env: {} });
    layouts.push({ name: values.before ? `after ${kind}` : kind, kind, root: PROJECT_ROOT, env: {} });
  }
  layouts.push(...values.variant.map(parseVariant));
  const users = Number(values.users);
  const options: CompareOptions = {
    users,
    concurrency: Number(values.concurrency),
    updates: Math.min(users, Number(values.updates ?? users)),
    ceilingOperations: Number(values['ceiling-ops']),
    layouts,
    log,
  };
  runCompare(options).then(
    (result) => {
      process.stdout.write(`${report(result, options)}\n`);
      process.exit(result.layouts.every((l) => l.verdict.ok) ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

main();
