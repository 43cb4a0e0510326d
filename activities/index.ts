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
}

/** Every activity the worker registers, built from its dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    applyUserChange: createApplyUserChange(deps.db),
    applyGroupChange: createApplyGroupChange(deps.db),
    resolveMemberRole: createResolveMemberRole(deps.db),
    saveRoleMappings: createSaveRoleMappings(deps.db),
    applyDashboardChange: createApplyDashboardChange(deps.db),
    propagateRoleResolutions: createPropagateRoleResolutions(deps.db, { maxHistoryEvents: deps.userMaxHistoryEvents, concurrency: 32 }),
    ...createDirectoryActivities(deps.db),
    ...createDisconnectActivities(deps.db),
  };
}
