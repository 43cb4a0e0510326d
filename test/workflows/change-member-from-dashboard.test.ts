import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { RequestRejected } from '../../src/domain/request-rejected';
import { translateTemporalError } from '../../src/temporal/client/failure-translation';
import type { changeMemberFromDashboard } from '../../workflows/change-member-from-dashboard';
import type { DashboardChange, DashboardChangeOutcome } from '../../workflows/contracts/change-member-from-dashboard';
import { databaseDown, requestRejected, useTimeSkippingEnv, withWorker, workflowFailureOf, workflowId } from '../support/workflow-env';

const env = useTimeSkippingEnv();

const change: DashboardChange = { changeId: 'change-1', accountId: 'acct-1', kind: 'set-role', email: 'ada@example.com', role: 'admin' };

function run(taskQueue: string) {
  return env().client.workflow.execute<typeof changeMemberFromDashboard>('changeMemberFromDashboard', {
    taskQueue,
    workflowId: workflowId('dashboard-member'),
    args: [change],
  });
}

describe('changeMemberFromDashboard', () => {
  it('applies the change with applyDashboardChange, as given, and returns its outcome', async () => {
    const outcome: DashboardChangeOutcome = {
      result: 'updated',
      member: { email: 'ada@example.com', name: 'Ada', role: 'admin', active: true, managedByDirectory: false, scimUserId: null },
    };
    const applyDashboardChange = jest.fn(async () => outcome);
    await withWorker(env(), { applyDashboardChange }, async (taskQueue) => {
      await expect(run(taskQueue)).resolves.toEqual(outcome);
      expect(applyDashboardChange.mock.calls).toEqual([[change]]);
    });
  });

  it('a refusal (the last owner) fails the workflow, once, with the RequestRejected the API answers with', async () => {
    const applyDashboardChange = jest.fn(async (): Promise<DashboardChangeOutcome> => {
      throw requestRejected(409, 'last_owner', 'The account needs at least one active owner');
    });
    await withWorker(env(), { applyDashboardChange }, async (taskQueue) => {
      const pending = run(taskQueue);
      const failed = await workflowFailureOf(pending);
      expect(failed.cause).toBeInstanceOf(ActivityFailure);
      expect(failed.cause?.cause).toBeInstanceOf(ApplicationFailure);
      expect(failed.cause?.cause).toMatchObject({ type: 'RequestRejected', details: [{ status: 409, code: 'last_owner' }] });
      expect(translateTemporalError(failed)).toEqual(new RequestRejected(409, 'last_owner', 'The account needs at least one active owner'));
      expect(applyDashboardChange).toHaveBeenCalledTimes(1);
    });
  });

  it("infrastructure trouble is retried 20 times at most, then the workflow fails with the last attempt's failure", async () => {
    const attempts: number[] = [];
    const applyDashboardChange = async (): Promise<DashboardChangeOutcome> => {
      attempts.push(Context.current().info.attempt);
      throw databaseDown();
    };
    await withWorker(env(), { applyDashboardChange }, async (taskQueue) => {
      // Remote-activity retries are server timers: the test server skips their backoff (about 76 s).
      const failed = await workflowFailureOf(run(taskQueue));
      expect(failed.cause).toBeInstanceOf(ActivityFailure);
      expect((failed.cause as ActivityFailure).retryState).toBe(RetryState.MAXIMUM_ATTEMPTS_REACHED);
      expect(failed.cause?.cause).toMatchObject({ type: 'DatabaseError' });
      expect(attempts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });
});
