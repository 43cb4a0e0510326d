import { continueAsNew, log, proxyActivities, setHandler, upsertSearchAttributes, uuid4 } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  applyUserChangeUpdate,
  resolveRoleSignal,
  userProvisioningStateQuery,
  type ProvisionUserInput,
  type UserChange,
  type UserChangeOutcome,
} from './contracts';
import { USER_EMAIL } from './search-attributes';
import { runSerialChanges } from './serial-changes';

const { applyUserChange, resolveMemberRole } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // Infrastructure failures (database down, worker crash) are retried until they succeed;
  // business rejections are thrown as non-retryable ApplicationFailures.
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/**
 * The long-lived entity workflow of one SCIM user. Every write to the user arrives as an
 * `applyUserChange` update and is applied strictly one at a time, in arrival order, by one
 * activity transaction. A `resolveRole` signal (a group or mapping change touched the user)
 * re-resolves the member's role between changes; signals that arrive meanwhile collapse into one.
 * The run ends when the user no longer exists, and continues as new (between changes, with
 * nothing in flight, carrying a pending re-resolution) before its history grows large.
 */
export async function provisionUser(input: ProvisionUserInput): Promise<void> {
  let email = input.email;
  let roleStale = input.roleStale ?? false;
  let exists = input.exists;
  let heldBack: string | undefined;

  setHandler(resolveRoleSignal, () => {
    roleStale = true;
  });
  setHandler(userProvisioningStateQuery, () => ({ exists, email, roleStale, ...(heldBack ? { heldBack } : {}) }));
  const noteHeldBack = (reason: string | undefined) => {
    if (reason && reason !== heldBack) log.warn('Last-owner guard held a change back', { reason });
    heldBack = reason;
  };

  const result = await runSerialChanges<UserChange, UserChangeOutcome>({
    update: applyUserChangeUpdate,
    commandKinds: ['create', 'replace', 'patch', 'delete'],
    exists: input.exists,
    maxHistoryEvents: input.maxHistoryEvents,
    apply: (change) =>
      applyUserChange({ accountId: input.accountId, directoryId: input.directoryId, scimUserId: input.scimUserId, change }),
    afterApply: (outcome) => {
      exists = outcome.exists;
      noteHeldBack(outcome.heldBack);
      if (outcome.email && outcome.email !== email) {
        email = outcome.email;
        upsertSearchAttributes([{ key: USER_EMAIL, value: email }]);
      }
    },
    pendingWork: {
      has: () => roleStale,
      runStep: async () => {
        roleStale = false;
        const outcome = await resolveMemberRole({
          accountId: input.accountId,
          directoryId: input.directoryId,
          scimUserId: input.scimUserId,
          changeId: uuid4(),
        });
        noteHeldBack(outcome.heldBack);
        exists = outcome.exists;
        return { exists: outcome.exists, frozen: outcome.frozen ?? false };
      },
    },
  });
  if (result.next === 'continueAsNew') {
    await continueAsNew<typeof provisionUser>({ ...input, exists: result.exists, email, roleStale });
  }
}
