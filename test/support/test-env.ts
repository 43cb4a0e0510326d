import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { ScimState } from '../../src/http/context';
import type { RateLimitSettings } from '../../src/http/scim/rate-limit';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  type ActivityInterceptorsFactory,
  type Logger as TemporalLogger,
  type Worker,
} from '@temporalio/worker';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import knex, { type Knex } from 'knex';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { poolSession } from '../../src/bootstrap/database';
import { buildHttpApp } from '../../src/bootstrap/http-app';
import { createDatabase } from '../../src/db/database';
import { loadConfig } from '../../src/config';
import { createProcessMetrics, type ProcessMetrics } from '../../src/bootstrap/metrics';
import { traceQueries } from '../../src/db/query-spans';
import { createLogger, type Logger } from '../../src/infra/logger';
import { metricsHandler, registrySource } from '../../src/observability/metrics-server';
import { startTracing, type Tracing } from '../../src/observability/tracing';
import { createPayloadCodec, dataConverterWith } from '../../src/temporal/payloads/data-converter';
import type { EncryptionKey } from '../../src/temporal/payloads/encryption-keys';
import { createProvisioningWorker } from '../../src/temporal/worker';
import { databaseUrl, withDatabase } from './infra';

interface InfraAddresses {
  postgresUrl: string;
  templateDatabase: string;
  temporalAddress: string;
  workflowBundlePath: string;
}

let runtimeInstalled = false;

export interface TestEnvOptions {
  maxHistoryEvents?: number;
  /** How long a fresh entity workflow waits for its first change before it ends. */
  workflowStartTimeoutMs?: number;
  /** Every limit is the production default (src/config.ts) unless a test needs a small one to reach it. */
  rateLimit?: RateLimitSettings;
  /** The Bulk deadline and its clock (a test steps the clock to pass the deadline deterministically). */
  bulkDeadline?: { ms: number; now: () => number };
  readTimeoutMs?: number;
  /** Further settings, by their environment variable names (src/config.ts). */
  env?: Record<string, string>;
  /** Encrypt payloads as production does with PAYLOAD_ENCRYPTION_KEYS (client, worker and /codec). */
  encryptionKeys?: EncryptionKey[];
  /** Where the worker's logs (workflows, activities, the SDK) go; WARN and up to stderr by default. */
  runtimeLogger?: TemporalLogger;
  /** Activity interceptors for the worker (a test holds a change between authentication and its transaction). */
  activityInterceptors?: ActivityInterceptorsFactory[];
  /** The API's logger (errors only, to stderr, by default). */
  logger?: Logger;
  /** Register the API's and the worker's metrics as production does; read them with `scrapeMetrics()`. */
  metrics?: boolean;
}

/**
 * Everything one integration test file needs, isolated from the other files: its own database
 * (a copy of the migrated template), its own task queue and worker, and the real Koa app over
 * HTTP. `close()` releases all of it so jest exits on its own.
 */
export class TestEnv {
  private worker?: Worker;
  private workerRun?: Promise<void>;
  private server?: Server;

  private constructor(
    readonly adminToken: string,
    readonly taskQueue: string,
    readonly db: Knex,
    /** The API's pool, as production opens it: read-only, statements cancelled after SCIM_READ_TIMEOUT_MS. */
    readonly apiDb: Knex,
    private readonly databaseName: string,
    private readonly infra: InfraAddresses,
    private readonly nativeConnection: NativeConnection,
    private readonly connection: Connection,
    readonly client: Client,
    readonly http: TestAgent,
    readonly maxHistoryEvents: number,
    private readonly app: Koa<ScimState>,
    private readonly dataConverter: DataConverter | undefined,
    private readonly activityInterceptors: ActivityInterceptorsFactory[] | undefined,
    private readonly tracing: Tracing,
    private readonly metrics: ProcessMetrics | undefined,
  ) {}

