import type { Client } from '@temporalio/client';
import type { DirectoryRow } from '../db/rows';
import {
  applyGroupChangeUpdate,
  applyUserChangeUpdate,
  type GroupChangeOutcome,
  type GroupCommand,
  type ProvisionGroupInput,
  type ProvisionUserInput,
  type UserChangeOutcome,
  type UserCommand,
} from '../../workflows/contracts';
import { groupWorkflowId, userWorkflowId } from '../../workflows/ids';
import { ACCOUNT_ID, DIRECTORY_ID, GROUP_NAME, SCIM_GROUP_ID, SCIM_USER_ID, USER_EMAIL } from '../../workflows/search-attributes';
import { executeEntityUpdate } from './entity-update';

export interface ProvisioningOptions {
  client: Client;
  taskQueue: string;
  maxHistoryEvents: number;
  /** How long an HTTP request waits for its change before answering 503. */
  changeTimeoutMs: number;
  /**
   * Whether user workflows carry the `DsyncEmail` search attribute. Search attributes are indexed
   * in clear by Temporal, so they are off when payloads are encrypted. Default true.
   */
  indexEmails?: boolean;
}

type Directory = Pick<DirectoryRow, 'id' | 'account_id'>;

/**
 * The API's only way to change SCIM users and groups: an update of the resource's workflow,
 * started if absent. Each call returns once the change is committed, so the HTTP response tells
 * the truth about what was applied.
 */
export class Provisioning {
  constructor(private readonly options: ProvisioningOptions) {}

  async changeUser(directory: Directory, scimUserId: string, command: UserCommand, known: { exists: boolean; email?: string }): Promise<UserChangeOutcome> {
    const input: ProvisionUserInput = {
      accountId: directory.account_id,
      directoryId: directory.id,
      scimUserId,
      exists: known.exists,
      ...(known.email ? { email: known.email } : {}),
      maxHistoryEvents: this.options.maxHistoryEvents,
      ...(this.indexEmails ? {} : { indexEmail: false }),
    };
    return executeEntityUpdate({
      ...this.common(),
      workflowType: 'provisionUser',
      workflowId: userWorkflowId(directory.id, scimUserId),
      workflowInput: input,
      searchAttributes: [
        { key: ACCOUNT_ID, value: directory.account_id },
        { key: DIRECTORY_ID, value: directory.id },
        { key: SCIM_USER_ID, value: scimUserId },
        ...(known.email && this.indexEmails ? [{ key: USER_EMAIL, value: known.email }] : []),
      ],
      update: applyUserChangeUpdate,
      change: (changeId) => ({ changeId, command }),
    });
  }

  async changeGroup(directory: Directory, scimGroupId: string, command: GroupCommand, known: { exists: boolean; displayName?: string }): Promise<GroupChangeOutcome> {
    const input: ProvisionGroupInput = {
      accountId: directory.account_id,
      directoryId: directory.id,
      scimGroupId,
      exists: known.exists,
      ...(known.displayName ? { displayName: known.displayName } : {}),
      maxHistoryEvents: this.options.maxHistoryEvents,
    };
    return executeEntityUpdate({
      ...this.common(),
      workflowType: 'provisionGroup',
      workflowId: groupWorkflowId(directory.id, scimGroupId),
      workflowInput: input,
      searchAttributes: [
        { key: ACCOUNT_ID, value: directory.account_id },
        { key: DIRECTORY_ID, value: directory.id },
        { key: SCIM_GROUP_ID, value: scimGroupId },
        ...(known.displayName ? [{ key: GROUP_NAME, value: known.displayName }] : []),
      ],
      update: applyGroupChangeUpdate,
      change: (changeId) => ({ changeId, command }),
    });
  }

  private get indexEmails(): boolean {
    return this.options.indexEmails ?? true;
  }

  private common() {
    return { client: this.options.client, taskQueue: this.options.taskQueue, timeoutMs: this.options.changeTimeoutMs };
  }
}
