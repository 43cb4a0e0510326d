import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ApplyUserChangeInput } from '../../activities/apply-user-change';
import { TemporarilyUnavailable } from '../../src/domain/temporarily-unavailable';
import { translateTemporalError } from '../../src/temporal/client/failure-translation';
import { applyUserChangeUpdate, type UserChange, type UserChangeOutcome } from '../../workflows/contracts/provision-user';
import { FAILURE_TYPE } from '../../workflows/failure-types';
import type { provisionUser } from '../../workflows/provision-user';
import { useTimeSkippingEnv, updateFailureOf, withWorker, workflowId } from '../support/workflow-env';

/**
 * Its own file because it takes real time: a user change is a local activity, whose retries under
 * the 10 s local-retry threshold back off in the worker (about 21 s for 10 attempts), where the
 * test server's clock cannot skip them. Jest runs it beside the other files.
 */
const env = useTimeSkippingEnv();

const change = (changeId: string): UserChange => ({ changeId, command: { kind: 'delete' } });

describe('provisionUser retries', () => {
  it('a change failing with infrastructure trouble is tried 10 times, then fails with ChangeUnavailable and the next change goes ahead', async () => {
    const attempts: number[] = [];
    const applyUserChange = async (input: ApplyUserChangeInput): Promise<UserChangeOutcome> => {
      if (input.change.changeId === 'next') return { result: 'deleted', exists: false };
      attempts.push(Context.current().info.attempt);
      // What activities/failures.ts makes of a database error: retryable.
      throw ApplicationFailure.create({ type: 'DatabaseError', message: 'connection terminated unexpectedly', nonRetryable: false });
    };
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await env().client.workflow.start<typeof provisionUser>('provisionUser', {
        taskQueue,
        workflowId: workflowId('scim-user'),
        args: [{ accountId: 'acct-1', directoryId: 'dir-1', scimUserId: randomUUID(), exists: true, maxHistoryEvents: 10_000 }],
      });
      const pending = handle.executeUpdate(applyUserChangeUpdate, { args: [change('flaky')], updateId: 'flaky' });
      const failure = await updateFailureOf(pending);
      expect(failure.type).toBe(FAILURE_TYPE.unavailable);
      expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      // The API answers 503: nothing was committed, the IdP may retry.
      expect(translateTemporalError(await pending.catch((e: unknown) => e))).toBeInstanceOf(TemporarilyUnavailable);

      await expect(handle.executeUpdate(applyUserChangeUpdate, { args: [change('next')], updateId: 'next' })).resolves.toEqual({
        result: 'deleted',
        exists: false,
      });
      await expect(handle.result()).resolves.toBeUndefined(); // the user is gone: the run ends
      expect(attempts).toHaveLength(10);
    });
  });
});
