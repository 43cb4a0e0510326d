import { defineSignal } from '@temporalio/workflow';

/** The disconnect workflow's contract. Never rename the signal. */

/** Tells a user's or group's workflow that its directory is frozen: finish in-flight work, then end. */
export const stopProvisioningSignal = defineSignal('stopProvisioning');

export interface DisconnectDirectoryInput {
  accountId: string;
}

export interface DirectoryFrozen {
  directoryId: string;
  frozenAt: string;
  /** True when the directory was already disconnected (disconnecting twice is harmless). */
  alreadyDisconnected: boolean;
}

export interface DisconnectResult extends DirectoryFrozen {
  status: 'disconnected';
  stopped: { users: number; groups: number; connect: number };
}
