import { defineUpdate } from '@temporalio/workflow';
import type { StoredGroup } from '../../src/scim/group';
import type { JsonObject, PatchOperationInput } from './json';

/** The per-group provisioning workflow's contract. Never rename the update. */

/** One SCIM write to a group. Members are user ids; PATCH member operations are applied in SQL. */
export type GroupCommand =
  | { kind: 'create'; attributes: JsonObject; members: string[] }
  | { kind: 'replace'; attributes: JsonObject; members?: string[]; ifMatch?: string }
  | { kind: 'patch'; operations: PatchOperationInput[]; ifMatch?: string }
  | { kind: 'delete'; ifMatch?: string };

export interface GroupChange {
  changeId: string;
  command: GroupCommand;
}

export interface GroupChangeOutcome {
  result: 'created' | 'updated' | 'deleted';
  group?: StoredGroup;
  exists: boolean;
  /** How many memberships the change added and removed (the ids stay in the database). */
  membersAdded: number;
  membersRemoved: number;
  /**
   * Member ids the change named that are not users of the directory: skipped, the rest applied
   * (the audit row keeps the first few). Absent in outcomes recorded before it existed: none.
   */
  membersSkipped?: number;
  /** Users queued for role re-resolution under this change id; the workflow signals them. */
  roleResolutionsQueued: number;
}

export interface ProvisionGroupInput {
  accountId: string;
  directoryId: string;
  scimGroupId: string;
  exists: boolean;
  displayName?: string;
  maxHistoryEvents: number;
  /** Pending work carried over continue-as-new: change ids whose role resolutions are not all sent. */
  pendingPropagations?: string[];
  /** A fresh run that receives nothing for this long ends (see `runSerialChanges`). */
  startTimeoutMs?: number;
}

export const applyGroupChangeUpdate = defineUpdate<GroupChangeOutcome, [GroupChange]>('applyGroupChange');
