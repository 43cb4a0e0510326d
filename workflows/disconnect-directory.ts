import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { DisconnectDirectoryInput, DisconnectResult } from './contracts/disconnect-directory';

const { freezeDirectory, stopDirectoryWorkflows } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Support disconnects an account's directory (rule 6): the freeze commits first (token revoked,
 * fence closed), then the directory's running workflows are told to stop. Returns when both are
 * done, with counts of what was stopped.
 */
export async function disconnectDirectory(input: DisconnectDirectoryInput): Promise<DisconnectResult> {
  const frozen = await freezeDirectory({ accountId: input.accountId, workflowId: workflowInfo().workflowId });
  const stopped = await stopDirectoryWorkflows({ directoryId: frozen.directoryId });
  return { status: 'disconnected', ...frozen, stopped };
}
