import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { MemberRow } from '../db/rows';
import type { Role } from '../domain/roles';

const TABLE = 'members';

export interface MemberView {
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
  managedByDirectory: boolean;
  scimUserId: string | null;
}

export function rowToMemberView(row: MemberRow): MemberView {
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    managedByDirectory: row.managed_by_directory,
    scimUserId: row.scim_user_id,
  };
}

export async function listMembers(db: Knex, accountId: string): Promise<MemberRow[]> {
  return db<MemberRow>(TABLE).where({ account_id: accountId }).orderBy('email');
}

export async function lockMemberByScimUser(trx: Knex.Transaction, scimUserId: string): Promise<MemberRow | undefined> {
  return trx<MemberRow>(TABLE).where({ scim_user_id: scimUserId }).forUpdate().first();
}

export async function lockMemberByEmail(trx: Knex.Transaction, accountId: string, email: string): Promise<MemberRow | undefined> {
  return trx<MemberRow>(TABLE)
    .where({ account_id: accountId })
    .whereRaw('lower(email) = lower(?)', [email])
    .forUpdate()
    .first();
}

export type MemberChanges = Partial<
  Pick<MemberRow, 'email' | 'name' | 'role' | 'active' | 'managed_by_directory' | 'scim_user_id' | 'held_role' | 'held_active' | 'held_at'>
>;

export async function insertMember(
  trx: Knex.Transaction,
  member: Pick<MemberRow, 'account_id' | 'email' | 'name' | 'role' | 'active' | 'managed_by_directory' | 'scim_user_id'>,
): Promise<MemberRow> {
  const [row] = await trx<MemberRow>(TABLE).insert({ id: randomUUID(), ...member }).returning('*');
  return row!;
}

export async function updateMember(trx: Knex.Transaction, id: string, changes: MemberChanges): Promise<MemberRow> {
  const [row] = await trx<MemberRow>(TABLE)
    .where({ id })
    .update({ ...changes, updated_at: trx.fn.now() as never })
    .returning('*');
  return row!;
}

/** Members whose IdP-requested change is held back by the last-owner guard. */
export async function heldMembers(db: Knex, accountId: string): Promise<MemberRow[]> {
  return db<MemberRow>(TABLE).where({ account_id: accountId }).whereNotNull('held_at').orderBy('email');
}
