import { randomUUID } from 'node:crypto';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ApplyUserChangeInput } from '../../activities/apply-user-change';
import type { ResolveMemberRoleInput } from '../../activities/resolve-member-role';
import { ScimError } from '../../src/scim/errors';
import { translateTemporalError } from '../../src/temporal/client/failure-translation';
import { stopProvisioningSignal } from '../../workflows/contracts/disconnect-directory';
import {
  applyUserChangeUpdate,
  resolveRoleSignal,
  userProvisioningStateQuery,
  type ProvisionUserInput,
  type RoleResolutionOutcome,
  type UserChange,
  type UserChangeOutcome,
} from '../../workflows/contracts/provision-user';
import { DIRECTORY_FROZEN_MESSAGE, FAILURE_TYPE } from '../../workflows/failure-types';
import type { provisionUser } from '../../workflows/provision-user';
import { USER_EMAIL } from '../../workflows/search-attributes';
import { eventually } from '../support/eventually';
import {
  acceptedUpdateIds,
  countEvents,
  Gate,
  historyOf,
  patchesIn,
  pause,
  runInput,
  useTimeSkippingEnv,
  updateFailureOf,
  withWorker,
  workerLogs,
  workflowId,
} from '../support/workflow-env';

const env = useTimeSkippingEnv();

function userInput(overrides: Partial<ProvisionUserInput> = {}): ProvisionUserInput {
  return { accountId: 'acct-1', directoryId: 'dir-1', scimUserId: randomUUID(), exists: true, maxHistoryEvents: 10_000, ...overrides };
}

