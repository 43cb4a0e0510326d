/**
 * `npm run chaos [-- --users N --groups N --concurrency N]`: the initial sync while the worker is
 * killed with -9 and restarted, the Temporal dev server is restarted on the same SQLite file, and
 * PostgreSQL is stopped and started. The IdP simulator retries what an IdP retries; afterwards the
 * database must equal its model.
 */
import { parseArgs } from 'node:util';
import { report } from './report';
import { runScenario } from './scenario';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '2000' },
      groups: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '16' },
      steady: { type: 'string', default: '500' },
    },
  });
  const result = await runScenario({
    users: Number(values.users),
    groups: Number(values.groups),
    concurrency: Number(values.concurrency),
    steadyOperations: Number(values.steady),
    chaos: true,
    ceilings: false,
    convergenceTimeoutMs: 15 * 60_000,
    log: (line) => process.stderr.write(`[chaos] ${line}\n`),
  });
  process.stdout.write(`${report('chaos', result)}\n`);
  process.exit(result.verdict.converged ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
