import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  ApplicationFailure,
  type Priority,
  type SearchAttributePair,
  type SignalDefinition,
  type UpdateDefinition,
} from '@temporalio/common';
import { DirectoryFrozenError } from '../../domain/directory-frozen';
import { RequestRejected } from '../../domain/request-rejected';
import { TemporarilyUnavailable } from '../../domain/temporarily-unavailable';
import { addLogContext } from '../../infra/log-context';
import { ScimError } from '../../scim/errors';
import { translateTemporalError } from './failure-translation';

/**
 * How a call to Temporal ended for the caller: `ok`; `rejected`, the workflow refused the change
 * (a 4xx); `unavailable`, a 503 (Temporal unreachable or slow, the change not confirmed in time);
 * `error`, anything else (a 500).
 */
export type GatewayCallOutcome = 'ok' | 'rejected' | 'unavailable' | 'error';

/** Told about every call the gateway makes (the API's metrics, src/observability/api-metrics.ts). */
export interface GatewayObserver {
  callSettled(call: 'update' | 'execute' | 'signal', outcome: GatewayCallOutcome, seconds: number): void;
}

export interface GatewayOptions {
  client: Client;
  taskQueue: string;
  /** How long an API call waits for Temporal before answering 503 (each call may ask for longer). */
  timeoutMs: number;
  observer?: GatewayObserver;
}

/** The workflow a call starts (or, for update-with-start, finds running). */
export interface WorkflowStart {
  workflowType: string;
  workflowId: string;
  args: unknown[];
  searchAttributes: SearchAttributePair[];
  /** Task-queue priority and fairness key of the workflow's tasks (workflows/priority.ts). */
  priority?: Priority;
}

/**
 * The API's one door to Temporal. Every call gets the same deadline, the same resend of an
 * update the server refused unprocessed, and the same translation of failures into the API's
 * errors (src/temporal/failure-translation.ts).
 */
export class TemporalGateway {
  constructor(private readonly options: GatewayOptions) {}

  /**
   * Sends an update to the workflow, starting it if absent (`USE_EXISTING`: the workflow ids the
   * API uses are either per resource or per call), and returns the update's result once the
   * workflow has applied it. One update id per call: Temporal dedups a resend on it.
   */
  async updateWithStart<Outcome, Args extends unknown[]>(
    update: UpdateDefinition<Outcome, Args>,
    call: { start: WorkflowStart; args: (updateId: string) => Args; timeoutMs?: number },
  ): Promise<Outcome> {
    const { client } = this.options;
    const operation = () =>
      new WithStartWorkflowOperation(call.start.workflowType, {
        workflowId: call.start.workflowId,
        taskQueue: this.options.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: call.start.args,
        typedSearchAttributes: call.start.searchAttributes,
        ...(call.start.priority ? { priority: call.start.priority } : {}),
      });
    const updateId = randomUUID();
    // The request's remaining log lines name the workflow and the update (= change id) it became.
    addLogContext({ workflowId: call.start.workflowId, updateId });
    const deadline = Date.now() + (call.timeoutMs ?? this.options.timeoutMs);
    return this.observed('update', async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await client.withDeadline(deadline, () =>
            client.workflow.executeUpdateWithStart(update, {
              args: call.args(updateId),
              updateId,
              // Each attempt needs its own operation object (it records the handle it started).
              startWorkflowOperation: operation(),
            }),
          );
        } catch (error) {
          if (attempt < 5 && Date.now() < deadline && wasNotProcessed(error)) continue;
          if (isRejectedWithStart(error)) throw new TemporarilyUnavailable('The change was not accepted; retry the request');
          throw translateTemporalError(error);
        }
      }
    });
  }

  /** Starts a workflow and waits for its result. */
  async execute<Result>(start: WorkflowStart, options: { timeoutMs?: number } = {}): Promise<Result> {
    const { client } = this.options;
    const deadline = Date.now() + (options.timeoutMs ?? this.options.timeoutMs);
    addLogContext({ workflowId: start.workflowId });
    return this.observed('execute', async () => {
      try {
        return await client.withDeadline(deadline, () =>
          client.workflow.execute<(...args: unknown[]) => Promise<Result>>(start.workflowType, {
            workflowId: start.workflowId,
            taskQueue: this.options.taskQueue,
            args: start.args,
            typedSearchAttributes: start.searchAttributes,
            ...(start.priority ? { priority: start.priority } : {}),
          }),
        );
      } catch (error) {
        throw translateTemporalError(error);
      }
    });
  }

  /** Signals a running workflow. */
  async signal(workflowId: string, signal: SignalDefinition<[]>): Promise<void> {
    const { client } = this.options;
    await this.observed('signal', async () => {
      try {
        await client.withDeadline(Date.now() + this.options.timeoutMs, () => client.workflow.getHandle(workflowId).signal(signal));
      } catch (error) {
        throw translateTemporalError(error);
      }
    });
  }

  /** Runs one call, telling the observer its outcome and duration (errors are already translated). */
  private async observed<T>(call: 'update' | 'execute' | 'signal', work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const settle = (outcome: GatewayCallOutcome) => this.options.observer?.callSettled(call, outcome, (performance.now() - started) / 1000);
    try {
      const result = await work();
      settle('ok');
      return result;
    } catch (error) {
      settle(outcomeOf(error));
      throw error;
    }
  }
}

function outcomeOf(error: unknown): GatewayCallOutcome {
  if (error instanceof TemporarilyUnavailable) return 'unavailable';
  if (error instanceof ScimError || error instanceof RequestRejected || error instanceof DirectoryFrozenError) return 'rejected';
  return 'error';
}

/**
 * The server rejected the update because the worker's task completion did not mention it (seen
 * under bursts of concurrent updates to one workflow while a local activity runs). A rejected
 * update was never accepted, so nothing was applied: sending it again, with the same update id,
 * is safe (Temporal dedups an accepted one on that id, and the audit log dedups the commit).
 */
function wasNotProcessed(error: unknown): boolean {
  if (error instanceof WorkflowUpdateFailedError) {
    return error.cause instanceof ApplicationFailure && /wasn't processed by worker/.test(error.cause.message);
  }
  return isRejectedWithStart(error);
}

/**
 * The server refused one half of an update-with-start (gRPC FAILED_PRECONDITION from the
 * multi-operation call; the SDK replaces the message with the operation's own). The update was
 * not accepted, so nothing was applied.
 */
function isRejectedWithStart(error: unknown): boolean {
  return isGrpcServiceError(error) && error.code === 9;
}