async function startUser(
  taskQueue: string,
  input: ProvisionUserInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof provisionUser>> {
  return env().client.workflow.start<typeof provisionUser>('provisionUser', {
    taskQueue,
    workflowId: workflowId('scim-user'),
    args: [input],
  });
}

function patchChange(changeId: string): UserChange {
  return { changeId, command: { kind: 'patch', operations: [{ op: 'replace', path: 'displayName', value: changeId }] } };
}

/** Sends one change as the API does: the update id is the change id. */
function send(handle: WorkflowHandle, change: UserChange): Promise<UserChangeOutcome> {
  return handle.executeUpdate(applyUserChangeUpdate, { args: [change], updateId: change.changeId });
}

function updated(input: ApplyUserChangeInput, version: number, extra: Partial<UserChangeOutcome> = {}): UserChangeOutcome {
  const now = new Date(0).toISOString();
  return {
    result: 'updated',
    exists: true,
    user: {
      id: input.scimUserId,
      attributes: { userName: 'ada', active: true, displayName: input.change.changeId },
      version,
      created: now,
      lastModified: now,
    },
    ...extra,
  };
}

const scimRejection = () =>
  ApplicationFailure.create({
    type: FAILURE_TYPE.scim,
    message: 'Invalid value at emails',
    details: [{ status: 400, scimType: 'invalidValue' }],
    nonRetryable: true,
  });

describe('provisionUser', () => {
  it('applies concurrent changes one at a time, in the order the workflow accepted them, each answered with its own outcome', async () => {
    const calls: ApplyUserChangeInput[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const applyUserChange = async (input: ApplyUserChangeInput): Promise<UserChangeOutcome> => {
      calls.push(input);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await pause(25);
        return updated(input, calls.length);
      } finally {
        inFlight -= 1;
      }
    };
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const input = userInput();
      const handle = await startUser(taskQueue, input);
      const changes = Array.from({ length: 6 }, (_, i) => patchChange(`change-${i + 1}`));
      const outcomes = await Promise.all(changes.map((change) => send(handle, change)));

      expect(maxInFlight).toBe(1);
      const applied = calls.map((call) => call.change.changeId);
      expect(applied).toEqual(acceptedUpdateIds(await historyOf(env(), handle.workflowId)));
      expect([...applied].sort()).toEqual(changes.map((c) => c.changeId).sort());
      changes.forEach((change, i) => {
        // Each caller gets the outcome of its own change: the n-th applied change has version n.
        expect(outcomes[i]!.user?.attributes.displayName).toBe(change.changeId);
        expect(outcomes[i]!.user?.version).toBe(applied.indexOf(change.changeId) + 1);
      });
      for (const call of calls) {
        expect(call).toEqual({
          accountId: input.accountId,
          directoryId: input.directoryId,
          scimUserId: input.scimUserId,
          change: changes.find((c) => c.changeId === call.change.changeId),
        });
      }
    });
  });

  it('runs changes and role resolutions as local activities (patch `local-user-activities`)', async () => {
    const applyUserChange = async (input: ApplyUserChangeInput) => updated(input, 1);
    const resolveMemberRole = async (): Promise<RoleResolutionOutcome> => ({ exists: true, changed: false });
    await withWorker(env(), { applyUserChange, resolveMemberRole }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput({ roleStale: true }));
      await send(handle, patchChange('change-1'));
      const events = await historyOf(env(), handle.workflowId);
      expect(patchesIn(events)).toContain('local-user-activities');
      expect(countEvents(events, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe(0);
      // One local-activity marker per change and per resolution, besides the patch marker.
      expect(countEvents(events, 'EVENT_TYPE_MARKER_RECORDED')).toBe(1 + 2);
    });
  });

  it('continues as new once its history is long, carrying the email, and the next run keeps applying changes (and does not end idle)', async () => {
    const calls: string[] = [];
    const applyUserChange = async (input: ApplyUserChangeInput) => {
      calls.push(input.change.changeId);
      return updated(input, calls.length, { email: 'new@example.com' });
    };
    const resolveMemberRole = async (): Promise<RoleResolutionOutcome> => ({ exists: true, changed: true, role: 'admin' });
    await withWorker(env(), { applyUserChange, resolveMemberRole }, async (taskQueue) => {
      const input = userInput({ email: 'old@example.com', maxHistoryEvents: 15, startTimeoutMs: 60_000 });
      const handle = await startUser(taskQueue, input);
      const firstRunId = handle.firstExecutionRunId;
      await handle.signal(resolveRoleSignal);
      let sent = 0;
      while ((await handle.describe()).runId === firstRunId) {
        if (sent === 10) throw new Error('no continue-as-new after 10 changes with maxHistoryEvents 15');
        await send(handle, patchChange(`change-${++sent}`));
      }
      expect(sent).toBeGreaterThan(1);

      expect((await env().client.workflow.getHandle(handle.workflowId, firstRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
      const next = await handle.describe();
      const nextEvents = await historyOf(env(), handle.workflowId, next.runId);
      expect(nextEvents[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBe(firstRunId);
      // The role was resolved before continuing, so nothing is pending; the email is the one the changes set.
      expect(runInput<ProvisionUserInput>(nextEvents)).toEqual({ ...input, exists: true, email: 'new@example.com', roleStale: false });

      // A continued run is not a fresh start: it waits past startTimeoutMs for the next change.
      await env().sleep(120_000);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const outcome = await send(handle, patchChange('after-continue'));
      expect(outcome.user?.attributes.displayName).toBe('after-continue');
      expect(calls.at(-1)).toBe('after-continue');
      expect(await handle.query(userProvisioningStateQuery)).toEqual({
        exists: true,
        email: 'new@example.com',
        roleStale: false,
        waitingForEmail: false,
      });
    });
  });

  it('a run started with a pending role resolution (carried over continue-as-new) resolves it before anything else', async () => {
    const resolutions: ResolveMemberRoleInput[] = [];
    const resolveMemberRole = async (input: ResolveMemberRoleInput): Promise<RoleResolutionOutcome> => {
      resolutions.push(input);
      return { exists: true, changed: true, role: 'admin' };
    };
    await withWorker(env(), { resolveMemberRole }, async (taskQueue) => {
      const input = userInput({ roleStale: true });
      const handle = await startUser(taskQueue, input);
      await eventually(async () => expect(resolutions).toHaveLength(1));
      expect(resolutions[0]).toEqual({
        accountId: input.accountId,
        directoryId: input.directoryId,
        scimUserId: input.scimUserId,
        changeId: expect.any(String),
      });
      expect(await handle.query(userProvisioningStateQuery)).toEqual({ exists: true, roleStale: false, waitingForEmail: false });
    });
  });

  it('the stop signal lets the change in flight finish, then ends the workflow', async () => {
    const gate = new Gate();
    const calls: string[] = [];
    const applyUserChange = async (input: ApplyUserChangeInput) => {
      calls.push(input.change.changeId);
      await gate.opened;
      return updated(input, 1);
    };
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput());
      const inFlight = send(handle, patchChange('in-flight'));
      await eventually(async () => expect(calls).toEqual(['in-flight']));
      await handle.signal(stopProvisioningSignal);
      gate.open();
      expect((await inFlight).user?.attributes.displayName).toBe('in-flight');
      await expect(handle.result()).resolves.toBeUndefined();
      expect((await handle.describe()).status.name).toBe('COMPLETED');
      expect(calls).toEqual(['in-flight']);
    });
  });

  const frozenFailures = [
    [
      'the named DirectoryFrozen failure',
      () => ApplicationFailure.create({ type: FAILURE_TYPE.directoryFrozen, message: DIRECTORY_FROZEN_MESSAGE, nonRetryable: true }),
      FAILURE_TYPE.directoryFrozen,
    ],
    [
      'a SCIM 401 (workers before the named kind)',
      () => ApplicationFailure.create({ type: FAILURE_TYPE.scim, message: 'Unauthorized', details: [{ status: 401 }], nonRetryable: true }),
      FAILURE_TYPE.scim,
    ],
  ] as const;

  it.each(frozenFailures)('%s from the activity fails that change with it, without a retry', async (_name, failure, expectedType) => {
    let attempts = 0;
    const applyUserChange = async (): Promise<UserChangeOutcome> => {
      attempts += 1;
      throw failure();
    };
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput());
      const refused = await updateFailureOf(send(handle, patchChange('frozen')));
      expect(refused.type).toBe(expectedType);
      expect(refused.message).toBe(failure().message);
      expect(attempts).toBe(1);
    });
  });

  /**
   * A local activity's failure reaches the workflow bare, not as an ActivityFailure: before the
   * `frozen-local-stops` patch the fence's refusal went unnoticed and the workflow kept running.
   */
  it.each(frozenFailures)('%s from the activity fails that change with it, without a retry', async (_name, failure, expectedType) => {
    let attempts = 0;
    const applyUserChange = async (): Promise<UserChangeOutcome> => {
      attempts += 1;
      throw failure();
    };
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput());
      const refused = await updateFailureOf(send(handle, patchChange('frozen')));
      expect(refused.type).toBe(expectedType);
      expect(refused.message).toBe(failure().message);
      expect(attempts).toBe(1);
    });
  });

  /**
   * KNOWN BUG (reported, workflows/ left unchanged): since `local-user-activities` the change runs
   * as a local activity, whose failure reaches the workflow as a bare ApplicationFailure, not an
   * ActivityFailure; `isDirectoryFrozen` (workflows/failures.ts) only looks inside an
   * ActivityFailure, so `stopping` is never set and the workflow keeps running (here the
   * time-skipping server runs it into its execution timeout). Remove `.failing` once fixed.
   */
  it.each(frozenFailures)('%s from the activity stops the workflow', async (_name, failure) => {
    const applyUserChange = async (): Promise<UserChangeOutcome> => {
      throw failure();
    };
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput());
      await updateFailureOf(send(handle, patchChange('frozen')));
      await expect(handle.result()).resolves.toBeUndefined();
    });
  });

  it('a last-owner hold shows in the provisioningState query (and stays out of the logs), and clears with the next change', async () => {
    const reason = 'ada@example.com is the last active owner of the account';
    const applyUserChange = async (input: ApplyUserChangeInput) =>
      updated(input, 1, { email: 'ada@example.com', ...(input.change.changeId === 'demote' ? { heldBack: reason } : {}) });
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const input = userInput({ indexEmail: false });
      const handle = await startUser(taskQueue, input);
      expect((await send(handle, patchChange('demote'))).heldBack).toBe(reason);
      expect(await handle.query(userProvisioningStateQuery)).toEqual({
        exists: true,
        email: 'ada@example.com',
        roleStale: false,
        waitingForEmail: false,
        heldBack: reason,
      });

      await eventually(async () =>
        expect(
          workerLogs.filter((e) => e.message === 'Last-owner guard held a change back' && e.meta?.scimUserId === input.scimUserId),
        ).toHaveLength(1),
      );
      expect(workerLogs.filter((e) => JSON.stringify([e.message, e.meta]).includes('ada@example.com'))).toEqual([]);

      await send(handle, patchChange('rename'));
      expect(await handle.query(userProvisioningStateQuery)).toEqual({
        exists: true,
        email: 'ada@example.com',
        roleStale: false,
        waitingForEmail: false,
      });
    });
  });

  it("passes the signal's cause to resolveMemberRole: the latest of the signals that collapsed, none for a signal without one", async () => {
    const gate = new Gate();
    const resolutions: ResolveMemberRoleInput[] = [];
    const resolveMemberRole = async (input: ResolveMemberRoleInput): Promise<RoleResolutionOutcome> => {
      resolutions.push(input);
      if (resolutions.length === 1) await gate.opened;
      return { exists: true, changed: false };
    };
    await withWorker(env(), { resolveMemberRole }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput());
      await handle.signal(resolveRoleSignal, { changeId: 'group-change-1' });
      await eventually(async () => expect(resolutions).toHaveLength(1));
      await handle.signal(resolveRoleSignal, { changeId: 'group-change-2' });
      await handle.signal(resolveRoleSignal, { changeId: 'mapping-change-3' });
      gate.open();
      await eventually(async () => expect(resolutions).toHaveLength(2));
      await handle.signal(resolveRoleSignal);
      await eventually(async () => expect(resolutions).toHaveLength(3));
      expect(resolutions.map((r) => r.cause)).toEqual([{ changeId: 'group-change-1' }, { changeId: 'mapping-change-3' }, undefined]);
    });
  });

  it('the resolveRole signal makes it call resolveMemberRole; signals arriving meanwhile collapse into one more call', async () => {
    const gate = new Gate();
    const resolutions: ResolveMemberRoleInput[] = [];
    const resolveMemberRole = async (input: ResolveMemberRoleInput): Promise<RoleResolutionOutcome> => {
      resolutions.push(input);
      if (resolutions.length === 1) await gate.opened;
      return { exists: true, changed: true, role: 'admin', ...(resolutions.length === 2 ? { heldBack: 'last owner' } : {}) };
    };
    await withWorker(env(), { resolveMemberRole }, async (taskQueue) => {
      const input = userInput();
      const handle = await startUser(taskQueue, input);
      await handle.signal(resolveRoleSignal);
      await eventually(async () => expect(resolutions).toHaveLength(1));
      for (let i = 0; i < 3; i += 1) await handle.signal(resolveRoleSignal);
      gate.open();
      await eventually(async () => expect(resolutions).toHaveLength(2));
      // Answered once the second resolution is applied: nothing is pending, no third call comes.
      await eventually(async () =>
        expect(await handle.query(userProvisioningStateQuery)).toEqual({
          exists: true,
          roleStale: false,
          waitingForEmail: false,
          heldBack: 'last owner',
        }),
      );
      expect(resolutions).toHaveLength(2);
      for (const call of resolutions) {
        expect(call).toEqual({
          accountId: input.accountId,
          directoryId: input.directoryId,
          scimUserId: input.scimUserId,
          changeId: expect.any(String),
        });
      }
      expect(resolutions[0]!.changeId).not.toBe(resolutions[1]!.changeId);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    });
  });

  it.each([
    ['the user no longer exists', { exists: false, changed: false }],
    ['the directory is frozen', { exists: true, changed: false, frozen: true }],
  ])('a role resolution telling that %s ends the workflow', async (_name, outcome: RoleResolutionOutcome) => {
    const resolveMemberRole = async () => outcome;
    await withWorker(env(), { resolveMemberRole }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput());
      await handle.signal(resolveRoleSignal);
      await expect(handle.result()).resolves.toBeUndefined();
    });
  });

  it('a fresh run started with startTimeoutMs that receives nothing ends when it runs out (patch `end-idle-start`)', async () => {
    const applyUserChange = jest.fn(async (input: ApplyUserChangeInput) => updated(input, 1));
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput({ exists: false, startTimeoutMs: 300_000 }));
      await expect(handle.result()).resolves.toBeUndefined(); // the server skips the 5 minutes
      const { startTime, closeTime } = await handle.describe();
      expect(closeTime!.getTime() - startTime.getTime()).toBeGreaterThanOrEqual(300_000);
      const events = await historyOf(env(), handle.workflowId);
      expect(patchesIn(events)).toContain('end-idle-start');
      expect(countEvents(events, 'EVENT_TYPE_TIMER_FIRED')).toBe(1);
      expect(applyUserChange).not.toHaveBeenCalled();
    });
  });

  it('a fresh run that got its change in time, or has no startTimeoutMs, does not end idle', async () => {
    const applyUserChange = async (input: ApplyUserChangeInput) => updated(input, 1);
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const answered = await startUser(taskQueue, userInput({ exists: false, startTimeoutMs: 300_000 }));
      await send(answered, { changeId: 'create', command: { kind: 'create', attributes: { userName: 'ada' } } });
      const untimed = await startUser(taskQueue, userInput({ exists: false }));
      await env().sleep(600_000);
      expect((await answered.describe()).status.name).toBe('RUNNING');
      expect((await untimed.describe()).status.name).toBe('RUNNING');
      expect(patchesIn(await historyOf(env(), untimed.workflowId))).not.toContain('end-idle-start');
    });
  });

  it('a non-retryable rejection fails only that change: no retry, the next change is applied', async () => {
    const calls: string[] = [];
    const applyUserChange = async (input: ApplyUserChangeInput) => {
      calls.push(input.change.changeId);
      if (input.change.changeId === 'bad') throw scimRejection();
      return updated(input, calls.length);
    };
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput());
      const pending = send(handle, patchChange('bad'));
      const failure = await updateFailureOf(pending);
      expect(failure.type).toBe(FAILURE_TYPE.scim);
      expect(failure.message).toBe('Invalid value at emails');
      expect(failure.details).toEqual([{ status: 400, scimType: 'invalidValue' }]);
      // What the IdP gets back: the SCIM error it can fix.
      const answer = translateTemporalError(await pending.catch((e: unknown) => e));
      expect(answer).toBeInstanceOf(ScimError);
      expect(answer).toMatchObject({ status: 400, scimType: 'invalidValue' });

      expect((await send(handle, patchChange('good'))).user?.attributes.displayName).toBe('good');
      expect(calls).toEqual(['bad', 'good']);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    });
  });

  it.each([
    ['indexed when indexEmail is absent', undefined, 'new@example.com'],
    ['kept out when indexEmail is false', false, undefined],
  ])('the DsyncEmail search attribute follows the email: %s', async (_name, indexEmail, expected) => {
    const applyUserChange = async (input: ApplyUserChangeInput) => updated(input, 1, { email: 'new@example.com' });
    await withWorker(env(), { applyUserChange }, async (taskQueue) => {
      const handle = await startUser(taskQueue, userInput(indexEmail === undefined ? {} : { indexEmail }));
      await send(handle, patchChange('change-1'));
      expect((await handle.describe()).typedSearchAttributes.get(USER_EMAIL)).toBe(expected);
    });
  });
});
