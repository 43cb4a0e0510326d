import { defineSignal, defineUpdate } from '@temporalio/workflow';

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
}

export const applyUserChangeUpdate = defineUpdate<UserChangeOutcome, [UserChange]>('applyUserChange');

/** ApplicationFailure type carrying a SCIM error `{status, scimType}` in its details. */
export const SCIM_FAILURE_TYPE = 'ScimError';
export interface ScimFailureDetails {
  status: number;
  scimType?: string;
}

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
}

export interface ProvisionGroupInput {
  accountId: string;
  directoryId: string;
  scimGroupId: string;
  exists: boolean;
  displayName?: string;
  maxHistoryEvents: number;
}

export const applyGroupChangeUpdate = defineUpdate<GroupChangeOutcome, [GroupChange]>('applyGroupChange');
