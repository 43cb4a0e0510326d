import { randomUUID } from 'node:crypto';
import type { DirectoryRow } from '../../db/rows';
import { issueDirectoryToken } from '../../domain/directory-token';
import type { TemporalGateway } from './gateway';
import {
  directoryPreparedUpdate,
  scimRequestReceivedSignal,
  type ConnectDirectoryInput,
} from '../../../workflows/contracts/connect-directory';
import { type DisconnectResult } from '../../../workflows/contracts/disconnect-directory';
import { connectWorkflowId, disconnectWorkflowId } from '../../../workflows/ids';
import { ACCOUNT_ID } from '../../../workflows/search-attributes';

export interface ConnectResult {
  directoryId: string;
  status: 'pending' | 'connected';
  scimBaseUrl: string;
  /** Shown once: only its hash is stored, and it never enters workflow history. */
  token: string;
  workflowId: string;
  rotated: boolean;
}

/** A disconnect stops every running workflow of the directory before it answers: give it room. */
const DISCONNECT_TIMEOUT_MS = 120_000;

export class DirectoryConnection {
  constructor(private readonly gateway: TemporalGateway) {}

  /** Runs the connect workflow and answers as soon as the directory and its token exist. */
  async connect(
    accountId: string,
    options: { provider?: string; rotate: boolean; scimBaseUrl: string; onlyIfLive?: boolean },
  ): Promise<ConnectResult> {
    const { token, tokenId, tokenHash } = issueDirectoryToken();
    const workflowId = connectWorkflowId(accountId, randomUUID());
    const input: ConnectDirectoryInput = {
      accountId,
      ...(options.provider ? { provider: options.provider } : {}),
      tokenId,
      tokenHash,
      rotate: options.rotate,
      ...(options.onlyIfLive ? { onlyIfLive: true } : {}),
    };
    const prepared = await this.gateway.updateWithStart(directoryPreparedUpdate, {
      start: { workflowType: 'connectDirectory', workflowId, args: [input], searchAttributes: [{ key: ACCOUNT_ID, value: accountId }] },
      args: () => [],
    });
    return { ...prepared, scimBaseUrl: options.scimBaseUrl, token, workflowId };
  }

  /** Runs the disconnect workflow and returns when the freeze is complete. */
  async disconnect(accountId: string): Promise<DisconnectResult & { workflowId: string }> {
    const workflowId = disconnectWorkflowId(accountId, randomUUID());
    const result = await this.gateway.execute<DisconnectResult>(
      { workflowType: 'disconnectDirectory', workflowId, args: [{ accountId }], searchAttributes: [{ key: ACCOUNT_ID, value: accountId }] },
      { timeoutMs: DISCONNECT_TIMEOUT_MS },
    );
    return { ...result, workflowId };
  }

  /** Tells a pending directory's connect workflow that its IdP has authenticated. */
  async reportScimRequest(directory: Pick<DirectoryRow, 'status' | 'connect_workflow_id'>): Promise<void> {
    if (directory.status !== 'pending' || !directory.connect_workflow_id) return;
    await this.gateway.signal(directory.connect_workflow_id, scimRequestReceivedSignal);
  }
}
