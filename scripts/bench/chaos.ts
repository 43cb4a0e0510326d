/**
 * `npm run chaos [-- --users N --groups N --concurrency N --steady N]`: the initial sync while the
 * worker is killed with -9 and restarted, the Temporal dev server is restarted on the same SQLite
 * file, and PostgreSQL is stopped and started. The IdP simulator retries what an IdP retries;
 * afterwards the database must equal its model.
 */
import { runFromCommandLine } from './command-line';

runFromCommandLine('chaos', { users: 2000, groups: 50, steady: 500 }, { chaos: true, ceilings: false, convergenceTimeoutMs: 15 * 60_000 });
