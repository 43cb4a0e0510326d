import type { DirectoryStatus } from '../domain/directory-lifecycle';
import type { Role } from '../domain/roles';
import type { GroupAttributes } from '../scim/group';
import type { UserAttributes } from '../scim/user';

/** Row shapes of the tables in migrations/, as pg returns them. */

export interface AccountRow {
  id: string;
  name: string;
  created_at: Date;
}

export interface DirectoryRow {
  id: string;
  account_id: string;
  provider: string | null;
  status: DirectoryStatus;
  token_id: string | null;
  token_hash: string | null;
  token_issued_at: Date | null;
  connect_workflow_id: string | null;
  connected_at: Date | null;
  frozen_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface ScimUserRow {
  id: string;
  directory_id: string;
  user_name: string;
  external_id: string | null;
  active: boolean;
  display_name: string | null;
  email: string | null;
  attributes: UserAttributes;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface MemberRow {
  id: string;
  account_id: string;
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
  managed_by_directory: boolean;
  scim_user_id: string | null;
  held_role: Role | null;
  held_active: boolean | null;
  held_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RoleMappingRow {
  account_id: string;
  group_name: string;
  role: Role;
}

export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): error is { code: string; constraint?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}

export interface ScimGroupRow {
  id: string;
  directory_id: string;
  display_name: string;
  external_id: string | null;
  attributes: GroupAttributes;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface GroupMembershipRow {
  group_id: string;
  user_id: string;
}

export type AuditSubjectType = 'user' | 'group' | 'directory' | 'account' | 'member';

export interface AuditRow {
  id: number;
  change_id: string;
  account_id: string;
  directory_id: string | null;
  subject_type: AuditSubjectType;
  subject_id: string;
  action: string;
  member_id: string | null;
  details: Record<string, unknown>;
  outcome: unknown;
  created_at: Date;
  /** The writing transaction's id (xid8, as text): the events feed's order and cursor. */
  feed_tx: string;
}

export interface PendingRoleResolutionRow {
  id: number;
  change_id: string;
  account_id: string;
  directory_id: string;
  user_id: string;
}

export interface SetupLinkRow {
  id: string;
  secret_hash: string;
  account_id: string;
  directory_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
}
