import {
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { applyGroupChangeUpdate, type GroupChange, type GroupChangeOutcome, type ProvisionGroupInput } from './contracts/provision-group';
import { BACKGROUND_PRIORITY, hasPriority } from './priority';
import { GROUP_NAME } from './search-attributes';
import { runSerialChanges, type SerialChangesOptions } from './serial-changes';

const RETRY = { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' } as const;
const remote = proxyActivities<ReturnType<typeof createActivities>>({
  // A full member replacement of a large group is one transaction: give it room.
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: RETRY,
});

/**
 * Since `local-group-activities`: a group change runs as a local activity in the workflow task,
 * so it never queues behind the (long, heartbeating) propagation batches for activity slots,
 * which made membership PATCHes wait seconds during a large sync. Older runs keep `remote`.
 */
const local = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '4 minutes',
  localRetryThreshold: '10 seconds',
  // Bounded like a user change: then it fails with `ChangeUnavailable` and the next change goes ahead.
  retry: { ...RETRY, maximumAttempts: 10 },
});
const LOCAL_GROUP_ACTIVITIES_PATCH = 'local-group-activities';

/** Users told per propagation step: bounded, so a 10,000-member group is 20 short activities. */
const PROPAGATION_BATCH = 500;

/**
 * Since `concurrent-role-propagation`, telling members to re-resolve runs beside the change loop
 * rather than between changes, so an IdP's membership PATCH never waits behind the propagation
 * of the previous one (it did: p99 12.8 s with 10,000 users). Older runs keep the old order.
 */
const CONCURRENT_PROPAGATION_PATCH = 'concurrent-role-propagation';

/**
 * Since `background-propagation`: a group workflow started with a priority (the API's default,
 * workflows/priority.ts) schedules its propagation activity as background work, with the group's
 * fairness key, and the activity starts user workflows with the users' priority. Runs started
 * without a priority, and older histories, keep scheduling it plainly.
 */
const BACKGROUND_PROPAGATION_PATCH = 'background-propagation';

/**
 * The entity workflow of one SCIM group: creates, renames, membership changes and deletion are
 * applied one at a time, in arrival order, each by one activity transaction. A change that can
 * move roles queues the affected users in the same transaction; the workflow then tells their
 * workflows, a bounded batch at a time.
 */
export async function provisionGroup(input: ProvisionGroupInput): Promise<void> {
  let displayName = input.displayName;
  const pendingPropagations = [...(input.pendingPropagations ?? [])];
  const started = workflowInfo().priority;
  const background = hasPriority(started)
    ? proxyActivities<ReturnType<typeof createActivities>>({
        startToCloseTimeout: '2 minutes',
        heartbeatTimeout: '30 seconds',
        retry: RETRY,
        priority: { priorityKey: BACKGROUND_PRIORITY, ...(started.fairnessKey ? { fairnessKey: started.fairnessKey } : {}) },
      })
    : undefined;
  const propagateOneBatch = async () => {
    const propagation = background && patched(BACKGROUND_PROPAGATION_PATCH) ? background : remote;
    const { remaining } = await propagation.propagateRoleResolutions({ changeId: pendingPropagations[0]!, batchSize: PROPAGATION_BATCH });
    if (remaining === 0) pendingPropagations.shift();
  };
  const options: SerialChangesOptions<GroupChange, GroupChangeOutcome> = {
    update: applyGroupChangeUpdate,
    commandKinds: ['create', 'replace', 'patch', 'delete'],
    exists: input.exists,
    maxHistoryEvents: input.maxHistoryEvents,
    ...(input.startTimeoutMs !== undefined ? { startTimeoutMs: input.startTimeoutMs } : {}),
    apply: (change) =>
      (patched(LOCAL_GROUP_ACTIVITIES_PATCH) ? local : remote).applyGroupChange({
        accountId: input.accountId,
        directoryId: input.directoryId,
        scimGroupId: input.scimGroupId,
        change,
      }),
    afterApply: (outcome, change) => {
      // A log line, not a command: replay is unaffected. Ids stay in the audit row.
      if (outcome.membersSkipped) {
        log.warn('Group change skipped member ids that are not users of the directory', {
          scimGroupId: input.scimGroupId,
          membersSkipped: outcome.membersSkipped,
        });
      }
      if (outcome.roleResolutionsQueued > 0) pendingPropagations.push(change.changeId);
      const name = outcome.group?.attributes.displayName;
      if (typeof name === 'string' && name !== displayName) {
        displayName = name;
        upsertSearchAttributes([{ key: GROUP_NAME, value: name }]);
      }
    },
  };

  if (!patched(CONCURRENT_PROPAGATION_PATCH)) {
    const result = await runSerialChanges({
      ...options,
      pendingWork: { has: () => pendingPropagations.length > 0, runStep: propagateOneBatch },
    });
    if (result.next === 'continueAsNew') {
      await continueAsNew<typeof provisionGroup>({ ...input, exists: result.exists, displayName, pendingPropagations });
    }
    return;
  }

  let changesDone = false;
  let frozen = false;
  const propagation = (async () => {
    for (;;) {
      await condition(() => pendingPropagations.length > 0 || changesDone);
      // Frozen: nothing more is applied; continuing as new: what is left is carried over.
      if (frozen || pendingPropagations.length === 0 || changesDone) return;
      await propagateOneBatch();
    }
  })();
  const result = await runSerialChanges(options);
  frozen = result.next === 'stopped';
  changesDone = true;
  await propagation;
  if (result.next === 'ended') {
    // The group is gone; its members still learn that its role no longer applies.
    while (pendingPropagations.length > 0) await propagateOneBatch();
  }
  if (result.next === 'continueAsNew') {
    await continueAsNew<typeof provisionGroup>({ ...input, exists: result.exists, displayName, pendingPropagations });
  }
}
