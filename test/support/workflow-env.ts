import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import type { createActivities } from '../../activities';
import { FAILURE_TYPE, type RequestRejectedDetails } from '../../workflows/failure-types';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * The workflow tests' environment: Temporal's time-skipping test server (its path and a prebuilt
 * workflow bundle come from the `workflows` project's globalSetup) with the workflows' custom
 * search attributes registered, and a worker per test that runs the real workflow code against
 * that test's mocked activities.
 */

export type Activities = ReturnType<typeof createActivities>;

/** Every worker log entry of this test file (workflow `log.*` included, about 100 ms late). */
export const workerLogs: LogEntry[] = [];

/**
 * Not printed (still recorded): the test server does not advertise a capability of newer servers;
 * failed activities and workflows and the workflows' own warnings are what the tests assert; a
 * local activity retrying for seconds holds its workflow task that long.
 */
const QUIET = [
  /activity_failure_include_heartbeat/,
  /^Activity failed$/,
  /^Workflow failed$/,
  /^Last-owner guard held a change back$/,
  /Workflow task duration exceeded/,
];

let runtimeInstalled = false;

/** One time-skipping environment for a test file, started before its tests and torn down after. */
export function useTimeSkippingEnv(): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await startTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error('the time-skipping environment is not started (use it inside a test)');
    return env;
  };
}

export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER;
  if (!path || !process.env.DSYNC_WORKFLOW_BUNDLE) {
    throw new Error('Workflow tests need the globalSetup of the `workflows` jest project (jest.config.js)');
  }
  if (!runtimeInstalled) {
    Runtime.install({
      logger: new DefaultLogger('INFO', (entry) => {
        workerLogs.push(entry);
        if ((entry.level === 'WARN' || entry.level === 'ERROR') && !QUIET.some((re) => re.test(entry.message))) {
          console.error(`[worker ${entry.level}] ${entry.message}`, entry.meta ?? '');
        }
      }),
      // The SDK core's own logs go through the same logger (quieted above) instead of straight to stderr.
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
    });
    runtimeInstalled = true;
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  // The server refuses a start or an upsert naming an unregistered attribute. Its operator service
  // implements adding them (not listing), so they are added outright.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return env;
}

