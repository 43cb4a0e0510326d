import { randomUUID } from 'node:crypto';
import { ActivityFailure } from '@temporalio/common';
import { RequestRejected } from '../../src/domain/request-rejected';
import { translateTemporalError } from '../../src/temporal/client/failure-translation';
import type { DirectoryFrozen } from '../../workflows/contracts/disconnect-directory';
import type { disconnectDirectory } from '../../workflows/disconnect-directory';
import { databaseDown, requestRejected, useTimeSkippingEnv, withWorker, workflowFailureOf, workflowId } from '../support/workflow-env';

const env = useTimeSkippingEnv();

const frozen: DirectoryFrozen = { directoryId: 'dir-1', frozenAt: '2026-01-01T00:00:00.000Z', alreadyDisconnected: false };
const stopped = { users: 12, groups: 3, connect: 1 };

describe('disconnectDirectory', () => {
  it('freezes the directory first, then stops its workflows, and returns both results', async () => {
    const calls: Array<[string, unknown]> = [];
    const freezeDirectory = async (input: { accountId: string; workflowId: string }) => {
      calls.push(['freezeDirectory', input]);
      return frozen;
    };
    const stopDirectoryWorkflows = async (input: { directoryId: string }) => {
      calls.push(['stopDirectoryWorkflows', input]);
      return stopped;
    };
    await withWorker(env(), { freezeDirectory, stopDirectoryWorkflows }, async (taskQueue) => {
      const id = workflowId('disconnect-directory');
      const accountId = randomUUID();
      const result = await env().client.workflow.execute<typeof disconnectDirectory>('disconnectDirectory', {
        taskQueue,
        workflowId: id,
        args: [{ accountId }],
      });
      expect(result).toEqual({ status: 'disconnected', ...frozen, stopped });
      expect(calls).toEqual([
        ['freezeDirectory', { accountId, workflowId: id }],
        ['stopDirectoryWorkflows', { directoryId: 'dir-1' }],
      ]);
    });
  });

  it('an account without a directory fails the workflow with the RequestRejected, once, and stops nothing', async () => {
    const freezeDirectory = jest.fn(async (): Promise<DirectoryFrozen> => {
      throw requestRejected(404, 'directory_not_found', 'Account acct-1 has no directory');
    });
    const stopDirectoryWorkflows = jest.fn(async () => stopped);
    await withWorker(env(), { freezeDirectory, stopDirectoryWorkflows }, async (taskQueue) => {
      const failed = await workflowFailureOf(
        env().client.workflow.execute<typeof disconnectDirectory>('disconnectDirectory', {
          taskQueue,
          workflowId: workflowId('disconnect-directory'),
          args: [{ accountId: 'acct-1' }],
        }),
      );
      expect(failed.cause).toBeInstanceOf(ActivityFailure);
      expect(failed.cause?.cause).toMatchObject({ type: 'RequestRejected', details: [{ status: 404, code: 'directory_not_found' }] });
      expect(translateTemporalError(failed)).toEqual(new RequestRejected(404, 'directory_not_found', 'Account acct-1 has no directory'));
      expect(freezeDirectory).toHaveBeenCalledTimes(1);
      expect(stopDirectoryWorkflows).not.toHaveBeenCalled();
    });
  });

  it('a stop step failing with infrastructure trouble is retried until it succeeds, without freezing again', async () => {
    const freezeDirectory = jest.fn(async () => frozen);
    let stopAttempts = 0;
    const stopDirectoryWorkflows = async () => {
      stopAttempts += 1;
      if (stopAttempts < 4) throw databaseDown();
      return stopped;
    };
    await withWorker(env(), { freezeDirectory, stopDirectoryWorkflows }, async (taskQueue) => {
      const result = await env().client.workflow.execute<typeof disconnectDirectory>('disconnectDirectory', {
        taskQueue,
        workflowId: workflowId('disconnect-directory'),
        args: [{ accountId: 'acct-1' }],
      });
      expect(result).toEqual({ status: 'disconnected', ...frozen, stopped });
      expect(stopAttempts).toBe(4);
      expect(freezeDirectory).toHaveBeenCalledTimes(1);
    });
  });
});
