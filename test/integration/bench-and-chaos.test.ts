import { CHAOS_PLAN, runScenario, type ScenarioOptions } from '../../scripts/bench/scenario';

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
  expect(result.verdict).toEqual({ converged: true, faultsFelt: true, passed: true, problems: [] });
  expect(result.nonRetryableErrors).toEqual({});
  expect(result.statuses['create 201']).toBe(300);
}, 600_000);

it('loses and duplicates nothing when the worker, Temporal and PostgreSQL fail in every phase', async () => {
  const result = await runScenario({ ...base, chaos: true });
  // Every planned fault struck in its phase, and each was felt: some request was answered 503 or
  // lost and retried while it lasted (a fault that hits nothing proves nothing).
  expect(result.faults.map((f) => ({ fault: f.fault, phase: f.phase }))).toEqual(
    CHAOS_PLAN.map((step) => ({ fault: step.fault, phase: step.phase })),
  );
  expect(result.faults.filter((fault) => Object.keys(fault.felt).length === 0)).toEqual([]);
  expect(result.verdict).toEqual({ converged: true, faultsFelt: true, passed: true, problems: [] });
  expect(result.nonRetryableErrors).toEqual({});
  // Outages answer 503 (retried) or delay, never 500, and never leave the IdP waiting past its timeout.
  expect(Object.keys(result.statuses).filter((key) => / (500|network)$/.test(key))).toEqual([]);
}, 600_000);
