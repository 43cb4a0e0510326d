import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import knex from 'knex';
import { loadConfig } from '../../src/config';
import { migrateToLatest } from '../../src/db/migrate';
import { freePort } from '../../src/infra/free-port';
import { ensureTemporalCli } from '../../src/infra/temporal-cli';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server';
import { startThrowawayPostgres } from './postgres-cluster';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/temporal/worker';

/**
 * The services the integration tests need, started once per test run: PostgreSQL (DATABASE_URL,
 * or a throwaway cluster), Temporal (TEMPORAL_ADDRESS, or a headless dev server), a migrated
 * template database that each test file copies, and one prebuilt workflow bundle.
 */
export interface TestInfra {
  postgresUrl: string;
  templateDatabase: string;
  temporalAddress: string;
  workflowBundlePath: string;
  stop(): Promise<void>;
}

export async function startTestInfra(): Promise<TestInfra> {
  const config = loadConfig('embedded');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-test-'));
  const stops: Array<() => Promise<void>> = [async () => fs.rmSync(workDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const [postgres, temporal, workflowBundlePath] = await Promise.all([
      config.database.url ? Promise.resolve({ url: config.database.url, stop: async () => {} }) : startThrowawayPostgres(),
      config.temporal.address
        ? Promise.resolve({ address: config.temporal.address, stop: async () => {} })
        : (async () =>
            startTemporalDevServer({
              cliPath: await ensureTemporalCli(),
              port: await freePort(),
              dbFile: path.join(workDir, 'temporal.sqlite'),
              logFile: path.join(workDir, 'temporal.log'),
              namespace: config.temporal.namespace,
              readyTimeoutMs: 120_000,
            }))(),
      buildWorkflowBundle(workDir),
    ]);
    stops.push(postgres.stop, temporal.stop);

    const templateDatabase = `dsync_template_${process.pid}`;
    await withDatabase(postgres.url, (db) => db.raw(`create database ${templateDatabase}`));
    stops.push(() => withDatabase(postgres.url, (db) => db.raw(`drop database if exists ${templateDatabase} with (force)`)));
    await withDatabase(databaseUrl(postgres.url, templateDatabase), (db) => migrateToLatest(db));

    return { postgresUrl: postgres.url, templateDatabase, temporalAddress: temporal.address, workflowBundlePath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function buildWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // As every worker runs (src/temporal/worker.ts): a prebuilt bundle must carry the interceptors.
    workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES],
    logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: console.error },
  });
  const file = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(file, code);
  return file;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withDatabase<T>(url: string, work: (db: knex.Knex) => Promise<T>): Promise<T> {
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
