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
}

/**
 * Drains one bounded batch of a change's role-resolution outbox: tells each affected user's
 * workflow to re-resolve its role (signal-with-start, so a stopped workflow is started), then
 * deletes the batch. At-least-once and idempotent: a crash re-sends a signal, and re-resolving
 * twice gives the same role. Returns how many are left.
 */
export function createPropagateRoleResolutions(db: Database, settings: PropagationSettings) {
  return async function propagateRoleResolutions(input: { changeId: string; batchSize: number }): Promise<{ remaining: number }> {
    const context = Context.current();
    const batch = await nextBatch(db, input.changeId, input.batchSize);
    // Scheduled with a priority (background, by a prioritized group): a user workflow this starts
    // gets the users' priority and its directory as fairness key, as if the API had started it.
    const prioritized = hasPriority(context.info.priority);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const row = batch[next++]!;
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
          signalArgs: [],
          ...(prioritized ? { priority: taskPriority(USER_PRIORITY, row.directory_id) } : {}),
        });
        context.heartbeat(next);
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, batch.length) }, worker));
    await removeProcessed(
      db,
      batch.map((row) => row.id),
    );
    return { remaining: await countQueued(db, input.changeId) };
  };
}
