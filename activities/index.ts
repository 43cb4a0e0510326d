import type { Knex } from 'knex';
import { createApplyGroupChange } from './apply-group-change';
import { createApplyUserChange } from './apply-user-change';
import { createDirectoryActivities } from './connect-directory';

export interface ActivityDeps {
  db: Knex;
}

/** Every activity the worker registers, built from its dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    applyUserChange: createApplyUserChange(deps.db),
    applyGroupChange: createApplyGroupChange(deps.db),
    ...createDirectoryActivities(deps.db),
  };
}
