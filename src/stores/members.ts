import { randomUUID } from 'node:crypto';
import type { Database, Tx } from '../db/database';
import type { MemberRow } from '../db/rows';
import '../db/tables';
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

export async function listMembers(db: Database, accountId: string): Promise<MemberRow[]> {
  return db(TABLE).where({ account_id: accountId }).orderBy('email');
}

export async function lockMemberByScimUser(tx: Tx, scimUserId: string): Promise<MemberRow | undefined> {
  return tx(TABLE).where({ scim_user_id: scimUserId }).forUpdate().first();
}

export async function lockMemberByEmail(tx: Tx, accountId: string, email: string): Promise<MemberRow | undefined> {
  return tx(TABLE).where({ account_id: accountId }).whereRaw('lower(email) = lower(?)', [email]).forUpdate().first();
}

/** Active owners of the account other than `exceptId` (the last-owner guard's count). */
export async function countOtherActiveOwners(tx: Tx, accountId: string, exceptId: string): Promise<number> {
  const row = await tx(TABLE)
    .where({ account_id: accountId, role: 'owner', active: true })
    .whereNot({ id: exceptId })
    .count<{ count: number }>({ count: '*' })
    .first();
  return Number(row?.count ?? 0);
}

/** Members (other than `exceptId`) whose IdP change is held back, locked for release. */
export async function lockHeldMembers(tx: Tx, accountId: string, exceptId: string): Promise<MemberRow[]> {
  return tx(TABLE).where({ account_id: accountId }).whereNotNull('held_at').whereNot({ id: exceptId }).forUpdate();
}

export type MemberChanges = Partial<
  Pick<MemberRow, 'email' | 'name' | 'role' | 'active' | 'managed_by_directory' | 'scim_user_id' | 'held_role' | 'held_active'>
> & {
  /** `'now'`: held from this transaction's time on. */
  held_at?: Date | null | 'now';
};

export async function insertMember(
  tx: Tx,
  member: Pick<MemberRow, 'account_id' | 'email' | 'name' | 'role' | 'active' | 'managed_by_directory' | 'scim_user_id'>,
): Promise<MemberRow> {
  const [row] = await tx(TABLE)
    .insert({ id: randomUUID(), ...member })
    .returning('*');
  return row!;
}

export async function updateMember(tx: Tx, id: string, changes: MemberChanges): Promise<MemberRow> {
  const { held_at, ...rest } = changes;
  const [row] = await tx(TABLE)
    .where({ id })
    .update({
      ...rest,
      ...(held_at === undefined ? {} : { held_at: held_at === 'now' ? tx.fn.now() : held_at }),
      updated_at: tx.fn.now(),
    })
    .returning('*');
  return row!;
}

/** Members whose IdP-requested change is held back by the last-owner guard. */
export async function heldMembers(db: Database, accountId: string): Promise<MemberRow[]> {
  return db(TABLE).where({ account_id: accountId }).whereNotNull('held_at').orderBy('email');
}

export async function findMemberByEmail(db: Database, accountId: string, email: string): Promise<MemberRow | undefined> {
  return db(TABLE).where({ account_id: accountId }).whereRaw('lower(email) = lower(?)', [email]).first();
}

/**
 * A page of an account's members in email order after `afterEmail` (lower-cased): keyset paging
 * on the (account_id, lower(email)) unique index, as fast on page 100 as on page 1.
 */
export async function pageMembers(
  db: Database,
  accountId: string,
  options: { afterEmail?: string; search?: string; limit: number },
): Promise<MemberRow[]> {
  const query = db(TABLE).where({ account_id: accountId });
  if (options.afterEmail !== undefined) query.whereRaw('lower(email) > ?', [options.afterEmail]);
  if (options.search) query.whereRaw('lower(email) like ?', [`${options.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  return query.orderByRaw('lower(email)').limit(options.limit);
}

export async function countMembers(db: Database, accountId: string): Promise<number> {
  const row = await db(TABLE).where({ account_id: accountId }).count<{ count: string }>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}
