import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { StoredUser } from '../../src/scim/user';
import type { JsonObject, PatchOperationInput } from './json';

/**
 * The per-user provisioning workflow's contract. Update, signal and query names are part of the
 * contract with running workflows: never rename them.
 */

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

export interface UserChangeOutcome {
  result: 'created' | 'updated' | 'deleted';
  /** Absent after a delete. */
  user?: StoredUser;
  /** The member's email after the change; the workflow keeps its search attribute in step. */
  email?: string;
  /** Whether the SCIM user exists after the change; the workflow ends when it does not. */
  exists: boolean;
  /** Set when the last-owner guard held back the member's demotion or deactivation. */
  heldBack?: string;
  /**
   * true: the user exists with no email and no linked member (rule 2), so it has no access until
   * a change gives it an email. Absent (and in every outcome recorded before it existed): linked.
   */
  waitingForEmail?: true;
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
  /** The cause of that pending re-resolution, when its signal named one. */
  roleCause?: RoleResolutionCause;
  /** A fresh run that receives nothing for this long ends (see `runSerialChanges`). */
  startTimeoutMs?: number;
  /**
   * false: keep the email out of the `DsyncEmail` search attribute (stored in clear by Temporal),
   * set when payloads are encrypted. Absent (every run started before it existed): index it.
   */
  indexEmail?: boolean;
}

export const applyUserChangeUpdate = defineUpdate<UserChangeOutcome, [UserChange]>('applyUserChange');

/**
 * The change that asked for a role re-resolution (a group or mapping change's audit change id), so
 * the re-resolution's audit row can name its cause (the events feed's "role changed … because").
 */
export interface RoleResolutionCause {
  changeId: string;
}

/**
 * Sent to a user's workflow when something its role depends on changed. Since the events feed it
 * carries the cause; signals sent before carry nothing, and both are handled.
 */
export const resolveRoleSignal = defineSignal<[RoleResolutionCause?]>('resolveRole');

export interface RoleResolutionOutcome {
  exists: boolean;
  changed: boolean;
  role?: string;
  heldBack?: string;
  /** The directory is disconnected: nothing was changed. */
  frozen?: boolean;
  /** As in `UserChangeOutcome`: the user exists with no linked member, waiting for an email. */
  waitingForEmail?: true;
}

/** What an operator sees when querying a user's workflow in the Temporal UI. */
export interface UserProvisioningState {
  exists: boolean;
  email?: string;
  roleStale: boolean;
  /** Why the member's last demotion or deactivation is held back (rule 3), if it is. */
  heldBack?: string;
  /**
   * The user exists with no email and no linked member (rule 2): no access until an email
   * arrives. Known from this run's last change or role re-resolution; before either, a run
   * guesses it from its input (exists, and no email known), which can read `true` for a linked
   * user whose run began with a role re-resolution, until its next change or re-resolution.
   * The database is authoritative: `usersWaitingForEmail` in the directory status.
   */
  waitingForEmail: boolean;
}
export const userProvisioningStateQuery = defineQuery<UserProvisioningState>('provisioningState');
