import { defineSignal, defineUpdate } from '@temporalio/workflow';

/** The connect workflow's contract. Never rename the update or the signal. */

export interface ConnectDirectoryInput {
  accountId: string;
  provider?: string;
  /** Public half of the token (looked up), and the sha256 of its secret half (compared). */
  tokenId: string;
  tokenHash: string;
  /** Replace the token of a directory that is already pending or connected. */
  rotate: boolean;
  /** Refuse (409 not_connected) rather than create or reconnect: a rotation only (setup links, rotate-token). */
  onlyIfLive?: boolean;
}

export interface PreparedDirectory {
  directoryId: string;
  status: 'pending' | 'connected';
  rotated: boolean;
}

export const directoryPreparedUpdate = defineUpdate<PreparedDirectory>('directoryPrepared');
export const scimRequestReceivedSignal = defineSignal('scimRequestReceived');
