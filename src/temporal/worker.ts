import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';

export interface ProvisioningWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Knex;
  userMaxHistoryEvents: number;
  /**
   * Workflows kept in memory between tasks. Every SCIM user has a running workflow, so the
   * default (sized from the heap) grows with the directory; an evicted workflow replays its short
   * history on its next task instead.
   */
  maxCachedWorkflows?: number;
  /** A prebuilt workflow bundle (tests build one per run); otherwise workflows/ is bundled at start. */
  workflowBundlePath?: string;
  /** From `createDataConverter` (encrypting codec when keys are configured); plain payloads when absent. */
  dataConverter?: DataConverter;
  /**
   * TESTS ONLY (no entry point sets it): activity interceptors, so a test can hold a change between
   * the API's authentication and its transaction (test/integration/disconnect-fence.test.ts).
   */
  testActivityInterceptors?: ActivityInterceptorsFactory[];
}

export async function createProvisioningWorker(options: ProvisioningWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({ db: options.db, userMaxHistoryEvents: options.userMaxHistoryEvents }),
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../../workflows') }),
    // Every activity holds a database connection for its transaction: stay within the pool.
    maxConcurrentActivityTaskExecutions: 32,
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(options.testActivityInterceptors ? { interceptors: { activity: options.testActivityInterceptors } } : {}),
  });
}
