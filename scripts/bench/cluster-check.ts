/**
 * `npm run cluster:check [-- --users N --groups N --steady N]`: the CI check of the production layout
 * (scripts/cluster/layout.ts: the real Temporal server on PostgreSQL, two APIs, two workers). A few
 * hundred users are provisioned while one worker and then one API are killed with -9 and restarted
 * (CLUSTER_CHECK_PLAN), the IdP spreading its requests across both APIs; the database must then
 * equal the IdP's model, every kill must have been felt, and nothing may answer 500. The first run
 * builds the Temporal server (scripts/ensure-temporal-server.sh).
 */
import { runFromCommandLine } from './command-line';
import { CLUSTER_CHECK_PLAN } from './scenario';

runFromCommandLine(
  'cluster-check',
  { users: 400, groups: 12, steady: 600 },
  { chaos: true, ceilings: false, convergenceTimeoutMs: 5 * 60_000, layout: 'cluster', plan: CLUSTER_CHECK_PLAN },
);
