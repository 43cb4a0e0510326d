import { randomUUID } from 'node:crypto';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, type Priority } from '@temporalio/common';
import type { ApplyGroupChangeInput } from '../../activities/apply-group-change';
import { stopProvisioningSignal } from '../../workflows/contracts/disconnect-directory';
import {
  applyGroupChangeUpdate,
  type GroupChange,
  type GroupChangeOutcome,
  type ProvisionGroupInput,
} from '../../workflows/contracts/provision-group';
import { DIRECTORY_FROZEN_MESSAGE, FAILURE_TYPE } from '../../workflows/failure-types';
import { BACKGROUND_PRIORITY, GROUP_PRIORITY } from '../../workflows/priority';
import type { provisionGroup } from '../../workflows/provision-group';
import { GROUP_NAME } from '../../workflows/search-attributes';
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
  workflowId,
} from '../support/workflow-env';

const env = useTimeSkippingEnv();

function groupInput(overrides: Partial<ProvisionGroupInput> = {}): ProvisionGroupInput {
  return {
    accountId: 'acct-1',
    directoryId: 'dir-1',
    scimGroupId: randomUUID(),
    exists: true,
    displayName: 'Engineering',
    maxHistoryEvents: 10_000,
    ...overrides,
  };
}

async function startGroup(
  taskQueue: string,
  input: ProvisionGroupInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof provisionGroup>> {
  return env().client.workflow.start<typeof provisionGroup>('provisionGroup', {
    taskQueue,
    workflowId: workflowId('scim-group'),
    args: [input],
  });
}

const patchChange = (changeId: string): GroupChange => ({
  changeId,
  command: { kind: 'patch', operations: [{ op: 'add', path: 'members', value: [{ value: changeId }] }] },
});

function send(handle: WorkflowHandle, change: GroupChange): Promise<GroupChangeOutcome> {
  return handle.executeUpdate(applyGroupChangeUpdate, { args: [change], updateId: change.changeId });
}

function outcome(version: number, extra: Partial<GroupChangeOutcome> & { displayName?: string } = {}): GroupChangeOutcome {
  const { displayName = 'Engineering', ...rest } = extra;
  const now = new Date(0).toISOString();
  return {
    result: 'updated',
    exists: true,
    group: { id: 'group', attributes: { displayName }, version, created: now, lastModified: now },
    membersAdded: 1,
    membersRemoved: 0,
    roleResolutionsQueued: 0,
    ...rest,
  };
}

/**
 * A role-resolution outbox per change id: each call drains one batch and says how many are left.
 * `hold` keeps the given call (1-based) in flight until its gate opens.
 */
function propagationOutbox(queued: Record<string, number>, hold?: { call: number; gate: Gate }) {
  const left = { ...queued };
  const calls: Array<{ changeId: string; batchSize: number; remaining: number }> = [];
  const propagateRoleResolutions = async (input: { changeId: string; batchSize: number }) => {
    const call = calls.length + 1;
    calls.push({ ...input, remaining: -1 });
    if (hold?.call === call) await hold.gate.opened;
    left[input.changeId] = Math.max(0, (left[input.changeId] ?? 0) - 1);
    calls[call - 1]!.remaining = left[input.changeId]!;
    return { remaining: left[input.changeId]! };
  };
  return { calls, propagateRoleResolutions };
}

describe('provisionGroup', () => {
  it('applies concurrent changes one at a time, in accepted order, as local activities (patch `local-group-activities`)', async () => {
    const calls: ApplyGroupChangeInput[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const applyGroupChange = async (input: ApplyGroupChangeInput) => {
      calls.push(input);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await pause(25);
        return outcome(calls.length);
      } finally {
        inFlight -= 1;
      }
    };
    await withWorker(env(), { applyGroupChange }, async (taskQueue) => {
      const input = groupInput();
      const handle = await startGroup(taskQueue, input);
      const changes = Array.from({ length: 5 }, (_, i) => patchChange(`change-${i + 1}`));
      const outcomes = await Promise.all(changes.map((change) => send(handle, change)));

      expect(maxInFlight).toBe(1);
      const applied = calls.map((call) => call.change.changeId);
      const events = await historyOf(env(), handle.workflowId);
      expect(applied).toEqual(acceptedUpdateIds(events));
      changes.forEach((change, i) => expect(outcomes[i]!.group?.version).toBe(applied.indexOf(change.changeId) + 1));
      for (const call of calls) {
        expect(call).toEqual({
          accountId: input.accountId,
          directoryId: input.directoryId,
          scimGroupId: input.scimGroupId,
          change: changes.find((c) => c.changeId === call.change.changeId),
        });
      }
      expect(patchesIn(events)).toEqual(expect.arrayContaining(['local-group-activities', 'concurrent-role-propagation']));
      expect(countEvents(events, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe(0);
    });
  });

  it('a change that queued role resolutions makes it propagate them, 500 at a time, change after change, until none remain', async () => {
    const outbox = propagationOutbox({ first: 3, second: 2 });
    const applyGroupChange = async (input: ApplyGroupChangeInput) =>
      outcome(1, { roleResolutionsQueued: input.change.changeId === 'none' ? 0 : 1000 });
    await withWorker(env(), { applyGroupChange, propagateRoleResolutions: outbox.propagateRoleResolutions }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      await send(handle, patchChange('first'));
      await send(handle, patchChange('second'));
      await send(handle, patchChange('none'));
      await eventually(async () => expect(outbox.calls.map((c) => c.remaining)).toEqual([2, 1, 0, 1, 0]));
      expect(outbox.calls.map((c) => [c.changeId, c.batchSize])).toEqual([
        ['first', 500],
        ['first', 500],
        ['first', 500],
        ['second', 500],
        ['second', 500],
      ]);
      // Propagation batches are remote activities (heartbeating, long); no further call once all are sent.
      const events = await historyOf(env(), handle.workflowId);
      expect(countEvents(events, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe(5);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    });
  });

  it('a group started with a priority propagates as background work with its fairness key (patch `background-propagation`)', async () => {
    const outbox = propagationOutbox({ first: 2 });
    const scheduled: Array<Priority | undefined> = [];
    const propagateRoleResolutions = async (input: { changeId: string; batchSize: number }) => {
      scheduled.push(Context.current().info.priority);
      return outbox.propagateRoleResolutions(input);
    };
    const applyGroupChange = async () => outcome(1, { roleResolutionsQueued: 1000 });
    await withWorker(env(), { applyGroupChange, propagateRoleResolutions }, async (taskQueue) => {
      const handle = await env().client.workflow.start<typeof provisionGroup>('provisionGroup', {
        taskQueue,
        workflowId: workflowId('scim-group'),
        args: [groupInput()],
        priority: { priorityKey: GROUP_PRIORITY, fairnessKey: 'dir-1' },
      });
      await send(handle, patchChange('first'));
      await eventually(async () => expect(outbox.calls.map((c) => c.remaining)).toEqual([1, 0]));
      const events = await historyOf(env(), handle.workflowId);
      expect(patchesIn(events)).toContain('background-propagation');
      const priorities = events
        .filter((e) => e.activityTaskScheduledEventAttributes)
        .map((e) => e.activityTaskScheduledEventAttributes!.priority);
      expect(priorities).toHaveLength(2);
      for (const priority of priorities) expect(priority).toMatchObject({ priorityKey: BACKGROUND_PRIORITY, fairnessKey: 'dir-1' });
      for (const priority of scheduled) expect(priority).toMatchObject({ priorityKey: BACKGROUND_PRIORITY, fairnessKey: 'dir-1' });
    });
  });

  it('a group started without a priority schedules its propagation plainly, without the `background-propagation` marker', async () => {
    const outbox = propagationOutbox({ first: 1 });
    const applyGroupChange = async () => outcome(1, { roleResolutionsQueued: 10 });
    await withWorker(env(), { applyGroupChange, propagateRoleResolutions: outbox.propagateRoleResolutions }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      await send(handle, patchChange('first'));
      await eventually(async () => expect(outbox.calls.map((c) => c.remaining)).toEqual([0]));
      const events = await historyOf(env(), handle.workflowId);
      expect(patchesIn(events)).not.toContain('background-propagation');
      const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes)!.activityTaskScheduledEventAttributes!;
      expect(scheduled.priority?.priorityKey ?? 0).toBe(0);
    });
  });

  it('a change is answered while a propagation batch is still in flight (patch `concurrent-role-propagation`)', async () => {
    const gate = new Gate();
    const outbox = propagationOutbox({ slow: 2 }, { call: 1, gate });
    const applied: string[] = [];
    const applyGroupChange = async (input: ApplyGroupChangeInput) => {
      applied.push(input.change.changeId);
      return outcome(applied.length, { roleResolutionsQueued: input.change.changeId === 'slow' ? 600 : 0 });
    };
    await withWorker(env(), { applyGroupChange, propagateRoleResolutions: outbox.propagateRoleResolutions }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      await send(handle, patchChange('slow'));
      await eventually(async () => expect(outbox.calls).toHaveLength(1));
      // The first batch is held: the next change must not wait for it.
      expect((await send(handle, patchChange('quick'))).group?.version).toBe(2);
      expect(outbox.calls).toEqual([{ changeId: 'slow', batchSize: 500, remaining: -1 }]);
      gate.open();
      await eventually(async () => expect(outbox.calls.map((c) => c.remaining)).toEqual([1, 0]));
      expect(applied).toEqual(['slow', 'quick']);
    });
  });

  it('continues as new carrying the propagations not yet sent; the next run sends them and keeps applying changes', async () => {
    const outbox = propagationOutbox({ big: 3 });
    const applyGroupChange = async (input: ApplyGroupChangeInput) =>
      outcome(1, { displayName: 'Platform', roleResolutionsQueued: input.change.changeId === 'big' ? 1500 : 0 });
    await withWorker(env(), { applyGroupChange, propagateRoleResolutions: outbox.propagateRoleResolutions }, async (taskQueue) => {
      const input = groupInput({ maxHistoryEvents: 5 });
      const handle = await startGroup(taskQueue, input);
      const firstRunId = handle.firstExecutionRunId;
      await send(handle, patchChange('big'));
      await eventually(async () => expect((await handle.describe()).runId).not.toBe(firstRunId));

      const firstRun = await historyOf(env(), handle.workflowId, firstRunId);
      expect(countEvents(firstRun, 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW')).toBe(1);
      const secondRun = await historyOf(env(), handle.workflowId);
      expect(runInput<ProvisionGroupInput>(secondRun)).toEqual({
        ...input,
        exists: true,
        displayName: 'Platform',
        pendingPropagations: ['big'],
      });
      // Everything is sent once, across the two runs.
      await eventually(async () =>
        expect(outbox.calls.map((c) => [c.changeId, c.remaining])).toEqual([
          ['big', 2],
          ['big', 1],
          ['big', 0],
        ]),
      );
      expect(countEvents(firstRun, 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')).toBe(1);

      expect((await send(handle, patchChange('later'))).group?.attributes.displayName).toBe('Platform');
    });
  });

  it('the stop signal refuses new changes with DirectoryFrozen, lets the batch in flight finish and ends without sending the rest', async () => {
    const gate = new Gate();
    const outbox = propagationOutbox({ queued: 5 }, { call: 1, gate });
    const applied: string[] = [];
    const applyGroupChange = async (input: ApplyGroupChangeInput) => {
      applied.push(input.change.changeId);
      return outcome(1, { roleResolutionsQueued: 2500 });
    };
    await withWorker(env(), { applyGroupChange, propagateRoleResolutions: outbox.propagateRoleResolutions }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      await send(handle, patchChange('queued'));
      await eventually(async () => expect(outbox.calls).toHaveLength(1));
      await handle.signal(stopProvisioningSignal);

      const refused = await updateFailureOf(send(handle, patchChange('after-stop')));
      expect(refused.type).toBe(FAILURE_TYPE.directoryFrozen);
      expect(refused.message).toBe(DIRECTORY_FROZEN_MESSAGE);
      expect((await handle.describe()).status.name).toBe('RUNNING'); // the batch is still in flight

      gate.open();
      await expect(handle.result()).resolves.toBeUndefined();
      expect(outbox.calls.map((c) => c.remaining)).toEqual([4]);
      expect(applied).toEqual(['queued']);
    });
  });

  it('a deleted group still has every queued role resolution sent before the run ends', async () => {
    const outbox = propagationOutbox({ delete: 3 });
    const applyGroupChange = async (): Promise<GroupChangeOutcome> => ({
      result: 'deleted',
      exists: false,
      membersAdded: 0,
      membersRemoved: 1200,
      roleResolutionsQueued: 1200,
    });
    await withWorker(env(), { applyGroupChange, propagateRoleResolutions: outbox.propagateRoleResolutions }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      expect(await send(handle, { changeId: 'delete', command: { kind: 'delete' } })).toMatchObject({ result: 'deleted', exists: false });
      await expect(handle.result()).resolves.toBeUndefined();
      expect(outbox.calls.map((c) => [c.changeId, c.remaining])).toEqual([
        ['delete', 2],
        ['delete', 1],
        ['delete', 0],
      ]);
    });
  });

  it('keeps the DsyncGroupName search attribute in step with the display name', async () => {
    const applyGroupChange = async () => outcome(2, { displayName: 'Renamed' });
    await withWorker(env(), { applyGroupChange }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      await send(handle, { changeId: 'rename', command: { kind: 'replace', attributes: { displayName: 'Renamed' } } });
      expect((await handle.describe()).typedSearchAttributes.get(GROUP_NAME)).toBe('Renamed');
    });
  });

  it('a fresh run started with startTimeoutMs that receives nothing ends (patch `end-idle-start`)', async () => {
    const applyGroupChange = jest.fn(async () => outcome(1));
    await withWorker(env(), { applyGroupChange }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput({ exists: false, startTimeoutMs: 300_000 }));
      await expect(handle.result()).resolves.toBeUndefined();
      expect(patchesIn(await historyOf(env(), handle.workflowId))).toContain('end-idle-start');
      expect(applyGroupChange).not.toHaveBeenCalled();
    });
  });

  const frozen = () =>
    ApplicationFailure.create({ type: FAILURE_TYPE.directoryFrozen, message: DIRECTORY_FROZEN_MESSAGE, nonRetryable: true });

  it('a DirectoryFrozen failure from the activity fails that change with it, without a retry', async () => {
    const applyGroupChange = jest.fn(async (): Promise<GroupChangeOutcome> => {
      throw frozen();
    });
    await withWorker(env(), { applyGroupChange }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      expect((await updateFailureOf(send(handle, patchChange('frozen')))).type).toBe(FAILURE_TYPE.directoryFrozen);
      expect(applyGroupChange).toHaveBeenCalledTimes(1);
    });
  });

  /** As for users (see provision-user.test.ts): the `frozen-local-stops` patch. */
  it('a DirectoryFrozen failure from the activity stops the workflow', async () => {
    const applyGroupChange = async (): Promise<GroupChangeOutcome> => {
      throw frozen();
    };
    await withWorker(env(), { applyGroupChange }, async (taskQueue) => {
      const handle = await startGroup(taskQueue, groupInput());
      await updateFailureOf(send(handle, patchChange('frozen')));
      await expect(handle.result()).resolves.toBeUndefined();
    });
  });
});
