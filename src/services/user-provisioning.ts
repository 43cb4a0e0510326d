import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { DirectoryRow } from '../db/rows';
import { translateTemporalError } from '../temporal/failure-translation';
import { applyUserChangeUpdate, type UserChangeOutcome, type UserCommand } from '../../workflows/contracts';
import { userWorkflowId } from '../../workflows/ids';
import { ACCOUNT_ID, DIRECTORY_ID, SCIM_USER_ID, USER_EMAIL } from '../../workflows/search-attributes';
import type { provisionUser } from '../../workflows/provision-user';

export interface UserProvisioningOptions {
  client: Client;
  taskQueue: string;
  maxHistoryEvents: number;
  /** How long an HTTP request waits for its change before answering 503. */
  changeTimeoutMs: number;
}

/**
 * The API's only way to change a user: an update of the user's workflow, started if absent
 * (update-with-start, USE_EXISTING). The call returns once the change is committed, with the
 * workflow's result, so the HTTP response tells the truth about what was applied.
 */
export class UserProvisioning {
  constructor(private readonly options: UserProvisioningOptions) {}

  async apply(
    directory: Pick<DirectoryRow, 'id' | 'account_id'>,
    scimUserId: string,
    command: UserCommand,
    known: { exists: boolean; email?: string },
  ): Promise<UserChangeOutcome> {
    const { client, taskQueue, maxHistoryEvents, changeTimeoutMs } = this.options;
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof provisionUser>('provisionUser', {
      workflowId: userWorkflowId(directory.id, scimUserId),
      taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [
        {
          accountId: directory.account_id,
          directoryId: directory.id,
          scimUserId,
          exists: known.exists,
          ...(known.email ? { email: known.email } : {}),
          maxHistoryEvents,
        },
      ],
      typedSearchAttributes: [
        { key: ACCOUNT_ID, value: directory.account_id },
        { key: DIRECTORY_ID, value: directory.id },
        { key: SCIM_USER_ID, value: scimUserId },
        ...(known.email ? [{ key: USER_EMAIL, value: known.email }] : []),
      ],
    });
    // One id per request: Temporal dedups the update on it, the audit log dedups the commit.
    const changeId = randomUUID();
    try {
      return await client.withDeadline(Date.now() + changeTimeoutMs, () =>
        client.workflow.executeUpdateWithStart(applyUserChangeUpdate, {
          args: [{ changeId, command }],
          updateId: changeId,
          startWorkflowOperation,
        }),
      );
    } catch (error) {
      throw translateTemporalError(error);
    }
  }
}
