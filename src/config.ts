import path from 'node:path';
import { z } from 'zod';
import { type EncryptionKey, parseEncryptionKeys } from './temporal/payloads/encryption-keys';

/**
 * The only module that reads `process.env`. Every entry point calls `loadConfig` once and passes
 * the result down; a bad environment stops the process before anything starts, listing every
 * problem at once rather than the first one.
 */

export type RunMode = 'embedded' | 'api' | 'worker';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_BASE_URL: optionalString.pipe(z.url().optional()),
  ADMIN_TOKEN: optionalString.pipe(z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional()),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: optionalString,
  // The API's pool; the worker's is sized from its slots (one connection per running activity).
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  // Retention of closed workflow runs when the worker registers the namespace (an existing one is left as it is).
  TEMPORAL_NAMESPACE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  TEMPORAL_TASK_QUEUE: z.string().default('directory-sync'),
  TEMPORAL_UI_URL: optionalString.pipe(z.url().optional()),
  // How long an API request waits for Temporal before answering 503; IdPs give up at about 30 s.
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(25_000),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  // Task-queue priority and the directory as fairness key on every workflow the API starts
  // (workflows/priority.ts); the embedded dev server turns the server's fairness matcher on.
  TEMPORAL_PRIORITY: z
    .enum(['on', 'off'])
    .default('on')
    .transform((value) => value === 'on'),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  USER_WORKFLOW_MAX_HISTORY_EVENTS: z.coerce.number().int().min(20).max(40000).default(2000),
  WORKFLOW_START_TIMEOUT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  // 2000 rather than 1000: an IdP walking a 1,500-user directory in order evicted every workflow
  // before its next task (LRU), and PATCHes and deactivations ran about 2x slower (bench:compare).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(10).max(100000).default(2000),
  // Each running activity or local activity holds one connection for its transaction, so these
  // two also size the worker's pool.
  WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(500).default(32),
  WORKER_LOCAL_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(500).default(32),
  // The SDK requires at least 2 of each (one sticky, one normal poller); pollers ≤ slots.
  WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(1000).default(40),
  WORKER_WORKFLOW_TASK_POLLERS: z.coerce.number().int().min(2).max(500).default(10),
  // Role propagation's signals per second, across the worker (0: unpaced); see README, Foreground before background.
  ROLE_PROPAGATION_SIGNALS_PER_SECOND: z.coerce.number().min(0).max(100_000).default(40),
  WORKER_REUSE_V8_CONTEXT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  SCIM_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  // Per directory and per API process; 0 turns the limit off. Fractions allowed (0.5 = one per 2 s).
  SCIM_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(50),
  SCIM_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
  // Per directory and per API process; 0 turns the limit off (README, Fairness between tenants).
  SCIM_IN_FLIGHT_PER_DIRECTORY: z.coerce.number().int().min(0).max(1000).default(4),
  SCIM_IN_FLIGHT_MAX_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  SCIM_READ_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  SCIM_BULK_DEADLINE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Prometheus /metrics of this process, on a listener of its own (never the public API port):
  // loopback unless told otherwise; 0 picks a free port (logged), for several processes on one machine.
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  // OpenTelemetry tracing: off unless an OTLP/HTTP endpoint is given (the collector's base URL; traces go to <url>/v1/traces).
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url().optional()),
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(100).default('directory-sync'),
  // Share of traces kept, decided at the API (a workflow's spans follow its request's decision).
  OTEL_TRACES_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
  // How long a support console sign-in lasts (the session cookie's life), in minutes.
  CONSOLE_SESSION_MINUTES: z.coerce.number().int().min(5).max(10_080).default(480),
});

export interface Config {
  mode: RunMode;
  http: { host: string; port: number; publicBaseUrl?: string; maxBodyBytes: number };
  /** docs/product-rules.md, Hostile identity providers: what bounds one directory's requests besides their size. */
  scimLimits: {
    rateLimitPerSecond: number;
    rateLimitBurst: number;
    inFlightPerDirectory: number;
    inFlightMaxWaitMs: number;
    readTimeoutMs: number;
    bulkDeadlineMs: number;
  };
  adminToken?: string;
  dataDir: string;
  /** `apiPoolMax`: the API's connections (DATABASE_POOL_MAX); the worker's pool is sized from its slots. */
  database: { url?: string; apiPoolMax: number };
  temporal: {
    address?: string;
    namespace: string;
    /** Days closed runs are kept, set when the worker registers the namespace. */
    namespaceRetentionDays: number;
    taskQueue: string;
    uiUrl?: string;
    callTimeoutMs: number;
    devServerPort: number;
    devServerUiPort: number;
    /** TEMPORAL_PRIORITY: start workflows with a priority and fairness key; the embedded server enables fairness. */
    priorities: boolean;
  };
  workflows: { userMaxHistoryEvents: number; startTimeoutMs: number };
  worker: WorkerTuning;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** METRICS_HOST / METRICS_PORT: where this process serves GET /metrics (port 0: a free one). */
  metrics: { host: string; port: number };
  /** Tracing: present only when OTEL_EXPORTER_OTLP_ENDPOINT is set (off costs nothing). */
  tracing?: TracingConfig;
  /** The support console (src/http/console): how long a sign-in lasts. */
  console: { sessionMinutes: number };
  /**
   * PAYLOAD_ENCRYPTION_KEYS: the first key encrypts Temporal payloads, all decrypt. Absent: payloads
   * are stored in clear (the embedded default) and the /codec endpoint is not served.
   */
  payloadEncryptionKeys?: EncryptionKey[];
}

