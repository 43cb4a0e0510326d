import {
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  applyUserChangeUpdate,
  resolveRoleSignal,
  userProvisioningStateQuery,
  type ProvisionUserInput,
  type UserChange,
  type UserChangeOutcome,
} from './contracts/provision-user';
import { USER_EMAIL } from './search-attributes';
import { runSerialChanges } from './serial-changes';

// Role re-resolutions read only stored state, so infrastructure failures (database down, worker
// crash) are retried until they succeed; rejections are non-retryable ApplicationFailures.
const RETRY = { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' } as const;

const remote = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '30 seconds', retry: RETRY });

/**
 * An IdP's change gets a bounded schedule (10 attempts, about 21 s of backoff, a minute at most):
 * then it fails with
 * `ChangeUnavailable` (503 to the IdP, nothing committed) and the next queued change goes ahead,
 * so no single change can hold the user's workflow.
 */
const changes = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '60 seconds',
  localRetryThreshold: '10 seconds',
  retry: { ...RETRY, maximumAttempts: 10 },
});

/**
 * Since `local-user-activities`: a user change is one short transaction, so it runs as a local
 * activity inside the workflow task instead of a round trip through an activity task queue,
 * which halves the engine work per change. Histories from before keep replaying on `remote`.
 */
const local = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: RETRY,
});
const LOCAL_ACTIVITIES_PATCH = 'local-user-activities';
const activities = () => (patched(LOCAL_ACTIVITIES_PATCH) ? local : remote);
const changeActivities = () => (patched(LOCAL_ACTIVITIES_PATCH) ? changes : remote);

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
  // The latest cause among the signals that collapsed into the next re-resolution (the last one
  // decides the role, so it is the one the audit row names). Activity input only: replay-safe.
  let roleCause = input.roleCause;
  let exists = input.exists;
  let heldBack: string | undefined;
  // Query state only (rule 2): until this run's first outcome says, a user known to exist with no
  // email is taken to be waiting for one.
  let waitingForEmail = input.exists && input.email === undefined;

  setHandler(resolveRoleSignal, (cause) => {
    roleStale = true;
    if (cause) roleCause = cause;
  });
  setHandler(userProvisioningStateQuery, () => ({
    exists,
    email,
    roleStale,
    ...(heldBack ? { heldBack } : {}),
    waitingForEmail: exists && waitingForEmail,
  }));
  const noteHeldBack = (reason: string | undefined) => {
    // The reason names the member's email: it stays in the query, out of the logs.
    if (reason && reason !== heldBack) log.warn('Last-owner guard held a change back', { scimUserId: input.scimUserId });
    heldBack = reason;
  };
  const noteWaitingForEmail = (waiting: boolean) => {
    // A log line, not a command: replay is unaffected.
    if (waiting && !waitingForEmail)
      log.info('User has no email: kept, linked to no member, until one arrives', { scimUserId: input.scimUserId });
    waitingForEmail = waiting;
  };

  const result = await runSerialChanges<UserChange, UserChangeOutcome>({
    update: applyUserChangeUpdate,
    commandKinds: ['create', 'replace', 'patch', 'delete'],
    exists: input.exists,
    maxHistoryEvents: input.maxHistoryEvents,
    ...(input.startTimeoutMs !== undefined ? { startTimeoutMs: input.startTimeoutMs } : {}),
    apply: (change) =>
      changeActivities().applyUserChange({
        accountId: input.accountId,
        directoryId: input.directoryId,
        scimUserId: input.scimUserId,
        change,
      }),
    afterApply: (outcome) => {
      exists = outcome.exists;
      noteHeldBack(outcome.heldBack);
      noteWaitingForEmail(outcome.waitingForEmail === true);
      if (outcome.email && outcome.email !== email) {
        email = outcome.email;
        // Decided by the run's input, not by code version, so older histories replay unchanged.
        if (input.indexEmail !== false) upsertSearchAttributes([{ key: USER_EMAIL, value: email }]);
      }
    },
    pendingWork: {
      has: () => roleStale,
      runStep: async () => {
        roleStale = false;
        const cause = roleCause;
        roleCause = undefined;
        const outcome = await activities().resolveMemberRole({
          accountId: input.accountId,
          directoryId: input.directoryId,
          scimUserId: input.scimUserId,
          changeId: uuid4(),
          ...(cause ? { cause } : {}),
        });
        noteHeldBack(outcome.heldBack);
        if (!outcome.frozen) noteWaitingForEmail(outcome.waitingForEmail === true);
        exists = outcome.exists;
        return { exists: outcome.exists, frozen: outcome.frozen ?? false };
      },
    },
  });
  if (result.next === 'continueAsNew') {
    await continueAsNew<typeof provisionUser>({
      ...input,
      exists: result.exists,
      email,
      roleStale,
      ...(roleCause ? { roleCause } : { roleCause: undefined }),
    });
  }
}
