import type { DirectoryRow } from '../../db/rows';
import type { TemporalGateway } from './gateway';
import {
  applyGroupChangeUpdate,
  type GroupChangeOutcome,
  type GroupCommand,
  type ProvisionGroupInput,
} from '../../../workflows/contracts/provision-group';
import {
  applyUserChangeUpdate,
  type ProvisionUserInput,
  type UserChangeOutcome,
  type UserCommand,
} from '../../../workflows/contracts/provision-user';
import { groupWorkflowId, userWorkflowId } from '../../../workflows/ids';
import { GROUP_PRIORITY, taskPriority, USER_PRIORITY } from '../../../workflows/priority';
import { ACCOUNT_ID, DIRECTORY_ID, GROUP_NAME, SCIM_GROUP_ID, userSearchAttributes } from '../../../workflows/search-attributes';

export interface ProvisioningOptions {
  gateway: TemporalGateway;
  maxHistoryEvents: number;
  /** A freshly started entity workflow that receives nothing for this long ends. */
  workflowStartTimeoutMs: number;
  /**
   * Whether user workflows carry the `DsyncEmail` search attribute. Search attributes are indexed
   * in clear by Temporal, so they are off when payloads are encrypted. Default true.
   */
  indexEmails?: boolean;
  /**
   * Whether workflows are started with a task-queue priority and the directory as fairness key
   * (workflows/priority.ts; TEMPORAL_PRIORITY). Default true.
   */
  priorities?: boolean;
}

type Directory = Pick<DirectoryRow, 'id' | 'account_id'>;

/**
 * The API's only way to change SCIM users and groups: an update of the resource's workflow,
 * started if absent. Each call returns once the change is committed, so the HTTP response tells
 * the truth about what was applied.
 */
export class Provisioning {
  constructor(private readonly options: ProvisioningOptions) {}

  async changeUser(
    directory: Directory,
    scimUserId: string,
    command: UserCommand,
    known: { exists: boolean; email?: string },
  ): Promise<UserChangeOutcome> {
    const input: ProvisionUserInput = {
      accountId: directory.account_id,
      directoryId: directory.id,
      scimUserId,
      exists: known.exists,
      ...(known.email ? { email: known.email } : {}),
      maxHistoryEvents: this.options.maxHistoryEvents,
      startTimeoutMs: this.options.workflowStartTimeoutMs,
      ...(this.indexEmails ? {} : { indexEmail: false }),
    };
    return this.options.gateway.updateWithStart(applyUserChangeUpdate, {
      start: {
        workflowType: 'provisionUser',
        workflowId: userWorkflowId(directory.id, scimUserId),
        args: [input],
        searchAttributes: userSearchAttributes({
          accountId: directory.account_id,
          directoryId: directory.id,
          scimUserId,
          ...(known.email && this.indexEmails ? { email: known.email } : {}),
        }),
        ...(this.priorities ? { priority: taskPriority(USER_PRIORITY, directory.id) } : {}),
      },
      args: (changeId) => [{ changeId, command }],
    });
  }

  async changeGroup(
    directory: Directory,
    scimGroupId: string,
    command: GroupCommand,
    known: { exists: boolean; displayName?: string },
  ): Promise<GroupChangeOutcome> {
    const input: ProvisionGroupInput = {
      accountId: directory.account_id,
      directoryId: directory.id,
      scimGroupId,
      exists: known.exists,
      ...(known.displayName ? { displayName: known.displayName } : {}),
      maxHistoryEvents: this.options.maxHistoryEvents,
      startTimeoutMs: this.options.workflowStartTimeoutMs,
    };
    return this.options.gateway.updateWithStart(applyGroupChangeUpdate, {
      start: {
        workflowType: 'provisionGroup',
        workflowId: groupWorkflowId(directory.id, scimGroupId),
        args: [input],
        searchAttributes: [
          { key: ACCOUNT_ID, value: directory.account_id },
          { key: DIRECTORY_ID, value: directory.id },
          { key: SCIM_GROUP_ID, value: scimGroupId },
          ...(known.displayName ? [{ key: GROUP_NAME, value: known.displayName }] : []),
        ],
        ...(this.priorities ? { priority: taskPriority(GROUP_PRIORITY, directory.id) } : {}),
      },
      args: (changeId) => [{ changeId, command }],
    });
  }

  private get priorities(): boolean {
    return this.options.priorities ?? true;
  }

  private get indexEmails(): boolean {
    return this.options.indexEmails ?? true;
  }
}
