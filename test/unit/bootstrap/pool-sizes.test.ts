import { connectionsNeeded, poolRoles, poolSize } from '../../../src/bootstrap/pool-sizes';
import { loadConfig } from '../../../src/config';

describe('pool sizes', () => {
  const production = { DATABASE_URL: 'postgres://db/x', TEMPORAL_ADDRESS: 'temporal:7233', ADMIN_TOKEN: 'a'.repeat(16) };

  it('gives the embedded default one pool for the API and one for the worker, and a server that admits both', () => {
    const config = loadConfig('embedded', { DATABASE_POOL_MAX: '12', WORKER_ACTIVITY_SLOTS: '20', WORKER_LOCAL_ACTIVITY_SLOTS: '10' });
    expect(poolRoles(config)).toEqual(['api', 'worker']);
    expect(poolSize(config, 'api')).toBe(12);
    // One connection per activity and local-activity slot: a full worker never waits on its pool.
    expect(poolSize(config, 'worker')).toBe(30);
    expect(connectionsNeeded(config)).toBeGreaterThanOrEqual(12 + 30);
  });

  it('sizes each production role its own pool the same way', () => {
    expect(poolRoles(loadConfig('api', production))).toEqual(['api']);
    expect(poolRoles(loadConfig('worker', production))).toEqual(['worker']);
    expect(poolSize(loadConfig('worker', production), 'worker')).toBe(64);
    expect(poolSize(loadConfig('api', production), 'api')).toBe(20);
  });
});
