import { parseArgs } from 'node:util';
import { report } from './report';
import { runScenario, type ScenarioOptions } from './scenario';

/**
 * The shared command line of `npm run bench`, `npm run chaos` and `npm run cluster:check`: `--users --groups
 * --concurrency --steady --cluster` over the given defaults, then the scenario, its report, and exit 1 unless its verdict passed.
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
    },
  });
  runScenario({
    ...fixed,
    users: Number(values.users),
    groups: Number(values.groups),
    concurrency: Number(values.concurrency),
    steadyOperations: Number(values.steady),
    ceilings: fixed.ceilings && !values['no-ceilings'],
    layout: fixed.layout ?? (values.cluster ? 'cluster' : 'dev'),
    log: (line) => process.stderr.write(`[${name}] ${line}\n`),
  }).then(
    (result) => {
      process.stdout.write(`${report(name, result)}\n`);
      process.exit(result.verdict.passed ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
