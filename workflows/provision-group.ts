import { continueAsNew, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { applyGroupChangeUpdate, type GroupChange, type GroupChangeOutcome, type ProvisionGroupInput } from './contracts';
import { GROUP_NAME } from './search-attributes';
import { runSerialChanges } from './serial-changes';

const { applyGroupChange } = proxyActivities<ReturnType<typeof createActivities>>({
  // A full member replacement of a large group is one transaction: give it room.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/**
 * The entity workflow of one SCIM group: creates, renames, membership changes and deletion are
 * applied one at a time, in arrival order, each by one activity transaction.
 */
export async function provisionGroup(input: ProvisionGroupInput): Promise<void> {
  let displayName = input.displayName;
  const result = await runSerialChanges<GroupChange, GroupChangeOutcome>({
    update: applyGroupChangeUpdate,
    commandKinds: ['create', 'replace', 'patch', 'delete'],
    exists: input.exists,
    maxHistoryEvents: input.maxHistoryEvents,
    apply: (change) =>
      applyGroupChange({ accountId: input.accountId, directoryId: input.directoryId, scimGroupId: input.scimGroupId, change }),
    afterApply: (outcome) => {
      const name = outcome.group?.attributes.displayName;
      if (typeof name === 'string' && name !== displayName) {
        displayName = name;
        upsertSearchAttributes([{ key: GROUP_NAME, value: name }]);
      }
    },
  });
  if (result.next === 'continueAsNew') {
    await continueAsNew<typeof provisionGroup>({ ...input, exists: result.exists, displayName });
  }
}