  static async start(options: TestEnvOptions = {}): Promise<TestEnv> {
    const infra = JSON.parse(process.env.DSYNC_TEST_INFRA ?? 'null') as InfraAddresses | null;
    if (!infra) throw new Error('Integration tests need the jest globalSetup (run them with npm test)');
    if (!runtimeInstalled) {
      Runtime.install({ logger: options.runtimeLogger ?? new DefaultLogger('WARN') });
      runtimeInstalled = true;
    }
    const databaseName = `dsync_test_${randomUUID().replace(/-/g, '')}`;
    await withDatabase(infra.postgresUrl, (db) => db.raw(`create database ${databaseName} template ${infra.templateDatabase}`));
    const db = knex({ client: 'pg', connection: databaseUrl(infra.postgresUrl, databaseName), pool: { min: 0, max: 40 } });
    const nativeConnection = await NativeConnection.connect({ address: infra.temporalAddress });
    const connection = await Connection.connect({ address: infra.temporalAddress });
    const payloadCodec = createPayloadCodec(options.encryptionKeys);
    const dataConverter = dataConverterWith(payloadCodec);
    const maxHistoryEvents = options.maxHistoryEvents ?? 2000;
    const adminToken = `admin-${randomUUID()}`;
    const taskQueue = `test-${randomUUID()}`;
    // The production wiring, configured as an operator would: through the environment.
    const config = loadConfig('embedded', {
      TEMPORAL_TASK_QUEUE: taskQueue,
      USER_WORKFLOW_MAX_HISTORY_EVENTS: String(maxHistoryEvents),
      ...(options.workflowStartTimeoutMs !== undefined ? { WORKFLOW_START_TIMEOUT_MS: String(options.workflowStartTimeoutMs) } : {}),
      ...(options.rateLimit
        ? { SCIM_RATE_LIMIT_PER_SECOND: String(options.rateLimit.perSecond), SCIM_RATE_LIMIT_BURST: String(options.rateLimit.burst) }
        : {}),
      ...(options.bulkDeadline ? { SCIM_BULK_DEADLINE_MS: String(options.bulkDeadline.ms) } : {}),
      ...(options.readTimeoutMs !== undefined ? { SCIM_READ_TIMEOUT_MS: String(options.readTimeoutMs) } : {}),
      ...options.env,
    });
    // As the entry points do: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before the client and the worker.
    const tracing = startTracing(config.tracing, 'embedded');
    const client = new Client({
      connection,
      namespace: 'default',
      dataConverter,
      ...(config.tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
    });
    const apiDb = createDatabase({
      url: databaseUrl(infra.postgresUrl, databaseName),
      poolMax: 20,
      ...poolSession(config, 'api'),
      traceQueries: config.tracing !== undefined,
    });
    if (config.tracing) traceQueries(db);
    const metrics = options.metrics ? createProcessMetrics({ api: apiDb, worker: db }) : undefined;
    const app = buildHttpApp({
      config,
      db: apiDb,
      client,
      adminToken,
      logger: options.logger ?? createLogger('error'),
      ...(metrics?.api ? { metrics: metrics.api } : {}),
      ...(options.bulkDeadline ? { now: options.bulkDeadline.now } : {}),
      ...(payloadCodec ? { payloadCodec, temporalUiUrl: 'http://127.0.0.1:8233' } : {}),
    });
    const http = request(app.callback());
    const env = new TestEnv(
      adminToken,
      taskQueue,
      db,
      apiDb,
      databaseName,
      infra,
      nativeConnection,
      connection,
      client,
      http,
      maxHistoryEvents,
      app,
      dataConverter,
      options.activityInterceptors,
      tracing,
      metrics,
    );
    await env.startWorker();
    return env;
  }

  async startWorker(): Promise<void> {
    this.worker = await createProvisioningWorker({
      connection: this.nativeConnection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      db: this.db,
      userMaxHistoryEvents: this.maxHistoryEvents,
      tuning: loadConfig('embedded', {}).worker,
      workflowBundlePath: this.infra.workflowBundlePath,
      dataConverter: this.dataConverter,
      ...(this.activityInterceptors ? { testActivityInterceptors: this.activityInterceptors } : {}),
      tracing: this.tracing,
      ...(this.metrics?.worker ? { metrics: this.metrics.worker } : {}),
    });
    this.workerRun = this.worker.run();
  }

  async stopWorker(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.workerRun;
    this.worker = undefined;
  }

  async restartWorker(): Promise<void> {
    await this.stopWorker();
    await this.startWorker();
  }

  /** GET /metrics as the process's metrics listener serves it (needs `metrics: true`). */
  async scrapeMetrics(): Promise<string> {
    if (!this.metrics) throw new Error('Start the environment with metrics: true');
    const response = await request(metricsHandler([registrySource(this.metrics.registry)]))
      .get('/metrics')
      .expect(200);
    return response.text;
  }

  /** Sends the spans still buffered (tracing on). */
  async flushSpans(): Promise<void> {
    await this.tracing.spanProcessor.forceFlush();
  }

  admin(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) {
    return this.http[method](`/admin${path}`).set('Authorization', `Bearer ${this.adminToken}`);
  }

  /** A SCIM client as an IdP is: the base URL plus the directory's bearer token. */
  scim(token: string) {
    const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) =>
      this.http[method](`/scim/v2${path}`).set('Authorization', `Bearer ${token}`);
    return {
      get: (path: string) => call('get', path),
      delete: (path: string) => call('delete', path),
      post: (path: string, body: unknown) => call('post', path).set('Content-Type', 'application/scim+json').send(JSON.stringify(body)),
      put: (path: string, body: unknown) => call('put', path).set('Content-Type', 'application/scim+json').send(JSON.stringify(body)),
      patch: (path: string, body: unknown) => call('patch', path).set('Content-Type', 'application/scim+json').send(JSON.stringify(body)),
    };
  }

