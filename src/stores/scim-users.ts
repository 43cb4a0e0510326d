import type { Knex } from 'knex';
import type { ScimUserRow } from '../db/rows';
import type { ListQuery } from '../scim/list-query';
import type { StoredUser, UserAttributes } from '../scim/user';
import { resolveUserFilterAttribute } from './filter-sql/user-attributes';
import { runListQuery, type ListResult } from './list-runner';

const TABLE = 'scim_users';

export function rowToStoredUser(row: ScimUserRow): StoredUser {
  return {
    id: row.id,
    attributes: row.attributes as UserAttributes,
    version: row.version,
    created: row.created_at.toISOString(),
    lastModified: row.updated_at.toISOString(),
  };
}

export async function findUser(db: Knex, directoryId: string, id: string): Promise<ScimUserRow | undefined> {
  return db<ScimUserRow>(TABLE).where({ directory_id: directoryId, id }).first();
}

/** Locks the user's row for the rest of the transaction (a change reads, computes, writes). */
export async function lockUser(trx: Knex.Transaction, directoryId: string, id: string): Promise<ScimUserRow | undefined> {
  return trx<ScimUserRow>(TABLE).where({ directory_id: directoryId, id }).forUpdate().first();
}

/** A page of the directory's users; the queries are cancelled after `readTimeoutMs` (400 tooMany). */
export async function listUsers(
  db: Knex,
  directoryId: string,
  query: Pick<ListQuery, 'filter' | 'sort' | 'page'>,
  readTimeoutMs: number,
): Promise<ListResult<ScimUserRow>> {
  return runListQuery(db, (reader) => reader<ScimUserRow>(TABLE).where({ directory_id: directoryId }), query, resolveUserFilterAttribute, readTimeoutMs);
}

export async function userNameTaken(db: Knex, directoryId: string, userName: string): Promise<boolean> {
  const row = await db(TABLE).where({ directory_id: directoryId }).whereRaw('lower(user_name) = lower(?)', [userName]).first('id');
  return row !== undefined;
}

/** The groups each user belongs to, for the read-only `groups` attribute, in one query per page. */
export async function groupsOfUsers(db: Knex, userIds: string[]): Promise<Map<string, Array<{ id: string; displayName: string }>>> {
  const result = new Map<string, Array<{ id: string; displayName: string }>>();
  if (userIds.length === 0) return result;
  const rows = await db('group_memberships as m')
    .join('scim_groups as g', 'g.id', 'm.group_id')
    .whereIn('m.user_id', userIds)
    .orderBy('g.display_name')
    .select<{ user_id: string; id: string; display_name: string }[]>('m.user_id', 'g.id', 'g.display_name');
  for (const row of rows) {
    const list = result.get(row.user_id) ?? [];
    list.push({ id: row.id, displayName: row.display_name });
    result.set(row.user_id, list);
  }
  return result;
}

/** The columns derived from the attributes, kept in step on every write. */
export interface UserColumns {
  user_name: string;
  external_id: string | null;
  active: boolean;
  display_name: string | null;
  email: string | null;
  attributes: UserAttributes;
}

export async function insertUser(
  trx: Knex.Transaction,
  row: UserColumns & { id: string; directory_id: string },
): Promise<ScimUserRow> {
  const [inserted] = await trx<ScimUserRow>(TABLE)
    .insert({ ...row, attributes: JSON.stringify(row.attributes) as never, version: 1 })
    .returning('*');
  return inserted!;
}

export async function updateUser(trx: Knex.Transaction, id: string, columns: UserColumns): Promise<ScimUserRow> {
  const [updated] = await trx<ScimUserRow>(TABLE)
    .where({ id })
    .update({
      ...columns,
      attributes: JSON.stringify(columns.attributes) as never,
      version: trx.raw('version + 1') as never,
      updated_at: trx.fn.now() as never,
    })
    .returning('*');
  return updated!;
}

export async function deleteUser(trx: Knex.Transaction, id: string): Promise<void> {
  await trx(TABLE).where({ id }).delete();
}

export async function countUsers(db: Knex, directoryId: string): Promise<number> {
  const row = await db(TABLE).where({ directory_id: directoryId }).count<{ count: number | string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/** Display names of the groups the user belongs to (role resolution input). */
export async function groupNamesOfUser(db: Knex, userId: string): Promise<string[]> {
  const rows = await db('group_memberships as m')
    .join('scim_groups as g', 'g.id', 'm.group_id')
    .where('m.user_id', userId)
    .select<{ display_name: string }[]>('g.display_name');
  return rows.map((r) => r.display_name);
}
