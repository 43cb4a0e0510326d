import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type SearchAttributePair, type UpdateDefinition } from '@temporalio/common';
import { TemporarilyUnavailable } from '../domain/temporarily-unavailable';
import { translateTemporalError } from '../temporal/failure-translation';

export interface EntityUpdateOptions<Change, Outcome> {
  client: Client;
  taskQueue: string;
  workflowType: string;
  workflowId: string;
  workflowInput: unknown;
  searchAttributes: SearchAttributePair[];
  update: UpdateDefinition<Outcome, [Change]>;
  /** Builds the change from the request's change id. */
  change: (changeId: string) => Change;
  /** How long the HTTP request waits for the change before answering 503. */
  timeoutMs: number;
}

/**
 * Sends one change to an entity workflow (a SCIM user's or group's) by update-with-start with
 * USE_EXISTING, and returns once it is committed, with the workflow's result. One id per request:
 * Temporal dedups the update on it, the audit log dedups the commit.
 */
export async function executeEntityUpdate<Change, Outcome>(options: EntityUpdateOptions<Change, Outcome>): Promise<Outcome> {
  const { client } = options;
  const startWorkflowOperation = new WithStartWorkflowOperation(options.workflowType, {
    workflowId: options.workflowId,
    taskQueue: options.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [options.workflowInput],
    typedSearchAttributes: options.searchAttributes,
  });
  const changeId = randomUUID();
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.withDeadline(deadline, () =>
        client.workflow.executeUpdateWithStart(options.update, {
          args: [options.change(changeId)],
          updateId: changeId,
          // Each attempt needs its own operation object (it records the handle it started).
          startWorkflowOperation: attempt === 1 ? startWorkflowOperation : new WithStartWorkflowOperation(options.workflowType, startWorkflowOperation.options),
        }),
      );
    } catch (error) {
      if (attempt < 5 && Date.now() < deadline && wasNotProcessed(error)) continue;
      if (isRejectedWithStart(error)) throw new TemporarilyUnavailable('The change was not accepted; retry the request');
      throw translateTemporalError(error);
    }
  }
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
