import { continueAsNew, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { applyUserChangeUpdate, type ProvisionUserInput, type UserChange, type UserChangeOutcome } from './contracts';
import { USER_EMAIL } from './search-attributes';
import { runSerialChanges } from './serial-changes';

const { applyUserChange } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // Infrastructure failures (database down, worker crash) are retried until they succeed;
  // business rejections are thrown as non-retryable ApplicationFailures.
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/**
 * The long-lived entity workflow of one SCIM user. Every write to the user arrives as an
 * `applyUserChange` update and is applied strictly one at a time, in arrival order, by one
 * activity transaction. The run ends when the user no longer exists, and continues as new
 * (between changes, with nothing in flight) before its history grows large.
 */
export async function provisionUser(input: ProvisionUserInput): Promise<void> {
  let email = input.email;
  const result = await runSerialChanges<UserChange, UserChangeOutcome>({
    update: applyUserChangeUpdate,
    commandKinds: ['create', 'replace', 'patch', 'delete'],
    exists: input.exists,
    maxHistoryEvents: input.maxHistoryEvents,
    apply: (change) =>
      applyUserChange({ accountId: input.accountId, directoryId: input.directoryId, scimUserId: input.scimUserId, change }),
    afterApply: (outcome) => {
      if (outcome.email && outcome.email !== email) {
        email = outcome.email;
        upsertSearchAttributes([{ key: USER_EMAIL, value: email }]);
      }
    },
  });
  if (result.next === 'continueAsNew') {
    await continueAsNew<typeof provisionUser>({ ...input, exists: result.exists, email });
  }
}
