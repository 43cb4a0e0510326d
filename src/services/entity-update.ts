import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { SearchAttributePair, UpdateDefinition } from '@temporalio/common';
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
  try {
    return await client.withDeadline(Date.now() + options.timeoutMs, () =>
      client.workflow.executeUpdateWithStart(options.update, {
        args: [options.change(changeId)],
        updateId: changeId,
        startWorkflowOperation,
      }),
    );
  } catch (error) {
    throw translateTemporalError(error);
  }
}