/**
 * Runs `test` while a worker on a fresh task queue serves the real workflows with `activities`,
 * the test's mocks (the workflows' proxies call them by name, as local or remote activities).
 *
 * Before the worker stops, every gate is opened and every open workflow terminated once it has no
 * task in flight. The test server stops skipping time while any workflow or activity task is
 * outstanding, and a run terminated in the middle of its workflow task never gives that lock back
 * (seen with temporal-test-server 1.40.0): either would freeze time for every later test of the file.
 */
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  activities: Partial<Activities>,
  test: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `workflow-test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: process.env.DSYNC_WORKFLOW_BUNDLE! },
    activities,
  });
  return worker.runUntil(async () => {
    let failed = false;
    try {
      return await test(taskQueue);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      for (const gate of gates.splice(0)) gate.open();
      // A cleanup failure is reported unless it would hide the test's own.
      await terminateOpenWorkflows(env).catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  });
}

async function terminateOpenWorkflows(env: TestWorkflowEnvironment): Promise<void> {
  const namespace = env.namespace ?? 'default';
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { executions } = await env.connection.workflowService.listOpenWorkflowExecutions({ namespace });
    const open = executions.flatMap(({ execution }) =>
      execution?.workflowId ? [{ workflowId: execution.workflowId, runId: execution.runId ?? undefined }] : [],
    );
    if (open.length === 0) return;
    const late = Date.now() > deadline;
    for (const { workflowId, runId } of open) {
      const handle = env.client.workflow.getHandle(workflowId, runId);
      const events = await handle.fetchHistory().then(
        (h) => h.events ?? [],
        () => [],
      );
      if (!late && !isQuiet(events)) continue; // the worker is still at it: look again
      await handle.terminate('the test is over').catch(() => undefined); // closed meanwhile
    }
    // Still busy after 10 s (a workflow failing its tasks, an activity retrying): terminated all the same,
    // and this test fails rather than every later one.
    if (late) throw new Error(`workflows still busy after 10 s, terminated: ${open.map((e) => e.workflowId).join(', ')}`);
    await pause(20);
  }
}

/** No workflow task and no activity task scheduled and not yet closed. */
function isQuiet(events: HistoryEvent[]): boolean {
  let workflowTaskOpen = false;
  const activities = new Set<string>();
  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        workflowTaskOpen = true;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        workflowTaskOpen = false;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        activities.add(String(event.eventId));
        break;
      default: {
        const closed =
          event.activityTaskCompletedEventAttributes ??
          event.activityTaskFailedEventAttributes ??
          event.activityTaskTimedOutEventAttributes ??
          event.activityTaskCanceledEventAttributes;
        if (closed?.scheduledEventId != null) activities.delete(String(closed.scheduledEventId));
      }
    }
  }
  return !workflowTaskOpen && activities.size === 0;
}

/** A fresh workflow id (runs stay on the server for the life of the file's environment). */
export function workflowId(prefix: string): string {
  return `${prefix}:${randomUUID()}`;
}

const gates: Gate[] = [];

/**
 * A promise that a test resolves: an activity mock awaits it to stay in flight until told. A gate
 * a failing test left closed is opened when its worker stops (a held activity would hold the shutdown).
 */
export class Gate {
  readonly opened: Promise<void>;
  open!: () => void;
  constructor() {
    this.opened = new Promise((resolve) => {
      this.open = resolve;
    });
    gates.push(this);
  }
}

/** Resolves after `ms` of real time (activity mocks run in real time, not the server's). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The ApplicationFailure a failed update carries (what the API decodes, src/temporal/client/failure-translation.ts). */
export async function updateFailureOf(pending: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await pending.then(
    () => {
      throw new Error('the update succeeded; a failure was expected');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowUpdateFailedError)) throw error;
  if (!(error.cause instanceof ApplicationFailure)) throw new Error(`the update failed with ${String(error.cause)}`);
  return error.cause;
}

/** The error a failed workflow's result rejects with (its cause chain is what the API decodes). */
export async function workflowFailureOf(pending: Promise<unknown>): Promise<WorkflowFailedError> {
  const error = await pending.then(
    () => {
      throw new Error('the workflow succeeded; a failure was expected');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowFailedError)) throw error;
  return error;
}

/** An admin-API refusal as activities/failures.ts encodes a RequestRejected. */
export function requestRejected(status: number, code: string, message: string): ApplicationFailure {
  const details: RequestRejectedDetails = { status, code };
  return ApplicationFailure.create({ type: FAILURE_TYPE.requestRejected, message, details: [details], nonRetryable: true });
}

/** Infrastructure trouble as activities/failures.ts leaves a database error: retryable. */
export function databaseDown(): ApplicationFailure {
  return ApplicationFailure.create({ type: 'DatabaseError', message: 'connection terminated unexpectedly', nonRetryable: false });
}

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** The events of one run (the latest when `runId` is absent). */
export async function historyOf(env: TestWorkflowEnvironment, workflowId: string, runId?: string): Promise<HistoryEvent[]> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events ?? [];
}

/** Patch ids recorded (`patched()` returned true while not replaying) in a history. */
export function patchesIn(events: HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (event.eventType !== EventType.EVENT_TYPE_MARKER_RECORDED || marker?.markerName !== 'core_patch') return [];
    const payload = marker.details?.['patch-data']?.payloads?.[0];
    return payload ? [defaultPayloadConverter.fromPayload<{ id: string }>(payload).id] : [];
  });
}

export function countEvents(events: HistoryEvent[], type: keyof typeof EventType): number {
  return events.filter((event) => event.eventType === EventType[type]).length;
}

/** Update ids in the order the workflow accepted them. */
export function acceptedUpdateIds(events: HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const id = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    return id ? [id] : [];
  });
}

/** The input a run was started with (its first event). */
export function runInput<T>(events: HistoryEvent[]): T {
  const payload = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) throw new Error('the history does not begin with a start event carrying an input');
  return defaultPayloadConverter.fromPayload<T>(payload);
}

/**
 * As the API starts a one-shot workflow: update-with-start (USE_EXISTING), answered through
 * `update`. The handle is taken by id: startWorkflowOperation.workflowHandle() resolves only once
 * the update call returns.
 */
export function updateWithStart<W extends Workflow, Ret>(
  env: TestWorkflowEnvironment,
  workflowType: string,
  update: UpdateDefinition<Ret, []>,
  start: { taskQueue: string; idPrefix: string; args: unknown[] },
): { answer: Promise<Ret>; handle: WorkflowHandle<W> } {
  const id = workflowId(start.idPrefix);
  const startWorkflowOperation = new WithStartWorkflowOperation(workflowType, {
    workflowId: id,
    taskQueue: start.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: start.args,
  });
  const answer = env.client.workflow.executeUpdateWithStart(update, { startWorkflowOperation });
  return { answer, handle: env.client.workflow.getHandle<W>(id) };
}
