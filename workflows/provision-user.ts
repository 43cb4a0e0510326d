import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  applyUserChangeUpdate,
  type ProvisionUserInput,
  type UserChange,
  type UserChangeOutcome,
} from './contracts';
import { toUpdateFailure } from './failures';
import { USER_EMAIL } from './search-attributes';

const { applyUserChange } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // Infrastructure failures (database down, worker crash) are retried until they succeed;
  // business rejections are thrown as non-retryable ApplicationFailures.
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

const COMMAND_KINDS = ['create', 'replace', 'patch', 'delete'];

type Settled = { ok: true; outcome: UserChangeOutcome } | { ok: false; failure: unknown };

/**
 * The long-lived entity workflow of one SCIM user. Every write to the user arrives as an
 * `applyUserChange` update and is applied strictly one at a time, in arrival order, by one
 * activity transaction. The run ends when the user no longer exists, and continues as new
 * (between changes, with nothing in flight) before its history grows large.
 */
export async function provisionUser(input: ProvisionUserInput): Promise<void> {
  const queue: UserChange[] = [];
  const settled = new Map<string, Settled>();
  let exists = input.exists;
  let email = input.email;
  // A run that has applied nothing yet is waiting for the change it was started for.
  let applied = 0;

  setHandler(
    applyUserChangeUpdate,
    async (change) => {
      queue.push(change);
      await condition(() => settled.has(change.changeId));
      const result = settled.get(change.changeId)!;
      settled.delete(change.changeId);
      if (!result.ok) throw toUpdateFailure(result.failure);
      return result.outcome;
    },
    {
      // Synchronous by design: an async validator's rejection would be lost.
      validator: (change) => {
        if (!change || typeof change.changeId !== 'string' || change.changeId === '') {
          throw new Error('A change needs a changeId');
        }
        if (!change.command || !COMMAND_KINDS.includes(change.command.kind)) {
          throw new Error(`Unknown command ${JSON.stringify(change.command?.kind)}`);
        }
      },
    },
  );

  const historyIsLarge = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= input.maxHistoryEvents;

  for (;;) {
    await condition(
      () => queue.length > 0 || (allHandlersFinished() && applied > 0 && (!exists || historyIsLarge())),
    );
    const change = queue.shift();
    if (!change) {
      if (!exists) return;
      return await continueAsNew<typeof provisionUser>({ ...input, exists, email });
    }
    applied += 1;
    try {
      const outcome = await applyUserChange({
        accountId: input.accountId,
        directoryId: input.directoryId,
        scimUserId: input.scimUserId,
        change,
      });
      exists = outcome.exists;
      if (outcome.email && outcome.email !== email) {
        email = outcome.email;
        upsertSearchAttributes([{ key: USER_EMAIL, value: email }]);
      }
      settled.set(change.changeId, { ok: true, outcome });
    } catch (failure) {
      settled.set(change.changeId, { ok: false, failure });
    }
  }
}
