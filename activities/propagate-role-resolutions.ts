import { Context } from '@temporalio/activity';
import type { Database } from '../src/db/database';
import { countQueued, nextBatch, removeProcessed } from '../src/stores/role-resolution-outbox';
import { resolveRoleSignal, type ProvisionUserInput } from '../workflows/contracts/provision-user';
import { userWorkflowId } from '../workflows/ids';
import { hasPriority, taskPriority, USER_PRIORITY } from '../workflows/priority';
import { userSearchAttributes } from '../workflows/search-attributes';

export interface PropagationSettings {
  /** Passed to user workflows this starts (a user whose workflow is not running). */
  maxHistoryEvents: number;
  /** Signals in flight at once within a batch. */
  concurrency: number;
  /**
   * Signals per second for the whole worker, across every batch in flight, while the worker is
   * applying IdP changes (0: unpaced). Each signal wakes a user workflow whose task shares the
   * queue with the IdP's user changes (at the users' priority), so an unpaced propagation of
   * thousands queues those changes behind it; when no IdP change is being applied it runs unpaced.
   */
  signalsPerSecond?: number;
  /** Whether IdP changes are being applied (the pace applies only then); always, when absent. */
  foregroundBusy?: () => boolean;
  /** A batch stops taking rows after this long (its rest stays queued for the next call): under pacing it stays well inside its timeout. */
  batchBudgetMs?: number;
}

/**
 * Spaces calls `1000 / perSecond` ms apart, across every caller in the process, while `busy()`
 * says so (0: no spacing).
 */
export function createPacer(perSecond: number, busy: () => boolean = () => true, now: () => number = Date.now) {
  let next = 0;
  return async function pace(): Promise<void> {
    if (!(perSecond > 0) || !busy()) {
      next = 0;
      return;
    }
    const at = Math.max(now(), next);
    next = at + 1000 / perSecond;
    const wait = at - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}

/**
 * Drains one bounded batch of a change's role-resolution outbox: tells each affected user's
 * workflow to re-resolve its role (signal-with-start, so a stopped workflow is started), then
 * deletes the batch. At-least-once and idempotent: a crash re-sends a signal, and re-resolving
 * twice gives the same role. Returns how many are left.
 */
export function createPropagateRoleResolutions(db: Database, settings: PropagationSettings) {
  const pace = createPacer(settings.signalsPerSecond ?? 0, settings.foregroundBusy);
  const budgetMs = settings.batchBudgetMs ?? 60_000;
  return async function propagateRoleResolutions(input: { changeId: string; batchSize: number }): Promise<{ remaining: number }> {
    const context = Context.current();
    const batch = await nextBatch(db, input.changeId, input.batchSize);
    // Scheduled with a priority (background, by a prioritized group): a user workflow this starts
    // gets the users' priority and its directory as fairness key, as if the API had started it.
    const prioritized = hasPriority(context.info.priority);
    const stopTakingAt = Date.now() + budgetMs;
    const sent: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < batch.length && Date.now() < stopTakingAt) {
        const row = batch[next++]!;
        await pace();
        const args: ProvisionUserInput = {
          accountId: row.account_id,
          directoryId: row.directory_id,
          scimUserId: row.user_id,
          exists: true,
          maxHistoryEvents: settings.maxHistoryEvents,
        };
        await context.client.workflow.signalWithStart('provisionUser', {
          workflowId: userWorkflowId(row.directory_id, row.user_id),
          taskQueue: context.info.taskQueue,
          // Found by directory like every user workflow: a disconnect lists and stops it too.
          typedSearchAttributes: userSearchAttributes({
            accountId: row.account_id,
            directoryId: row.directory_id,
            scimUserId: row.user_id,
          }),
          args: [args],
          signal: resolveRoleSignal,
          // The change that queued the row: the re-resolution's audit row names it as the cause.
          signalArgs: [{ changeId: input.changeId }],
          ...(prioritized ? { priority: taskPriority(USER_PRIORITY, row.directory_id) } : {}),
        });
        sent.push(row.id);
        context.heartbeat(sent.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, batch.length) }, worker));
    // Only what was signalled leaves the outbox; the rest is the next call's.
    await removeProcessed(db, sent);
    return { remaining: await countQueued(db, input.changeId) };
  };
}
