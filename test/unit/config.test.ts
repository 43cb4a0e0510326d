import { ConfigError, loadConfig } from '../../src/config';

describe('config', () => {
  it('gives the embedded default everything it needs from an empty environment', () => {
    const config = loadConfig('embedded', {});
    expect(config).toMatchObject({ http: { port: 3000 }, temporal: { namespace: 'default', taskQueue: 'directory-sync' } });
    expect(config.database.url).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
  });

  it('lists every problem at once', () => {
    try {
      loadConfig('api', { PORT: 'eighty', ADMIN_TOKEN: 'short', LOG_LEVEL: 'loud' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/ADMIN_TOKEN/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });

  it('requires the production services outside the embedded default', () => {
    expect(() => loadConfig('worker', {})).toThrow(/DATABASE_URL[\s\S]*TEMPORAL_ADDRESS/);
    expect(() => loadConfig('api', { DATABASE_URL: 'postgres://x', TEMPORAL_ADDRESS: 'x:7233' })).toThrow(/ADMIN_TOKEN/);
  });
});
