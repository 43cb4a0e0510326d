/**
 * `npm run bench [-- --users N --groups N --concurrency N --steady N]`: the IdP simulator against
 * the API and worker as separate processes on real PostgreSQL and Temporal, with the engine and
 * database ceilings measured in the same run. Prints figures and the convergence verdict.
 */
import { parseArgs } from 'node:util';
import { report } from './report';
import { runScenario } from './scenario';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '10000' },
      groups: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '16' },
      steady: { type: 'string', default: '2000' },
      'no-ceilings': { type: 'boolean', default: false },
    },
  });
  const result = await runScenario({
    users: Number(values.users),
    groups: Number(values.groups),
    concurrency: Number(values.concurrency),
    steadyOperations: Number(values.steady),
    chaos: false,
    ceilings: !values['no-ceilings'],
    convergenceTimeoutMs: 30 * 60_000,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  });
  process.stdout.write(`${report('bench', result)}\n`);
  process.exit(result.verdict.converged ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
