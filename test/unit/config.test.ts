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

  it('serves metrics on loopback:9464 by default and traces only when an OTLP endpoint is given', () => {
    const defaults = loadConfig('embedded', {});
    expect(defaults.metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(defaults.tracing).toBeUndefined();
    const tuned = loadConfig('embedded', {
      METRICS_HOST: '0.0.0.0',
      METRICS_PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_TRACES_SAMPLE_RATIO: '0.25',
    });
    expect(tuned.metrics).toEqual({ host: '0.0.0.0', port: 0 });
    expect(tuned.tracing).toEqual({ endpoint: 'http://collector:4318', serviceName: 'directory-sync', sampleRatio: 0.25 });
    expect(() =>
      loadConfig('embedded', { METRICS_PORT: '70000', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector', OTEL_TRACES_SAMPLE_RATIO: '2' }),
    ).toThrow(/METRICS_PORT[\s\S]*OTEL_EXPORTER_OTLP_ENDPOINT[\s\S]*OTEL_TRACES_SAMPLE_RATIO/);
  });

  it('requires the production services outside the embedded default', () => {
    expect(() => loadConfig('worker', {})).toThrow(/DATABASE_URL[\s\S]*TEMPORAL_ADDRESS/);
    expect(() => loadConfig('api', { DATABASE_URL: 'postgres://x', TEMPORAL_ADDRESS: 'x:7233' })).toThrow(/ADMIN_TOKEN/);
  });

  it('bounds SCIM requests by default and lets the operator tune or disable the rate and in-flight limits', () => {
    expect(loadConfig('embedded', {}).scimLimits).toEqual({
      rateLimitPerSecond: 50,
      rateLimitBurst: 200,
      inFlightPerDirectory: 4,
      inFlightMaxWaitMs: 10_000,
      readTimeoutMs: 5000,
      bulkDeadlineMs: 60_000,
    });
    const tuned = loadConfig('embedded', {
      SCIM_RATE_LIMIT_PER_SECOND: '0.5',
      SCIM_RATE_LIMIT_BURST: '10',
      SCIM_READ_TIMEOUT_MS: '2000',
      SCIM_BULK_DEADLINE_MS: '30000',
      SCIM_IN_FLIGHT_PER_DIRECTORY: '0',
      SCIM_IN_FLIGHT_MAX_WAIT_MS: '500',
    });
    expect(tuned.scimLimits).toEqual({
      rateLimitPerSecond: 0.5,
      rateLimitBurst: 10,
      inFlightPerDirectory: 0,
      inFlightMaxWaitMs: 500,
      readTimeoutMs: 2000,
      bulkDeadlineMs: 30_000,
    });
    expect(loadConfig('embedded', { SCIM_RATE_LIMIT_PER_SECOND: '0' }).scimLimits.rateLimitPerSecond).toBe(0);
    expect(() =>
      loadConfig('embedded', {
        SCIM_RATE_LIMIT_PER_SECOND: '-1',
        SCIM_RATE_LIMIT_BURST: '0',
        SCIM_IN_FLIGHT_PER_DIRECTORY: '2.5',
        SCIM_READ_TIMEOUT_MS: 'soon',
      }),
    ).toThrow(/SCIM_RATE_LIMIT_PER_SECOND[\s\S]*SCIM_RATE_LIMIT_BURST[\s\S]*SCIM_IN_FLIGHT_PER_DIRECTORY[\s\S]*SCIM_READ_TIMEOUT_MS/);
  });

  it('turns task-queue priorities on by default, off with TEMPORAL_PRIORITY=off, and paces role propagation at 40 signals/s', () => {
    expect(loadConfig('embedded', {}).temporal.priorities).toBe(true);
    expect(loadConfig('embedded', { TEMPORAL_PRIORITY: 'off' }).temporal.priorities).toBe(false);
    expect(() => loadConfig('embedded', { TEMPORAL_PRIORITY: 'maybe' })).toThrow(/TEMPORAL_PRIORITY/);
    expect(loadConfig('embedded', { ROLE_PROPAGATION_SIGNALS_PER_SECOND: '0' }).worker.propagationSignalsPerSecond).toBe(0);
    expect(() => loadConfig('embedded', { ROLE_PROPAGATION_SIGNALS_PER_SECOND: '-1' })).toThrow(/ROLE_PROPAGATION_SIGNALS_PER_SECOND/);
  });

  it('sizes the worker from its slots, validated, and refuses more pollers than slots', () => {
    expect(loadConfig('embedded', {}).worker).toEqual({
      maxCachedWorkflows: 2000,
      activitySlots: 32,
      localActivitySlots: 32,
      workflowTaskSlots: 40,
      workflowTaskPollers: 10,
      reuseV8Context: true,
      propagationSignalsPerSecond: 40,
    });
    const tuned = loadConfig('embedded', {
      WORKER_ACTIVITY_SLOTS: '8',
      WORKER_LOCAL_ACTIVITY_SLOTS: '4',
      WORKER_WORKFLOW_TASK_SLOTS: '6',
      WORKER_WORKFLOW_TASK_POLLERS: '6',
      WORKER_REUSE_V8_CONTEXT: 'false',
    });
    expect(tuned.worker).toMatchObject({
      activitySlots: 8,
      localActivitySlots: 4,
      workflowTaskSlots: 6,
      workflowTaskPollers: 6,
      reuseV8Context: false,
    });
    expect(() =>
      loadConfig('embedded', {
        WORKER_WORKFLOW_TASK_SLOTS: '4',
        WORKER_WORKFLOW_TASK_POLLERS: '5',
        WORKER_ACTIVITY_SLOTS: '0',
        WORKER_REUSE_V8_CONTEXT: 'yes',
      }),
    ).toThrow(/WORKER_ACTIVITY_SLOTS[\s\S]*WORKER_REUSE_V8_CONTEXT/);
    expect(() => loadConfig('embedded', { WORKER_WORKFLOW_TASK_SLOTS: '4', WORKER_WORKFLOW_TASK_POLLERS: '5' })).toThrow(
      /WORKER_WORKFLOW_TASK_POLLERS: must not exceed/,
    );
  });
});
