import type { DataConverter } from '@temporalio/common';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { NativeConnection, Worker, type ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Database } from '../db/database';
import { createActivities } from '../../activities';
import type { WorkerTuning } from '../config';
import { TRACING_OFF, type Tracing } from '../observability/tracing';
import type { WorkerMetrics } from '../observability/worker-metrics';
import { changeObserver } from './change-observer';

/**
 * The workflow interceptor modules every worker runs with, tracing on or off (the workflow code
 * must not depend on the configuration; see workflows/tracing-interceptors.ts). A prebuilt bundle
 * must include them (`bundleWorkflowCode({workflowInterceptorModules})`), and so must a replay.
 */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [require.resolve('../../workflows/tracing-interceptors')];

export interface ProvisioningWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Database;
  userMaxHistoryEvents: number;
  /**
   * Slots, pollers and cache (config.worker). The cache matters: every SCIM user has a running
   * workflow, so the SDK's default (sized from the heap) grows with the directory; an evicted
   * workflow replays its short history on its next task.
   */
  tuning: WorkerTuning;
  /** A prebuilt workflow bundle (tests build one per run); otherwise workflows/ is bundled at start. */
  workflowBundlePath?: string;
  /** From `createDataConverter` (encrypting codec when keys are configured); plain payloads when absent. */
  dataConverter?: DataConverter;
  /**
   * TESTS ONLY (no entry point sets it): activity interceptors, so a test can hold a change between
   * the API's authentication and its transaction (test/integration/disconnect-fence.test.ts).
   */
  testActivityInterceptors?: ActivityInterceptorsFactory[];
  /** Where workflow spans go (they leave the sandbox through a sink); off: nowhere. */
  tracing?: Tracing;
  /** Counts the changes the activities apply. */
  metrics?: WorkerMetrics;
}

export async function createProvisioningWorker(options: ProvisioningWorkerOptions): Promise<Worker> {
  const tracing = options.tracing ?? TRACING_OFF;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({
      db: options.db,
      userMaxHistoryEvents: options.userMaxHistoryEvents,
      propagationSignalsPerSecond: options.tuning.propagationSignalsPerSecond ?? 0,
    }),
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: require.resolve('../../workflows') }),
    ...workerTuningOptions(options.tuning),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    interceptors: {
      // A prebuilt bundle already carries them (and the SDK ignores this list beside one).
      ...(options.workflowBundlePath ? {} : { workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES] }),
      // Outermost first: the activity's span covers the change's metrics and its SQL.
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
        changeObserver(options.metrics),
        ...(options.testActivityInterceptors ?? []),
      ],
    },
    sinks: workflowSpanSinks(tracing),
  });
}

/**
 * The sink workflow spans leave the sandbox through: every worker registers it (a traced history
 * calls it whatever the worker's setting), and with tracing off it drops them. Replays pass it too.
 */
export function workflowSpanSinks(tracing: Tracing = TRACING_OFF) {
  return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
}

/**
 * Activity and local-activity slots are explicit (the SDK allows 100 of each) because each running
 * one holds a database connection: the worker's pool has exactly that many (`poolSize`), so an
 * activity never waits for a connection and the API's pool is never touched.
 */
function workerTuningOptions(tuning: WorkerTuning) {
  return {
    maxConcurrentActivityTaskExecutions: tuning.activitySlots,
    maxConcurrentLocalActivityExecutions: tuning.localActivitySlots,
    maxConcurrentWorkflowTaskExecutions: tuning.workflowTaskSlots,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.workflowTaskPollers },
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    reuseV8Context: tuning.reuseV8Context,
  } as const;
}
