import type { Database } from '../src/db/database';
import { createApplyDashboardChange } from './apply-dashboard-change';
import { createApplyGroupChange } from './apply-group-change';
import { createApplyUserChange } from './apply-user-change';
import { createDirectoryActivities } from './connect-directory';
import { createDisconnectActivities } from './disconnect-directory';
import { createPropagateRoleResolutions } from './propagate-role-resolutions';
import { createResolveMemberRole } from './resolve-member-role';
import { createSaveRoleMappings } from './save-role-mappings';

export interface ActivityDeps {
  db: Database;
  /** For user workflows that role propagation starts (signal-with-start). */
  userMaxHistoryEvents: number;
  /** Role propagation's signals per second across the worker (0 or absent: unpaced). */
  propagationSignalsPerSecond?: number;
}

/**
 * When this worker last started or finished applying an IdP change (a user or group change): role
 * propagation is paced while it did so within the last second (ROLE_PROPAGATION_SIGNALS_PER_SECOND).
 */
export function createForegroundLoad(windowMs = 1000, now: () => number = Date.now) {
  let inFlight = 0;
  let lastAt = -Infinity;
  return {
    track<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
      return async (...args: A) => {
        inFlight += 1;
        lastAt = now();
        try {
          return await fn(...args);
        } finally {
          inFlight -= 1;
          lastAt = now();
        }
      };
    },
    busy: () => inFlight > 0 || now() - lastAt < windowMs,
  };
}

/** Every activity the worker registers, built from its dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  const foreground = createForegroundLoad();
  return {
    applyUserChange: foreground.track(createApplyUserChange(deps.db)),
    applyGroupChange: foreground.track(createApplyGroupChange(deps.db)),
    resolveMemberRole: createResolveMemberRole(deps.db),
    saveRoleMappings: createSaveRoleMappings(deps.db),
    applyDashboardChange: createApplyDashboardChange(deps.db),
    propagateRoleResolutions: createPropagateRoleResolutions(deps.db, {
      maxHistoryEvents: deps.userMaxHistoryEvents,
      concurrency: 32,
      signalsPerSecond: deps.propagationSignalsPerSecond ?? 0,
      foregroundBusy: foreground.busy,
    }),
    ...createDirectoryActivities(deps.db),
    ...createDisconnectActivities(deps.db),
  };
}
