import type { UpdateDefinition } from '@temporalio/common';
import { allHandlersFinished, condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { stopProvisioningSignal } from './contracts/disconnect-directory';
import { directoryFrozenFailure, isDirectoryFrozen, isLocalDirectoryFrozen, toUpdateFailure } from './failures';

export interface Change {
  changeId: string;
  command: { kind: string };
}

export interface SerialChangesOptions<C extends Change, O extends { exists: boolean }> {
  update: UpdateDefinition<O, [C]>;
  commandKinds: readonly string[];
  /** Applies one change (an activity); a rejection fails only that change's update. */
  apply(change: C): Promise<O>;
  /** Called after each applied change, inside the workflow (search attributes, state). */
  afterApply?(outcome: O, change: C): void;
  /**
   * Work the workflow owes besides queued changes (role re-resolution, signalling affected users):
   * one bounded step runs after each change, or whenever no change waits. It may tell that the
   * resource no longer exists.
   */
  pendingWork?: { has(): boolean; runStep(): Promise<{ exists?: boolean; frozen?: boolean } | void> };
  /** Whether the resource exists when this run starts. */
  exists: boolean;
  maxHistoryEvents: number;
  /**
   * How long a freshly started run waits for the change or signal it was started for. The API
   * starts entity workflows by update-with-start; when the server or the validator refuses the
   * update, the run would otherwise wait forever for a change that never comes.
   */
  startTimeoutMs?: number;
}

/**
 * Since `end-idle-start`: a run that was started (not continued as new) and receives nothing
 * within `startTimeoutMs` ends; the next change starts a new one.
 */
const END_IDLE_START_PATCH = 'end-idle-start';
/**
 * Since changes run as local activities their failures arrive unwrapped, and the fence's refusal
 * went unnoticed: the workflow answered 401 and kept running after the freeze. Runs recorded
 * before this patch keep that behaviour on replay.
 */
const FROZEN_LOCAL_STOPS_PATCH = 'frozen-local-stops';

export interface SerialChangesResult {
  /**
   * `ended`: the resource is gone; `stopped`: its directory was disconnected; `continueAsNew`:
   * the history is large and nothing is in flight.
   */
  next: 'ended' | 'stopped' | 'continueAsNew';
  exists: boolean;
}

/**
 * The loop of an entity workflow (one per SCIM user or group): every write arrives as an update,
 * is queued, and is applied strictly one at a time in arrival order. Returns when the resource no
 * longer exists, when its directory was disconnected (`stopProvisioning`, or the fence refused a
 * change), or when the history should be continued as new: always between changes with every
 * handler finished, so no caller is left waiting.
 */
export async function runSerialChanges<C extends Change, O extends { exists: boolean }>(
  options: SerialChangesOptions<C, O>,
): Promise<SerialChangesResult> {
  type Settled = { ok: true; outcome: O } | { ok: false; failure: unknown };
  const queue: C[] = [];
  const settled = new Map<string, Settled>();
  let exists = options.exists;
  // A run that has done nothing yet is waiting for the change or signal it was started for.
  let applied = 0;
  // The directory was disconnected: finish what is in flight (the fence rejects it), accept nothing new.
  let stopping = false;
  const hasPendingWork = () => !stopping && (options.pendingWork?.has() ?? false);
  setHandler(stopProvisioningSignal, () => {
    stopping = true;
  });

  setHandler(
    options.update,
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
        if (!change.command || !options.commandKinds.includes(change.command.kind)) {
          throw new Error(`Unknown command ${JSON.stringify(change.command?.kind)}`);
        }
        if (stopping) throw directoryFrozenFailure();
      },
    },
  );

  const historyIsLarge = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= options.maxHistoryEvents;

  const ready = () =>
    queue.length > 0 || hasPendingWork() || (allHandlersFinished() && (stopping || (applied > 0 && (!exists || historyIsLarge()))));
  const endsWhenIdle =
    options.startTimeoutMs !== undefined && workflowInfo().continuedFromExecutionRunId === undefined && patched(END_IDLE_START_PATCH);

  for (;;) {
    if (endsWhenIdle && applied === 0) {
      if (!(await condition(ready, options.startTimeoutMs!))) return { next: 'ended', exists };
    } else {
      await condition(ready);
    }
    const change = queue.shift();
    if (change) {
      applied += 1;
      try {
        const outcome = await options.apply(change);
        exists = outcome.exists;
        options.afterApply?.(outcome, change);
        settled.set(change.changeId, { ok: true, outcome });
      } catch (failure) {
        // A workflow started just as its directory froze learns it from the fence.
        if (isDirectoryFrozen(failure) || (isLocalDirectoryFrozen(failure) && patched(FROZEN_LOCAL_STOPS_PATCH))) stopping = true;
        settled.set(change.changeId, { ok: false, failure });
      }
    }
    if (hasPendingWork()) {
      applied += 1;
      const step = await options.pendingWork!.runStep();
      if (step && step.exists !== undefined) exists = step.exists;
      if (step && step.frozen) stopping = true;
      continue;
    }
    if (!change) return { next: stopping ? 'stopped' : exists ? 'continueAsNew' : 'ended', exists };
  }
}
