import type { Context as ActivityContext } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptors } from '@temporalio/worker';
import { FAILURE_TYPE } from '../../workflows/failure-types';
import type { ChangeOutcome, WorkerMetrics } from '../observability/worker-metrics';

/** The activities that apply a change, and the resource each one changes (the metrics' `resource`). */
const CHANGE_ACTIVITIES: ReadonlyMap<string, string> = new Map([
  ['applyUserChange', 'user'],
  ['applyGroupChange', 'group'],
  ['applyDashboardChange', 'member'],
]);

/** Command kinds the workflows accept (their validators refuse others); anything else is counted as `other`. */
const KINDS: ReadonlySet<string> = new Set(['create', 'replace', 'patch', 'delete', 'invite', 'set-role']);

interface ChangeArgument {
  changeId?: unknown;
  kind?: unknown;
  change?: { changeId?: unknown; command?: { kind?: unknown } };
}

/** The change id and kind of a change activity's argument (`{change: {changeId, command}}` or a dashboard change). */
export function describeChange(args: readonly unknown[]): { changeId?: string; kind: string } {
  const first = (typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as ChangeArgument;
  const changeId = typeof first.change?.changeId === 'string' ? first.change.changeId : first.changeId;
  const kind = first.change?.command?.kind ?? first.kind;
  return {
    ...(typeof changeId === 'string' ? { changeId } : {}),
    kind: typeof kind === 'string' && KINDS.has(kind) ? kind : 'other',
  };
}

/**
 * How an attempt ended, from what the activity threw (activities/failures.ts encodes every
 * failure): the fence's refusal is `frozen`, any other non-retryable failure a rejection the
 * caller sees as a 4xx, anything else `failed` (infrastructure trouble; the workflow retries it).
 */
export function changeOutcomeOf(error: unknown): ChangeOutcome {
  if (error instanceof ApplicationFailure) {
    if (error.type === FAILURE_TYPE.directoryFrozen) return 'frozen';
    if (error.nonRetryable) return 'rejected';
  }
  return 'failed';
}

/**
 * Activity interceptors for every activity of the worker: each attempt to apply a change is
 * counted and timed by outcome (dsync_changes_total, dsync_change_apply_duration_seconds) and
 * logged, and every line the SDK's activity logger writes for a change carries its `changeId`
 * (the SDK adds the workflow id, run id and activity type itself).
 */
export function changeObserver(metrics: WorkerMetrics | undefined): (ctx: ActivityContext) => ActivityInterceptors {
  return (ctx) => {
    let changeId: string | undefined;
    return {
      inbound: {
        async execute(input, next) {
          const change = describeChange(input.args);
          changeId = change.changeId;
          const resource = CHANGE_ACTIVITIES.get(ctx.info.activityType);
          if (!resource) return next(input);
          const started = performance.now();
          const settle = (outcome: ChangeOutcome) => {
            const seconds = (performance.now() - started) / 1000;
            metrics?.changeSettled({ resource, kind: change.kind, outcome }, seconds);
            // One line per change through the SDK's logger (workflow id, run id, change id attached).
            const fields = { resource, kind: change.kind, outcome, durationMs: Math.round(seconds * 1000) };
            if (outcome === 'failed') ctx.log.warn('change failed; the workflow retries it', fields);
            else if (outcome === 'applied') ctx.log.debug('change applied', fields);
            else ctx.log.info(`change ${outcome}`, fields);
          };
          try {
            const result = await next(input);
            settle('applied');
            return result;
          } catch (error) {
            settle(changeOutcomeOf(error));
            throw error;
          }
        },
      },
      outbound: {
        getLogAttributes: (input, next) => next(changeId === undefined ? input : { changeId, ...input }),
      },
    };
  };
}
