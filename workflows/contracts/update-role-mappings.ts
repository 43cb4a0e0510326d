import { defineUpdate } from '@temporalio/workflow';

/** The role-mappings workflow's contract. Never rename the update. */

export interface UpdateRoleMappingsInput {
  accountId: string;
  mappings: Array<{ group: string; role: 'owner' | 'admin' | 'member' | 'billing' | 'support' }>;
}

export interface RoleMappingsSaved {
  mappings: UpdateRoleMappingsInput['mappings'];
  /** Lower-cased names of the groups whose mapped role changed. */
  changedGroups: string[];
  roleResolutionsQueued: number;
}

export const roleMappingsSavedUpdate = defineUpdate<RoleMappingsSaved>('roleMappingsSaved');
