import type { Role } from '../domain/roles';

/** Row shapes of the tables in migrations/, as pg returns them. */

export interface AccountRow {
  id: string;
  name: string;
  created_at: Date;
}

export type DirectoryStatus = 'pending' | 'connected' | 'disconnected';

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
  attributes: Record<string, unknown>;
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
  attributes: Record<string, unknown>;
  version: number;
  created_at: Date;
  updated_at: Date;
}
