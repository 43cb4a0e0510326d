/**
 * `npm run bench [-- --users N --groups N --concurrency N --steady N --no-ceilings]`: the IdP
 * simulator against the API and worker as separate processes on real PostgreSQL and Temporal,
 * with the engine and database ceilings measured in the same run. Prints figures and the
 * convergence verdict.
 */
import { runFromCommandLine } from './command-line';

runFromCommandLine(
  'bench',
  { users: 10_000, groups: 200, steady: 2000 },
  { chaos: false, ceilings: true, convergenceTimeoutMs: 30 * 60_000 },
);
