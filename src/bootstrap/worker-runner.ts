import { Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Database } from '../db/database';
import type { Config } from '../config';
import { createDataConverter } from '../temporal/payloads/data-converter';
import { ensureNamespace } from '../temporal/namespace';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import type { Tracing } from '../observability/tracing';
import type { WorkerMetrics } from '../observability/worker-metrics';
import { createProvisioningWorker } from '../temporal/worker';

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped. */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** Connects, makes sure the namespace and the search attributes exist, and runs the worker until stopped. */
export async function runWorker(options: {
  config: Config;
  db: Database;
  temporalAddress: string;
  tracing?: Tracing;
  metrics?: WorkerMetrics;
}): Promise<RunningWorker> {
  const { config, db, temporalAddress } = options;
  const admin = await Connection.connect({ address: temporalAddress });
  try {
    await ensureNamespace(admin, config.temporal.namespace, config.temporal.namespaceRetentionDays);
    await ensureSearchAttributes(admin, config.temporal.namespace);
  } finally {
    await admin.close();
  }
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await createProvisioningWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    db,
    userMaxHistoryEvents: config.workflows.userMaxHistoryEvents,
    tuning: config.worker,
    dataConverter: createDataConverter(config.payloadEncryptionKeys),
    ...(options.tracing ? { tracing: options.tracing } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
