import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * What crosses Temporal between the API, the workflows and the activities: plain JSON only.
 * Update and signal names are part of the contract with running workflows: never rename them.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface PatchOperationInput {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: Json;
}

/** One SCIM write to a user, as validated by the API (the password already stripped). */
export type UserCommand =
  | { kind: 'create'; attributes: JsonObject }
  | { kind: 'replace'; attributes: JsonObject; ifMatch?: string }
  | { kind: 'patch'; operations: PatchOperationInput[]; ifMatch?: string }
  | { kind: 'delete'; ifMatch?: string };

export interface UserChange {
  /** The Temporal update id, unique per HTTP request: the key that makes retries apply once. */
  changeId: string;
  command: UserCommand;
}

export interface StoredUserJson {
  id: string;
  attributes: JsonObject;
  version: number;
  created: string;
  lastModified: string;
}

export interface UserChangeOutcome {
  result: 'created' | 'updated' | 'deleted';
  /** Absent after a delete. */
  user?: StoredUserJson;
  /** The member's email after the change; the workflow keeps its search attribute in step. */
  email?: string;
  /** Whether the SCIM user exists after the change; the workflow ends when it does not. */
  exists: boolean;
  /** Set when the last-owner guard held back the member's demotion or deactivation. */
  heldBack?: string;
}

export interface ProvisionUserInput {
  accountId: string;
  directoryId: string;
  scimUserId: string;
  /** Whether the SCIM user exists when this run starts (false for a create). */
  exists: boolean;
  email?: string;
  /** Continue-as-new once the history reaches this many events. */
  maxHistoryEvents: number;
  /** Pending work carried over continue-as-new: a role re-resolution was asked for. */
  roleStale?: boolean;
  /** A fresh run that receives nothing for this long ends (see `runSerialChanges`). */
  startTimeoutMs?: number;
  /**
   * false: keep the email out of the `DsyncEmail` search attribute (stored in clear by Temporal),
   * set when payloads are encrypted. Absent (every run started before it existed): index it.
   */
  indexEmail?: boolean;
}

export const applyUserChangeUpdate = defineUpdate<UserChangeOutcome, [UserChange]>('applyUserChange');

export interface ConnectDirectoryInput {
  accountId: string;
  provider?: string;
  /** Public half of the token (looked up), and the sha256 of its secret half (compared). */
  tokenId: string;
  tokenHash: string;
  /** Replace the token of a directory that is already pending or connected. */
  rotate: boolean;
}

export interface PreparedDirectory {
  directoryId: string;
  status: 'pending' | 'connected';
  rotated: boolean;
}

export const directoryPreparedUpdate = defineUpdate<PreparedDirectory>('directoryPrepared');
export const scimRequestReceivedSignal = defineSignal('scimRequestReceived');

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

export interface StoredGroupJson {
  id: string;
  attributes: JsonObject;
  version: number;
  created: string;
  lastModified: string;
}

export interface GroupChangeOutcome {
  result: 'created' | 'updated' | 'deleted';
  group?: StoredGroupJson;
  exists: boolean;
  /** How many memberships the change added and removed (the ids stay in the database). */
  membersAdded: number;
  membersRemoved: number;
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

/** Sent to a user's workflow when something its role depends on changed; carries nothing. */
export const resolveRoleSignal = defineSignal('resolveRole');

export interface RoleResolutionOutcome {
  exists: boolean;
  changed: boolean;
  role?: string;
  heldBack?: string;
  /** The directory is disconnected: nothing was changed. */
  frozen?: boolean;
}

/** What an operator sees when querying a user's workflow in the Temporal UI. */
export interface UserProvisioningState {
  exists: boolean;
  email?: string;
  roleStale: boolean;
  /** Why the member's last demotion or deactivation is held back (rule 3), if it is. */
  heldBack?: string;
}
export const userProvisioningStateQuery = defineQuery<UserProvisioningState>('provisioningState');

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

export interface DashboardChange {
  changeId: string;
  accountId: string;
  kind: 'invite' | 'set-role';
  email: string;
  role: 'owner' | 'admin' | 'member' | 'billing' | 'support';
}

export interface MemberJson {
  email: string;
  name: string | null;
  role: string;
  active: boolean;
  managedByDirectory: boolean;
  scimUserId: string | null;
}

export interface DashboardChangeOutcome {
  result: 'created' | 'updated';
  member: MemberJson;
}

/** Tells a user's or group's workflow that its directory is frozen: finish in-flight work, then end. */
export const stopProvisioningSignal = defineSignal('stopProvisioning');

export interface DisconnectDirectoryInput {
  accountId: string;
}

export interface DirectoryFrozen {
  directoryId: string;
  frozenAt: string;
  /** True when the directory was already disconnected (disconnecting twice is harmless). */
  alreadyDisconnected: boolean;
}

export interface DisconnectResult extends DirectoryFrozen {
  status: 'disconnected';
  stopped: { users: number; groups: number; connect: number };
}
