import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { RequestRejected } from '../../src/domain/request-rejected';
import { translateTemporalError } from '../../src/temporal/client/failure-translation';
import type { connectDirectory } from '../../workflows/connect-directory';
import {
  directoryPreparedUpdate,
  scimRequestReceivedSignal,
  type ConnectDirectoryInput,
  type PreparedDirectory,
} from '../../workflows/contracts/connect-directory';
import { stopProvisioningSignal } from '../../workflows/contracts/disconnect-directory';
import { FAILURE_TYPE } from '../../workflows/failure-types';
import { eventually } from '../support/eventually';
import {
  Gate,
  requestRejected,
  useTimeSkippingEnv,
  updateFailureOf,
  withWorker,
  workflowFailureOf,
  updateWithStart,
} from '../support/workflow-env';

const env = useTimeSkippingEnv();

const connectInput = (overrides: Partial<ConnectDirectoryInput> = {}): ConnectDirectoryInput => ({
  accountId: 'acct-1',
  provider: 'okta',
  tokenId: randomUUID(),
  tokenHash: 'sha256-of-the-secret',
  rotate: false,
  ...overrides,
});

type PrepareInput = ConnectDirectoryInput & { workflowId: string };

/** As the API connects a directory: update-with-start, answered through `directoryPrepared`. */
function connect(taskQueue: string, input: ConnectDirectoryInput) {
  const { answer, handle } = updateWithStart<typeof connectDirectory, PreparedDirectory>(
    env(),
    'connectDirectory',
    directoryPreparedUpdate,
    {
      taskQueue,
      idPrefix: 'connect-directory',
      args: [input],
    },
  );
  return { prepared: answer, handle };
}

describe('connectDirectory', () => {
  it('answers the directoryPrepared update once prepareDirectory has returned, with what it returned', async () => {
    const gate = new Gate();
    const prepares: PrepareInput[] = [];
    const prepared: PreparedDirectory = { directoryId: 'dir-1', status: 'pending', rotated: false };
    const prepareDirectory = async (input: PrepareInput) => {
      prepares.push(input);
      await gate.opened;
      return prepared;
    };
    await withWorker(env(), { prepareDirectory, markDirectoryConnected: async () => {} }, async (taskQueue) => {
      const input = connectInput();
      const call = connect(taskQueue, input);
      let answered = false;
      void call.prepared.then(
        () => (answered = true),
        () => undefined,
      );
      await eventually(async () => expect(prepares).toHaveLength(1));
      const handle = call.handle;
      expect(prepares[0]).toEqual({ ...input, workflowId: handle.workflowId });
      // Accepted, waiting: the workflow is running and the caller has no answer while prepareDirectory runs.
      await handle.query('__stack_trace'); // a round trip through the workflow
      expect(answered).toBe(false);
      gate.open();
      await expect(call.prepared).resolves.toEqual(prepared);
      // An update sent later (a resend) gets the same answer.
      await expect(handle.executeUpdate(directoryPreparedUpdate)).resolves.toEqual(prepared);
    });
  });

  it('a pending directory waits for the IdP: the scimRequestReceived signal makes it call markDirectoryConnected, then it ends', async () => {
    const prepared: PreparedDirectory = { directoryId: 'dir-2', status: 'pending', rotated: false };
    const marked: Array<{ directoryId: string }> = [];
    const markDirectoryConnected = async (input: { directoryId: string }) => {
      marked.push(input);
    };
    await withWorker(env(), { prepareDirectory: async () => prepared, markDirectoryConnected }, async (taskQueue) => {
      const call = connect(taskQueue, connectInput());
      await call.prepared;
      const handle = call.handle;
      await env().sleep(7 * 24 * 3600_000); // a week of server time: it waits without a deadline
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect(marked).toEqual([]);

      await handle.signal(scimRequestReceivedSignal);
      await expect(handle.result()).resolves.toEqual(prepared);
      expect(marked).toEqual([{ directoryId: 'dir-2' }]);
    });
  });

  it('a directory already connected (a token rotation) ends right after prepareDirectory, marking nothing', async () => {
    const prepared: PreparedDirectory = { directoryId: 'dir-3', status: 'connected', rotated: true };
    const markDirectoryConnected = jest.fn(async () => {});
    await withWorker(env(), { prepareDirectory: async () => prepared, markDirectoryConnected }, async (taskQueue) => {
      const call = connect(taskQueue, connectInput({ rotate: true }));
      await expect(call.prepared).resolves.toEqual(prepared);
      await expect(call.handle.result()).resolves.toEqual(prepared);
      expect(markDirectoryConnected).not.toHaveBeenCalled();
    });
  });

  it('the stop signal (the directory was disconnected) ends a connect still waiting for the IdP, marking nothing', async () => {
    const prepared: PreparedDirectory = { directoryId: 'dir-4', status: 'pending', rotated: false };
    const markDirectoryConnected = jest.fn(async () => {});
    await withWorker(env(), { prepareDirectory: async () => prepared, markDirectoryConnected }, async (taskQueue) => {
      const call = connect(taskQueue, connectInput());
      await call.prepared;
      const handle = call.handle;
      await handle.signal(stopProvisioningSignal);
      await expect(handle.result()).resolves.toEqual(prepared);
      expect(markDirectoryConnected).not.toHaveBeenCalled();
    });
  });

  it('a refusal from prepareDirectory fails the update and the workflow with the same RequestRejected, without a retry', async () => {
    const prepareDirectory = jest.fn(async (): Promise<PreparedDirectory> => {
      throw requestRejected(409, 'already_connected', 'The account already has a connected directory');
    });
    await withWorker(env(), { prepareDirectory }, async (taskQueue) => {
      const call = connect(taskQueue, connectInput());
      const refused = await updateFailureOf(call.prepared);
      expect(refused.type).toBe(FAILURE_TYPE.requestRejected);
      expect(refused.details).toEqual([{ status: 409, code: 'already_connected' }]);
      const answer = translateTemporalError(await call.prepared.catch((e: unknown) => e));
      expect(answer).toBeInstanceOf(RequestRejected);
      expect(answer).toMatchObject({ status: 409, code: 'already_connected', message: 'The account already has a connected directory' });

      const failed = await workflowFailureOf(call.handle.result());
      expect(failed.cause).toBeInstanceOf(ApplicationFailure);
      expect(failed.cause).toMatchObject({ type: FAILURE_TYPE.requestRejected, details: [{ status: 409, code: 'already_connected' }] });
      expect(prepareDirectory).toHaveBeenCalledTimes(1);
    });
  });
});
