import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import knex from 'knex';
import { runPool } from './request-stats';
import { noopUpdate } from './noop-workflow';

export interface EngineFigure {
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * The ceilings our figures are read against, measured in the same run on the same machine:
 * the engine (update-with-start of a no-op entity workflow, one per operation as our creates are;
 * then `existing`, one more update to each of those running workflows, as our PATCHes and
 * deactivations are) and the database (a single-row upsert loop), at the simulator's concurrency.
 */
export async function engineCeiling(
  temporalAddress: string,
  operations: number,
  concurrency: number,
): Promise<EngineFigure & { existing: EngineFigure }> {
  const taskQueue = `bench-noop-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowsPath: require.resolve('./noop-workflow') });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  try {
    const ids = Array.from({ length: operations }, (_, i) => `bench-noop-${taskQueue}-${i}`);
    /** One update-with-start per id; a negative argument ends the workflow after it. */
    const pass = async (argument: number): Promise<EngineFigure> => {
      const latencies: number[] = [];
      const started = performance.now();
      await runPool(ids, concurrency, async (workflowId) => {
        const sent = performance.now();
        await client.workflow.executeUpdateWithStart(noopUpdate, {
          args: [argument],
          startWorkflowOperation: new WithStartWorkflowOperation('benchNoop', {
            workflowId,
            taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
        latencies.push(performance.now() - sent);
      });
      latencies.sort((a, b) => a - b);
      const at = (q: number) => Math.round(latencies[Math.floor(q * (latencies.length - 1))]!);
      return { perSecond: operations / ((performance.now() - started) / 1000), p50: at(0.5), p99: at(0.99) };
    };
    // Started and left running (a user's workflow lives on), then updated once more and ended.
    const started = await pass(1);
    const existing = await pass(-1);
    return { ...started, existing };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
  }
}

export async function databaseCeiling(databaseUrl: string, operations: number, concurrency: number): Promise<number> {
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: concurrency } });
  try {
    await db.raw('create table if not exists bench_upserts (id uuid primary key, payload jsonb not null, n integer not null default 1)');
    const ids = Array.from({ length: operations }, () => randomUUID());
    const started = performance.now();
    await runPool(ids, concurrency, async (id) => {
      await db.raw('insert into bench_upserts (id, payload) values (?, ?) on conflict (id) do update set n = bench_upserts.n + 1', [
        id,
        JSON.stringify({ id }),
      ]);
    });
    return operations / ((performance.now() - started) / 1000);
  } finally {
    await db.raw('drop table if exists bench_upserts');
    await db.destroy();
  }
}
