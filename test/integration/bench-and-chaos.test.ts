import { runScenario, type ScenarioOptions } from '../../scripts/bench/scenario';

/**
 * Small versions of `npm run bench` and `npm run chaos` as correctness checks: the API and the
 * worker run as their own processes, the simulated IdP drives them, and afterwards the database
 * must equal the IdP's model. No timing is asserted (the machine is shared and noisy).
 */
const base: Omit<ScenarioOptions, 'chaos'> = {
  users: 300,
  groups: 12,
  concurrency: 16,
  steadyOperations: 200,
  ceilings: false,
  convergenceTimeoutMs: 120_000,
  log: () => {},
};

it('provisions 300 users through the simulated IdP and converges to its model', async () => {
  const result = await runScenario({ ...base, chaos: false });
  expect(result.verdict).toEqual({ converged: true, problems: [] });
  expect(result.nonRetryableErrors).toEqual({});
  expect(result.statuses['create 201']).toBe(300);
}, 600_000);

it('loses and duplicates nothing when the worker, Temporal and PostgreSQL fail mid-sync', async () => {
  const result = await runScenario({ ...base, chaos: true });
  expect(result.faults).toEqual([expect.stringMatching(/^kill -9 worker/), expect.stringMatching(/^restart Temporal/), expect.stringMatching(/^stop PostgreSQL/), 'PostgreSQL back']);
  expect(result.verdict).toEqual({ converged: true, problems: [] });
  expect(result.nonRetryableErrors).toEqual({});
  // Outages answer 503 (retried) or delay, never 500, and never leave the IdP waiting past its timeout.
  expect(Object.keys(result.statuses).filter((key) => / (500|network)$/.test(key))).toEqual([]);
}, 600_000);
