import { parseArgs } from 'node:util';
import { compareVariants, report } from './report';
import { BENCH_VARIANTS, runScenario, type ScenarioOptions, type ScenarioResult } from './scenario';

/**
 * The shared command line of `npm run bench`, `npm run chaos` and `npm run cluster:check`: `--users --groups
 * --concurrency --steady --cluster` over the given defaults, then the scenario, its report, and exit 1 unless its verdict passed.
 * `--variants off,on` runs the scenario once per variant (BENCH_VARIANTS), one after the other in
 * this invocation, and ends with a table comparing their group-push latencies.
 */
export function runFromCommandLine(
  name: 'bench' | 'chaos' | 'cluster-check',
  defaults: { users: number; groups: number; steady: number },
  fixed: Pick<ScenarioOptions, 'chaos' | 'convergenceTimeoutMs' | 'plan' | 'layout'> & { ceilings: boolean },
): void {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: String(defaults.users) },
      groups: { type: 'string', default: String(defaults.groups) },
      concurrency: { type: 'string', default: '16' },
      steady: { type: 'string', default: String(defaults.steady) },
      'no-ceilings': { type: 'boolean', default: false },
      // The production layout (npm run cluster): two APIs, two workers, the real Temporal server on PostgreSQL.
      cluster: { type: 'boolean', default: false },
      variants: { type: 'string', default: '' },
    },
  });
  const variants = values.variants ? values.variants.split(',').map((v) => v.trim()) : [undefined];
  const unknown = variants.filter((v) => v !== undefined && !BENCH_VARIANTS[v]);
  if (unknown.length) throw new Error(`unknown variant(s) ${unknown.join(', ')}; known: ${Object.keys(BENCH_VARIANTS).join(', ')}`);
  const runAll = async () => {
    const results: ScenarioResult[] = [];
    for (const variant of variants) {
      const result = await runScenario({
        ...fixed,
        users: Number(values.users),
        groups: Number(values.groups),
        concurrency: Number(values.concurrency),
        steadyOperations: Number(values.steady),
        ceilings: fixed.ceilings && !values['no-ceilings'],
        layout: fixed.layout ?? (values.cluster ? 'cluster' : 'dev'),
        ...(variant ? { variant: BENCH_VARIANTS[variant]! } : {}),
        log: (line) => process.stderr.write(`[${name}${variant ? ` ${variant}` : ''}] ${line}\n`),
      });
      process.stdout.write(`${report(variant ? `${name}-${variant}` : name, result)}\n`);
      results.push(result);
    }
    if (results.length > 1) process.stdout.write(`${compareVariants(results)}\n`);
    return results;
  };
  runAll().then(
    (results) => {
      process.exit(results.every((result) => result.verdict.passed) ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