  /** Creates an account and connects its directory through the admin API; returns the token. */
  async connectedAccount(provider = 'okta'): Promise<{ accountId: string; directoryId: string; token: string }> {
    const accountId = `acct-${randomUUID().slice(0, 8)}`;
    await this.admin('post', '/accounts')
      .send({ id: accountId, name: `Account ${accountId}` })
      .expect(201);
    const connected = await this.admin('post', `/accounts/${accountId}/directory/connect`).send({ provider }).expect(201);
    return { accountId, directoryId: connected.body.directoryId, token: connected.body.token };
  }

  async members(accountId: string): Promise<Array<Record<string, unknown>>> {
    return (await this.admin('get', `/accounts/${accountId}/members`).expect(200)).body;
  }

  /** Serves the app on a real loopback port, for clients outside this process (the CLI). */
  async listen(): Promise<string> {
    // One server per environment: a second call must not leave the first one open behind it.
    if (!this.server) {
      const server = this.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      this.server = server;
    }
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (this.server) {
      const closed = new Promise((resolve) => this.server!.close(resolve));
      // A keep-alive socket (a fetch from a client in this process) must not hold jest open.
      this.server.closeAllConnections();
      await closed;
    }
    await this.stopWorker();
    await this.tracing.shutdown();
    await this.connection.close();
    await this.nativeConnection.close();
    await this.apiDb.destroy();
    await this.db.destroy();
    await withDatabase(this.infra.postgresUrl, (db) => db.raw(`drop database if exists ${this.databaseName} with (force)`));
  }
}

/** Starts a TestEnv for the enclosing test file and closes it afterwards; call the result to get it. */
export function useTestEnv(options: TestEnvOptions = {}): () => TestEnv {
  let env: TestEnv | undefined;
  beforeAll(async () => {
    env = await TestEnv.start(options);
  });
  afterAll(async () => {
    await env?.close();
  });
  return () => {
    if (!env) throw new Error('The test environment is not started');
    return env;
  };
}