/** The worker's slots and cache; the activity slots also size its database pool. */
export interface WorkerTuning {
  maxCachedWorkflows: number;
  activitySlots: number;
  localActivitySlots: number;
  workflowTaskSlots: number;
  workflowTaskPollers: number;
  reuseV8Context: boolean;
  /** ROLE_PROPAGATION_SIGNALS_PER_SECOND: role propagation's pace across the worker (0 or absent: unpaced). */
  propagationSignalsPerSecond?: number;
}

export interface TracingConfig {
  /** OTLP/HTTP base URL of the collector; spans are posted as JSON to `<endpoint>/v1/traces`. */
  endpoint: string;
  serviceName: string;
  sampleRatio: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(mode: RunMode, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  if (parsed.success) {
    const e = parsed.data;
    // The embedded default brings its own database, Temporal and admin token; the production
    // entry points must be told where everything is.
    if (mode !== 'embedded') {
      if (!e.DATABASE_URL) problems.push('DATABASE_URL: required outside the embedded default');
      if (!e.TEMPORAL_ADDRESS) problems.push('TEMPORAL_ADDRESS: required outside the embedded default');
    }
    if (mode === 'api' && !e.ADMIN_TOKEN) problems.push('ADMIN_TOKEN: required for the API');
    if (e.WORKER_WORKFLOW_TASK_POLLERS > e.WORKER_WORKFLOW_TASK_SLOTS) {
      problems.push('WORKER_WORKFLOW_TASK_POLLERS: must not exceed WORKER_WORKFLOW_TASK_SLOTS (a poller needs a free slot)');
    }
  }
  // Read from the raw value too, so its problems are listed along with every other one.
  const rawKeys = env.PAYLOAD_ENCRYPTION_KEYS?.trim();
  const keys = rawKeys ? parseEncryptionKeys(rawKeys) : undefined;
  if (keys && !keys.ok) problems.push(...keys.problems.map((problem) => `PAYLOAD_ENCRYPTION_KEYS: ${problem}`));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const e = parsed.data;
  return {
    mode,
    http: { host: e.HOST, port: e.PORT, publicBaseUrl: e.PUBLIC_BASE_URL, maxBodyBytes: e.SCIM_MAX_BODY_BYTES },
    scimLimits: {
      rateLimitPerSecond: e.SCIM_RATE_LIMIT_PER_SECOND,
      rateLimitBurst: e.SCIM_RATE_LIMIT_BURST,
      inFlightPerDirectory: e.SCIM_IN_FLIGHT_PER_DIRECTORY,
      inFlightMaxWaitMs: e.SCIM_IN_FLIGHT_MAX_WAIT_MS,
      readTimeoutMs: e.SCIM_READ_TIMEOUT_MS,
      bulkDeadlineMs: e.SCIM_BULK_DEADLINE_MS,
    },
    adminToken: e.ADMIN_TOKEN,
    dataDir: path.resolve(e.DATA_DIR),
    database: { url: e.DATABASE_URL, apiPoolMax: e.DATABASE_POOL_MAX },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      namespaceRetentionDays: e.TEMPORAL_NAMESPACE_RETENTION_DAYS,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL,
      callTimeoutMs: e.TEMPORAL_CALL_TIMEOUT_MS,
      devServerPort: e.TEMPORAL_DEV_PORT,
      devServerUiPort: e.TEMPORAL_DEV_UI_PORT,
      priorities: e.TEMPORAL_PRIORITY,
    },
    workflows: { userMaxHistoryEvents: e.USER_WORKFLOW_MAX_HISTORY_EVENTS, startTimeoutMs: e.WORKFLOW_START_TIMEOUT_MS },
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      activitySlots: e.WORKER_ACTIVITY_SLOTS,
      localActivitySlots: e.WORKER_LOCAL_ACTIVITY_SLOTS,
      workflowTaskSlots: e.WORKER_WORKFLOW_TASK_SLOTS,
      workflowTaskPollers: e.WORKER_WORKFLOW_TASK_POLLERS,
      reuseV8Context: e.WORKER_REUSE_V8_CONTEXT,
      propagationSignalsPerSecond: e.ROLE_PROPAGATION_SIGNALS_PER_SECOND,
    },
    logLevel: e.LOG_LEVEL,
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT },
    ...(e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          tracing: {
            endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ''),
            serviceName: e.OTEL_SERVICE_NAME,
            sampleRatio: e.OTEL_TRACES_SAMPLE_RATIO,
          },
        }
      : {}),
    console: { sessionMinutes: e.CONSOLE_SESSION_MINUTES },
    ...(keys?.ok ? { payloadEncryptionKeys: keys.keys } : {}),
  };
}

const cliEnvSchema = z.object({
  DSYNC_URL: optionalString.pipe(z.url().optional()),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ADMIN_TOKEN: optionalString,
  DATA_DIR: z.string().default('data'),
  TEMPORAL_UI_URL: optionalString.pipe(z.url().optional()),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_NAMESPACE: z.string().default('default'),
});

export interface CliConfig {
  /** Base URL of the running service. */
  serviceUrl: string;
  /** ADMIN_TOKEN, else the embedded default's token file. */
  adminToken?: string;
  adminTokenFile: string;
  temporalUiUrl: string;
  namespace: string;
}

/** The support CLI's settings: where the service is, and how to authenticate to it. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = cliEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  return {
    serviceUrl: (e.DSYNC_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ''),
    ...(e.ADMIN_TOKEN ? { adminToken: e.ADMIN_TOKEN } : {}),
    adminTokenFile: path.resolve(e.DATA_DIR, 'admin-token'),
    temporalUiUrl: (e.TEMPORAL_UI_URL ?? `http://127.0.0.1:${e.TEMPORAL_DEV_UI_PORT}`).replace(/\/+$/, ''),
    namespace: e.TEMPORAL_NAMESPACE,
  };
}
