import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  directoryPreparedUpdate,
  scimRequestReceivedSignal,
  type ConnectDirectoryInput,
  type PreparedDirectory,
} from './contracts/connect-directory';
import { stopProvisioningSignal } from './contracts/disconnect-directory';
import { toUpdateFailure } from './failures';

const { prepareDirectory, markDirectoryConnected } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Support connects an account's IdP: the directory is created (or reused) with the new token's
 * hash, the caller gets the result through the `directoryPrepared` update, and the workflow then
 * waits, visibly in the Temporal UI, for the IdP's first authenticated request to mark the
 * directory connected.
 */
export async function connectDirectory(input: ConnectDirectoryInput): Promise<PreparedDirectory> {
  let prepared: PreparedDirectory | undefined;
  let failure: unknown;
  let scimRequestSeen = false;

  setHandler(directoryPreparedUpdate, async () => {
    await condition(() => prepared !== undefined || failure !== undefined);
    if (!prepared) throw toUpdateFailure(failure);
    return prepared;
  });
  let disconnected = false;
  setHandler(scimRequestReceivedSignal, () => {
    scimRequestSeen = true;
  });
  setHandler(stopProvisioningSignal, () => {
    disconnected = true;
  });

  try {
    prepared = await prepareDirectory({ ...input, workflowId: workflowInfo().workflowId });
  } catch (error) {
    failure = error;
    await condition(allHandlersFinished);
    throw toUpdateFailure(error);
  }

  if (prepared.status === 'pending') {
    // Disconnected before the IdP ever authenticated: nothing more to wait for.
    await condition(() => scimRequestSeen || disconnected);
    if (!disconnected) await markDirectoryConnected({ directoryId: prepared.directoryId });
  }
  await condition(allHandlersFinished);
  return prepared;
}
