import { continueAsNew, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { applyGroupChangeUpdate, type GroupChange, type GroupChangeOutcome, type ProvisionGroupInput } from './contracts';
import { GROUP_NAME } from './search-attributes';
import { runSerialChanges } from './serial-changes';

const { applyGroupChange, propagateRoleResolutions } = proxyActivities<ReturnType<typeof createActivities>>({
  // A full member replacement of a large group is one transaction: give it room.
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/** Users told per propagation step: bounded, so a 10,000-member group is 20 short activities. */
const PROPAGATION_BATCH = 500;

/**
 * The entity workflow of one SCIM group: creates, renames, membership changes and deletion are
 * applied one at a time, in arrival order, each by one activity transaction. A change that can
 * move roles queues the affected users in the same transaction; the workflow then tells their
 * workflows, a bounded batch at a time, between (and after) changes.
 */
export async function provisionGroup(input: ProvisionGroupInput): Promise<void> {
  let displayName = input.displayName;
  const pendingPropagations = [...(input.pendingPropagations ?? [])];
  const result = await runSerialChanges<GroupChange, GroupChangeOutcome>({
    update: applyGroupChangeUpdate,
    commandKinds: ['create', 'replace', 'patch', 'delete'],
    exists: input.exists,
    maxHistoryEvents: input.maxHistoryEvents,
    apply: (change) =>
      applyGroupChange({ accountId: input.accountId, directoryId: input.directoryId, scimGroupId: input.scimGroupId, change }),
    afterApply: (outcome, change) => {
      if (outcome.roleResolutionsQueued > 0) pendingPropagations.push(change.changeId);
      const name = outcome.group?.attributes.displayName;
      if (typeof name === 'string' && name !== displayName) {
        displayName = name;
        upsertSearchAttributes([{ key: GROUP_NAME, value: name }]);
      }
    },
    pendingWork: {
      has: () => pendingPropagations.length > 0,
      runStep: async () => {
        const { remaining } = await propagateRoleResolutions({ changeId: pendingPropagations[0]!, batchSize: PROPAGATION_BATCH });
        if (remaining === 0) pendingPropagations.shift();
      },
    },
  });
  if (result.next === 'continueAsNew') {
    await continueAsNew<typeof provisionGroup>({ ...input, exists: result.exists, displayName, pendingPropagations });
  }
}
