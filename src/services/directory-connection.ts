import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { DirectoryRow } from '../db/rows';
import { issueDirectoryToken } from '../domain/directory-token';
import { translateTemporalError } from '../temporal/failure-translation';
import { directoryPreparedUpdate, scimRequestReceivedSignal, type DisconnectResult } from '../../workflows/contracts';
import { connectWorkflowId, disconnectWorkflowId } from '../../workflows/ids';
import { ACCOUNT_ID } from '../../workflows/search-attributes';
import type { connectDirectory } from '../../workflows/connect-directory';
import type { disconnectDirectory } from '../../workflows/disconnect-directory';

export interface ConnectResult {
  directoryId: string;
  status: 'pending' | 'connected';
  scimBaseUrl: string;
  /** Shown once: only its hash is stored, and it never enters workflow history. */
  token: string;
  workflowId: string;
  rotated: boolean;
}

export class DirectoryConnection {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Runs the connect workflow and answers as soon as the directory and its token exist. */
  async connect(accountId: string, options: { provider?: string; rotate: boolean; scimBaseUrl: string }): Promise<ConnectResult> {
    const { token, tokenId, tokenHash } = issueDirectoryToken();
    const workflowId = connectWorkflowId(accountId, randomUUID());
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof connectDirectory>('connectDirectory', {
      workflowId,
      taskQueue: this.taskQueue,
      workflowIdConflictPolicy: 'FAIL',
      args: [{ accountId, ...(options.provider ? { provider: options.provider } : {}), tokenId, tokenHash, rotate: options.rotate }],
      typedSearchAttributes: [{ key: ACCOUNT_ID, value: accountId }],
    });
    try {
      const prepared = await this.client.workflow.executeUpdateWithStart(directoryPreparedUpdate, {
        args: [],
        startWorkflowOperation,
      });
      return { ...prepared, scimBaseUrl: options.scimBaseUrl, token, workflowId };
    } catch (error) {
      throw translateTemporalError(error);
    }
  }

  /** Runs the disconnect workflow and returns when the freeze is complete. */
  async disconnect(accountId: string): Promise<DisconnectResult & { workflowId: string }> {
    const workflowId = disconnectWorkflowId(accountId, randomUUID());
    try {
      const result = await this.client.workflow.execute<typeof disconnectDirectory>('disconnectDirectory', {
        workflowId,
        taskQueue: this.taskQueue,
        args: [{ accountId }],
        typedSearchAttributes: [{ key: ACCOUNT_ID, value: accountId }],
      });
      return { ...result, workflowId };
    } catch (error) {
      throw translateTemporalError(error);
    }
  }

  /** Tells a pending directory's connect workflow that its IdP has authenticated. */
  async reportScimRequest(directory: Pick<DirectoryRow, 'status' | 'connect_workflow_id'>): Promise<void> {
    if (directory.status !== 'pending' || !directory.connect_workflow_id) return;
    await this.client.workflow.getHandle(directory.connect_workflow_id).signal(scimRequestReceivedSignal);
  }
}
