import type { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { Priority } from '@temporalio/common';
import { createForegroundLoad } from '../../../activities';
import { createPacer } from '../../../activities/propagate-role-resolutions';
import { TemporalGateway, type WorkflowStart } from '../../../src/temporal/client/gateway';
import { Provisioning } from '../../../src/temporal/client/provisioning';
import { GROUP_PRIORITY, hasPriority, USER_PRIORITY } from '../../../workflows/priority';

/** A gateway stand-in that records the workflow starts it is asked for. */
function recordingGateway() {
  const starts: WorkflowStart[] = [];
  const gateway = {
    updateWithStart: async (_update: unknown, call: { start: WorkflowStart }) => {
      starts.push(call.start);
      return { exists: true };
    },
  } as unknown as TemporalGateway;
  return { gateway, starts };
}

const directory = { id: 'dir-1', account_id: 'acct-1' };

describe('task-queue priorities of the workflows the API starts', () => {
  it('starts groups first and users after, each with its directory as fairness key', async () => {
    const { gateway, starts } = recordingGateway();
    const provisioning = new Provisioning({ gateway, maxHistoryEvents: 100, workflowStartTimeoutMs: 1000 });
    await provisioning.changeGroup(directory, 'g1', { kind: 'delete' }, { exists: true });
    await provisioning.changeUser(directory, 'u1', { kind: 'delete' }, { exists: true });
    expect(starts.map((s) => s.priority)).toEqual([
      { priorityKey: GROUP_PRIORITY, fairnessKey: 'dir-1' },
      { priorityKey: USER_PRIORITY, fairnessKey: 'dir-1' },
    ]);
    expect(GROUP_PRIORITY).toBeLessThan(USER_PRIORITY);
  });

  it('starts them without a priority when priorities are off (TEMPORAL_PRIORITY=off)', async () => {
    const { gateway, starts } = recordingGateway();
    const provisioning = new Provisioning({ gateway, maxHistoryEvents: 100, workflowStartTimeoutMs: 1000, priorities: false });
    await provisioning.changeGroup(directory, 'g1', { kind: 'delete' }, { exists: true });
    await provisioning.changeUser(directory, 'u1', { kind: 'delete' }, { exists: true });
    expect(starts.map((s) => s.priority)).toEqual([undefined, undefined]);
  });

  it('the gateway hands the priority to the update-with-start operation', async () => {
    const priorities: Array<Priority | undefined> = [];
    const client = {
      withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
      workflow: {
        executeUpdateWithStart: async (_update: unknown, options: { startWorkflowOperation: WithStartWorkflowOperation<never> }) => {
          priorities.push(options.startWorkflowOperation.options.priority);
          return 'applied';
        },
      },
    } as unknown as Client;
    const gateway = new TemporalGateway({ client, taskQueue: 'q', timeoutMs: 5000 });
    const start = { workflowType: 'w', workflowId: 'w-1', args: [], searchAttributes: [] };
    const probe = { name: 'probe', type: 'update' } as never;
    await gateway.updateWithStart(probe, { start: { ...start, priority: { priorityKey: 1, fairnessKey: 'd' } }, args: () => [] as never });
    await gateway.updateWithStart(probe, { start, args: () => [] as never });
    expect(priorities).toEqual([{ priorityKey: 1, fairnessKey: 'd' }, undefined]);
  });

  it('tells a priority from the empty one a workflow without priority decodes to', () => {
    expect(hasPriority(undefined)).toBe(false);
    expect(hasPriority({ priorityKey: 0, fairnessKey: '', fairnessWeight: 0 })).toBe(false);
    expect(hasPriority({ priorityKey: 4 })).toBe(true);
    expect(hasPriority({ priorityKey: 0, fairnessKey: 'dir-1' })).toBe(true);
  });
});

describe('role propagation pacing', () => {
  it('spaces calls 1000 / perSecond ms apart across every caller', async () => {
    const pace = createPacer(100);
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => pace()));
    // Six calls: the first at once, the last 50 ms later (10 ms apart).
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('does not wait while no IdP change is being applied', async () => {
    const pace = createPacer(1, () => false);
    const started = performance.now();
    for (let i = 0; i < 100; i += 1) await pace();
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('counts the worker busy with IdP changes while one runs and for a window after it', async () => {
    let clock = 0;
    const foreground = createForegroundLoad(1000, () => clock);
    expect(foreground.busy()).toBe(false);
    let finish!: () => void;
    const change = foreground.track(() => new Promise<string>((resolve) => (finish = () => resolve('done'))));
    const running = change();
    clock = 5000;
    expect(foreground.busy()).toBe(true);
    finish();
    await expect(running).resolves.toBe('done');
    clock = 5999;
    expect(foreground.busy()).toBe(true);
    clock = 6000;
    expect(foreground.busy()).toBe(false);
  });

  it('does not wait when unpaced', async () => {
    const pace = createPacer(0);
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) await pace();
    expect(performance.now() - started).toBeLessThan(100);
  });
});
